/*
 * pcf — the reader of JSON documents (models, CBAM documents): one pass over the text straight
 * into a jansson tree, without jansson's character stream and token buffer. It accepts exactly
 * what json_loadb(text, len, JSON_REJECT_DUPLICATES) accepts and builds the same tree (the same
 * types, integers as integers, keys in order); on any text it does not accept it returns NULL and
 * the caller asks jansson for the wording of the syntax error (tests/test_json_parse.c holds the
 * two against each other). GPL-3.0-or-later; see LICENSE.
 */
#include "model_internal.h"
#include "util.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* jansson's JSON_PARSER_MAX_DEPTH */
#define JP_MAX_DEPTH 2048

/*
 * Scalars are immutable in pcf's trees (every setter replaces a value, none changes one in
 * place), so equal short strings and equal numbers share one reference-counted node: a model's
 * units, factor codes and repeated amounts then cost one node each instead of one per activity
 * (fewer mallocs and page faults, a smaller tree). A direct-mapped cache of recent scalars,
 * holding one reference each.
 */
#define JP_SHARE_SLOTS   4096 /* a power of two */
#define JP_SHARE_MAX_LEN 32   /* longer strings are rarely repeated */

typedef struct {
    const char *p, *end;
    const char *base; /* the start of the text */
    char *scratch;    /* decoded strings with escapes */
    size_t cap;
    json_t **share; /* JP_SHARE_SLOTS entries */
    int nomem;      /* an allocation failed (not a fault of the text) */
    /* pcf__json_parse_lazy(): where the stage arrays are recorded, else NULL */
    pcf__json_lazy *lazy;
    size_t product; /* the index of the product being read */
    int omit;       /* the value just read was a stage array recorded in lazy */
} jp;

/* Where a value sits in a model document, for pcf__json_parse_lazy(). */
enum { JP_IN_OTHER, JP_IN_ROOT, JP_IN_PRODUCTS, JP_IN_PRODUCT, JP_IN_STAGES, JP_IN_STAGE };

typedef struct {
    size_t product;
    int stage;
    size_t start; /* the offset of the array's '[' in the text */
    size_t count;
} jp_lazy_array;

struct pcf__json_lazy {
    jp s; /* the reader of the elements during the walk (its share cache lives on) */
    jp_lazy_array *arrays;
    size_t n, cap, total;
};

/* v, noting that it could not be made. */
static json_t *jp_made(jp *s, json_t *v)
{
    if (!v)
        s->nomem = 1;
    return v;
}

static uint64_t jp_hash(const void *data, size_t n, uint64_t h)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

/* The shared node for a scalar equal to cand (stolen): the cached one when equal, else cand
 * cached. */
static json_t *jp_share(jp *s, uint64_t h, json_t *cand)
{
    if (!jp_made(s, cand))
        return NULL;
    json_t **slot = &s->share[h & (JP_SHARE_SLOTS - 1)];
    if (*slot && json_equal(*slot, cand)) {
        double a, b; /* json_equal holds -0.0 equal to 0.0: keep the sign apart */
        if (!json_is_real(cand) ||
            ((a = json_real_value(cand)), (b = json_real_value(*slot)), signbit(a) == signbit(b))) {
            json_decref(cand);
            return json_incref(*slot);
        }
    }
    json_decref(*slot);
    *slot = json_incref(cand);
    return cand;
}

static void jp_ws(jp *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
        s->p++;
}

static int jp_hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    *out = v;
    return 1;
}

static size_t jp_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the escapes of raw[0..n) (valid UTF-8, no control characters) into s->scratch;
 * 0 on a bad escape, a lone surrogate or \u0000 (which jansson refuses without
 * JSON_ALLOW_NUL). */
