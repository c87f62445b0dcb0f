#ifndef RETURNN_CSPAWN_H
#define RETURNN_CSPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) in a child process, for ExternSprintDataset.
///
/// In the child: stdin is /dev/null, stdout and stderr are `output_fd`, the `n_pass_fds` descriptors
/// `pass_fds[i]` become descriptors 3 + i, every other descriptor is closed, and the environment is
/// the parent's. Only async-signal-safe calls run between fork and exec (the parent has threads).
/// Returns 0 and sets `*pid`, or an errno value (an exec failure is reported through a close-on-exec
/// pipe, so a missing or non-executable `path` is an error here, not a child exiting with 127).
int returnn_spawn(const char *path, char *const argv[], int output_fd, const int *pass_fds, int n_pass_fds,
                  pid_t *pid);

/// `pipe2(fds, O_CLOEXEC)` (not visible from Swift's Glibc module). Returns 0 or an errno value.
int returnn_pipe_cloexec(int fds[2]);

#endif
