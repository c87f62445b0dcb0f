// C interface to libsentencepiece's SentencePieceProcessor (Debian libsentencepiece-dev), for
// swift-returnn's SentencePieces vocabulary. Strings are UTF-8 with explicit lengths; every
// returned buffer is malloc'd and freed by the caller with free() (or csp_free_string).
#ifndef CSENTENCEPIECE_H
#define CSENTENCEPIECE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An opaque loaded model.
typedef struct csp_processor csp_processor;

/// Loads the model file at `path`; on failure returns NULL and sets `*error` to a message.
csp_processor *csp_load(const char *path, char **error);
/// Frees a processor from csp_load.
void csp_free(csp_processor *p);
/// Frees a string or buffer returned by this interface.
void csp_free_string(void *s);
/// Sets encode options ("bos", "eos", "reverse", joined by ':'); 0 on success, else -1 and `*error`.
int csp_set_encode_extra_options(csp_processor *p, const char *options, char **error);
/// Number of pieces.
int csp_vocab_size(const csp_processor *p);
/// Special ids (-1 when the model has none).
int csp_unk_id(const csp_processor *p);
int csp_bos_id(const csp_processor *p);
int csp_eos_id(const csp_processor *p);
int csp_pad_id(const csp_processor *p);
/// Whether `id` is an unused piece.
int csp_is_unused(const csp_processor *p, int id);
/// The piece of `id` (malloc'd, `*length` bytes, NUL-terminated).
char *csp_id_to_piece(const csp_processor *p, int id, size_t *length);
/// The id of `piece` (`length` bytes); the unknown id when it is no piece.
int csp_piece_to_id(const csp_processor *p, const char *piece, size_t length);
/// Encodes `text` (`length` bytes) into ids (`*ids` malloc'd, `*count` entries); 0 on success,
/// else -1 and `*error`.
int csp_encode(const csp_processor *p, const char *text, size_t length, int **ids, size_t *count, char **error);
/// Decodes `count` ids into text (`*text` malloc'd, `*length` bytes); 0 on success, else -1 and `*error`.
int csp_decode(const csp_processor *p, const int *ids, size_t count, char **text, size_t *length, char **error);

#ifdef __cplusplus
}
#endif

#endif