static int jp_unescape(jp *s, const char *raw, size_t n, size_t *out_len)
{
    if (n + 1 > s->cap) {
        char *b = realloc(s->scratch, n + 1);
        if (!b) {
            s->nomem = 1;
            return 0;
        }
        s->scratch = b;
        s->cap = n + 1;
    }
    char *o = s->scratch;
    size_t i = 0;
    while (i < n) {
        if (raw[i] != '\\') {
            *o++ = raw[i++];
            continue;
        }
        if (i + 1 >= n)
            return 0;
        char e = raw[i + 1];
        i += 2;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            *o++ = e;
            continue;
        case 'b':
            *o++ = '\b';
            continue;
        case 'f':
            *o++ = '\f';
            continue;
        case 'n':
            *o++ = '\n';
            continue;
        case 'r':
            *o++ = '\r';
            continue;
        case 't':
            *o++ = '\t';
            continue;
        case 'u':
            break;
        default:
            return 0;
        }
        unsigned cp, lo;
        if (i + 4 > n || !jp_hex4(raw + i, &cp))
            return 0;
        i += 4;
        if (cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
            return 0;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 6 > n || raw[i] != '\\' || raw[i + 1] != 'u' || !jp_hex4(raw + i + 2, &lo) ||
                lo < 0xDC00 || lo > 0xDFFF)
                return 0;
            i += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        /* an escape is at least 6 bytes of text and decodes to at most 4 */
        o += jp_utf8(o, cp);
    }
    *out_len = (size_t)(o - s->scratch);
    return 1;
}

/* The string at s->p ('"'): *str and *len get its text (in the source when it has no escape,
 * else in s->scratch). 0 when it is not a valid JSON string. */
static int jp_string(jp *s, const char **str, size_t *len)
{
    const char *start = ++s->p, *q = start;
    int esc = 0, high = 0;
    for (;;) {
        if (q >= s->end)
            return 0;
        unsigned char c = (unsigned char)*q;
        if (c == '"')
            break;
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            esc = 1;
            if (q + 1 >= s->end)
                return 0;
            q += 2;
            continue;
        }
        high |= c >= 0x80;
        q++;
    }
    size_t n = (size_t)(q - start);
    s->p = q + 1;
    if (high && !pcf__utf8_valid(start, n))
        return 0;
    if (!esc) {
        *str = start;
        *len = n;
        return 1;
    }
    if (!jp_unescape(s, start, n, len))
        return 0;
    *str = s->scratch;
    return 1;
}

/* Scans the number at s->p: *start and *n its text, *real whether it has a fraction or an
 * exponent; 0 when it is not a JSON number. */
static int jp_number_scan(jp *s, const char **start_out, size_t *n_out, int *real_out)
{
    const char *start = s->p, *q = s->p;
    if (q < s->end && *q == '-')
        q++;
    if (q >= s->end)
        return 0;
    if (*q == '0') {
        q++;
        if (q < s->end && *q >= '0' && *q <= '9')
            return 0; /* a leading zero */
    } else if (*q >= '1' && *q <= '9') {
        while (q < s->end && *q >= '0' && *q <= '9')
            q++;
    } else {
        return 0;
    }
    int real = 0;
    if (q < s->end && *q == '.') {
        q++;
        if (q >= s->end || *q < '0' || *q > '9')
            return 0;
        while (q < s->end && *q >= '0' && *q <= '9')
            q++;
        real = 1;
    }
    if (q < s->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < s->end && (*q == '+' || *q == '-'))
            q++;
        if (q >= s->end || *q < '0' || *q > '9')
            return 0;
        while (q < s->end && *q >= '0' && *q <= '9')
            q++;
        real = 2;
    }
    *start_out = start;
    *n_out = (size_t)(q - start);
    *real_out = real;
    s->p = q;
    return 1;
}

static json_t *jp_number(jp *s)
{
    const char *start;
    size_t n;
    int real;
    if (!jp_number_scan(s, &start, &n, &real))
        return NULL;
    const char *q = start + n;
    if (!real && n <= 18 + (*start == '-')) { /* fits a long long whatever the digits */
        long long v = 0;
        for (const char *d = start + (*start == '-'); d < q; d++)
            v = v * 10 + (*d - '0');
        v = *start == '-' ? -v : v;
        return jp_share(s, jp_hash(&v, sizeof v, 7), json_integer(v));
    }
    /* strtod and strtoll need a terminated copy: the text may go on without a delimiter */
    char small[64], *buf = n < sizeof small ? small : malloc(n + 1);
    if (!buf) {
        s->nomem = 1;
        return NULL;
    }
    memcpy(buf, start, n);
    buf[n] = '\0';
    json_t *v = NULL;
    errno = 0;
    if (!real) {
        long long i = strtoll(buf, NULL, 10);
        if (errno != ERANGE)
            v = jp_made(s, json_integer(i));
    } else {
        double d = strtod(buf, NULL); /* allowed: the parse runs under the C locale */
        if (!(errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL)))
            v = jp_share(s, jp_hash(&d, sizeof d, 11), json_real(d));
    }
    if (buf != small)
        free(buf);
    return v;
}

