// The BLAS library is NOT linked at load time: QuireEmbedding dlopen()s it (BLASLibrary.swift)
// after choosing OPENBLAS_CORETYPE from the CPU's features, because Debian's OpenBLAS 0.3.21
// reads that variable once, when it loads, and misdetects recent CPUs without it.
//
// Besides the CBLAS constants, this header carries the encoder's two element-wise hot loops
// (softmax rows, bias + erf-GELU) as AVX2+FMA code: Swift code is compiled for baseline x86-64
// (SSE2, no FMA), and these loops are ~20% of the encoder's time there. They are only called
// after quire_cpu_has_avx2_fma() says the CPU runs them; Kernels.swift has the portable versions.
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

static inline QUIRE_AVX2 quire_v8f quire_max8(quire_v8f a, quire_v8f b) { return __builtin_elementwise_max(a, b); }
static inline QUIRE_AVX2 quire_v8f quire_min8(quire_v8f a, quire_v8f b) { return __builtin_elementwise_min(a, b); }

/* Same polynomial as fastExp in Kernels.swift (Cephes expf); x <= 88. */
static inline QUIRE_AVX2 quire_v8f quire_exp8(quire_v8f x) {
    x = quire_max8(x, quire_splat(-87.0f));
    quire_v8f t = x * quire_splat(1.44269504f) + quire_splat(12582912.0f);
    quire_v8f n = t - quire_splat(12582912.0f);
    quire_v8i ni = (quire_v8i)t - 0x4B400000;
    quire_v8f r = x - n * quire_splat(0.693359375f);
    r = r - n * quire_splat(-2.12194440e-4f);
    quire_v8f p = quire_splat(1.9875691500e-4f);
    p = p * r + quire_splat(1.3981999507e-3f);
    p = p * r + quire_splat(8.3334519073e-3f);
    p = p * r + quire_splat(4.1665795894e-2f);
    p = p * r + quire_splat(1.6666665459e-1f);
    p = p * r + quire_splat(5.0000001201e-1f);
    quire_v8f e = p * (r * r) + r + quire_splat(1.0f);
    quire_v8f scale = (quire_v8f)((ni + 127) << 23);
    return e * scale;
}

/* Same rational approximation as fastErf in Kernels.swift. */
static inline QUIRE_AVX2 quire_v8f quire_erf8(quire_v8f x) {
    x = quire_min8(quire_max8(x, quire_splat(-4.0f)), quire_splat(4.0f));
    quire_v8f x2 = x * x;
    quire_v8f p = quire_splat(-2.72614225801306e-10f);
    p = p * x2 + quire_splat(2.77068142495902e-08f);
    p = p * x2 + quire_splat(-2.10102402082508e-06f);
    p = p * x2 + quire_splat(-5.69250639462346e-05f);
    p = p * x2 + quire_splat(-7.34990630326855e-04f);
    p = p * x2 + quire_splat(-2.95459980854025e-03f);
    p = p * x2 + quire_splat(-1.60960333262415e-02f);
    p = p * x;
    quire_v8f q = quire_splat(-1.45660718464996e-05f);
    q = q * x2 + quire_splat(-2.13374055278905e-04f);
    q = q * x2 + quire_splat(-1.68282697438203e-03f);
    q = q * x2 + quire_splat(-7.37332916720468e-03f);
    q = q * x2 + quire_splat(-1.42647390514189e-02f);
    return p / q;
}

static inline QUIRE_AVX2 quire_v8f quire_load8(const float *p) { return *(const quire_v8f *)p; }
static inline QUIRE_AVX2 void quire_store8(float *p, quire_v8f v) { *(quire_v8f *)p = v; }

static inline QUIRE_AVX2 float quire_hsum8(quire_v8f v) {
    return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
}

