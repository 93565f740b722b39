/*
 * Tests of the Monte Carlo sensitivity ranking (lib/mc_rank.c): the centred ranks and Spearman's
 * rho against GSL's gsl_stats_spearman, which defines what the ranking must give (ranks 1..n, ties
 * sharing their average rank, then the Pearson correlation of the ranks), on hand cases and on
 * pseudo-random data that drives every path of the sort (keys within the two digits, the
 * insertion pass, the radix sort of values bunched by an outlier), ties, both signs, -0 and +0.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include "mc_internal.h"

#include <gsl/gsl_statistics_double.h>

#define MAXN 20000

static double xa[MAXN], ya[MAXN], work[2 * MAXN];
static int64_t cy[MAXN];

/* A 64-bit LCG (Knuth's MMIX constants): the same numbers on every machine. */
static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 11; /* 53 bits */
}

static double unit(uint64_t *s)
{
    return (double)lcg(s) * 0x1.0p-53;
}

/* rho of x with y through the ranking's two functions, with the int64 block set to `block`
 * (0: the ranking's own). */
static double rho_of(const double *x, const double *y, size_t n, size_t block)
{
    pcf__mc_rank_work w;
    assert_true(pcf__mc_rank_work_init(&w, n));
    if (block)
        w.block = block;
    double syy = pcf__mc_centred_ranks(y, n, cy, &w);
    double rho = pcf__mc_spearman(x, n, n, 1, 0, cy, syy, &w);
    pcf__mc_rank_work_free(&w);
    return rho;
}

static void check_against_gsl(const double *x, const double *y, size_t n)
{
    double ours = rho_of(x, y, n, 0);
    double gsl = gsl_stats_spearman(x, 1, y, 1, n, work);
    assert_double_close(ours, gsl, 1e-12, 1e-12);
    /* the sums are exact integers, so flushing them to the double every 3 values changes
     * nothing (the path a run of more than about 2 million iterations takes) */
    assert_true(rho_of(x, y, n, 3) == ours);
}

/*
 * x = (3, 1, 4, 1, 5, -0, +0): -0 and +0 compare equal and share ranks 1 and 2 → 1.5; the two 1s
 * share ranks 3 and 4 → 3.5; then 3 → 5, 4 → 6, 5 → 7. Centred and doubled, c = 2 rank - 8:
 * (2, -1, 4, -1, 6, -5, -5), whose squares add up to 4 + 1 + 16 + 1 + 36 + 25 + 25 = 108 (the
 * closed form: (7^3 - 7)/3 = 112 less (2^3 - 2)/3 = 2 for each of the two ties).
 */
static void test_centred_ranks_hand(void **state)
{
    (void)state;
    const double x[] = {3, 1, 4, 1, 5, -0.0, 0.0};
    const int64_t expect[] = {2, -1, 4, -1, 6, -5, -5};
    int64_t c[7];
    pcf__mc_rank_work w;
    assert_true(pcf__mc_rank_work_init(&w, 7));
    assert_double_close(pcf__mc_centred_ranks(x, 7, c, &w), 108.0, 0, 0);
    for (int i = 0; i < 7; i++)
        assert_int_equal(c[i], expect[i]);

    /* n = 1: rank 1, c = 2 - 2 = 0; n = 2 with a tie: both rank 1.5, c = 0 */
    const double one[] = {-7.5}, tie[] = {2.0, 2.0};
    assert_double_close(pcf__mc_centred_ranks(one, 1, c, &w), 0.0, 0, 0);
    assert_int_equal(c[0], 0);
    assert_double_close(pcf__mc_centred_ranks(tie, 2, c, &w), 0.0, 0, 0);
    assert_int_equal(c[0], 0);
    assert_int_equal(c[1], 0);
    pcf__mc_rank_work_free(&w);
}

/*
 * Hand cases of rho. n = 2: (1, 2) against (5, -3) is a reversal, -1 exactly. n = 3: x = (1, 2, 3)
 * against y = (1, 3, 2): c = (-2, 0, 2) and (-2, 2, 0), sum cx cy = 4, sum c^2 = 8 each: rho =
 * 4/8 = 0.5 (and 1 - 6 sum d^2 / (n (n^2 - 1)) = 1 - 6 * 2 / 24 = 0.5). A constant has no
 * ranking: NaN, as gsl_stats_spearman gives (0/0), which the run turns into rho 0.
 */
