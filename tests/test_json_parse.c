/*
 * The reader of JSON documents (lib/json_parse.c) against jansson's json_loadb with
 * JSON_REJECT_DUPLICATES, which it replaces for models and CBAM documents: on every text below
 * both accept or both refuse, and what they accept is the same tree (types, values, key order),
 * plus hand-decoded values. GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"
#include "../lib/model_internal.h"

#include <jansson.h>
#include <math.h>
#include <unistd.h>

/* Both readers on text[0..len): same verdict, and the same tree written out in order. */
static void same_as_jansson(const char *text, size_t len)
{
    json_error_t je;
    json_t *want = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    json_t *got = NULL;
    pcf_status st = pcf__json_parse(text, len, &got);
    assert_int_equal(st, want ? PCF_OK : PCF_ERR_PARSE);
    if (!want != !got)
        fail_msg("%s: jansson %s, pcf__json_parse %s", text, want ? "accepts" : "refuses",
                 got ? "accepts" : "refuses");
    if (want) {
        assert_true(json_equal(want, got)); /* json_equal compares types: 1 is not 1.0 */
        char *a = json_dumps(want, JSON_COMPACT | JSON_REAL_PRECISION(17));
        char *b = json_dumps(got, JSON_COMPACT | JSON_REAL_PRECISION(17));
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b); /* and the keys in the same order */
        free(a);
        free(b);
    }
    json_decref(want);
    json_decref(got);
}

static void test_accepts_as_jansson(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "{}",
        "[]",
        " \t\r\n{ } \n",
        "[1, -1, 0, -0, 12345678901234567, 123456789012345678]",
        "[9223372036854775807, -9223372036854775808]",
        "[1.5, -0.0, 1e2, 1E+2, 2e-3, 0.1]",
        "[1.7976931348623157e308, 4.9e-324, 1e-400]",
        "[true, false, null]",
        "{\"a\": 1, \"b\": [2, {\"c\": \"d\"}], \"e\": {}}",
        "{\"z\": 1, \"a\": 2, \"m\": 3}",
        "[\"\", \"plain\", \"q\\\"b\\\\s\\/\", \"\\b\\f\\n\\r\\t\"]",
        "[\"\\u00e9\\u4e2d\\uD83D\\uDE00\", \"caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87\"]",
        "{\"k\\u00e9y\": 1, \"key\": 2}",
        "{\"\": 0}",
        "[[[[[]]]]]",
        "{\"x\": \"\xf0\x9f\x98\x80\"}",
        "[1E5, 1e+05, 1e-05, -2.5E-3]",
        /* numbers past the reader's 64-byte buffer: a real and a negative real */
        "[1.0000000000000000000000000000000000000000000000000000000000000000000000001]",
        "[-0.00000000000000000000000000000000000000000000000000000000000000000000000125]",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        same_as_jansson(ok[i], strlen(ok[i]));
    /* an escaped key longer than the 128-byte key buffer, and one just under it */
    char text[512];
    snprintf(text, sizeof text, "{\"k\\u00e9%0200d\": [1], \"b\": 2}", 7);
    same_as_jansson(text, strlen(text));
    snprintf(text, sizeof text, "{\"k\\u00e9%0100d\": {\"c\": 3}}", 7);
    same_as_jansson(text, strlen(text));
}

/* Escapes and numbers cut short or malformed at every point the reader checks: the text ending
 * inside an escape or a number, a \u with too few hex digits, and a high surrogate followed by
 * anything but a low one. */
static void test_truncated_as_jansson(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "[\"abc\\",
        "[\"\\",
        "[\"\\u12\"]",
        "[\"\\u\"]",
        "[\"\\u12",
        "[\"\\uD83Dx\"]",
        "[\"\\uD83D\\n\"]",
        "[\"\\uD83D\\uE000\"]",
        "[\"\\uD83D\\uZZZZ\"]",
        "[\"\\uD83D\\u00\"]",
        "[\"\\uD83D\"]",
        "[-",
        "[-x]",
        "[1e",
        "[1e+",
        "[1e5x]",
        "[1.5e-]",
        "[1.",
        "[123456789012345678901234567890123456789012345678901234567890123456789]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        same_as_jansson(bad[i], strlen(bad[i]));
}

