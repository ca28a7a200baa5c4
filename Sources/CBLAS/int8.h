// int8 matrix products for the query encoder (AVX-512 VNNI, `vpdpbusd`).
//
// C[m][n] = Σ_k A[m][k] · W[n][k], A quantised per row (token) to int8 with a float scale, W
// quantised per output channel (row of W) to int8 with a float scale, both symmetric.
// vpdpbusd multiplies *unsigned* bytes by signed bytes, so A is stored as a + 128 (1…255) and
// the kernel's result is corrected by 128 · Σ_k W[n][k], precomputed per column:
//   Σ (a+128)·w = Σ a·w + 128 · Σ w.
// Each step multiplies 4 consecutive k of one row of A (broadcast to the 16 lanes) by a 64-byte
// block of W holding those 4 k for 16 output columns, so W is packed as
//   [n / 16][k / 4][16 columns][4 k]   (quire_int8_pack_weights),
// and 4 rows × 64 columns are accumulated in 16 registers with no horizontal sums.
// The arithmetic is integer, so the kernel equals quire_int8_gemm_ref exactly.
#ifndef QUIRE_INT8_H
#define QUIRE_INT8_H

#include <stdint.h>
#include <string.h>

typedef int quire_v16i __attribute__((vector_size(64), aligned(64)));
typedef int quire_v16i_u __attribute__((vector_size(64), aligned(1)));
typedef float quire_v16f_u __attribute__((vector_size(64), aligned(1)));

/// Whether this CPU runs the VNNI kernel (AVX-512F, BW and VNNI).
static inline int quire_cpu_has_avx512_vnni(void) {
#if defined(__x86_64__) && defined(__clang__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vnni");
#else
    return 0;
#endif
}

/// Packs W [n × k] int8 (row-major) into the kernel's layout; n % 16 == 0, k % 4 == 0.
static inline void quire_int8_pack_weights(const int8_t *w, long n, long k, int8_t *packed) {
    long kb = k / 4;
    for (long nb = 0; nb < n / 16; nb++)
        for (long b = 0; b < kb; b++)
            for (long c = 0; c < 16; c++)
                memcpy(packed + ((nb * kb + b) * 64 + c * 4), w + (nb * 16 + c) * k + b * 4, 4);
}

/// Quantises W [n × k] symmetrically per row (output channel): q = round(w / s), s = max|w| / 127.
/// Writes q row-major into out [n × k], s into scales[n] and 128 · Σ_k q into corr[n] (the
/// correction for activations stored as a + 128).
static inline void quire_int8_quantize_weights(const float *w, long n, long k, int8_t *out, float *scales,
                                               int32_t *corr) {
    for (long r = 0; r < n; r++) {
        const float *row = w + r * k;
        float m = 0;
        for (long j = 0; j < k; j++) {
            float a = row[j] < 0 ? -row[j] : row[j];
            m = a > m ? a : m;
        }
        float inv = m > 0 ? 127.0f / m : 0.0f;
        scales[r] = m / 127.0f;
        int32_t sum = 0;
        for (long j = 0; j < k; j++) {
            float q = __builtin_rintf(row[j] * inv);
            q = q > 127.0f ? 127.0f : (q < -127.0f ? -127.0f : q);
            out[r * k + j] = (int8_t)q;
            sum += (int32_t)q;
        }
        corr[r] = 128 * sum;
    }
}

/// Quantises rows of x [rows × k] (leading dimension ldx) symmetrically per row:
/// q = round(x / s) with s = max|x| / 127, stored as q + 128 in out [rows × k]; scales[r] = s.
/// A zero row gets scale 0 and bytes 128.
static inline void quire_int8_quantize_rows(const float *x, long ldx, long rows, long k, uint8_t *out, float *scales) {
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * ldx;
        float m = 0;
        for (long j = 0; j < k; j++) {
            float a = row[j] < 0 ? -row[j] : row[j];
            m = a > m ? a : m;
        }
        float s = m / 127.0f;
        float inv = m > 0 ? 127.0f / m : 0.0f;
        scales[r] = s;
        uint8_t *o = out + r * k;
        for (long j = 0; j < k; j++) {
            float q = __builtin_rintf(row[j] * inv);
            q = q > 127.0f ? 127.0f : (q < -127.0f ? -127.0f : q);
            o[j] = (uint8_t)((int)q + 128);
        }
    }
}