static void test_spearman_hand(void **state)
{
    (void)state;
    const double a2[] = {1, 2}, b2[] = {5, -3};
    assert_true(rho_of(a2, b2, 2, 0) == -1.0);
    assert_true(rho_of(a2, a2, 2, 0) == 1.0);
    const double a3[] = {1, 2, 3}, b3[] = {1, 3, 2};
    assert_double_close(rho_of(a3, b3, 3, 0), 0.5, 0, 1e-15);
    const double k3[] = {4, 4, 4};
    assert_true(isnan(rho_of(k3, b3, 3, 0)));
    assert_true(isnan(rho_of(b3, k3, 3, 0)));
    const double one[] = {1};
    assert_true(isnan(rho_of(one, one, 1, 0)));
}

/*
 * The spacing check the run makes before it ranks a lognormal's exponents instead of its samples
 * (lib/mc.c, rank_drawn): after a ranking, 1 when all values lie within [-bound, bound] and
 * neighbours in sorted order are equal or at least gap apart. x = (3, 1, 1, -2): sorted -2, 1, 1,
 * 3, gaps 3, 0 (a tie), 2: passes gap 1 and bound 3, fails gap 2.5 (the gap of 2 from 1 to 3)
 * and bound 2.9 (|3| > 2.9); 1 + 1e-13 next to 1 fails gap 1e-12; NaN fails any bound.
 */
static void test_sorted_spacing(void **state)
{
    (void)state;
    pcf__mc_rank_work w;
    assert_true(pcf__mc_rank_work_init(&w, 4));
    int64_t ranks[4];
    const double y[] = {1, 2, 3, 4};
    double syy = pcf__mc_centred_ranks(y, 4, ranks, &w);
    const double x[] = {3, 1, 1, -2};
    (void)pcf__mc_spearman(x, 4, 4, 1, 0, ranks, syy, &w);
    assert_int_equal(pcf__mc_sorted_spacing(4, 1.0, 3.0, &w), 1);
    assert_int_equal(pcf__mc_sorted_spacing(4, 2.5, 3.0, &w), 0);
    assert_int_equal(pcf__mc_sorted_spacing(4, 1.0, 2.9, &w), 0);
    const double close[] = {1.0, 1.0 + 1e-13, 5.0, 7.0};
    (void)pcf__mc_spearman(close, 4, 4, 1, 0, ranks, syy, &w);
    assert_int_equal(pcf__mc_sorted_spacing(4, 1e-12, 700.0, &w), 0);
    assert_int_equal(pcf__mc_sorted_spacing(4, 1e-14, 700.0, &w), 1);
    const double nan[] = {1.0, NAN, 5.0, 7.0};
    (void)pcf__mc_spearman(nan, 4, 4, 1, 0, ranks, syy, &w);
    assert_int_equal(pcf__mc_sorted_spacing(4, 1e-12, 700.0, &w), 0);
    pcf__mc_rank_work_free(&w);
}

/* Perfectly monotone data give exactly +1 or -1 (sqrt(s^2) is s in IEEE arithmetic), which a
 * Welford-style correlation misses by an ulp or two. */
static void test_spearman_monotone(void **state)
{
    (void)state;
    uint64_t s = 7;
    size_t n = 10000;
    for (size_t i = 0; i < n; i++) {
        xa[i] = unit(&s) * 200.0 - 100.0;
        ya[i] = exp(xa[i] / 20.0);
    }
    assert_true(rho_of(xa, ya, n, 0) == 1.0);
    for (size_t i = 0; i < n; i++)
        ya[i] = -ya[i];
    assert_true(rho_of(xa, ya, n, 0) == -1.0);
}

/* Continuous data of several sizes, crossing zero, against GSL. */
static void test_spearman_random_sizes(void **state)
{
    (void)state;
    const size_t sizes[] = {2, 3, 5, 17, 100, 1000, 4097, 10000, MAXN};
    uint64_t s = 12345;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k];
        for (size_t i = 0; i < n; i++) {
            xa[i] = unit(&s) * 2.0 - 1.0;
            ya[i] = xa[i] * 0.3 + (unit(&s) - 0.5) * exp(unit(&s) * 10.0);
        }
        check_against_gsl(xa, ya, n);
    }
}

/* Many ties in both (200 distinct integers among 2,000 values), both signs, zeros of both signs.
 */
static void test_spearman_ties(void **state)
{
    (void)state;
    uint64_t s = 99;
    size_t n = 2000;
    for (size_t i = 0; i < n; i++) {
        xa[i] = (double)(int)(lcg(&s) % 200) - 100.0;
        if (xa[i] == 0.0 && i % 2)
            xa[i] = -0.0;
        ya[i] = xa[i] * 0.5 + (double)(int)(lcg(&s) % 41) - 20.0;
    }
    check_against_gsl(xa, ya, n);
    /* ties in x only, and in y only */
    for (size_t i = 0; i < n; i++)
        ya[i] = xa[i] + unit(&s) * 30.0;
    check_against_gsl(xa, ya, n);
    check_against_gsl(ya, xa, n);
}

