/*
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * What a signer and a verifier must agree on byte for byte, so neither the order in which a
 * program happened to build an object nor the digits a JSON library prints can change a
 * signature:
 *  - numbers: RFC 8785 §3.2.2.3 adopts ECMAScript's Number-to-String (ECMA-262, 7.1.12.1): the
 *    fewest significant digits that read back to the same double, written without exponent
 *    for decimal exponents from -6 to 20 and as d.ddde±n otherwise; -0 is "0";
 *  - strings: UTF-8 as given, escaping only '"', '\\' and the controls below U+0020, with the
 *    short forms \b \t \n \f \r and \u00xx (lower-case hex) for the rest (§3.2.2.2);
 *  - objects: members sorted by their names compared as arrays of UTF-16 code units (§3.2.3),
 *    so U+10000 and above (surrogates D800..DFFF) sort before U+E000..U+FFFF.
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "jcs.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *data;
    size_t len, cap;
    int failed;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

int jcs_number(double x, char *out, size_t size)
{
    if (!isfinite(x) || size < 32)
        return -1;
    if (x == 0) { /* +0 and -0 */
        snprintf(out, size, "0");
        return 0;
    }
    char *o = out;
    if (x < 0) {
        *o++ = '-';
        x = -x;
    }
    /* The shortest digit string that reads back to x. printf rounds correctly, so for each
     * length it gives the nearest decimal of that length: the first that round-trips is the
     * shortest, and the nearest among the shortest, as ECMA-262 asks. */
    char sci[40];
    int k = 1;
    for (; k <= 17; k++) {
        snprintf(sci, sizeof sci, "%.*e", k - 1, x);
        if (strtod(sci, NULL) == x)
            break;
    }
    if (k > 17)
        k = 17;
    /* sci is d[.ddd]e±XX: collect the digits and the decimal exponent. */
    char digits[24];
    int nd = 0;
    const char *p = sci;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[nd++] = *p;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = '\0';
    int e10 = atoi(p + 1);
    int n = e10 + 1; /* the value is 0.digits × 10^n */
    size_t room = size - (size_t)(o - out);
    if (nd <= n && n <= 21) {
        snprintf(o, room, "%s%0*d", digits, n - nd, 0);
        if (n == nd)
            o[nd] = '\0'; /* %0*d with width 0 still prints one "0" */
    } else if (0 < n && n <= 21) {
        snprintf(o, room, "%.*s.%s", n, digits, digits + n);
    } else if (-6 < n && n <= 0) {
        snprintf(o, room, "0.%0*d%s", -n, 0, digits);
        if (n == 0)
            snprintf(o, room, "0.%s", digits);
    } else {
        int e = n - 1;
        if (nd == 1)
            snprintf(o, room, "%ce%c%d", digits[0], e < 0 ? '-' : '+', abs(e));
        else
            snprintf(o, room, "%c.%se%c%d", digits[0], digits + 1, e < 0 ? '-' : '+', abs(e));
    }
    return 0;
}

static void put_string(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    put(b, "\"", 1);
    size_t run = 0; /* start of the bytes copied as they are */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\b')
            esc = "\\b";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\f')
            esc = "\\f";
        else if (c == '\r')
            esc = "\\r";
        else if (c < 0x20) {
            memcpy(u, "\\u00", 4);
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15];
            u[6] = '\0';
            esc = u;
        }
        if (esc) {
            put(b, s + run, i - run);
            puts_(b, esc);
            run = i + 1;
        }
    }
    put(b, s + run, n - run);
    put(b, "\"", 1);
}

/* The next UTF-16 code unit of the UTF-8 text at *p (jansson holds valid UTF-8); *pending keeps
 * a low surrogate between calls. Returns -1 at the end. */