/// Reference: C[m][n] = Σ_k A[m][k] · W[n][k] with A as stored (a + 128), W unpacked [n × k].
static inline void quire_int8_gemm_ref(const uint8_t *a, const int8_t *w, int32_t *c, long m, long n, long k) {
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) {
            int32_t acc = 0;
            for (long t = 0; t < k; t++) acc += (int32_t)a[i * k + t] * (int32_t)w[j * k + t];
            c[i * n + j] = acc;
        }
}

#if defined(__x86_64__) && defined(__clang__)
#define QUIRE_HAVE_VNNI_KERNELS 1
#define QUIRE_VNNI __attribute__((target("avx512f,avx512bw,avx512vnni")))
static inline int quire_have_vnni_kernels(void) { return 1; }

static inline QUIRE_VNNI quire_v16i quire_bcast4(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return (quire_v16i){v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v};
}

#define QUIRE_DP(acc, a, b) acc = (quire_v16i)__builtin_ia32_vpdpbusd512(acc, a, b)

/// Rows r0..r0+MR of C (int32, leading dimension ldc), column blocks nb0..nb0+NB (16 columns each).
#define QUIRE_INT8_TILE(MR, NB)                                                                                   \
static inline QUIRE_VNNI void quire_int8_tile_##MR##x##NB(const uint8_t *a, long k, const int8_t *packed,         \
                                                         long nb0, int32_t *c, long ldc, long r0) {               \
    long kb = k / 4;                                                                                              \
    quire_v16i acc[MR][NB];                                                                                       \
    for (int i = 0; i < MR; i++)                                                                                  \
        for (int j = 0; j < NB; j++) acc[i][j] = (quire_v16i){0};                                                 \
    const uint8_t *arow = a + r0 * k;                                                                             \
    for (long b = 0; b < kb; b++) {                                                                               \
        quire_v16i wv[NB];                                                                                        \
        for (int j = 0; j < NB; j++) wv[j] = *(const quire_v16i_u *)(packed + ((nb0 + j) * kb + b) * 64);        \
        for (int i = 0; i < MR; i++) {                                                                            \
            quire_v16i av = quire_bcast4(arow + i * k + b * 4);                                                   \
            for (int j = 0; j < NB; j++) QUIRE_DP(acc[i][j], av, wv[j]);                                          \
        }                                                                                                         \
    }                                                                                                             \
    for (int i = 0; i < MR; i++)                                                                                  \
        for (int j = 0; j < NB; j++) *(quire_v16i_u *)(c + (r0 + i) * ldc + (nb0 + j) * 16) = acc[i][j];          \
}
QUIRE_INT8_TILE(4, 4)
QUIRE_INT8_TILE(1, 4)
QUIRE_INT8_TILE(4, 1)
QUIRE_INT8_TILE(1, 1)

/// quire_int8_quantize_rows with AVX-512, 16 values at a time (k % 16 == 0): the same bytes and
/// scales, since the product x · inv is the same and vcvtps2dq rounds to nearest even as rintf
/// does under the default rounding mode. It runs before every int8 product of a query; the
/// scalar loop (a libm call per value) was a fifth of a query's time.
static inline QUIRE_VNNI void quire_int8_quantize_rows_avx512(const float *x, long ldx, long rows, long k, uint8_t *out,
                                                              float *scales) {
    typedef float v16f __attribute__((vector_size(64), aligned(1)));
    typedef unsigned char v16b __attribute__((vector_size(16), aligned(1)));
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * ldx;
        quire_v16f_u vm = (quire_v16f_u){0};
        for (long j = 0; j < k; j += 16) {
            quire_v16f_u v = *(const quire_v16f_u *)(row + j);
            quire_v16f_u a = (quire_v16f_u)((quire_v16i_u)v & (quire_v16i_u){0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff,
                0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff,
                0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff});
            vm = __builtin_elementwise_max(vm, a);
        }
        float m = 0;
        for (int i = 0; i < 16; i++) m = vm[i] > m ? vm[i] : m;
        float s = m / 127.0f;
        float inv = m > 0 ? 127.0f / m : 0.0f;
        scales[r] = s;
        uint8_t *o = out + r * k;
        const quire_v16i lo = (quire_v16i){-127, -127, -127, -127, -127, -127, -127, -127, -127, -127, -127, -127, -127, -127, -127, -127};
        const quire_v16i hi = -lo;
        for (long j = 0; j < k; j += 16) {
            v16f v = *(const v16f *)(row + j);
            v16f p = v * inv;
            quire_v16i qi = (quire_v16i)__builtin_ia32_cvtps2dq512_mask(p, (quire_v16i){0}, (unsigned short)0xFFFF, 4);
            qi = __builtin_elementwise_min(__builtin_elementwise_max(qi, lo), hi) + 128;
            *(v16b *)(o + j) = __builtin_convertvector(qi, v16b);
        }
    }
}

