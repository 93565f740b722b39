/*
 * pcf — the tables of GSL's ziggurat, so that the Monte Carlo sampler can take its common case
 * inline (pcf__mc_gaussian in mc_internal.h).
 * GPL-3.0-or-later; see LICENSE.
 *
 * gsl_ran_gaussian_ziggurat(r, sigma) (Marsaglia & Tsang's ziggurat as GSL 2.x writes it), on a
 * generator whose numbers span 32 bits (taus2's), takes one number k: i = k & 0x7f picks one of
 * 128 strips, bit 7 the sign (+ when set), j = (k >> 8) & 0xffffff a point; when j < K[i] it
 * returns sign sigma (j W[i]) at once, else it draws more numbers (a wedge of the strip, or the
 * tail) and may start again. K and W are static in GSL, so they are read off the installed GSL:
 * a generator type of our own hands gsl_ran_gaussian_ziggurat chosen numbers and counts how many
 * it asks for. Asked once, the draw took the fast path: K[i] is the first j for which it asks
 * more (a binary search over 24 bits), and the draw of j = 1 is W[i] itself. The tables are then
 * checked against GSL on two real taus2 streams; if any draw differs (another GSL that draws
 * otherwise), every K[i] is left 0 and every draw goes to GSL.
 */
#include "mc_internal.h"

#include <pthread.h>

pcf__mc_zig_tables pcf__mc_zig;

static pthread_once_t zig_once = PTHREAD_ONCE_INIT;
static int zig_on;

/* The probing generator: its first number is `first`, then numbers that end any rejection
 * loop (j = 0 on strips 1, 2, ...: the fast path wherever K[i] > 0), and 0.5 as a uniform. */
typedef struct probe {
    unsigned long first;
    unsigned long calls;
} probe;

static void probe_set(void *state, unsigned long seed)
{
    probe *p = state;
    p->first = seed;
    p->calls = 0;
}

static unsigned long probe_get(void *state)
{
    probe *p = state;
    return p->calls++ == 0 ? p->first : 0x80u | (1u + (unsigned)(p->calls % 126u));
}

static double probe_uniform(void *state)
{
    probe *p = state;
    p->calls++;
    return 0.5;
}

static const gsl_rng_type probe_type = {"pcf-probe", 0xffffffffUL, 0, sizeof(probe), probe_set,
                                        probe_get,   probe_uniform};

/* Draws with the first number (j << 8) | 0x80 | i; *fast: GSL asked for no other. */
static double probe_draw(gsl_rng *r, unsigned long i, unsigned long j, int *fast)
{
    probe_set(r->state, (j << 8) | 0x80u | i);
    double x = gsl_ran_gaussian_ziggurat(r, 1.0);
    *fast = ((probe *)r->state)->calls == 1;
    return x;
}

/* 1 when pcf__mc_gaussian gives gsl_ran_gaussian_ziggurat's numbers on two taus2 streams. */
static int tables_agree(void)
{
    pcf__mc_taus sa, sb;
    gsl_rng a = {gsl_rng_taus2, &sa}, b = {gsl_rng_taus2, &sb}; /* size: test_taus2_inline */
    const unsigned long seeds[] = {1, 20261206};
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        gsl_rng_set(&a, seeds[s]);
        gsl_rng_set(&b, seeds[s]);
        for (int n = 0; n < 4096; n++) {
            double x = gsl_ran_gaussian_ziggurat(&a, 1.0), y = pcf__mc_gaussian(&b, &sb);
            if (memcmp(&x, &y, sizeof x) != 0)
                return 0;
        }
    }
    return 1;
}

static void zig_fill(void)
{
    probe state;
    gsl_rng r = {&probe_type, &state};
    int fast;
    for (unsigned long i = 0; i < 128; i++) {
        unsigned long lo = 0, hi = 1ul << 24; /* K[i] in [lo, hi]: j < lo fast, j >= hi not */
        while (lo < hi) {
            unsigned long mid = lo + (hi - lo) / 2;
            (void)probe_draw(&r, i, mid, &fast);
            if (fast)
                lo = mid + 1;
            else
                hi = mid;
        }
        double w = lo > 1 ? probe_draw(&r, i, 1, &fast) : 0.0; /* j W[i] is 0 when only j = 0 */
        pcf__mc_zig.k[i] = (uint32_t)lo;
        pcf__mc_zig.w[i] = w;
    }
    zig_on = tables_agree();
    if (!zig_on)
        memset(pcf__mc_zig.k, 0, sizeof pcf__mc_zig.k);
}

int pcf__mc_zig_init(void)
{
    pthread_once(&zig_once, zig_fill);
    return zig_on;
}
