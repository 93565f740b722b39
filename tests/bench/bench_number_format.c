/*
 * Number formatting benchmark: ns per number for pcf_number_format (lib/number_format.c) and for
 * the printf loop it replaced (the first of %.15g, %.16g, %.17g that strtod reads back, under a
 * C locale object switched in with uselocale per call, as lib/units.c did), on the same numbers.
 * Two mixes: "results" (sums and quotients of short decimals, 16-17 digit texts, as in a report)
 * and "inputs" (short decimals and integers, as typed in a model). Medians of REPEATS rounds.
 * Usage: bench_number_format [COUNT [REPEATS]]   (default 200000 numbers, 7 rounds)
 * GPL-3.0-or-later; see LICENSE.
 */
#define _GNU_SOURCE
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcf/pcf.h>
#include "benchutil.h"

static locale_t c_loc;

static size_t printf_loop(double v, char *buf, size_t size)
{
    locale_t old = uselocale(c_loc);
    int n = 0;
    for (int p = 15; p <= 17; p++) {
        n = snprintf(buf, size, "%.*g", p, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    uselocale(old);
    return (size_t)n;
}

static uint64_t state = 12345;
static uint64_t next(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1du;
}

static double run(size_t (*f)(double, char *, size_t), const double *v, size_t n, size_t *bytes)
{
    char buf[40];
    size_t total = 0;
    double t0 = bench_now();
    for (size_t i = 0; i < n; i++)
        total += f(v[i], buf, sizeof buf);
    double t = bench_now() - t0;
    *bytes = total;
    return t / (double)n * 1e9;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 200000;
    int repeats = argc > 2 ? atoi(argv[2]) : 7;
    if (n == 0 || repeats < 1 || repeats > 100)
        return 2;
    c_loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    double *results = malloc(n * sizeof *results), *inputs = malloc(n * sizeof *inputs);
    double *t_new = malloc((size_t)repeats * sizeof(double));
    double *t_old = malloc((size_t)repeats * sizeof(double));
    if (!c_loc || !results || !inputs || !t_new || !t_old)
        return 1;
    for (size_t i = 0; i < n; i++) {
        double a = (double)(next() % 100000) / 1000.0, b = (double)(next() % 1000 + 1) / 100.0;
        results[i] = (i % 2) ? a * b + a / b : a / 7.0;
        inputs[i] = (i % 3) ? (double)(next() % 100000) / 100.0 : (double)(next() % 10000);
    }
    const char *names[2] = {"results", "inputs"};
    const double *sets[2] = {results, inputs};
    for (int s = 0; s < 2; s++) {
        size_t b_new = 0, b_old = 0;
        for (int r = 0; r < repeats; r++) { /* interleaved, so load falls on both alike */
            t_new[r] = run(pcf_number_format, sets[s], n, &b_new);
            t_old[r] = run(printf_loop, sets[s], n, &b_old);
        }
        if (b_new != b_old) {
            fprintf(stderr, "bench_number_format: texts differ in length (%zu vs %zu)\n", b_new,
                    b_old);
            return 1;
        }
        qsort(t_new, (size_t)repeats, sizeof(double), bench_cmp_double);
        qsort(t_old, (size_t)repeats, sizeof(double), bench_cmp_double);
        double mn = t_new[repeats / 2], mo = t_old[repeats / 2];
        printf("mix=%s numbers=%zu repeats=%d pcf_number_format_ns=%.1f printf_loop_ns=%.1f "
               "speedup=%.1fx\n",
               names[s], n, repeats, mn, mo, mo / mn);
    }
    freelocale(c_loc);
    free(results);
    free(inputs);
    free(t_new);
    free(t_old);
    return 0;
}
