/*
 * Shared helpers for the cmocka tests. GPL-3.0-or-later; see LICENSE.
 *
 * cmocka 1.1.5 has no double-precision assertion, so assert_double_close() lives here.
 */
#ifndef PCF_TESTUTIL_H
#define PCF_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Passes when |actual - expected| <= max(abs_tol, rel_tol * |expected|). */
#define assert_double_close(actual, expected, rel_tol, abs_tol)                                    \
    testutil_double_close((actual), (expected), (rel_tol), (abs_tol), #actual, __FILE__, __LINE__)

static inline void testutil_double_close(double actual, double expected, double rel_tol,
                                         double abs_tol, const char *expr, const char *file,
                                         int line)
{
    double tol = fabs(expected) * rel_tol;
    if (tol < abs_tol)
        tol = abs_tol;
    if (!(fabs(actual - expected) <= tol)) {
        print_error("%s = %.17g, expected %.17g (tolerance %.3g)\n", expr, actual, expected, tol);
        _fail(file, line);
    }
}

/* Asserts that haystack contains needle, printing both when it does not. */
#define assert_contains(haystack, needle)                                                          \
    testutil_contains((haystack), (needle), __FILE__, __LINE__)

static inline void testutil_contains(const char *haystack, const char *needle, const char *file,
                                     int line)
{
    if (!haystack || !strstr(haystack, needle)) {
        print_error("\"%s\" does not contain \"%s\"\n", haystack ? haystack : "(null)", needle);
        _fail(file, line);
    }
}

/* Reads the file dir/name into a NUL-terminated buffer (release with free()); fails the test when
 * it cannot. For fixtures under tests/data/. */
#define testutil_slurp(dir, name) testutil_slurp_((dir), (name), __FILE__, __LINE__)

static inline char *testutil_slurp_(const char *dir, const char *name, const char *file, int line)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    long n = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (s = (char *)malloc((size_t)n + 1)) != NULL && fread(s, 1, (size_t)n, f) == (size_t)n) {
        s[n] = '\0';
        fclose(f);
        return s;
    }
    if (f)
        fclose(f);
    free(s);
    print_error("cannot read the test fixture %s\n", path);
    _fail(file, line);
    return NULL;
}

#endif