static void test_refuses_as_jansson(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        " ",
        "1",
        "\"s\"",
        "true",
        "{",
        "[",
        "{]",
        "[}",
        "{\"a\" 1}",
        "{\"a\": 1,}",
        "[1,]",
        "[1 2]",
        "{\"a\": 1, \"a\": 2}",
        "{a: 1}",
        "[01]",
        "[-]",
        "[1.]",
        "[.5]",
        "[1e]",
        "[1e+]",
        "[+1]",
        "[0x10]",
        "[9223372036854775808]",
        "[-9223372036854775809]",
        "[1e400]",
        "[-1e400]",
        "[tru]",
        "[truex]",
        "[nul]",
        "[NaN]",
        "[Infinity]",
        "[\"\\u0000\"]",
        "[\"\\uD800\"]",
        "[\"\\uDC00\"]",
        "[\"\\uD800\\u0041\"]",
        "[\"\\x\"]",
        "[\"\\u12G4\"]",
        "[\"tab\there\"]",
        "[\"\xc3\"]",
        "[\"\xc0\xaf\"]",
        "[\"\xed\xa0\x80\"]",
        "[\"\xf4\x90\x80\x80\"]",
        "[\"unterminated]",
        "{} {}",
        "{} x",
        "\xef\xbb\xbf{}",
        "{\"a\": [1, 2}",
        "[\"\\\"]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        same_as_jansson(bad[i], strlen(bad[i]));
    /* a NUL inside the given length, and a text that goes on past it */
    same_as_jansson("[1]\0", 4);
    same_as_jansson("[\"a\0b\"]", 7);
    same_as_jansson("[12]345", 4);
    same_as_jansson("[1.25]9", 6);
}

static void test_depth_as_jansson(void **state)
{
    (void)state;
    /* jansson counts every value's depth, the top one as 1, and refuses past 2048 */
    for (size_t depth = 2046; depth <= 2050; depth++) {
        char *t = malloc(2 * depth + 2);
        assert_non_null(t);
        memset(t, '[', depth);
        memset(t + depth, ']', depth);
        t[2 * depth] = '\0';
        same_as_jansson(t, 2 * depth); /* arrays only */
        memmove(t + depth + 1, t + depth, depth + 1);
        t[depth] = '1'; /* a number at the innermost level */
        same_as_jansson(t, 2 * depth + 1);
        free(t);
    }
}

static void test_values_by_hand(void **state)
{
    (void)state;
    const char *text = "{\"i\": -42, \"r\": 0.1, \"e\": 25e-1, \"s\": \"\\u00e9\\uD83D\\uDE00\","
                       " \"n\": null, \"t\": true}";
    json_t *v = NULL;
    assert_int_equal(pcf__json_parse(text, strlen(text), &v), PCF_OK);
    assert_non_null(v);
    assert_true(json_is_integer(json_object_get(v, "i")));
    assert_int_equal(json_integer_value(json_object_get(v, "i")), -42);
    assert_true(json_is_real(json_object_get(v, "r")));
    assert_true(json_real_value(json_object_get(v, "r")) == 0.1);
    assert_true(json_real_value(json_object_get(v, "e")) == 2.5); /* 25 x 10^-1 */
    /* U+00E9 is C3 A9 in UTF-8; the pair D83D DE00 is U+1F600, F0 9F 98 80 */
    assert_string_equal(json_string_value(json_object_get(v, "s")), "\xc3\xa9\xf0\x9f\x98\x80");
    assert_true(json_is_null(json_object_get(v, "n")));
    assert_true(json_is_true(json_object_get(v, "t")));
    const char *key = NULL;
    json_t *val;
    size_t k = 0;
    const char *order[] = {"i", "r", "e", "s", "n", "t"};
    json_object_foreach(v, key, val)
    {
        (void)val;
        assert_string_equal(key, order[k++]);
    }
    assert_int_equal(k, 6);
    json_decref(v);
}

/* Equal short strings and equal numbers of one text share one node (scalars are never changed
 * in place); -0.0 and 0.0 stay apart, as do 1 and 1.0, and long strings are not shared. */