/* Row-wise softmax of rows x cols (leading dimension ld), in place. */
__attribute__((target("avx2,fma")))
static inline void quire_softmax_rows_avx2(float *s, long rows, long cols, long ld) {
    for (long i = 0; i < rows; i++) {
        float *row = s + i * ld;
        long j = 0;
        quire_v8f vm = quire_splat(-3.4e38f);
        for (; j + 8 <= cols; j += 8) vm = quire_max8(vm, quire_load8(row + j));
        float m = -3.4e38f;
        for (int k = 0; k < 8; k++) m = vm[k] > m ? vm[k] : m;
        for (; j < cols; j++) m = row[j] > m ? row[j] : m;
        quire_v8f vmax = quire_splat(m), acc = quire_splat(0.0f);
        for (j = 0; j + 8 <= cols; j += 8) {
            quire_v8f e = quire_exp8(quire_load8(row + j) - vmax);
            quire_store8(row + j, e);
            acc += e;
        }
        float sum = quire_hsum8(acc);
        if (j < cols) {
            float tmp[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            for (long k = j; k < cols; k++) tmp[k - j] = row[k] - m;
            quire_v8f e = quire_exp8(quire_load8(tmp));
            for (long k = j; k < cols; k++) { row[k] = e[k - j]; sum += e[k - j]; }
        }
        quire_v8f inv = quire_splat(1.0f / sum);
        for (j = 0; j + 8 <= cols; j += 8) quire_store8(row + j, quire_load8(row + j) * inv);
        for (; j < cols; j++) row[j] *= 1.0f / sum;
    }
}

/* h = GELU(h + bias) (erf form), rows x cols with cols a multiple of 8. */
__attribute__((target("avx2,fma")))
static inline void quire_bias_gelu_avx2(float *h, const float *bias, long rows, long cols) {
    const quire_v8f half = quire_splat(0.5f), one = quire_splat(1.0f), rs2 = quire_splat(0.70710678118654752f);
    for (long r = 0; r < rows; r++) {
        float *row = h + r * cols;
        for (long j = 0; j + 8 <= cols; j += 8) {
            quire_v8f z = quire_load8(row + j) + quire_load8(bias + j);
            quire_store8(row + j, half * z * (one + quire_erf8(z * rs2)));
        }
    }
}

/* C[m x n] (ldc) = A[m x k] (lda) * B[n x k]^T (ldb) for a few rows m (a query's tokens), k a
   multiple of 8. Streams each row of B once and keeps A in L1: no packing, unlike sgemm,
   which repacks the whole weight matrix on every call and so wastes most of its time when m is
   ~10. */
__attribute__((target("avx2,fma")))
static inline void quire_gemm_nt_small_avx2(const float *A, long lda, const float *B, long ldb, float *C, long ldc,
                                            long m, long n, long k) {
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
            r0[0] = quire_hsum8(c00); r0[1] = quire_hsum8(c01); r0[2] = quire_hsum8(c02); r0[3] = quire_hsum8(c03);
            r1[0] = quire_hsum8(c10); r1[1] = quire_hsum8(c11); r1[2] = quire_hsum8(c12); r1[3] = quire_hsum8(c13);
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
            r0[0] = quire_hsum8(c0); r0[1] = quire_hsum8(c1); r0[2] = quire_hsum8(c2); r0[3] = quire_hsum8(c3);
        }
    }
    for (; j < n; j++) {
        const float *b0 = B + j * ldb;
        for (long i = 0; i < m; i++) {
            const float *a0 = A + i * lda;
            quire_v8f c0 = quire_splat(0);
            for (long p = 0; p < k; p += 8) c0 = quire_load8(a0 + p) * quire_load8(b0 + p) + c0;
            C[i * ldc + j] = quire_hsum8(c0);
        }
    }
}
#else
#define QUIRE_HAVE_AVX2_KERNELS 0
static inline int quire_cpu_has_avx2_fma(void) { return 0; }
static inline void quire_softmax_rows_avx2(float *s, long rows, long cols, long ld) { (void)s; (void)rows; (void)cols; (void)ld; }
static inline void quire_bias_gelu_avx2(float *h, const float *bias, long rows, long cols) { (void)h; (void)bias; (void)rows; (void)cols; }
static inline void quire_gemm_nt_small_avx2(const float *A, long lda, const float *B, long ldb, float *C, long ldc,
                                            long m, long n, long k) { (void)A; (void)lda; (void)B; (void)ldb; (void)C; (void)ldc; (void)m; (void)n; (void)k; }
#endif

#endif
