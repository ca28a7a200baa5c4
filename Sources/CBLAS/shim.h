// The BLAS library is NOT linked at load time: QuireEmbedding dlopen()s it (BLASLibrary.swift)
// after choosing OPENBLAS_CORETYPE from the CPU's features, because Debian's OpenBLAS 0.3.21
// reads that variable once, when it loads, and misdetects recent CPUs without it.
//
// Besides the CBLAS constants, this header carries the encoder's element-wise hot loops (softmax
// rows, erf-GELU, residual + LayerNorm) as AVX2+FMA and AVX-512 code, and a skinny matrix
// product for a query's few rows: Swift code is compiled for baseline x86-64 (SSE2, no FMA), and
// these loops are ~20% of the encoder's time there. They are only called after
// quire_cpu_has_avx2_fma() / quire_cpu_has_avx512f() say the CPU runs them; Kernels.swift has
// the portable versions.
#ifndef QUIRE_CBLAS_SHIM_H
#define QUIRE_CBLAS_SHIM_H

enum QuireCBLASConstants {
    QuireCblasRowMajor = 101,
    QuireCblasNoTrans = 111,
    QuireCblasTrans = 112,
};

#if defined(__x86_64__) && defined(__clang__) && __has_builtin(__builtin_elementwise_max)
#define QUIRE_HAVE_AVX2_KERNELS 1

typedef float quire_v8f __attribute__((vector_size(32), aligned(4)));
typedef int quire_v8i __attribute__((vector_size(32), aligned(4)));

static inline int quire_cpu_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

#define QUIRE_AVX2 __attribute__((target("avx2,fma"), always_inline))

static inline QUIRE_AVX2 quire_v8f quire_splat(float x) {
    return (quire_v8f){x, x, x, x, x, x, x, x};
}

static inline QUIRE_AVX2 quire_v8f quire_load8(const float *p) { return *(const quire_v8f *)p; }
static inline QUIRE_AVX2 void quire_store8(float *p, quire_v8f v) { *(quire_v8f *)p = v; }

static inline QUIRE_AVX2 float quire_hsum8(quire_v8f v) {
    return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
}

/* The element-wise kernels, written once over a vector type V of W floats and instantiated for
   AVX2+FMA (8 lanes) and AVX-512 (16 lanes; the encoder's sgemm already runs AVX-512 code on
   such CPUs, so there is no extra frequency cost). Same polynomials as Kernels.swift. */
