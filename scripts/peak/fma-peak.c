/*
 * The float32 FMA throughput of one core: twelve independent chains of vector FMAs (enough to cover
 * the FMA latency on two ports), timed over ~100,000-iteration windows; prints the best window in
 * GFLOPS (FLOPs = iterations x 12 x lanes x 2). Built twice by fma-peak.sh: -DW512 for 512-bit
 * vectors (AVX-512), without for 256-bit (AVX2). This is the roofline the kernels are measured against.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <immintrin.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#ifdef W512
typedef __m512 V;
#define FMA _mm512_fmadd_ps
#define SET _mm512_set1_ps
#define STORE _mm512_storeu_ps
#define LANES 16
#else
typedef __m256 V;
#define FMA _mm256_fmadd_ps
#define SET _mm256_set1_ps
#define STORE _mm256_storeu_ps
#define LANES 8
#endif

int main(int argc, char **argv) {
    double best = 0;
    V a = SET(1.0001f), b = SET(0.9999f);
    V c0 = SET(0), c1 = SET(1), c2 = SET(2), c3 = SET(3), c4 = SET(4), c5 = SET(5);
    V c6 = SET(6), c7 = SET(7), c8 = SET(8), c9 = SET(9), c10 = SET(10), c11 = SET(11);
    double seconds = argc > 1 ? atof(argv[1]) : 3;
    double end = now() + seconds;
    while (now() < end) {
        long n = 100000;
        double t0 = now();
        for (long i = 0; i < n; i++) {
            __asm__ volatile("" : "+v"(a)); /* keeps the compiler from folding the loop */
            c0 = FMA(a, b, c0); c1 = FMA(a, b, c1); c2 = FMA(a, b, c2); c3 = FMA(a, b, c3);
            c4 = FMA(a, b, c4); c5 = FMA(a, b, c5); c6 = FMA(a, b, c6); c7 = FMA(a, b, c7);
            c8 = FMA(a, b, c8); c9 = FMA(a, b, c9); c10 = FMA(a, b, c10); c11 = FMA(a, b, c11);
        }
        double g = n * 12.0 * LANES * 2 / (now() - t0) / 1e9;
        if (g > best) best = g;
    }
    float s[LANES];
    V x = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
    STORE(s, x); /* the result is used, so the chains are computed */
    printf("%.1f %g\n", best, (double) s[0]);
    return 0;
}
