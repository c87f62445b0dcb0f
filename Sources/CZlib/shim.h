// zlib (Debian zlib1g-dev): inflate for gzipped corpora (LmDataset) and compressed Sprint cache
// entries, deflate for gzipped output files (search_output_file). `inflateInit2` and `deflateInit2`
// are macros; these accessors expose them to Swift.
#include <zlib.h>

static inline int czlib_inflate_init2(z_streamp strm, int window_bits) {
    return inflateInit2(strm, window_bits);
}

static inline int czlib_deflate_init2(z_streamp strm, int level, int window_bits) {
    return deflateInit2(strm, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
}