/// C [m × (n1 - n0)] int32 = A [m × k] (stored a + 128) · W packed, for output columns n0..n1
/// (multiples of 16). C's column 0 is output column n0; ldc its leading dimension.
static inline QUIRE_VNNI void quire_int8_gemm_vnni(const uint8_t *a, const int8_t *packed, int32_t *c, long ldc,
                                                  long m, long k, long n0, long n1) {
    long nb = n0 / 16, nbEnd = n1 / 16;
    int32_t *c0 = c - n0; /* so that tiles index C by absolute column */
    for (; nb + 4 <= nbEnd; nb += 4) {
        long r = 0;
        for (; r + 4 <= m; r += 4) quire_int8_tile_4x4(a, k, packed, nb, c0, ldc, r);
        for (; r < m; r++) quire_int8_tile_1x4(a, k, packed, nb, c0, ldc, r);
    }
    for (; nb < nbEnd; nb++) {
        long r = 0;
        for (; r + 4 <= m; r += 4) quire_int8_tile_4x1(a, k, packed, nb, c0, ldc, r);
        for (; r < m; r++) quire_int8_tile_1x1(a, k, packed, nb, c0, ldc, r);
    }
}

/// out[r][n] = bias[n] + (C[r][n] − corr[n]) · rowScale[r] · colScale[n], for columns n0..n1,
/// where corr[n] = 128 · Σ_k W[n][k]. out has leading dimension ldo, C has ldc (both absolute
/// column indexing from the pointers given, which point at column n0).
static inline QUIRE_VNNI void quire_int8_dequantize(const int32_t *c, long ldc, const int32_t *corr,
                                                   const float *rowScale, const float *colScale, const float *bias,
                                                   float *out, long ldo, long m, long n0, long n1) {
    for (long r = 0; r < m; r++) {
        float rs = rowScale[r];
        for (long n = n0; n < n1; n += 16) {
            quire_v16i acc = *(const quire_v16i_u *)(c + r * ldc + (n - n0));
            quire_v16i cr = *(const quire_v16i_u *)(corr + n);
            quire_v16f_u cs = *(const quire_v16f_u *)(colScale + n);
            quire_v16f_u b = *(const quire_v16f_u *)(bias + n);
            quire_v16f_u v = __builtin_convertvector(acc - cr, quire_v16f_u);
            *(quire_v16f_u *)(out + r * ldo + (n - n0)) = v * (cs * rs) + b;
        }
    }
}
#undef QUIRE_DP
#else
static inline int quire_have_vnni_kernels(void) { return 0; }
static inline void quire_int8_quantize_rows_avx512(const float *x, long ldx, long rows, long k, uint8_t *out, float *scales) {
    quire_int8_quantize_rows(x, ldx, rows, k, out, scales);
}
static inline void quire_int8_gemm_vnni(const uint8_t *a, const int8_t *packed, int32_t *c, long ldc, long m, long k,
                                        long n0, long n1) {
    (void)a; (void)packed; (void)c; (void)ldc; (void)m; (void)k; (void)n0; (void)n1;
}
static inline void quire_int8_dequantize(const int32_t *c, long ldc, const int32_t *corr, const float *rowScale,
                                         const float *colScale, const float *bias, float *out, long ldo, long m,
                                         long n0, long n1) {
    (void)c; (void)ldc; (void)corr; (void)rowScale; (void)colScale; (void)bias; (void)out; (void)ldo; (void)m;
    (void)n0; (void)n1;
}
#endif

#endif