static json_t *jp_value(jp *s, int depth, int role);

/* Whether the next byte is c (taken when it is). */
static int jp_take(jp *s, char c)
{
    if (s->p < s->end && *s->p == c) {
        s->p++;
        return 1;
    }
    return 0;
}

/* The place of the value of key in an object at role (pcf__json_parse_lazy()); *stage the stage
 * of a stage array. */
static int jp_key_role(int role, const char *key, size_t klen, int *stage)
{
    if (role == JP_IN_ROOT && klen == 8 && memcmp(key, "products", 8) == 0)
        return JP_IN_PRODUCTS;
    if (role == JP_IN_PRODUCT && klen == 6 && memcmp(key, "stages", 6) == 0)
        return JP_IN_STAGES;
    if (role == JP_IN_STAGES)
        for (int i = 0; i < PCF_STAGE_COUNT; i++)
            if (strlen(pcf__stage_keys[i]) == klen && memcmp(key, pcf__stage_keys[i], klen) == 0) {
                *stage = i;
                return JP_IN_STAGE;
            }
    return JP_IN_OTHER;
}

static int jp_stage_array(jp *s, int depth, int stage);

static json_t *jp_object(jp *s, int depth, int role)
{
    json_t *obj = jp_made(s, json_object());
    if (!obj)
        return NULL;
    s->p++; /* '{' */
    jp_ws(s);
    if (jp_take(s, '}'))
        return obj;
    unsigned lazy_keys = 0; /* stage arrays recorded, not in obj: their keys still count */
    for (;;) {
        const char *key;
        size_t klen;
        if (s->p >= s->end || *s->p != '"' || !jp_string(s, &key, &klen))
            break;
        /* the value may reuse the scratch buffer: keep an escaped key aside */
        char kbuf[128], *kcopy = NULL;
        if (key == s->scratch) {
            kcopy = klen < sizeof kbuf ? kbuf : malloc(klen);
            if (!kcopy) {
                s->nomem = 1;
                break;
            }
            memcpy(kcopy, key, klen);
            key = kcopy;
        }
        int stage = -1;
        int sub = s->lazy ? jp_key_role(role, key, klen, &stage) : JP_IN_OTHER;
        int ok = json_object_getn(obj, key, klen) == NULL; /* duplicates refused */
        if (stage >= 0 && (lazy_keys & (1u << stage)))
            ok = 0;
        json_t *v = NULL;
        if (ok) {
            jp_ws(s);
            ok = s->p < s->end && *s->p == ':';
        }
        if (ok) {
            s->p++;
            jp_ws(s);
            if (sub == JP_IN_STAGE && s->p < s->end && *s->p == '[') {
                ok = jp_stage_array(s, depth + 1, stage);
                lazy_keys |= 1u << stage;
            } else {
                v = jp_value(s, depth + 1, sub);
                ok = v && json_object_setn_new_nocheck(obj, key, klen, v) == 0;
                if (v && !ok)
                    s->nomem = 1; /* the arguments are right: only memory can fail */
            }
        }
        if (kcopy && kcopy != kbuf)
            free(kcopy);
        if (!ok)
            break;
        jp_ws(s);
        if (jp_take(s, ',')) {
            jp_ws(s);
            continue;
        }
        if (jp_take(s, '}'))
            return obj;
        break;
    }
    json_decref(obj);
    return NULL;
}

static json_t *jp_array(jp *s, int depth, int role)
{
    json_t *arr = jp_made(s, json_array());
    if (!arr)
        return NULL;
    s->p++; /* '[' */
    jp_ws(s);
    if (jp_take(s, ']'))
        return arr;
    for (;;) {
        if (role == JP_IN_PRODUCTS)
            s->product = json_array_size(arr);
        json_t *v = jp_value(s, depth + 1, role == JP_IN_PRODUCTS ? JP_IN_PRODUCT : JP_IN_OTHER);
        if (!v)
            break;
        if (json_array_append_new(arr, v) != 0) {
            s->nomem = 1;
            break;
        }
        jp_ws(s);
        if (jp_take(s, ','))
            continue;
        if (jp_take(s, ']'))
            return arr;
        break;
    }
    json_decref(arr);
    return NULL;
}

static int jp_word(jp *s, const char *w, size_t n)
{
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
        return 0;
    s->p += n;
    return 1;
}

