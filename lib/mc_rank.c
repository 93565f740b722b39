/*
 * pcf — the Monte Carlo sensitivity ranking: Spearman's rank correlation of each parameter's
 * samples with the total, with ranks averaged over ties, exactly as gsl_stats_spearman defines it.
 * GPL-3.0-or-later; see LICENSE.
 *
 * How it is fast (1,000 parameters x 10,000 iterations is 10 million values to rank):
 *   - Sorting: the doubles become 64-bit keys whose unsigned order is the numeric order; the keys
 *     are sorted by the top 22 significant bits of key - minimum (one counting pass for both
 *     11-bit digits, two LSD scatter passes), then one insertion pass orders the few keys that
 *     share those bits. When the values are bunched (an outlier stretching the range, so that
 *     insertion would move keys far), a full LSD radix sort takes over. The order is exact; only
 *     the number of passes depends on the data.
 *   - Correlating: ranks are taken doubled and centred, c = 2 rank - (n + 1), which are integers
 *     (a tie of g values shares the average of g consecutive ranks) summing to zero. So rho =
 *     sum(cx cy) / sqrt(sum cx^2 sum cy^2). The total's c are computed once; a parameter's cx is
 *     read off its sorted order (the value at sorted position p, if not tied, has cx = 2p + 1 - n),
 *     so no rank array is written: one pass over the sorted order sums cx cy in 64-bit integers
 *     (exact, flushed to a double before they could overflow), and sum cx^2 is the closed form
 *     (n^3 - n)/3 less (g^3 - g)/3 per tie of g values.
 */
#include "mc_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOP_BIT UINT64_C(0x8000000000000000)

/* Maps a double to a key whose unsigned order is the numeric order; -0 and +0 (equal) share one.
 */
static uint64_t sort_key(double d)
{
    uint64_t u;
    double z = d + 0.0; /* -0 + 0 is +0; any other value is unchanged */
    memcpy(&u, &z, sizeof u);
    return (u & TOP_BIT) ? ~u : (u | TOP_BIT);
}

