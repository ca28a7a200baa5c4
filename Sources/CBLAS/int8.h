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
#if defined(__x86_64__) && defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

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

// ---- AMX (Sapphire Rapids and later): the same products on tile registers ------------------
// TDPBUSD multiplies a tile of A (up to 16 rows × 64 bytes: 64 k of each row, as stored a + 128)
// by a tile of B (16 rows × 64 bytes: 16 groups of 4 k × 16 columns), adding into a 16 × 16
// int32 tile of C: 16,384 multiply-adds in one instruction, 16× a VNNI step. The B tile for
// columns 16·nb.. and k0..k0+64 is 16 consecutive 64-byte rows of the VNNI packing, so the
// weights are shared by both kernels. Integer arithmetic: the result equals quire_int8_gemm_ref.
// Tiles: C 0,1 (rows r0..r0+16, two column blocks), C 2,3 (the next 16 rows), A 4,5, B 6,7.
#define QUIRE_AMX __attribute__((target("amx-int8,amx-tile,avx512f")))

typedef struct {
    uint8_t palette, startRow;
    uint8_t reserved[14];
    uint16_t colsb[16];
    uint8_t rows[16];
} quire_amx_config;

/// Whether this CPU has AMX-INT8 and Linux lets this process use the tile registers
/// (arch_prctl ARCH_REQ_XCOMP_PERM for XTILEDATA, once per process; Linux 5.16 or later).
static inline int quire_amx_enable(void) {
#if !defined(__linux__)
    return 0;
#else
    unsigned int a = 7, b, c = 0, d;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    if (!((d >> 24) & 1) || !((d >> 25) & 1)) return 0; /* AMX-TILE, AMX-INT8 */
    return syscall(SYS_arch_prctl, 0x1023 /* ARCH_REQ_XCOMP_PERM */, 18 /* XFEATURE_XTILEDATA */) == 0;
#endif
}

static inline QUIRE_AMX void quire_amx_configure(int rowsA, int rowsB) {
    quire_amx_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.palette = 1;
    cfg.rows[0] = cfg.rows[1] = cfg.rows[4] = (uint8_t)rowsA;
    cfg.colsb[0] = cfg.colsb[1] = cfg.colsb[4] = 64;
    if (rowsB > 0) {
        cfg.rows[2] = cfg.rows[3] = cfg.rows[5] = (uint8_t)rowsB;
        cfg.colsb[2] = cfg.colsb[3] = cfg.colsb[5] = 64;
    }
    cfg.rows[6] = cfg.rows[7] = 16;
    cfg.colsb[6] = cfg.colsb[7] = 64;
    __builtin_ia32_tile_loadconfig(&cfg);
}

/// Rows r0.. (16, then `second` more 16-or-fewer rows in tiles 2,3,5 when set) × column blocks
/// nb (and nb + 1 when `pair`), all of k, stored into C (absolute column indexing from c0).
static inline QUIRE_AMX void quire_amx_block(const uint8_t *a, long k, const int8_t *packed, int32_t *c0, long ldc,
                                             long r0, int second, long nb, int pair) {
    long kb = k / 4, stride = ldc * 4;
    const uint8_t *a0 = a + r0 * k, *a1 = a + (r0 + 16) * k;
    __builtin_ia32_tilezero(0);
    if (pair) __builtin_ia32_tilezero(1);
    if (second) { __builtin_ia32_tilezero(2); if (pair) __builtin_ia32_tilezero(3); }
    for (long k0 = 0; k0 < k; k0 += 64) {
        __builtin_ia32_tileloadd64(6, packed + (nb * kb + k0 / 4) * 64, 64);
        if (pair) __builtin_ia32_tileloadd64(7, packed + ((nb + 1) * kb + k0 / 4) * 64, 64);
        __builtin_ia32_tileloadd64(4, a0 + k0, k);
        __builtin_ia32_tdpbusd(0, 4, 6);
        if (pair) __builtin_ia32_tdpbusd(1, 4, 7);
        if (second) {
            __builtin_ia32_tileloadd64(5, a1 + k0, k);
            __builtin_ia32_tdpbusd(2, 5, 6);
            if (pair) __builtin_ia32_tdpbusd(3, 5, 7);
        }
    }
    int32_t *c = c0 + r0 * ldc + nb * 16;
    __builtin_ia32_tilestored64(0, c, stride);
    if (pair) __builtin_ia32_tilestored64(1, c + 16, stride);
    if (second) {
        __builtin_ia32_tilestored64(2, c + 16 * ldc, stride);
        if (pair) __builtin_ia32_tilestored64(3, c + 16 * ldc + 16, stride);
    }
}

/// quire_int8_gemm_vnni on AMX tiles; k % 64 == 0, n0 and n1 multiples of 16. Columns outside,
/// rows inside, so a column block's weights are read from memory once and reused from cache
/// by every 32 rows of a batch. Only after quire_amx_enable() returned 1.
static inline QUIRE_AMX void quire_int8_gemm_amx(const uint8_t *a, const int8_t *packed, int32_t *c, long ldc,
                                                 long m, long k, long n0, long n1) {
    int32_t *c0 = c - n0;
    long full = m / 32, rest = m - full * 32;
    int restA = rest > 16 ? 16 : (int)rest, restB = (int)rest - restA;
    for (int pass = 0; pass < 2; pass++) {
        long p0 = pass == 0 ? 0 : full, p1 = pass == 0 ? full : full + (rest > 0);
        if (p1 <= p0) continue;
        if (pass == 0) quire_amx_configure(16, 16); else quire_amx_configure(restA, restB);
        int second = pass == 0 ? 1 : restB > 0;
        for (long nb = n0 / 16; nb < n1 / 16; nb += 2) {
            int pair = nb + 1 < n1 / 16;
            for (long p = p0; p < p1; p++) quire_amx_block(a, k, packed, c0, ldc, p * 32, second, nb, pair);
        }
    }
    __builtin_ia32_tilerelease();
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
static inline int quire_amx_enable(void) { return 0; }
static inline void quire_int8_gemm_amx(const uint8_t *a, const int8_t *packed, int32_t *c, long ldc, long m, long k,
                                       long n0, long n1) {
    (void)a; (void)packed; (void)c; (void)ldc; (void)m; (void)k; (void)n0; (void)n1;
}
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