#define QUIRE_ELEMENTWISE_KERNELS(SUF, V, VI, W, TARGET, SPLAT, HSUM, DIV)                                                        \
static inline __attribute__((target(TARGET), always_inline)) V quire_splat_##SUF(float x) {                    \
    return (V)SPLAT(x);                                                                                        \
}                                                                                                              \
static inline __attribute__((target(TARGET), always_inline)) V quire_exp_##SUF(V x) {                          \
    x = __builtin_elementwise_max(x, quire_splat_##SUF(-87.0f));                                               \
    V t = x * quire_splat_##SUF(1.44269504f) + quire_splat_##SUF(12582912.0f);                                 \
    V n = t - quire_splat_##SUF(12582912.0f);                                                                  \
    VI ni = (VI)t - 0x4B400000;                                                                                \
    V r = x - n * quire_splat_##SUF(0.693359375f);                                                             \
    r = r - n * quire_splat_##SUF(-2.12194440e-4f);                                                            \
    V p = quire_splat_##SUF(1.9875691500e-4f);                                                                 \
    p = p * r + quire_splat_##SUF(1.3981999507e-3f);                                                           \
    p = p * r + quire_splat_##SUF(8.3334519073e-3f);                                                           \
    p = p * r + quire_splat_##SUF(4.1665795894e-2f);                                                           \
    p = p * r + quire_splat_##SUF(1.6666665459e-1f);                                                           \
    p = p * r + quire_splat_##SUF(5.0000001201e-1f);                                                           \
    V e = p * (r * r) + r + quire_splat_##SUF(1.0f);                                                           \
    V scale = (V)((ni + 127) << 23);                                                                           \
    return e * scale;                                                                                          \
}                                                                                                              \
static inline __attribute__((target(TARGET), always_inline)) V quire_erf_##SUF(V x) {                          \
    x = __builtin_elementwise_min(__builtin_elementwise_max(x, quire_splat_##SUF(-4.0f)), quire_splat_##SUF(4.0f)); \
    V x2 = x * x;                                                                                              \
    V p = quire_splat_##SUF(-2.72614225801306e-10f);                                                           \
    p = p * x2 + quire_splat_##SUF(2.77068142495902e-08f);                                                     \
    p = p * x2 + quire_splat_##SUF(-2.10102402082508e-06f);                                                    \
    p = p * x2 + quire_splat_##SUF(-5.69250639462346e-05f);                                                    \
    p = p * x2 + quire_splat_##SUF(-7.34990630326855e-04f);                                                    \
    p = p * x2 + quire_splat_##SUF(-2.95459980854025e-03f);                                                    \
    p = p * x2 + quire_splat_##SUF(-1.60960333262415e-02f);                                                    \
    p = p * x;                                                                                                 \
    V q = quire_splat_##SUF(-1.45660718464996e-05f);                                                           \
    q = q * x2 + quire_splat_##SUF(-2.13374055278905e-04f);                                                    \
    q = q * x2 + quire_splat_##SUF(-1.68282697438203e-03f);                                                    \
    q = q * x2 + quire_splat_##SUF(-7.37332916720468e-03f);                                                    \
    q = q * x2 + quire_splat_##SUF(-1.42647390514189e-02f);                                                    \
    return DIV(p, q);                                                                                          \
}                                                                                                              \
static inline __attribute__((target(TARGET), always_inline)) V quire_load_##SUF(const float *p) {              \
    V v; __builtin_memcpy(&v, p, sizeof v); return v;                                                          \
}                                                                                                              \
static inline __attribute__((target(TARGET), always_inline)) void quire_store_##SUF(float *p, V v) {          \
    __builtin_memcpy(p, &v, sizeof v);                                                                         \
}                                                                                                              \
static inline __attribute__((target(TARGET), always_inline)) float quire_hsum_##SUF(V v) {                     \
    return HSUM(v);                                                                                            \
}                                                                                                              \
/* Row-wise softmax of rows x cols (leading dimension ld), in place, except for the division:  \
   row i is left holding exp(s - max) and inv[i] = 1 / its sum (the caller scales the product of \
   these rows with V instead: 32 columns per row rather than `cols`). */                         \
__attribute__((target(TARGET)))                                                                                \
static inline void quire_softmax_rows_##SUF(float *s, long rows, long cols, long ld, float *inv) {             \
    for (long i = 0; i < rows; i++) {                                                                          \
        float *row = s + i * ld;                                                                               \
        long j = 0;                                                                                            \
        V vm = quire_splat_##SUF(-3.4e38f);                                                                    \
        for (; j + W <= cols; j += W) vm = __builtin_elementwise_max(vm, quire_load_##SUF(row + j));           \
        float m = -3.4e38f;                                                                                    \
        for (int k = 0; k < W; k++) m = vm[k] > m ? vm[k] : m;                                                 \
        for (; j < cols; j++) m = row[j] > m ? row[j] : m;                                                     \
        V vmax = quire_splat_##SUF(m), acc = quire_splat_##SUF(0.0f);                                          \
        for (j = 0; j + W <= cols; j += W) {                                                                   \
            V e = quire_exp_##SUF(quire_load_##SUF(row + j) - vmax);                                           \
            quire_store_##SUF(row + j, e);                                                                     \
            acc += e;                                                                                          \
        }                                                                                                      \
        float sum = quire_hsum_##SUF(acc);                                                                     \
        if (j < cols) {                                                                                        \
            float tmp[W];                                                                                      \
            quire_store_##SUF(tmp, quire_splat_##SUF(-100.0f));                                                \
            for (long k = j; k < cols; k++) tmp[k - j] = row[k] - m;                                           \
            V e = quire_exp_##SUF(quire_load_##SUF(tmp));                                                      \
            for (long k = j; k < cols; k++) { row[k] = e[k - j]; sum += e[k - j]; }                            \
        }                                                                                                      \
        inv[i] = 1.0f / sum;                                                                                   \
    }                                                                                                          \
}                                                                                                              \
/* h = GELU(h) (erf form), n floats with n a multiple of W. */                                                 \
__attribute__((target(TARGET)))                                                                                \
static inline void quire_gelu_##SUF(float *h, long n) {                                                        \
    const V half = quire_splat_##SUF(0.5f), one = quire_splat_##SUF(1.0f);                                     \
    const V rs2 = quire_splat_##SUF(0.70710678118654752f);                                                     \
    for (long j = 0; j + W <= n; j += W) {                                                                     \
        V z = quire_load_##SUF(h + j);                                                                         \
        quire_store_##SUF(h + j, half * z * (one + quire_erf_##SUF(z * rs2)));                                 \
    }                                                                                                          \
}                                                                                                              \
/* Per row r: x = LayerNorm(y + x) (eps 1e-12), or LayerNorm(y) when residual is 0; cols a       \
   multiple of W. y is left holding the sum. */                                                               \
