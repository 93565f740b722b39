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

/* A copy of s (free()) with every ' turned into ": models and JSON written in C with ' for " stay
 * readable. */
static inline char *testutil_q(const char *s)
{
    char *t = strdup(s);
    if (!t)
        fail_msg("out of memory");
    for (char *p = t; *p; p++)
        if (*p == '\'')
            *p = '"';
    return t;
}

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

/* dir/name in one of 8 rotating buffers (so a call can take two or three of them at once). */
static inline const char *testutil_path(const char *dir, const char *name)
{
    static char buf[8][1024];
    static unsigned k;
    char *p = buf[k++ % 8];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

/* Writes n bytes of data to path (replacing it); fails the test when it cannot. */
#define testutil_write(path, data, n) testutil_write_((path), (data), (n), __FILE__, __LINE__)

static inline void testutil_write_(const char *path, const void *data, size_t n, const char *file,
                                   int line)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(data, 1, n, f) == n;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok) {
        print_error("cannot write %s\n", path);
        _fail(file, line);
    }
}

/* Reads the whole file path into a NUL-terminated buffer (free()), its length in *n when n is
 * not NULL; fails the test when it cannot. */
#define testutil_read(path, n) testutil_read_((path), (n), __FILE__, __LINE__)

static inline char *testutil_read_(const char *path, size_t *n, const char *file, int line)
{
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    long len = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (s = (char *)malloc((size_t)len + 1)) != NULL &&
        fread(s, 1, (size_t)len, f) == (size_t)len) {
        s[len] = '\0';
        fclose(f);
        if (n)
            *n = (size_t)len;
        return s;
    }
    if (f)
        fclose(f);
    free(s);
    print_error("cannot read %s\n", path);
    _fail(file, line);
    return NULL;
}

/* Reads the file dir/name into a NUL-terminated buffer (release with free()); fails the test when
 * it cannot. For fixtures under tests/data/. */
#define testutil_slurp(dir, name) testutil_slurp_((dir), (name), __FILE__, __LINE__)

static inline char *testutil_slurp_(const char *dir, const char *name, const char *file, int line)
{
    return testutil_read_(testutil_path(dir, name), NULL, file, line);
}

#endif
