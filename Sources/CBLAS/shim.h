// OpenBLAS's CBLAS interface (Debian libopenblas-dev), used as a second GEMM backend and as the
// test oracle for our own kernels.
#include <cblas.h>
