// zlib (Debian zlib1g-dev): inflate for gzipped corpora (LmDataset) and compressed Sprint cache
// entries. `inflateInit2` is a macro; this accessor exposes it to Swift.
#include <zlib.h>

static inline int czlib_inflate_init2(z_streamp strm, int window_bits) {
    return inflateInit2(strm, window_bits);
}
