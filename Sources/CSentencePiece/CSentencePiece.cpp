// C interface to libsentencepiece (see include/CSentencePiece.h).
#include "CSentencePiece.h"

#include <sentencepiece_processor.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

struct csp_processor {
    sentencepiece::SentencePieceProcessor sp;
};

static char *copy_string(const std::string &s, size_t *length) {
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (out == nullptr) return nullptr;
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    if (length != nullptr) *length = s.size();
    return out;
}

static void set_error(char **error, const std::string &message) {
    if (error != nullptr) *error = copy_string(message, nullptr);
}

extern "C" {

csp_processor *csp_load(const char *path, char **error) {
    auto *p = new csp_processor();
    const auto status = p->sp.Load(path);
    if (!status.ok()) {
        set_error(error, status.ToString());
        delete p;
        return nullptr;
    }
    return p;
}

void csp_free(csp_processor *p) { delete p; }

void csp_free_string(void *s) { std::free(s); }

int csp_set_encode_extra_options(csp_processor *p, const char *options, char **error) {
    const auto status = p->sp.SetEncodeExtraOptions(options);
    if (!status.ok()) {
        set_error(error, status.ToString());
        return -1;
    }
    return 0;
}

int csp_vocab_size(const csp_processor *p) { return p->sp.GetPieceSize(); }
int csp_unk_id(const csp_processor *p) { return p->sp.unk_id(); }
int csp_bos_id(const csp_processor *p) { return p->sp.bos_id(); }
int csp_eos_id(const csp_processor *p) { return p->sp.eos_id(); }
int csp_pad_id(const csp_processor *p) { return p->sp.pad_id(); }
int csp_is_unused(const csp_processor *p, int id) { return p->sp.IsUnused(id) ? 1 : 0; }

char *csp_id_to_piece(const csp_processor *p, int id, size_t *length) {
    return copy_string(p->sp.IdToPiece(id), length);
}

int csp_piece_to_id(const csp_processor *p, const char *piece, size_t length) {
    return p->sp.PieceToId(std::string(piece, length));
}

int csp_encode(const csp_processor *p, const char *text, size_t length, int **ids, size_t *count, char **error) {
    std::vector<int> out;
    const auto status = p->sp.Encode(std::string(text, length), &out);
    if (!status.ok()) {
        set_error(error, status.ToString());
        return -1;
    }
    *ids = static_cast<int *>(std::malloc(sizeof(int) * (out.size() + 1)));
    if (*ids == nullptr) {
        set_error(error, "out of memory");
        return -1;
    }
    std::memcpy(*ids, out.data(), sizeof(int) * out.size());
    *count = out.size();
    return 0;
}

int csp_decode(const csp_processor *p, const int *ids, size_t count, char **text, size_t *length, char **error) {
    std::string out;
    const auto status = p->sp.Decode(std::vector<int>(ids, ids + count), &out);
    if (!status.ok()) {
        set_error(error, status.ToString());
        return -1;
    }
    *text = copy_string(out, length);
    return 0;
}

}  // extern "C"
