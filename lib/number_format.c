/*
 * pcf — shortest round-trip text of a double (pcf_number_format), without printf.
 * GPL-3.0-or-later; see LICENSE.
 *
 * The text is defined as the printf loop in units.c (pcf__number_format_printf) writes it: the
 * first of %.15g, %.16g, %.17g that reads back to the same double. For a normal double %.15g is
 * the shortest such text whenever one of at most 15 digits exists (15 digits always survive a
 * trip through a double), so this is the shortest text, with %g's choice of notation at that
 * precision; subnormals keep %.15g's 15 digits. This file computes that same text with integer
 * arithmetic:
 *
 *  1. x = M * 2^E with M normalised to 64 bits. With the 128-bit power of ten of
 *     tools/gen_pow10.py, Z = x * 10^(16-X) (X the decimal exponent of x, so 10^16 <= Z < 10^17)
 *     is computed as a fixed-point number with 64 fraction bits. Its error is below 1.1 units
 *     of the last place (the table is truncated, the product is truncated once).
 *  2. Z rounded to P = 15, 16, 17 digits gives the candidate C; it reads back to x when it lies
 *     strictly inside x's rounding interval (x +- half an ulp; a quarter ulp below a power of
 *     two), whose edges are Z +- the half-ulp scaled with the same table entry.
 *  3. Every one of these decisions is taken only when the computed quantities are further
 *     apart than their error bound (CLOSE units of 2^-64). Otherwise, which happens only for
 *     exact ties in the rounding, candidates exactly on an edge (where strtod's round-half-even
 *     decides) and values at exact powers of ten, the printf loop decides. Integers below 2^53,
 *     the commonest exact values, have their own exact path.
 *
 * tests/test_number_format.c compares this with the printf loop on millions of doubles.
 */
#include "internal.h"

#include <stdint.h>
#include <string.h>

#ifdef __SIZEOF_INT128__
#include "pow10_table.h"

__extension__ typedef unsigned __int128 u128;

/* Units of 2^-64 within which two computed quantities count as "too close to tell". */
#define CLOSE 4

static const uint64_t POW10[18] = {1u,
                                   10u,
                                   100u,
                                   1000u,
                                   10000u,
                                   100000u,
                                   1000000u,
                                   10000000u,
                                   100000000u,
                                   1000000000u,
                                   10000000000u,
                                   100000000000u,
                                   1000000000000u,
                                   10000000000000u,
                                   100000000000000u,
                                   1000000000000000u,
                                   10000000000000000u,
                                   100000000000000000u};

static int too_close(u128 a, u128 b)
{
    return (a > b ? a - b : b - a) <= CLOSE;
}

/* About floor(log10(2^k)); format_fast corrects it by one either way. */
static int floor_log10_pow2(int k)
{
    return (int)((k * INT64_C(78913)) >> 18);
}

/*
 * Writes n (its significant digits; trailing zeros are dropped) with decimal exponent x the way
 * printf's %.{p}g does. Returns the length.
 */
