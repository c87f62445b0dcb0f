// fork + exec with an exact set of inherited descriptors (posix_spawn's closefrom extension is not
// visible from Swift's Glibc module). See include/CSpawn.h for the contract.
#define _GNU_SOURCE
#include "CSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

extern char **environ;

static void close_from(int lowest) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)lowest, ~0U, 0) == 0) return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536) max = 65536;
    for (int fd = lowest; fd < max; fd++) close(fd);
}

int returnn_spawn(const char *path, char *const argv[], int output_fd, const int *pass_fds, int n_pass_fds,
                  pid_t *pid) {
    if (n_pass_fds < 0 || n_pass_fds > 16) return EINVAL;
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return errno;
    // Above every descriptor the child will be given, so that moving one never overwrites another.
    int high[16];
    for (int i = 0; i < n_pass_fds; i++) {
        high[i] = fcntl(pass_fds[i], F_DUPFD_CLOEXEC, 64);
        if (high[i] < 0) {
            int e = errno;
            for (int j = 0; j < i; j++) close(high[j]);
            close(report[0]);
            close(report[1]);
            return e;
        }
    }
    int out_high = fcntl(output_fd, F_DUPFD_CLOEXEC, 64);
    int report_high = fcntl(report[1], F_DUPFD_CLOEXEC, 64);
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    pid_t child = (out_high < 0 || report_high < 0 || devnull < 0) ? -1 : fork();
    if (child == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        if (dup2(devnull, 0) < 0 || dup2(out_high, 1) < 0 || dup2(out_high, 2) < 0) goto fail;
        for (int i = 0; i < n_pass_fds; i++)
            if (dup2(high[i], 3 + i) < 0) goto fail;
        // The report pipe stays open (close-on-exec) until exec, just above the passed descriptors.
        if (dup2(report_high, 3 + n_pass_fds) < 0) goto fail;
        fcntl(3 + n_pass_fds, F_SETFD, FD_CLOEXEC);
        close_from(4 + n_pass_fds);
        execve(path, argv, environ);
    fail: {
        int e = errno;
        ssize_t unused = write(report_high, &e, sizeof e);
        if (unused < 0) unused = write(3 + n_pass_fds, &e, sizeof e);
        (void)unused;
        _exit(127);
    }
    }
    int result = 0;
    if (child < 0) {
        result = errno ? errno : EBADF;
    } else {
        close(report[1]);
        report[1] = -1;
        close(report_high);
        report_high = -1;
        int child_errno = 0;
        ssize_t n;
        do { n = read(report[0], &child_errno, sizeof child_errno); } while (n < 0 && errno == EINTR);
        if (n == (ssize_t)sizeof child_errno) {
            int status;
            waitpid(child, &status, 0);
            result = child_errno;
        } else {
            *pid = child;
        }
    }
    for (int i = 0; i < n_pass_fds; i++) close(high[i]);
    if (out_high >= 0) close(out_high);
    if (report_high >= 0) close(report_high);
    if (devnull >= 0) close(devnull);
    close(report[0]);
    if (report[1] >= 0) close(report[1]);
    return result;
}

int returnn_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}