static void test_shared_scalars(void **state)
{
    (void)state;
    const char *text = "[\"kg\", \"kg\", 0.5, 0.5, -0.0, 0.0, 1, 1.0, 1,"
                       " \"a string longer than thirty-two bytes\","
                       " \"a string longer than thirty-two bytes\"]";
    json_t *v = NULL;
    assert_int_equal(pcf__json_parse(text, strlen(text), &v), PCF_OK);
    assert_non_null(v);
    assert_ptr_equal(json_array_get(v, 0), json_array_get(v, 1));
    assert_ptr_equal(json_array_get(v, 2), json_array_get(v, 3));
    assert_ptr_not_equal(json_array_get(v, 4), json_array_get(v, 5));
    assert_true(signbit(json_real_value(json_array_get(v, 4))));
    assert_false(signbit(json_real_value(json_array_get(v, 5))));
    assert_true(json_is_integer(json_array_get(v, 6)));
    assert_true(json_is_real(json_array_get(v, 7)));
    assert_ptr_equal(json_array_get(v, 6), json_array_get(v, 8));
    assert_ptr_not_equal(json_array_get(v, 9), json_array_get(v, 10));
    same_as_jansson(text, strlen(text));
    json_decref(v); /* every shared node freed once (ASan and valgrind check) */
}

/* A model read from a file lets its text go and reads it again for the first located
 * diagnostic: the line and column are the same as with the text kept, and when the file has
 * changed since it was read the diagnostic has no line rather than a wrong one. */
static const char *const located_model =
    "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"name\": \"p\",\n"
    "  \"declared_unit\": {\"amount\": 1, \"unit\": \"item\"},\n"
    "  \"stages\": {\"materials\": [\n"
    "    {\"name\": \"a\", \"amount\": 1, \"unit\": \"kg\", \"factor\": {\"value\": 2, "
    "\"unit\": \"kgCO2e/kg\"}, \"colour\": 1}\n"
    "  ]}}]}\n";

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

/* The one diagnostic of validating the model in path (read before `then` is written there). */
static pcf_error validate_file(const char *path, const char *then)
{
    pcf_model *m = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_file(path, &m, &err), PCF_OK);
    if (then)
        write_text(path, then);
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(pcf_model_validate(m, d, &err), PCF_OK);
    assert_int_equal(pcf_diag_count(d), 1);
    pcf_error e = *pcf_diag_at(d, 0);
    pcf_diag_destroy(d);
    pcf_model_destroy(m);
    return e;
}

static void test_dropped_text_located(void **state)
{
    (void)state;
    char path[] = "/tmp/pcf-json-parse-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_text(path, located_model);
    pcf_error e = validate_file(path, NULL);
    assert_string_equal(e.path, "$.products[0].stages.materials[0].colour");
    /* "colour" is on line 4; its value 1 starts after 4 spaces and the 96 characters
     * {"name": "a", "amount": 1, "unit": "kg", "factor": {"value": 2, "unit": "kgCO2e/kg"},
     * "colour": (with the space after the colon), so at column 4 + 96 + 1 = 101 */
    assert_int_equal(e.line, 4);
    assert_int_equal(e.column, 101);
    /* the same from the text kept in memory */
    pcf_model *m = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_string(located_model, path, &m, &err), PCF_OK);
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(pcf_model_validate(m, d, &err), PCF_OK);
    assert_int_equal(pcf_diag_at(d, 0)->line, 4);
    assert_int_equal(pcf_diag_at(d, 0)->column, 101);
    pcf_diag_destroy(d);
    pcf_model_destroy(m);
    /* changed after reading (one more space before "colour", same first lines): no line */
    char *moved = malloc(strlen(located_model) + 2);
    assert_non_null(moved);
    const char *at = strstr(located_model, "\"colour\"");
    size_t head = (size_t)(at - located_model);
    memcpy(moved, located_model, head);
    moved[head] = ' ';
    memcpy(moved + head + 1, at, strlen(at) + 1);
    e = validate_file(path, moved);
    assert_string_equal(e.path, "$.products[0].stages.materials[0].colour");
    assert_int_equal(e.line, 0);
    assert_int_equal(e.column, 0);
    free(moved);
    /* and gone: no line either */
    write_text(path, located_model);
    pcf_model *gone = NULL;
    assert_int_equal(pcf_model_read_file(path, &gone, &err), PCF_OK);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(pcf_model_validate(gone, d, &err), PCF_OK);
    assert_int_equal(pcf_diag_count(d), 1);
    assert_int_equal(pcf_diag_at(d, 0)->line, 0);
    pcf_diag_destroy(d);
    pcf_model_destroy(gone);
}