/* The double of a key (sort_key's inverse; -0 comes back as +0, which compares equal). */
static double key_value(uint64_t key)
{
    uint64_t u = (key & TOP_BIT) ? key & ~TOP_BIT : ~key;
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static unsigned bit_length(uint64_t v)
{
    unsigned b = 0;
    while (v) {
        b++;
        v >>= 1;
    }
    return b;
}

int pcf__mc_rank_work_init(pcf__mc_rank_work *w, size_t n)
{
    memset(w, 0, sizeof *w);
    /* |cx cy| <= (n-1)^2, so this many products of untied values fit an int64_t */
    uint64_t m = n > 1 ? (uint64_t)(n - 1) : 1;
    w->block = (size_t)(INT64_MAX / (m * m));
    if (n > INT32_MAX)
        return 0; /* the sort carries the total's centred ranks as int32_t */
    w->keys = malloc(2 * (n ? n : 1) * sizeof *w->keys);
    w->idx = malloc(2 * (n ? n : 1) * sizeof *w->idx);
    w->digit = malloc(2 * (n ? n : 1) * sizeof *w->digit);
    if (!w->keys || !w->idx || !w->digit) {
        pcf__mc_rank_work_free(w);
        return 0;
    }
    return 1;
}

void pcf__mc_rank_work_free(pcf__mc_rank_work *w)
{
    free(w->keys);
    free(w->idx);
    free(w->digit);
    memset(w, 0, sizeof *w);
}

/* LSD radix sort (11-bit digits) of n keys by the low `bits` bits of key - base, carrying ix;
 * k2 and ix2 are n entries of scratch. The result is in k and ix. */
static void radix_sort_low(uint64_t *k, uint32_t *ix, uint64_t *k2, uint32_t *ix2, size_t n,
                           uint64_t base, unsigned bits)
{
    uint64_t *a = k, *b = k2;
    uint32_t *ia = ix, *ib = ix2;
    for (unsigned shift = 0; shift < bits; shift += 11) {
        size_t count[2049] = {0};
        for (size_t i = 0; i < n; i++)
            count[(((a[i] - base) >> shift) & 2047u) + 1]++;
        if (count[(((a[0] - base) >> shift) & 2047u) + 1] == n)
            continue; /* every key has the same digit: nothing moves */
        for (size_t d = 0; d < 2048; d++)
            count[d + 1] += count[d];
        for (size_t i = 0; i < n; i++) {
            size_t d = count[((a[i] - base) >> shift) & 2047u]++;
            b[d] = a[i];
            ib[d] = ia[i];
        }
        uint64_t *t = a;
        a = b;
        b = t;
        uint32_t *ti = ia;
        ia = ib;
        ib = ti;
    }
    if (a != k) {
        memcpy(k, a, n * sizeof *k);
        memcpy(ix, ia, n * sizeof *ix);
    }
}

/* Insertion sort that gives up (returning 0, the keys still a permutation of themselves) once it
 * has moved keys more than `budget` places in all. */
static int insertion_sort_budget(uint64_t *k, uint32_t *ix, size_t n, size_t budget)
{
    for (size_t i = 1; i < n; i++) {
        uint64_t key = k[i];
        if (k[i - 1] <= key)
            continue;
        uint32_t id = ix[i];
        size_t j = i;
        for (; j > 0 && k[j - 1] > key; j--) {
            k[j] = k[j - 1];
            ix[j] = ix[j - 1];
        }
        k[j] = key;
        ix[j] = id;
        if (i - j > budget)
            return 0;
        budget -= i - j;
    }
    return 1;
}

#define DIGITS 22 /* bits of a value's position in [min, max], sorted as two 11-bit digits */

/* Counts the two 11-bit digits of n 22-bit positions t and turns the counts into the offsets of
 * each digit's first entry (c0, c1: 2049 zeros on entry). */
#define COUNT_DIGITS(get)                                                                          \
    do {                                                                                           \
        for (size_t i = 0; i < n; i++) {                                                           \
            uint64_t t = (get);                                                                    \
            c0[(t & 2047u) + 1]++;                                                                 \
            c1[(t >> 11) + 1]++;                                                                   \
        }                                                                                          \
        for (size_t d = 0; d < 2048; d++) {                                                        \
            c0[d + 1] += c0[d];                                                                    \
            c1[d + 1] += c1[d];                                                                    \
        }                                                                                          \
    } while (0)

static void digit_offsets32(const uint32_t *dg, size_t n, uint32_t *c0, uint32_t *c1)
{
    COUNT_DIGITS(dg[i]);
}

static void digit_offsets(const uint64_t *k, size_t n, uint64_t klo, unsigned shift, uint32_t *c0,
                          uint32_t *c1)
{
    COUNT_DIGITS((k[i] - klo) >> shift);
}

/*
 * sort_samples for values of both signs (key klo negative, khi positive): the keys in order of
 * each value's position in [min, max] on a grid of 2^22, two LSD passes of 11-bit digits.
 */
static void sort_positions(uint64_t *k, uint32_t *ix, size_t n, uint64_t klo, uint64_t khi,
                           const int64_t *cy, pcf__mc_rank_work *w)
{
    uint64_t *k2 = w->keys + n;
    uint32_t *ix2 = w->idx + n, *dg = w->digit, *dg2 = w->digit + n;
    double lo = key_value(klo), range = key_value(khi) - lo;
    double top = (double)((1u << DIGITS) - 1);
    double scale = isfinite(range) && range > 0.0 ? top / range : 0.0;
    uint32_t c0[2049] = {0}, c1[2049] = {0};
    for (size_t i = 0; i < n; i++) {
        double f = (key_value(k[i]) - lo) * scale; /* NaN (a NaN value) goes to the top */
        dg[i] = f < top ? (uint32_t)f : (uint32_t)top;
    }
    digit_offsets32(dg, n, c0, c1);
    for (size_t i = 0; i < n; i++) {
        uint32_t d = c0[dg[i] & 2047u]++;
        k2[d] = k[i];
        dg2[d] = dg[i];
        ix2[d] = cy ? (uint32_t)(int32_t)cy[i] : (uint32_t)i;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t d = c1[dg2[i] >> 11]++;
        k[d] = k2[i];
        ix[d] = ix2[i];
    }
}

/*
 * Leaves the keys of the n values of series `series` of x (laid out as pcf__mc_spearman says) in
 * ascending order in w->keys[0..n) and, beside each, its tag in w->idx[0..n): cy[i] as an
 * int32_t for value i when cy is given, else i. n >= 1.
 *
 * The keys are first put in order of each value's position in [min, max] on a grid of 2^22
 * (two LSD passes of 11-bit digits after one counting pass for both): linear in the value, so
 * the samples of a normal, uniform or triangular law, or a lognormal's exponents, spread evenly
 * over the grid even when they cross zero (where the keys' own top bits would crowd them into a
 * few digits: ranking the exponents of 250 lognormals took 12 ns a value that way, the others 7).
 * The position is monotone in the value, so one insertion pass then orders the few keys that
 * share one. The grid only decides how much insertion has to do: the insertion pass sorts
 * whatever it is given, and when the values are bunched (an outlier stretching the range, so
 * that insertion would move keys far) an LSD radix sort on all the bits of the keys takes over.
 */
static void sort_samples(const double *x, size_t n, size_t chunk, size_t n_series, size_t series,
                         const int64_t *cy, pcf__mc_rank_work *w)
{
    uint64_t *k = w->keys, *k2 = w->keys + n;
    uint32_t *ix = w->idx, *ix2 = w->idx + n;
    uint64_t klo = UINT64_MAX, khi = 0;
    for (size_t i0 = 0; i0 < n; i0 += chunk) {
        size_t len = n - i0 < chunk ? n - i0 : chunk;
        const double *src = x + i0 * n_series + series * len;
        for (size_t j = 0; j < len; j++) {
            uint64_t key = sort_key(src[j]);
            k[i0 + j] = key;
            klo = key < klo ? key : klo;
            khi = key > khi ? key : khi;
        }
    }
    if (!(klo & TOP_BIT) && (khi & TOP_BIT)) {
        sort_positions(k, ix, n, klo, khi, cy, w);
    } else {
        /* one sign: the top 22 significant bits of key - min */
        unsigned sig = bit_length(khi - klo);
        unsigned shift = sig > DIGITS ? sig - DIGITS : 0;
        uint32_t c0[2049] = {0}, c1[2049] = {0};
        digit_offsets(k, n, klo, shift, c0, c1);
        for (size_t i = 0; i < n; i++) {
            size_t d = c0[((k[i] - klo) >> shift) & 2047u]++;
            k2[d] = k[i];
            ix2[d] = cy ? (uint32_t)(int32_t)cy[i] : (uint32_t)i;
        }
        for (size_t i = 0; i < n; i++) {
            size_t d = c1[(k2[i] - klo) >> shift >> 11]++;
            k[d] = k2[i];
            ix[d] = ix2[i];
        }
        if (shift == 0)
            return; /* the digits were the whole keys */
    }
    /* In order but for keys that share their digits: one insertion pass puts them in order,
     * unless the values are bunched (an outlier stretching the range, so that insertion would
     * move keys far): then a radix sort on all the bits. */
    if (!insertion_sort_budget(k, ix, n, 4 * n))
        radix_sort_low(k, ix, k2, ix2, n, klo, bit_length(khi - klo));
}

/* sum over p = 0..n-1 of (2p + 1 - n)^2, less (g^3 - g)/3 per tie of g (see the top). */
static double centred_sum_squares(size_t n, double ties)
{
    double dn = (double)n;
    return (dn * (dn * dn - 1.0) - ties) / 3.0;
}

/* rho = sxy / sqrt(sxx syy) of n values whose ties add up to `ties` (g^3 - g each), clamped to
 * [-1, 1]; NaN when either side is constant (gsl_stats_spearman gives NaN too). */
static double rho_of(double sxy, size_t n, double ties, double syy)
{
    double sxx = centred_sum_squares(n, ties);
    if (sxx <= 0.0 || syy <= 0.0)
        return NAN;
    double rho = sxy / sqrt(sxx * syy);
    return rho > 1.0 ? 1.0 : rho < -1.0 ? -1.0 : rho;
}

double pcf__mc_centred_ranks(const double *y, size_t n, int64_t *c, pcf__mc_rank_work *w)
{
    if (n == 0)
        return 0.0;
    sort_samples(y, n, n, 1, 0, NULL, w);
    const uint64_t *k = w->keys;
    const uint32_t *ix = w->idx;
    double ties = 0.0;
    for (size_t p = 0; p < n;) {
        size_t q = p + 1;
        while (q < n && k[q] == k[p])
            q++;
        int64_t cy = (int64_t)(p + q) - (int64_t)n;
        for (size_t r = p; r < q; r++)
            c[ix[r]] = cy;
        if (q - p > 1) {
            double g = (double)(q - p);
            ties += g * g * g - g;
        }
        p = q;
    }
    return centred_sum_squares(n, ties);
}

double pcf__mc_spearman(const double *x, size_t n, size_t chunk, size_t n_series, size_t series,
                        const int64_t *cy, double syy, pcf__mc_rank_work *w)
{
    if (n == 0 || chunk == 0 || series >= n_series)
        return NAN;
    sort_samples(x, n, chunk, n_series, series, cy, w);
    const uint64_t *k = w->keys;
    const uint32_t *tag = w->idx; /* the total's centred rank of each value, as an int32_t */
    size_t block = w->block;
    double sxy = 0.0, ties = 0.0;
    int64_t nn = (int64_t)n;
    for (size_t p = 0; p < n;) {
        size_t end = n - p > block ? p + block : n;
        int64_t acc = 0;
        while (p < end) {
            if (p + 1 == n || k[p + 1] != k[p]) {
                acc += (2 * (int64_t)p + 1 - nn) * (int32_t)tag[p];
                p++;
                continue;
            }
            size_t q = p + 1;
            int64_t sum = (int32_t)tag[p];
            for (; q < n && k[q] == k[p]; q++)
                sum += (int32_t)tag[q];
            double g = (double)(q - p);
            sxy += (double)((int64_t)(p + q) - nn) * (double)sum;
            ties += g * g * g - g;
            p = q;
        }
        sxy += (double)acc;
    }
    return rho_of(sxy, n, ties, syy);
}

#define GROUP_MAX 64 /* the most records sharing close positions that are resolved by value */

/* One record of a group of close positions, with its values (pcf__mc_values). */
typedef struct group_rec {
    double t, sample;
    int32_t cy;
} group_rec;

/*
 * Records r[p..p+g) have positions closer than the gap: their order and ties come from their
 * values. Each record's iteration is where the total has its centred rank; the values, sorted by
 * t (a sample's order, or a lognormal exponent's), tie where their samples are equal (exp is
 * monotone, so those are neighbours). Adds the group's sum of products to *sxy and g^3 - g per
 * tie of g to *ties. 0 when an iteration is unknown (the total has ties) or the group is large.
 */
static int resolve_group(const uint64_t *r, size_t p, size_t g, size_t n, const pcf__mc_values *v,
                         double *sxy, double *ties)
{
    group_rec rec[GROUP_MAX];
    int64_t nn = (int64_t)n;
    if (g > GROUP_MAX || !v->iter)
        return 0;
    for (size_t m = 0; m < g; m++) {
        int32_t cy = (int32_t)(uint32_t)r[p + m];
        size_t i = v->iter[(cy + nn - 1) / 2]; /* cy = 2 rank - n - 1, rank 1 .. n */
        group_rec x;
        x.cy = cy;
        x.t = v->value(v->ctx, i, &x.sample);
        size_t j = m;
        for (; j > 0 && rec[j - 1].t > x.t; j--)
            rec[j] = rec[j - 1];
        rec[j] = x;
    }
    for (size_t a = 0; a < g;) {
        size_t b = a + 1;
        int64_t sum = rec[a].cy;
        for (; b < g && rec[b].sample == rec[a].sample; b++)
            sum += rec[b].cy;
        *sxy += (double)((int64_t)(2 * p + a + b) - nn) * (double)sum;
        if (b - a > 1) {
            double k = (double)(b - a);
            *ties += k * k * k - k;
        }
        a = b;
    }
    return 1;
}

/*
 * The sum of products of the centred ranks of sorted records r (positions closer than gap
 * resolved by resolve_group) into *sxy, and the ties' g^3 - g into *ties. 0 when a group cannot
 * be resolved.
 */
static int sum_resolved(const uint64_t *r, size_t n, uint32_t gap, size_t block,
                        const pcf__mc_values *v, double *sxy, double *ties)
{
    int64_t nn = (int64_t)n, acc = 0;
    size_t in_acc = 0;
    *sxy = 0.0;
    *ties = 0.0;
    for (size_t p = 0; p < n;) {
        size_t q = p + 1;
        while (q < n && (uint32_t)(r[q] >> 32) - (uint32_t)(r[q - 1] >> 32) < gap)
            q++;
        if (q - p > 1) {
            if (!resolve_group(r, p, q - p, n, v, sxy, ties))
                return 0;
            p = q;
            continue;
        }
        acc += (2 * (int64_t)p + 1 - nn) * (int32_t)(uint32_t)r[p];
        p++;
        if (++in_acc == block) {
            *sxy += (double)acc;
            acc = 0;
            in_acc = 0;
        }
    }
    *sxy += (double)acc;
    return 1;
}

/*
 * One pass over records r (in order of their positions' top bits) that puts them in order with
 * insertion, checks neighbours' positions against the gap and adds up the products of the
 * centred ranks (2 p + 1 - n for record p) with the total's ranks the records carry, into *sxy.
 * A record moved back from i to j shifts those from j on by one place, whose ranks each grow by
 * 2: the sum is corrected for them. Returns 1 when some neighbours are closer than the gap, 0
 * when none, -1 when insertion would move records more than 4n places in all (bunched
 * positions: the records are then still a permutation, not in order).
 */
static int order_and_sum(uint64_t *r, size_t n, uint32_t gap, size_t block, double *sxy)
{
    int64_t nn = (int64_t)n, acc = (1 - nn) * (int32_t)(uint32_t)r[0];
    size_t budget = 4 * n, in_acc = 1;
    uint32_t close = 0;
    uint64_t prev = r[0];
    for (size_t i = 1; i < n; i++) {
        uint64_t key = r[i];
        if (prev <= key) {
            close |= (uint32_t)(key >> 32) - (uint32_t)(prev >> 32) < gap;
            acc += (2 * (int64_t)i + 1 - nn) * (int32_t)(uint32_t)key;
            prev = key;
            if (++in_acc < block)
                continue;
        } else {
            size_t j = i;
            int64_t shifted = 0;
            for (; j > 0 && r[j - 1] > key; j--) {
                r[j] = r[j - 1];
                shifted += (int32_t)(uint32_t)r[j];
            }
            r[j] = key;
            if (i - j > budget)
                return -1;
            budget -= i - j;
            uint32_t pos = (uint32_t)(key >> 32);
            close |= (uint32_t)(r[j + 1] >> 32) - pos < gap;
            close |= j > 0 && pos - (uint32_t)(r[j - 1] >> 32) < gap;
            *sxy += 2.0 * (double)shifted +
                    (double)(2 * (int64_t)j + 1 - nn) * (double)(int32_t)(uint32_t)key;
            prev = r[i];
        }
        *sxy += (double)acc;
        acc = 0;
        in_acc = 0;
    }
    *sxy += (double)acc;
    return close ? 1 : 0;
}

/*
 * Spearman's rho from 32-bit positions (see pcf__mc_spearman_pos in mc_internal.h). Records
 * position << 32 | the total's centred rank (as a uint32_t) are sorted by the positions' top 22
 * bits (two LSD passes of 11-bit digits after one counting pass), then one pass
 * (order_and_sum) orders the few records that share those bits, checks that the positions decide
 * the ranks and sums the products of the centred ranks (as three passes it took 10 % longer).
 * (One scatter pass by the top log2(n) bits, about 3 records in a bucket near a
 * normal's centre, left the insertion pass with so many mispredicted branches that the whole
 * took 1.8 times as long.) Where positions are closer than the gap (in model (a), one parameter
 * in twenty), a second walk takes those few records' values from v.
 */
int pcf__mc_spearman_pos(const uint32_t *q, size_t n, size_t chunk, size_t n_series, size_t series,
                         uint32_t gap, const int64_t *cy, double syy, const pcf__mc_values *v,
                         pcf__mc_rank_work *w, double *rho)
{
    if (n == 0 || chunk == 0 || series >= n_series)
        return 0;
    uint64_t *r = w->keys, *r2 = w->keys + n;
    uint32_t c0[2049] = {0}, c1[2049] = {0};
    for (size_t i0 = 0; i0 < n; i0 += chunk) {
        size_t len = n - i0 < chunk ? n - i0 : chunk;
        const uint32_t *src = q + i0 * n_series + series * len;
        for (size_t j = 0; j < len; j++) {
            c0[((src[j] >> 10) & 2047u) + 1]++;
            c1[(src[j] >> 21) + 1]++;
        }
    }
    for (size_t d = 0; d < 2048; d++) {
        c0[d + 1] += c0[d];
        c1[d + 1] += c1[d];
    }
    for (size_t i0 = 0; i0 < n; i0 += chunk) {
        size_t len = n - i0 < chunk ? n - i0 : chunk;
        const uint32_t *src = q + i0 * n_series + series * len;
        for (size_t j = 0; j < len; j++)
            r2[c0[(src[j] >> 10) & 2047u]++] =
                (uint64_t)src[j] << 32 | (uint32_t)(int32_t)cy[i0 + j];
    }
    for (size_t i = 0; i < n; i++)
        r[c1[r2[i] >> 53]++] = r2[i];
    double sxy = 0.0, ties = 0.0;
    int close = order_and_sum(r, n, gap, w->block, &sxy);
    /* none clamped to an end, neighbours gap apart: then the values are distinct and in the
     * positions' order (no ties) */
    if (close < 0 || r[0] >> 32 == 0 || r[n - 1] >> 32 == UINT32_MAX)
        return 0;
    if (close && (!v || !sum_resolved(r, n, gap, w->block, v, &sxy, &ties)))
        return 0;
    *rho = rho_of(sxy, n, ties, syy);
    return 1;
}

void pcf__mc_sort(const double *x, size_t n, double *sorted, pcf__mc_rank_work *w)
{
    if (n == 0)
        return;
    sort_samples(x, n, n, 1, 0, NULL, w);
    for (size_t p = 0; p < n; p++)
        sorted[p] = key_value(w->keys[p]);
}

int pcf__mc_sorted_spacing(size_t n, double gap, double bound, const pcf__mc_rank_work *w)
{
    const uint64_t *k = w->keys;
    double prev = 0.0;
    for (size_t p = 0; p < n; p++) {
        double v = key_value(k[p]);
        if (!(fabs(v) <= bound))
            return 0;
        if (p > 0 && v != prev && !(v - prev >= gap))
            return 0;
        prev = v;
    }
    return 1;
}