static int next_unit(const unsigned char **p, const unsigned char *end, int *pending)
{
    if (*pending >= 0) {
        int u = *pending;
        *pending = -1;
        return u;
    }
    if (*p >= end)
        return -1;
    const unsigned char *s = *p;
    uint32_t cp;
    int len;
    if (s[0] < 0x80) {
        cp = s[0];
        len = 1;
    } else if ((s[0] & 0xE0) == 0xC0) {
        cp = s[0] & 0x1Fu;
        len = 2;
    } else if ((s[0] & 0xF0) == 0xE0) {
        cp = s[0] & 0x0Fu;
        len = 3;
    } else {
        cp = s[0] & 0x07u;
        len = 4;
    }
    if (s + len > end)
        len = (int)(end - s);
    for (int i = 1; i < len; i++)
        cp = (cp << 6) | (s[i] & 0x3Fu);
    *p = s + len;
    if (cp >= 0x10000) {
        cp -= 0x10000;
        *pending = (int)(0xDC00 + (cp & 0x3FF));
        return (int)(0xD800 + (cp >> 10));
    }
    return (int)cp;
}

static int cmp_utf16(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    const unsigned char *px = (const unsigned char *)x, *py = (const unsigned char *)y;
    const unsigned char *ex = px + strlen(x), *ey = py + strlen(y);
    int hx = -1, hy = -1;
    for (;;) {
        int ux = next_unit(&px, ex, &hx), uy = next_unit(&py, ey, &hy);
        if (ux != uy)
            return ux < uy ? -1 : 1; /* -1 (the end) sorts first: a prefix comes before */
        if (ux < 0)
            return 0;
    }
}

static int put_value(buf *b, const json_t *v, char *why, size_t why_size)
{
    switch (json_typeof(v)) {
    case JSON_NULL:
        puts_(b, "null");
        return 0;
    case JSON_TRUE:
        puts_(b, "true");
        return 0;
    case JSON_FALSE:
        puts_(b, "false");
        return 0;
    case JSON_STRING:
        put_string(b, json_string_value(v), json_string_length(v));
        return 0;
    case JSON_INTEGER:
    case JSON_REAL: {
        double x;
        if (json_is_integer(v)) {
            json_int_t i = json_integer_value(v);
            /* I-JSON (RFC 7493), which JCS builds on: integers beyond 2^53 lose digits in a
             * double, so two different texts would canonicalise alike. */
            if (i > 9007199254740992LL || i < -9007199254740992LL) {
                snprintf(why, why_size,
                         "the integer %lld is beyond 2^53, which JSON numbers "
                         "(IEEE 754 doubles) cannot hold exactly",
                         (long long)i);
                return -1;
            }
            x = (double)i;
        } else {
            x = json_real_value(v);
        }
        char num[40];
        if (jcs_number(x, num, sizeof num) != 0) {
            snprintf(why, why_size, "NaN and infinity are not JSON numbers");
            return -1;
        }
        puts_(b, num);
        return 0;
    }
    case JSON_ARRAY: {
        put(b, "[", 1);
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                put(b, ",", 1);
            if (put_value(b, json_array_get(v, i), why, why_size) != 0)
                return -1;
        }
        put(b, "]", 1);
        return 0;
    }
    case JSON_OBJECT: {
        size_t n = json_object_size(v);
        const char **keys = malloc((n ? n : 1) * sizeof *keys);
        if (!keys) {
            snprintf(why, why_size, "out of memory");
            return -1;
        }
        size_t k = 0;
        const char *key;
        json_t *member;
        json_object_foreach((json_t *)v, key, member)
        {
            keys[k++] = key;
        }
        qsort(keys, k, sizeof *keys, cmp_utf16);
        put(b, "{", 1);
        int rc = 0;
        for (size_t i = 0; i < k && rc == 0; i++) {
            if (i)
                put(b, ",", 1);
            put_string(b, keys[i], strlen(keys[i]));
            put(b, ":", 1);
            rc = put_value(b, json_object_get(v, keys[i]), why, why_size);
        }
        put(b, "}", 1);
        free(keys);
        return rc;
    }
    }
    snprintf(why, why_size, "not a JSON value");
    return -1;
}

char *jcs_canonical(const json_t *value, char *why, size_t why_size)
{
    buf b = {0};
    if (why_size)
        why[0] = '\0';
    if (!value) {
        snprintf(why, why_size, "no value");
        return NULL;
    }
    if (put_value(&b, value, why, why_size) != 0 || b.failed) {
        if (b.failed)
            snprintf(why, why_size, "out of memory");
        free(b.data);
        return NULL;
    }
    if (!b.data) /* cannot happen: every value writes something */
        return NULL;
    return b.data;
}
