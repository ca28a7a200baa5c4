// The BLAS library is NOT linked at load time: QuireEmbedding dlopen()s it (BLASLibrary.swift)
// after choosing OPENBLAS_CORETYPE from the CPU's features, because Debian's OpenBLAS 0.3.21
// reads that variable once, when it loads, and misdetects recent CPUs without it.
// This header only names the CBLAS constants the encoder passes.
#ifndef QUIRE_CBLAS_SHIM_H
#define QUIRE_CBLAS_SHIM_H

enum QuireCBLASConstants {
    QuireCblasRowMajor = 101,
    QuireCblasNoTrans = 111,
    QuireCblasTrans = 112,
};

#endif
