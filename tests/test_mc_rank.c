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

/* Lays out s series of n elements of `size` bytes (series after series in src) chunk by chunk as
 * the Monte Carlo run stores them: chunk i0 holds each series' len = min(c, n - i0) values in
 * turn. */
static void lay_out(void *dst, const void *src, size_t size, size_t n, size_t s, size_t c)
{
    for (size_t i0 = 0; i0 < n; i0 += c) {
        size_t len = n - i0 < c ? n - i0 : c;
        for (size_t k = 0; k < s; k++)
            memcpy((char *)dst + (i0 * s + k * len) * size, (const char *)src + (k * n + i0) * size,
                   len * size);
    }
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
    lay_out(laid, series, sizeof laid[0], N, S, C);
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

/*
 * Ranking by 32-bit positions (pcf__mc_spearman_pos): distinct positions, laid out chunk by
 * chunk (3 series of 1,000 in chunks of 128), give GSL's rho of the same numbers as doubles.
 * It declines (returns 0: the run ranks the values themselves) when two positions are equal (the
 * values may or may not tie), closer than the gap asked for, or at either end of the range (a
 * clamped value).
 */
static void test_spearman_positions(void **state)
{
    (void)state;
    enum { N = 1000, S = 3, C = 128 };
    static uint32_t laid[N * S], series[S][N];
    static double as_double[N];
    uint64_t s = 1618;
    for (size_t i = 0; i < N; i++) {
        ya[i] = unit(&s);
        for (size_t k = 0; k < S; k++) /* distinct: i in the low bits */
            series[k][i] = (uint32_t)((lcg(&s) % 4000000u) * 1000u + i + 1000u);
    }
    lay_out(laid, series, sizeof laid[0], N, S, C);
    pcf__mc_rank_work w;
    assert_true(pcf__mc_rank_work_init(&w, N));
    double syy = pcf__mc_centred_ranks(ya, N, cy, &w), rho = 0.0;
    for (size_t k = 0; k < S; k++) {
        for (size_t i = 0; i < N; i++)
            as_double[i] = (double)series[k][i];
        double gsl = gsl_stats_spearman(as_double, 1, ya, 1, N, work);
        assert_int_equal(pcf__mc_spearman_pos(laid, N, C, S, k, 1, cy, syy, NULL, &w, &rho), 1);
        assert_double_close(rho, gsl, 1e-12, 1e-12);
    }
    /* a gap wider than the whole range is refused */
    assert_int_equal(pcf__mc_spearman_pos(laid, N, C, S, 0, 4000000000u, cy, syy, NULL, &w, &rho),
                     0);
    /* a tie, a position 0 and one of 2^32 - 1 */
    uint32_t one[4] = {5, 9, 5, 7};
    const double y4[] = {1, 2, 3, 4};
    syy = pcf__mc_centred_ranks(y4, 4, cy, &w);
    assert_int_equal(pcf__mc_spearman_pos(one, 4, 4, 1, 0, 1, cy, syy, NULL, &w, &rho), 0);
    one[2] = 8; /* 5, 9, 8, 7 against 1, 2, 3, 4: ranks 1, 4, 3, 2; rho = 1 - 6 * 8 / 60 = 0.2 */
    assert_int_equal(pcf__mc_spearman_pos(one, 4, 4, 1, 0, 1, cy, syy, NULL, &w, &rho), 1);
    assert_double_close(rho, 0.2, 0, 1e-15);
    assert_int_equal(pcf__mc_spearman_pos(one, 4, 4, 1, 0, 2, cy, syy, NULL, &w, &rho), 0);
    one[0] = 0;
    assert_int_equal(pcf__mc_spearman_pos(one, 4, 4, 1, 0, 1, cy, syy, NULL, &w, &rho), 0);
    one[0] = UINT32_MAX;
    assert_int_equal(pcf__mc_spearman_pos(one, 4, 4, 1, 0, 1, cy, syy, NULL, &w, &rho), 0);
    assert_int_equal(pcf__mc_spearman_pos(one, 4, 4, 1, 1, 1, cy, syy, NULL, &w, &rho), 0);
    pcf__mc_rank_work_free(&w);
}

/* The values behind the positions of test_spearman_positions_resolved: t = xa[i], and the
 * sample t, or t rounded down to a multiple of `round` when that is set (monotone in t, like a
 * lognormal's exp(t): ties among distinct t). */
typedef struct by_value {
    double round;
    size_t calls;
} by_value;

static double value_of(void *ctx, size_t i, double *sample)
{
    by_value *b = ctx;
    b->calls++;
    *sample = b->round > 0 ? floor(xa[i] / b->round) * b->round : xa[i];
    return xa[i];
}

/* iter[(c + n - 1) / 2] = i for the centred ranks c of an untied y (as mc.c builds it). */
static void iterations_of(const int64_t *c, size_t n, uint32_t *iter)
{
    for (size_t i = 0; i < n; i++)
        iter[(c[i] + (int64_t)n - 1) / 2] = (uint32_t)i;
}

/*
 * Positions closer than the gap are put in order from their values (pcf__mc_values), which
 * gives GSL's rho of the samples. 1,000 values t in [0, 1) on a grid of 4,000 positions 2^20
 * apart (q = 1 + 2^20 floor(4000 t), spread over the 32 bits as a run's are): about a fifth share
 * a position; with gap 1 the records of one position are a group, with gap 2^21 + 1 also
 * neighbours on the grid (the groups chain). Only grouped records' values are asked for. Then
 * ties: t = k/64 + i 1e-9 (k < 64, i the index) on q = 1 + 2^20 floor(400 t), so
 * each k's records share a position, and samples t rounded down to 1/64 tie within each k
 * although their t differ (ranks averaged; GSL ranks the rounded samples). Declined (0, the run
 * ranks the values): without v, for a group of more than 64 records, for bunched positions, and
 * when the total has ties (no iteration known for a rank).
 */
static void test_spearman_positions_resolved(void **state)
{
    (void)state;
    enum { N = 1000, GRID = 1u << 20 };
    static uint32_t q[N], iter[N];
    static double rounded[N];
    uint64_t s = 2718;
    for (size_t i = 0; i < N; i++) {
        xa[i] = unit(&s);
        ya[i] = xa[i] + unit(&s) * 0.5;
        q[i] = 1u + (uint32_t)(xa[i] * 4000.0) * GRID;
    }
    pcf__mc_rank_work w;
    assert_true(pcf__mc_rank_work_init(&w, N));
    double syy = pcf__mc_centred_ranks(ya, N, cy, &w), rho = 0.0;
    iterations_of(cy, N, iter);
    by_value b = {0.0, 0};
    pcf__mc_values v = {value_of, &b, iter};
    double gsl = gsl_stats_spearman(xa, 1, ya, 1, N, work);
    assert_int_equal(pcf__mc_spearman_pos(q, N, N, 1, 0, 1, cy, syy, NULL, &w, &rho), 0);
    for (uint32_t gap = 1; gap <= 2 * GRID + 1; gap += 2 * GRID) {
        b.calls = 0;
        assert_int_equal(pcf__mc_spearman_pos(q, N, N, 1, 0, gap, cy, syy, &v, &w, &rho), 1);
        assert_double_close(rho, gsl, 1e-12, 1e-12);
        assert_true(b.calls > 100 && b.calls < N);
    }
    /* ties among distinct t */
    b.round = 1.0 / 64.0;
    for (size_t i = 0; i < N; i++) {
        double k = (double)(lcg(&s) % 64);
        xa[i] = k / 64.0 + (double)i * 1e-9;
        rounded[i] = k / 64.0;
        q[i] = 1u + (uint32_t)(xa[i] * 400.0) * GRID;
    }
    gsl = gsl_stats_spearman(rounded, 1, ya, 1, N, work);
    assert_int_equal(pcf__mc_spearman_pos(q, N, N, 1, 0, 1, cy, syy, &v, &w, &rho), 1);
    assert_double_close(rho, gsl, 1e-12, 1e-12);
    /* a group of more than 64: 100 values on one position */
    b.round = 0.0;
    for (size_t i = 0; i < N; i++)
        q[i] = i < 100 ? 5u : 1000u + 4000000u * (uint32_t)i;
    assert_int_equal(pcf__mc_spearman_pos(q, N, N, 1, 0, 1, cy, syy, &v, &w, &rho), 0);
    /* bunched: 1,000 positions below 2^10 in descending order share their top 22 bits, and
     * putting them in order would move records about n^2/2 places, past the 4n allowed */
    for (size_t i = 0; i < N; i++)
        q[i] = 1000u - (uint32_t)i;
    assert_int_equal(pcf__mc_spearman_pos(q, N, N, 1, 0, 1, cy, syy, &v, &w, &rho), 0);
    /* two equal positions, the total with ties */
    for (size_t i = 0; i < 100; i++)
        q[i] = 1000u + 4000000u * (uint32_t)i;
    q[1] = q[0];
    syy = pcf__mc_centred_ranks(rounded, N, cy, &w);
    v.iter = NULL;
    assert_int_equal(pcf__mc_spearman_pos(q, N, N, 1, 0, 1, cy, syy, &v, &w, &rho), 0);
    pcf__mc_rank_work_free(&w);
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/*
 * pcf__mc_sort (the statistics' sort) gives what qsort gives, on values of one sign (the keys'
 * top bits), of both signs (positions in [min, max]), with ties, -0 (which comes out as +0,
 * equal to it) and an outlier that bunches the rest (the radix sort on all the bits).
 */
static void test_sort_values(void **state)
{
    (void)state;
    static double sorted[MAXN];
    pcf__mc_rank_work w;
    size_t n = 5000;
    assert_true(pcf__mc_rank_work_init(&w, n));
    uint64_t s = 2718;
    for (int shape = 0; shape < 4; shape++) {
        for (size_t i = 0; i < n; i++) {
            double u = unit(&s);
            xa[i] = shape == 0   ? 1.0 + u
                    : shape == 1 ? u * 2.0 - 1.0
                    : shape == 2 ? (double)(int)(u * 50.0) - 25.0
                                 : 1.0 + u * 0x1.0p-20;
        }
        if (shape == 2)
            xa[7] = -0.0;
        if (shape == 3)
            xa[99] = -1e300;
        pcf__mc_sort(xa, n, sorted, &w);
        memcpy(ya, xa, n * sizeof *ya);
        qsort(ya, n, sizeof *ya, cmp_dbl);
        for (size_t i = 0; i < n; i++)
            assert_true(sorted[i] == ya[i]);
    }
    pcf__mc_sort(xa, 0, sorted, &w); /* nothing to sort: nothing written */
    pcf__mc_rank_work_free(&w);
}

/* The sort carries the total's centred ranks as int32_t: work for more than INT32_MAX samples
 * is refused before anything is allocated (a run has at most 100 million iterations). */
static void test_work_limit(void **state)
{
    (void)state;
    pcf__mc_rank_work w;
    assert_false(pcf__mc_rank_work_init(&w, (size_t)INT32_MAX + 1));
    assert_null(w.keys);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_centred_ranks_hand),
        cmocka_unit_test(test_spearman_hand),
        cmocka_unit_test(test_spearman_monotone),
        cmocka_unit_test(test_spearman_random_sizes),
        cmocka_unit_test(test_spearman_ties),
        cmocka_unit_test(test_spearman_bunched),
        cmocka_unit_test(test_spearman_chunked),
        cmocka_unit_test(test_sorted_spacing),
        cmocka_unit_test(test_sort_values),
        cmocka_unit_test(test_work_limit),
        cmocka_unit_test(test_spearman_positions),
        cmocka_unit_test(test_spearman_positions_resolved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