/*
 * Data that defeat the 22-bit digits: 9,999 values in [1, 1 + 2^-20) and one of 1e300. The keys'
 * range is set by the outlier, so the 9,999 share their top 22 bits and the insertion pass would
 * move them far: a radix sort on all the bits takes over. Then 9,999 values in [1, 2): a few share
 * their digits, the insertion pass orders them. Then values a few ulps apart (the key range fits
 * the digits: no insertion needed).
 */
static void test_spearman_bunched(void **state)
{
    (void)state;
    uint64_t s = 4242;
    size_t n = 10000;
    for (size_t i = 0; i < n; i++) {
        xa[i] = 1.0 + unit(&s) * 0x1.0p-20;
        ya[i] = xa[i] + unit(&s) * 0x1.0p-21;
    }
    xa[1234] = 1e300;
    check_against_gsl(xa, ya, n);
    check_against_gsl(ya, xa, n);
    for (size_t i = 0; i < n; i++) {
        xa[i] = 1.0 + unit(&s);
        ya[i] = xa[i] + unit(&s) * 0.5;
    }
    xa[1234] = 1e300;
    check_against_gsl(xa, ya, n);
    /* negative outlier, and negative values near zero */
    xa[1234] = -1e300;
    for (size_t i = 0; i < n; i += 2)
        ya[i] = -ya[i] * 1e-300;
    check_against_gsl(xa, ya, n);
    check_against_gsl(ya, xa, n);
    /* half bunched in [1, 2), half spread log-uniformly over 1e-300 .. 1e300: big buckets and
     * small ones of several keys in one array */
    for (size_t i = 0; i < n; i++) {
        xa[i] = i % 2 ? 1.0 + unit(&s) : pow(10.0, unit(&s) * 600.0 - 300.0);
        ya[i] = unit(&s) + (i % 3 ? xa[i] : 0.0);
    }
    check_against_gsl(xa, ya, n);
    check_against_gsl(ya, xa, n);
    /* 1 + k ulp for k < 1000: a key range under the bucket count */
    for (size_t i = 0; i < n; i++) {
        xa[i] = 1.0 + (double)(lcg(&s) % 1000) * 0x1.0p-52;
        ya[i] = xa[i] + unit(&s) * 1e-13;
    }
    check_against_gsl(xa, ya, n);
    check_against_gsl(ya, xa, n);
}

/*
 * Samples laid out chunk by chunk as the Monte Carlo run stores them: 3 series of 100 values in
 * chunks of 16 (the last one 4 long), each chunk series after series. Each series, gathered into
 * one array, gives GSL's rho; series 3 of 3 does not exist (NaN).
 */
static void test_spearman_chunked(void **state)
{
    (void)state;
    enum { N = 100, S = 3, C = 16 };
    static double laid[N * S], series[S][N];
    uint64_t s = 31337;
    for (size_t i = 0; i < N; i++) {
        ya[i] = unit(&s) * 10.0 - 5.0;
        for (size_t k = 0; k < S; k++)
            series[k][i] = ya[i] * (double)k + unit(&s) * 4.0 - 2.0;
    }
    for (size_t i0 = 0; i0 < N; i0 += C) {
        size_t len = N - i0 < C ? N - i0 : C;
        for (size_t k = 0; k < S; k++)
            for (size_t j = 0; j < len; j++)
                laid[i0 * S + k * len + j] = series[k][i0 + j];
    }
    pcf__mc_rank_work w;
    assert_true(pcf__mc_rank_work_init(&w, N));
    double syy = pcf__mc_centred_ranks(ya, N, cy, &w);
    for (size_t k = 0; k < S; k++) {
        double gsl = gsl_stats_spearman(series[k], 1, ya, 1, N, work);
        assert_double_close(pcf__mc_spearman(laid, N, C, S, k, cy, syy, &w), gsl, 1e-12, 1e-12);
    }
    assert_true(isnan(pcf__mc_spearman(laid, N, C, S, S, cy, syy, &w)));
    pcf__mc_rank_work_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_centred_ranks_hand), cmocka_unit_test(test_spearman_hand),
        cmocka_unit_test(test_spearman_monotone),  cmocka_unit_test(test_spearman_random_sizes),
        cmocka_unit_test(test_spearman_ties),      cmocka_unit_test(test_spearman_bunched),
        cmocka_unit_test(test_spearman_chunked),   cmocka_unit_test(test_sorted_spacing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