/* The lazy reader (pcf__json_parse_lazy, which checks a model's stage arrays without making
 * them) against the whole reader, on one element of products[0].stages.materials: the same
 * verdict, and, when accepted, the same element made again by pcf__json_lazy_next(). The
 * elements take every path of the check: objects with an escaped key or more than 16 keys
 * (made and let go), duplicates, numbers past a long long or a double, nesting, and text that
 * breaks off. */
static void lazy_as_full(const char *elem)
{
    char text[2048];
    int n = snprintf(text, sizeof text,
                     "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"stages\": "
                     "{\"materials\": [%s], \"production\": []}}]}",
                     elem);
    assert_true(n > 0 && (size_t)n < sizeof text);
    json_t *full = NULL, *root = NULL;
    pcf__json_lazy *L = NULL;
    pcf_status a = pcf__json_parse(text, (size_t)n, &full);
    pcf_status b = pcf__json_parse_lazy(text, (size_t)n, &root, &L);
    if (a != b)
        fail_msg("%s: whole reader %d, lazy reader %d", elem, (int)a, (int)b);
    if (a == PCF_OK) {
        size_t pos;
        assert_true(pcf__json_lazy_find(L, 0, PCF_STAGE_MATERIALS, &pos));
        json_t *want = json_array_get(
            json_object_get(
                json_object_get(json_array_get(json_object_get(full, "products"), 0), "stages"),
                "materials"),
            0);
        json_t *got = NULL;
        assert_int_equal(pcf__json_lazy_next(L, &pos, &got), PCF_OK);
        assert_non_null(got);
        if (!json_equal(want, got))
            fail_msg("%s: the lazy reader made another element", elem);
        json_decref(got);
        assert_int_equal(pcf__json_lazy_next(L, &pos, &got), PCF_OK);
        assert_null(got); /* the array's end */
    }
    json_decref(full);
    json_decref(root);
    pcf__json_lazy_free(L);
}

static void test_lazy_as_full(void **state)
{
    (void)state;
    static const char *const elems[] = {
        "{}",
        "{\"name\": \"Steel\", \"amount\": 2, \"unit\": \"kg\", \"tags\": [1, [2, {}], true, "
        "false, null, -0.5e-3, \"x\"]}",
        "{\"n\\u00e4me\": \"escaped key\", \"amount\": 1}",
        "{\"n\\u00e4me\": 1, \"n\\u00e4me\": 2}",
        "{\"a\": 1, \"a\": 2}",
        "{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, \"g\": 7, \"h\": 8, "
        "\"i\": 9, \"j\": 10, \"k\": 11, \"l\": 12, \"m\": 13, \"n\": 14, \"o\": 15, \"p\": 16, "
        "\"q\": 17, \"r\": 18}",
        "{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, \"g\": 7, \"h\": 8, "
        "\"i\": 9, \"j\": 10, \"k\": 11, \"l\": 12, \"m\": 13, \"n\": 14, \"o\": 15, \"p\": 16, "
        "\"q\": 17, \"a\": 18}",
        "{\"big\": 123456789012345678}",
        "{\"big\": -123456789012345678}",
        "{\"big\": 1234567890123456789}",
        "{\"big\": 9223372036854775808}",
        "{\"big\": 1e308}",
        "{\"big\": 1e400}",
        "{\"big\": -1.5E+3}",
        "{\"a\" 1}",
        "{\"a\": 1 \"b\": 2}",
        "{\"a\": 1,}",
        "{\"a\": [1 2]}",
        "{\"a\": [1,]}",
        "{\"a\": tru}",
        "{\"a\": nul}",
        "{\"a\": fals}",
        "{\"a\": \"unterminated}",
        "{a: 1}",
        "[]",
        "[[[[[[[[1]]]]]]]]",
        "\"text\"",
        "12",
        "true",
        "null",
        "{\"a\": 1}}",
    };
    for (size_t i = 0; i < sizeof elems / sizeof *elems; i++)
        lazy_as_full(elems[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_as_jansson),   cmocka_unit_test(test_refuses_as_jansson),
        cmocka_unit_test(test_truncated_as_jansson), cmocka_unit_test(test_depth_as_jansson),
        cmocka_unit_test(test_values_by_hand),       cmocka_unit_test(test_shared_scalars),
        cmocka_unit_test(test_dropped_text_located), cmocka_unit_test(test_lazy_as_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