static json_t *jp_value(jp *s, int depth, int role)
{
    jp_ws(s);
    if (s->p >= s->end || depth > JP_MAX_DEPTH)
        return NULL;
    switch (*s->p) {
    case '{':
        return jp_object(s, depth, role);
    case '[':
        return jp_array(s, depth, role);
    case '"': {
        const char *str;
        size_t len;
        if (!jp_string(s, &str, &len))
            return NULL;
        if (len > JP_SHARE_MAX_LEN)
            return jp_made(s, json_stringn_nocheck(str, len));
        uint64_t h = jp_hash(str, len, 1469598103934665603ull);
        json_t *old = s->share[h & (JP_SHARE_SLOTS - 1)];
        if (old && json_is_string(old) && json_string_length(old) == len &&
            memcmp(json_string_value(old), str, len) == 0)
            return json_incref(old);
        return jp_share(s, h, json_stringn_nocheck(str, len));
    }
    case 't':
        return jp_word(s, "true", 4) ? json_true() : NULL;
    case 'f':
        return jp_word(s, "false", 5) ? json_false() : NULL;
    case 'n':
        return jp_word(s, "null", 4) ? json_null() : NULL;
    default:
        return jp_number(s);
    }
}

/* ---- the lazy reading of a model's stage arrays ---- */

/* Checks the value at s->p as jp_value() would read it, without making it: 1 when jp_value()
 * would accept it (s->p after it), 0 when not (s->nomem when memory failed). Objects with an
 * escaped key or many keys, and numbers that might not fit, are made and let go, so the check
 * is exactly jp_value()'s. */
static int jp_skip(jp *s, int depth)
{
    jp_ws(s);
    if (s->p >= s->end || depth > JP_MAX_DEPTH)
        return 0;
    const char *at = s->p;
    switch (*s->p) {
    case '{': {
        enum { MAX_KEYS = 16 };
        const char *keys[MAX_KEYS];
        size_t lens[MAX_KEYS], n = 0;
        s->p++;
        jp_ws(s);
        if (jp_take(s, '}'))
            return 1;
        for (;;) {
            const char *key;
            size_t klen;
            if (s->p >= s->end || *s->p != '"' || !jp_string(s, &key, &klen))
                return 0;
            if (key == s->scratch || n == MAX_KEYS)
                break; /* an escaped key, or many: the object is made */
            for (size_t i = 0; i < n; i++)
                if (lens[i] == klen && memcmp(keys[i], key, klen) == 0)
                    return 0; /* a duplicate */
            keys[n] = key;
            lens[n++] = klen;
            jp_ws(s);
            if (!jp_take(s, ':') || !jp_skip(s, depth + 1))
                return 0;
            jp_ws(s);
            if (jp_take(s, ',')) {
                jp_ws(s);
                continue;
            }
            return jp_take(s, '}');
        }
        s->p = at;
        json_t *v = jp_object(s, depth, JP_IN_OTHER);
        json_decref(v);
        return v != NULL;
    }
    case '[':
        s->p++;
        jp_ws(s);
        if (jp_take(s, ']'))
            return 1;
        for (;;) {
            if (!jp_skip(s, depth + 1))
                return 0;
            jp_ws(s);
            if (jp_take(s, ','))
                continue;
            return jp_take(s, ']');
        }
    case '"': {
        const char *str;
        size_t len;
        return jp_string(s, &str, &len);
    }
    case 't':
        return jp_word(s, "true", 4);
    case 'f':
        return jp_word(s, "false", 5);
    case 'n':
        return jp_word(s, "null", 4);
    default: {
        const char *start;
        size_t n;
        int real;
        if (!jp_number_scan(s, &start, &n, &real))
            return 0;
        /* an integer of up to 18 digits fits a long long; a decimal without an exponent needs
         * more than 300 digits to pass DBL_MAX */
        if ((!real && n <= 18 + (*start == '-')) || (real == 1 && n < 300))
            return 1;
        s->p = at;
        json_t *v = jp_number(s);
        json_decref(v);
        return v != NULL;
    }
    }
}