__attribute__((target(TARGET)))                                                                                \
static inline void quire_residual_layernorm_##SUF(float *x, float *y, const float *gamma, const float *beta,   \
                                                  long rows, long cols, int residual) {                        \
    for (long r = 0; r < rows; r++) {                                                                          \
        float *xr = x + r * cols, *yr = y + r * cols;                                                          \
        V acc = quire_splat_##SUF(0.0f);                                                                       \
        for (long j = 0; j < cols; j += W) {                                                                   \
            V v = quire_load_##SUF(yr + j);                                                                    \
            if (residual) { v += quire_load_##SUF(xr + j); quire_store_##SUF(yr + j, v); }                     \
            acc += v;                                                                                          \
        }                                                                                                      \
        float mean = quire_hsum_##SUF(acc) / (float)cols;                                                      \
        V vmean = quire_splat_##SUF(mean), sq = quire_splat_##SUF(0.0f);                                       \
        for (long j = 0; j < cols; j += W) { V d = quire_load_##SUF(yr + j) - vmean; sq += d * d; }            \
        float var = quire_hsum_##SUF(sq) / (float)cols;                                                        \
        float inv = 1.0f / __builtin_sqrtf(var + 1e-12f);                                                      \
        V vinv = quire_splat_##SUF(inv);                                                                       \
        for (long j = 0; j < cols; j += W) {                                                                   \
            V d = (quire_load_##SUF(yr + j) - vmean) * vinv;                                                   \
            quire_store_##SUF(xr + j, d * quire_load_##SUF(gamma + j) + quire_load_##SUF(beta + j));           \
        }                                                                                                      \
    }                                                                                                          \
}

typedef float quire_v16f __attribute__((vector_size(64), aligned(4)));
typedef int quire_v16i __attribute__((vector_size(64), aligned(4)));
#define QUIRE_SPLAT8(x) {x, x, x, x, x, x, x, x}
#define QUIRE_SPLAT16(x) {x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}
static inline __attribute__((target("avx512f,avx2,fma"), always_inline)) float quire_hsum16(quire_v16f v) {
    quire_v8f lo = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7);
    quire_v8f hi = __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
    return quire_hsum8(lo + hi);
}
/* p / q. AVX-512: a 14-bit reciprocal estimate refined by one Newton step (~1 ulp; a zmm division
   costs more than the rest of erf-GELU together). */
#define QUIRE_DIV8(p, q) ((p) / (q))
static inline __attribute__((target("avx512f,avx2,fma"), always_inline)) quire_v16f quire_div16(quire_v16f p, quire_v16f q) {
    quire_v16f r = __builtin_ia32_rcp14ps512_mask(q, (quire_v16f){0}, (unsigned short)0xFFFF);
    quire_v16f two = (quire_v16f)QUIRE_SPLAT16(2.0f);
    r = r * (two - q * r);
    return p * r;
}
QUIRE_ELEMENTWISE_KERNELS(avx2, quire_v8f, quire_v8i, 8, "avx2,fma", QUIRE_SPLAT8, quire_hsum8, QUIRE_DIV8)
QUIRE_ELEMENTWISE_KERNELS(avx512, quire_v16f, quire_v16i, 16, "avx512f,avx2,fma", QUIRE_SPLAT16, quire_hsum16, quire_div16)

static inline int quire_cpu_has_avx512f(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && quire_cpu_has_avx2_fma();
}

/* C[m x n] (ldc) = bias[n] + A[m x k] (lda) * B[n x k]^T (ldb) for a few rows m (a query's
   tokens), k a multiple of 8. Streams each row of B once and keeps A in L1: no packing, unlike sgemm,
   which repacks the whole weight matrix on every call and so wastes most of its time when m is
   ~10. */
__attribute__((target("avx2,fma")))
static inline void quire_gemm_nt_small_avx2(const float *A, long lda, const float *B, long ldb, const float *bias,
                                            float *C, long ldc, long m, long n, long k) {
    long j = 0;
    for (; j + 4 <= n; j += 4) {
        const float *b0 = B + j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
        long i = 0;
        for (; i + 2 <= m; i += 2) {
            const float *a0 = A + i * lda, *a1 = a0 + lda;
            quire_v8f c00 = quire_splat(0), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
            for (long p = 0; p < k; p += 8) {
                quire_v8f x0 = quire_load8(a0 + p), x1 = quire_load8(a1 + p), w;
                w = quire_load8(b0 + p); c00 = x0 * w + c00; c10 = x1 * w + c10;
                w = quire_load8(b1 + p); c01 = x0 * w + c01; c11 = x1 * w + c11;
                w = quire_load8(b2 + p); c02 = x0 * w + c02; c12 = x1 * w + c12;
                w = quire_load8(b3 + p); c03 = x0 * w + c03; c13 = x1 * w + c13;
            }
            float *r0 = C + i * ldc + j, *r1 = r0 + ldc;
            r0[0] = bias[j] + quire_hsum8(c00); r0[1] = bias[j + 1] + quire_hsum8(c01);
            r0[2] = bias[j + 2] + quire_hsum8(c02); r0[3] = bias[j + 3] + quire_hsum8(c03);
            r1[0] = bias[j] + quire_hsum8(c10); r1[1] = bias[j + 1] + quire_hsum8(c11);
            r1[2] = bias[j + 2] + quire_hsum8(c12); r1[3] = bias[j + 3] + quire_hsum8(c13);
        }
        for (; i < m; i++) {
            const float *a0 = A + i * lda;
            quire_v8f c0 = quire_splat(0), c1 = c0, c2 = c0, c3 = c0;
            for (long p = 0; p < k; p += 8) {
                quire_v8f x0 = quire_load8(a0 + p);
                c0 = x0 * quire_load8(b0 + p) + c0;
                c1 = x0 * quire_load8(b1 + p) + c1;
                c2 = x0 * quire_load8(b2 + p) + c2;
                c3 = x0 * quire_load8(b3 + p) + c3;
            }
            float *r0 = C + i * ldc + j;
            r0[0] = bias[j] + quire_hsum8(c0); r0[1] = bias[j + 1] + quire_hsum8(c1);
            r0[2] = bias[j + 2] + quire_hsum8(c2); r0[3] = bias[j + 3] + quire_hsum8(c3);
        }
    }
    for (; j < n; j++) {
        const float *b0 = B + j * ldb;
        for (long i = 0; i < m; i++) {
            const float *a0 = A + i * lda;
            quire_v8f c0 = quire_splat(0);
            for (long p = 0; p < k; p += 8) c0 = quire_load8(a0 + p) * quire_load8(b0 + p) + c0;
            C[i * ldc + j] = bias[j] + quire_hsum8(c0);
        }
    }
}
#else
#define QUIRE_HAVE_AVX2_KERNELS 0
static inline int quire_cpu_has_avx2_fma(void) { return 0; }
static inline int quire_cpu_has_avx512f(void) { return 0; }
#define QUIRE_ELEMENTWISE_STUBS(SUF)                                                                           \
static inline void quire_softmax_rows_##SUF(float *s, long rows, long cols, long ld, float *inv) { (void)s; (void)rows; (void)cols; (void)ld; (void)inv; } \
static inline void quire_gelu_##SUF(float *h, long n) { (void)h; (void)n; }                                  \
static inline void quire_residual_layernorm_##SUF(float *x, float *y, const float *gamma, const float *beta,  \
                                                  long rows, long cols, int residual) {                       \
    (void)x; (void)y; (void)gamma; (void)beta; (void)rows; (void)cols; (void)residual; }
QUIRE_ELEMENTWISE_STUBS(avx2)
QUIRE_ELEMENTWISE_STUBS(avx512)
static inline void quire_gemm_nt_small_avx2(const float *A, long lda, const float *B, long ldb, const float *bias,
                                            float *C, long ldc, long m, long n, long k) {
    (void)A; (void)lda; (void)B; (void)ldb; (void)bias; (void)C; (void)ldc; (void)m; (void)n; (void)k; }
#endif

#include "int8.h"

#endif