static int emit(char *out, int neg, uint64_t n, int x, int p)
{
    char d[20];
    int nd = 0;
    while (n % 10 == 0 && n > 0)
        n /= 10;
    do {
        d[nd++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    /* d holds the digits last first */
    char *o = out;
    if (neg)
        *o++ = '-';
    if (x < -4 || x >= p) {
        *o++ = d[nd - 1];
        if (nd > 1) {
            *o++ = '.';
            for (int i = nd - 2; i >= 0; i--)
                *o++ = d[i];
        }
        *o++ = 'e';
        *o++ = x < 0 ? '-' : '+';
        int ax = x < 0 ? -x : x;
        if (ax >= 100)
            *o++ = (char)('0' + ax / 100);
        *o++ = (char)('0' + ax / 10 % 10);
        *o++ = (char)('0' + ax % 10);
    } else if (x >= 0) {
        for (int i = 0; i <= x; i++)
            *o++ = i < nd ? d[nd - 1 - i] : '0';
        if (nd > x + 1) {
            *o++ = '.';
            for (int i = x + 1; i < nd; i++)
                *o++ = d[nd - 1 - i];
        }
    } else {
        *o++ = '0';
        *o++ = '.';
        for (int i = -1; i > x; i--)
            *o++ = '0';
        for (int i = nd - 1; i >= 0; i--)
            *o++ = d[i];
    }
    *o = '\0';
    return (int)(o - out);
}

/* Z = m * 2^e * 10^j * 2^64 (m normalised to 64 bits), truncated; 0 when out of range. */
static u128 scaled(uint64_t m, int e, int j)
{
    if (j < PCF__POW10_MIN || j > PCF__POW10_MAX)
        return 0;
    int k = j - PCF__POW10_MIN;
    /* m * T = mid * 2^64 + (a dropped low word), so Z * 2^64 = mid * 2^(e + b + 128) */
    u128 lo = (u128)m * pcf__pow10[k].lo;
    u128 mid = (u128)m * pcf__pow10[k].hi + (uint64_t)(lo >> 64);
    int sh = -(e + pcf__pow10[k].b + 128);
    if (sh < 1 || sh > 126)
        return 0;
    return mid >> sh;
}

/*
 * The fast path: the text into out (at least 32 bytes) and its length, or -1 when the printf
 * loop must decide.
 */
static int format_fast(double v, char *out)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int neg = (int)(bits >> 63);
    int be = (int)((bits >> 52) & 0x7ff);
    uint64_t f = bits & ((UINT64_C(1) << 52) - 1);
    uint64_t m = be ? f | (UINT64_C(1) << 52) : f;
    int e = be ? be - 1075 : -1074; /* |x| = m * 2^e */

    if (e <= 0 && e > -53 && (m & ((UINT64_C(1) << -e) - 1)) == 0) {
        /* an integer below 2^53: exact digits; 16 significant digits need %.16g */
        uint64_t n = m >> -e;
        int nd = 1;
        while (nd < 17 && n >= POW10[nd])
            nd++;
        uint64_t t = n;
        int sig = nd;
        while (t % 10 == 0) {
            t /= 10;
            sig--;
        }
        return emit(out, neg, n, nd - 1, sig <= 15 ? 15 : 16);
    }

    int s = __builtin_clzll(m);
    uint64_t mn = m << s;
    int en = e - s; /* |x| = mn * 2^en, 2^63 <= mn < 2^64 */
    int x10 = floor_log10_pow2(en + 63);
    /* 10^x10 <= |x| < 10^(x10 + 1) once 10^16 <= Z = |x| * 10^(16 - x10) < 10^17 */
    const u128 top = (u128)POW10[17] << 64, bottom = (u128)POW10[16] << 64;
    u128 z = 0;
    for (int tries = 0; tries < 3; tries++) {
        z = scaled(mn, en, 16 - x10);
        if (z == 0 || too_close(z, top) || too_close(z, bottom))
            return -1;
        if (z >= top)
            x10++;
        else if (z < bottom)
            x10--;
        else
            break;
    }
    if (z >= top || z < bottom)
        return -1;

    /* half an ulp of x scaled like Z: 2^(e-1) * 10^(16-x10) * 2^64, from the same table entry */
    int k = 16 - x10 - PCF__POW10_MIN;
    u128 t = ((u128)pcf__pow10[k].hi << 64) | pcf__pow10[k].lo;
    int sh = -(pcf__pow10[k].b + e - 1 + 64);
    if (sh < 1 || sh > 126)
        return -1;
    u128 h = t >> sh;
    u128 hlo = (f == 0 && be > 1) ? h >> 1 : h; /* below a power of two the gap halves */
    u128 zhi = z + h, zlo = z - hlo;

    uint64_t d = (uint64_t)(z >> 64);
    uint64_t frac = (uint64_t)z;
    for (int p = 15; p <= 17; p++) {
        uint64_t div = POW10[17 - p];
        uint64_t n = d / div;
        u128 rem = ((u128)(d % div) << 64) | frac;
        u128 half = (u128)div << 63;
        if (too_close(rem, half))
            return -1;
        if (rem > half)
            n++;
        u128 c = (u128)(n * div) << 64; /* the candidate in Z's units */
        if (too_close(c, zhi) || too_close(c, zlo))
            return -1;
        if (c < zhi && c > zlo) {
            int xr = x10;
            if (n == POW10[p]) {
                n = POW10[p - 1];
                xr++;
            }
            return emit(out, neg, n, xr, p);
        }
    }
    return -1;
}

#else /* no 128-bit integers: the printf loop alone */
static int format_fast(double v, char *out)
{
    (void)v;
    (void)out;
    return -1;
}
#endif

size_t pcf_number_format(double value, char *buf, size_t size)
{
    char tmp[40];
    int n;
    if (value != value) {
        memcpy(tmp, "nan", 4);
        n = 3;
    } else if (value == 0.0) {
        /* -0 too: see the header */
        memcpy(tmp, "0", 2);
        n = 1;
    } else if (value > 1.7976931348623157e308 || value < -1.7976931348623157e308) {
        n = value < 0 ? 4 : 3;
        memcpy(tmp, value < 0 ? "-inf" : "inf", (size_t)n + 1);
    } else {
        n = format_fast(value, tmp);
        if (n < 0)
            n = pcf__number_format_printf(value, tmp, sizeof tmp);
    }
    if (buf && size) {
        size_t k = (size_t)n < size - 1 ? (size_t)n : size - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return (size_t)n;
}