/* The stage array at s->p ('['), checked and recorded in s->lazy instead of made. */
static int jp_stage_array(jp *s, int depth, int stage)
{
    pcf__json_lazy *L = s->lazy;
    if (depth > JP_MAX_DEPTH)
        return 0;
    jp_lazy_array a = {s->product, stage, (size_t)(s->p - s->base), 0};
    s->p++; /* '[' */
    jp_ws(s);
    if (!jp_take(s, ']'))
        for (;;) {
            if (!jp_skip(s, depth + 1))
                return 0;
            a.count++;
            jp_ws(s);
            if (jp_take(s, ','))
                continue;
            if (jp_take(s, ']'))
                break;
            return 0;
        }
    if (!PCF__GROW(L->arrays, L->n, L->cap)) {
        s->nomem = 1;
        return 0;
    }
    L->arrays[L->n++] = a;
    L->total += a.count;
    return 1;
}

static void jp_share_free(json_t **share)
{
    for (size_t i = 0; share && i < JP_SHARE_SLOTS; i++)
        json_decref(share[i]);
    free(share);
}

/* The parse of pcf__json_parse() and pcf__json_parse_lazy() (lazy NULL for the first). */
static pcf_status parse(const char *text, size_t len, json_t **out, pcf__json_lazy *lazy)
{
    *out = NULL;
    jp s = {text, text + len, text, NULL, 0, NULL, 0, lazy, 0, 0};
    jp_ws(&s);
    if (s.p >= s.end || (*s.p != '{' && *s.p != '['))
        return PCF_ERR_PARSE; /* jansson reads only an object or an array at the top */
    locale_t c = pcf__c_numeric_locale();
    s.share = calloc(JP_SHARE_SLOTS, sizeof(json_t *));
    if (c == (locale_t)0 || !s.share) {
        free(s.share);
        return PCF_ERR_NOMEM;
    }
    locale_t old = uselocale(c);
    json_t *root = jp_value(&s, 1, lazy ? JP_IN_ROOT : JP_IN_OTHER);
    uselocale(old);
    jp_ws(&s);
    if (root && s.p != s.end) { /* only whitespace may follow */
        json_decref(root);
        root = NULL;
    }
    if (lazy && root) { /* the walk's reader goes on with the scalars shared so far */
        lazy->s = s;
        lazy->s.lazy = NULL;
    } else {
        free(s.scratch);
        jp_share_free(s.share);
    }
    if (!root)
        return s.nomem ? PCF_ERR_NOMEM : PCF_ERR_PARSE;
    *out = root;
    return PCF_OK;
}

pcf_status pcf__json_parse(const char *text, size_t len, json_t **out)
{
    return parse(text, len, out, NULL);
}

pcf_status pcf__json_parse_lazy(const char *text, size_t len, json_t **out,
                                pcf__json_lazy **lazy_out)
{
    *lazy_out = NULL;
    pcf__json_lazy *L = calloc(1, sizeof *L);
    if (!L) {
        *out = NULL;
        return PCF_ERR_NOMEM;
    }
    pcf_status st = parse(text, len, out, L);
    if (st != PCF_OK) {
        free(L->arrays);
        free(L);
        return st;
    }
    *lazy_out = L;
    return PCF_OK;
}

void pcf__json_lazy_free(pcf__json_lazy *L)
{
    if (!L)
        return;
    free(L->s.scratch);
    jp_share_free(L->s.share);
    free(L->arrays);
    free(L);
}

size_t pcf__json_lazy_total(const pcf__json_lazy *L)
{
    return L ? L->total : 0;
}

int pcf__json_lazy_find(const pcf__json_lazy *L, size_t product, int stage, size_t *start)
{
    for (size_t i = 0; L && i < L->n; i++)
        if (L->arrays[i].product == product && L->arrays[i].stage == stage) {
            *start = L->arrays[i].start + 1; /* after the '[' */
            return 1;
        }
    return 0;
}

pcf_status pcf__json_lazy_next(pcf__json_lazy *L, size_t *pos, json_t **out)
{
    jp *s = &L->s;
    *out = NULL;
    s->p = s->base + *pos;
    jp_ws(s);
    if (jp_take(s, ']')) {
        *pos = (size_t)(s->p - s->base);
        return PCF_OK;
    }
    locale_t old = uselocale(pcf__c_numeric_locale()); /* made by the parse before */
    /* an element of a stage array: products[i].stages.<stage>[k] is at depth 6 */
    json_t *v = jp_value(s, 6, JP_IN_OTHER);
    uselocale(old);
    if (!v) /* the text was checked: only memory can fail */
        return PCF_ERR_NOMEM;
    jp_ws(s);
    jp_take(s, ',');
    *pos = (size_t)(s->p - s->base);
    *out = v;
    return PCF_OK;
}
