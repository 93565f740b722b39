/*
 * Shared helpers for the benchmark programs (tests/bench_*.c and the programs under tests/bench):
 * a monotonic clock and the comparison qsort needs for medians. GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_BENCHUTIL_H
#define PCF_BENCHUTIL_H

#include <time.h>

/* Seconds on the monotonic clock. */
static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* qsort's ascending order of doubles. */
static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif
