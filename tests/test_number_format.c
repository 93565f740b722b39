/*
 * pcf_number_format (lib/number_format.c) against the printf loop that defines its text: the
 * first of %.15g, %.16g, %.17g that strtod reads back to the same double. Fixed cases with the
 * text written out, then random doubles of every kind compared with that loop.
 * Usage: test_number_format [COUNT] (random doubles per kind; default 250000, so 2 million in
 * all; the benchmark runs 25 million).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <pcf/pcf.h>

static long per_kind = 250000;

/* The definition, written independently of the library (the test runs in the C locale). */
static void reference(double v, char *out, size_t size)
{
    if (isnan(v)) {
        snprintf(out, size, "nan");
        return;
    }
    if (isinf(v)) {
        snprintf(out, size, v < 0 ? "-inf" : "inf");
        return;
    }
    if (v == 0.0) {
        snprintf(out, size, "0");
        return;
    }
    for (int p = 15; p <= 17; p++) {
        snprintf(out, size, "%.*g", p, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint64_t next_u64(void) /* xorshift64*; a fixed seed makes failures repeatable */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1du;
}

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static long checked, failed;
static void check(double v)
{
    char want[40], got[40];
    reference(v, want, sizeof want);
    size_t n = pcf_number_format(v, got, sizeof got);
    checked++;
    if (strcmp(want, got) != 0 || n != strlen(want)) {
        if (failed++ < 20)
            print_error("%a: printf loop \"%s\", pcf_number_format \"%s\"\n", v, want, got);
    }
}

static void check_both_signs(double v)
{
    check(v);
    check(-v);
}

/* Each expected text follows from %g's rules at the precision that first reads back. */
static void fixed_cases(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *text;
    } cases[] = {
        {0.1, "0.1"},
        {1234.5, "1234.5"},
        {-2.5, "-2.5"},
        {100.0, "100"},
        {0.000123, "0.000123"},
        {0.0001, "0.0001"}, /* exponent -4 still fixed */
        {1e-5, "1e-05"},    /* below -4: exponent notation, two exponent digits */
        {1.5e-7, "1.5e-07"},
        {1e100, "1e+100"},
        {1e15, "1e+15"}, /* exponent 15 >= precision 15 */
        {123456789012345.0, "123456789012345"},
        /* 16 digits: %.15g rounds to ...346e+15, which is another double; %.16g is fixed */
        {1234567890123456.0, "1234567890123456"},
        {9007199254740992.0, "9007199254740992"}, /* 2^53 */
        {1e16, "1e+16"},
        /* 12345678901234567 is the double 12345678901234568 (spacing 2 there): 17 digits are
           needed, and at precision 17 exponent 16 is still fixed notation */
        {12345678901234567.0, "12345678901234568"},
        {1.0 / 3.0, "0.3333333333333333"},
        {2.0 / 3.0, "0.6666666666666666"},
        {0.1 + 0.2, "0.30000000000000004"},
        {6.02214076e23, "6.02214076e+23"},
        /* DBL_MAX: 1.79769313486232e+308 and 1.797693134862316e+308 lie past DBL_MAX plus
           half an ulp and read back as infinity */
        {DBL_MAX, "1.7976931348623157e+308"},
        /* DBL_MIN: 2.2250738585072e-308 and 2.225073858507201e-308 are both more than half an
           ulp (2.5e-324) away, so all 17 digits */
        {DBL_MIN, "2.2250738585072014e-308"},
        /* the smallest subnormal: %.15g already reads back (its neighbours are 0 and 1e-323),
           so the text keeps 15 digits rather than the shortest "5e-324" */
        {4.9406564584124654e-324, "4.94065645841247e-324"},
        {1.5, "1.5"},
        {999999999999999.9, "999999999999999.9"},
        {0.5e-4, "5e-05"},
        {99999.99999999999, "99999.99999999999"},
    };
    char buf[40], ref[40];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = pcf_number_format(cases[i].v, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
        assert_int_equal(n, strlen(cases[i].text));
        reference(cases[i].v, ref, sizeof ref);
        assert_string_equal(ref, cases[i].text);
    }
}

/*
 * Negative zero is written "0". It reads back as +0, which compares equal to -0 (the only double
 * for which "the same double" means equal rather than identical bits); in a footprint a -0 is
 * an artefact (a credit of nothing, 0 times a negative coefficient) and "-0" would read as a
 * credit. Infinities and NaN never reach a writer of results, but have a text all the same.
 */
static void zero_and_specials(void **state)
{
    (void)state;
    char buf[40];
    assert_int_equal(pcf_number_format(-0.0, buf, sizeof buf), 1);
    assert_string_equal(buf, "0");
    assert_int_equal(pcf_number_format(0.0, buf, sizeof buf), 1);
    assert_string_equal(buf, "0");
    assert_int_equal(pcf_number_format(-1.0 * 0.0, buf, sizeof buf), 1);
    assert_string_equal(buf, "0");
    pcf_number_format(-4.9406564584124654e-324, buf, sizeof buf);
    assert_string_equal(buf, "-4.94065645841247e-324");
    pcf_number_format(INFINITY, buf, sizeof buf);
    assert_string_equal(buf, "inf");
    pcf_number_format(-INFINITY, buf, sizeof buf);
    assert_string_equal(buf, "-inf");
    pcf_number_format(NAN, buf, sizeof buf);
    assert_string_equal(buf, "nan");
    /* the longest text, 24 bytes, fits the documented 32 */
    assert_int_equal(pcf_number_format(-2.2250738585072014e-308, buf, sizeof buf), 24);
    /* NULL buffer: only the length */
    assert_int_equal(pcf_number_format(0.1 + 0.2, NULL, 0), 19);
}

/* Every power of two and of ten, and their neighbours: edges of the rounding interval. */
static void powers(void **state)
{
    (void)state;
    checked = failed = 0;
    for (int k = -1074; k <= 1023; k++) {
        double v = ldexp(1.0, k);
        check_both_signs(v);
        check_both_signs(nextafter(v, 0.0));
        check_both_signs(nextafter(v, INFINITY));
        for (int m = 3; m < 64; m += 2)
            check(ldexp((double)m, k - 6)); /* short dyadic values: exact decimal expansions */
    }
    for (int k = -323; k <= 308; k++) {
        char t[16];
        snprintf(t, sizeof t, "1e%d", k);
        double v = strtod(t, NULL);
        check_both_signs(v);
        double lo = v, hi = v;
        for (int i = 0; i < 3; i++) {
            lo = nextafter(lo, 0.0);
            hi = nextafter(hi, INFINITY);
            check(lo);
            check(hi);
        }
    }
    check_both_signs(DBL_MAX);
    check_both_signs(DBL_MIN);
    assert_int_equal(failed, 0);
}

/* Uniform over the bit patterns: every exponent range, subnormals included. */
static void random_bits(void **state)
{
    (void)state;
    checked = failed = 0;
    for (long i = 0; i < per_kind * 3; i++) {
        uint64_t b = next_u64() & ~(UINT64_C(0x7ff) << 52);
        b |= (next_u64() % 2047) << 52; /* any exponent but inf/nan */
        check(from_bits(b));
    }
    for (long i = 0; i < per_kind; i++) /* subnormals */
        check(from_bits(next_u64() & ((UINT64_C(1) << 52) - 1)));
    assert_int_equal(failed, 0);
}

/* What models and results are made of: short decimals, integers, their sums and products. */
static void random_decimals(void **state)
{
    (void)state;
    checked = failed = 0;
    static const double scale[] = {1,    1e-1,  1e-2,  1e-3,  1e-4, 1e-5, 1e-6,
                                   1e-7, 1e-10, 1e-15, 1e-20, 1e3,  1e8,  1e20};
    for (long i = 0; i < per_kind; i++) {
        uint64_t digits = next_u64() % 18;
        uint64_t n = next_u64() % (digits ? (uint64_t)pow(10, (double)digits) : 10);
        double v = (double)n * scale[next_u64() % (sizeof scale / sizeof scale[0])];
        check(v);
        check(v / 3.0); /* the 16-17 digit results of arithmetic */
        check(v * 1.1 + 0.2);
    }
    for (long i = 0; i < per_kind; i++) /* integers below 2^53 and beyond */
        check((double)(next_u64() >> (next_u64() % 64)));
    assert_int_equal(failed, 0);
}

/*
 * Halfway cases, where rounding to P digits meets an exact 5: n + 1/2 for 15- and 16-digit n
 * (ties at the 16th and 17th digit), 10n + 5 below 2^53 (tie at the 16th), and x.5 scaled by
 * powers of two.
 */
static void halfway(void **state)
{
    (void)state;
    checked = failed = 0;
    for (long i = 0; i < per_kind / 2; i++) {
        uint64_t n15 = UINT64_C(100000000000000) + next_u64() % UINT64_C(900000000000000);
        uint64_t n16 = UINT64_C(1000000000000000) + next_u64() % UINT64_C(8000000000000000);
        check((double)n15 + 0.5);
        check((double)n15 + 0.25);
        check((double)n16 + 0.5);
        check((double)(n15 * 10 + 5));
        check((double)(n16 / 10 * 10 + 5));
        check(ldexp((double)(n15 * 2 + 1), (int)(next_u64() % 200) - 100));
    }
    assert_int_equal(failed, 0);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        per_kind = strtol(argv[1], NULL, 10);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixed_cases),     cmocka_unit_test(zero_and_specials),
        cmocka_unit_test(powers),          cmocka_unit_test(random_bits),
        cmocka_unit_test(random_decimals), cmocka_unit_test(halfway),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
