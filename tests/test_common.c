/*
 * Tests of pcf/common.h: status strings, the error record, diagnostics lists, the version.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

#include <stdlib.h>

static void status_strings_unique_and_non_empty(void **state)
{
    (void)state;
    /* Every code from PCF_OK to the last one (PCF_ERR_UNSUPPORTED = 14) has its own text. */
    for (int a = 0; a <= PCF_ERR_UNSUPPORTED; a++) {
        const char *sa = pcf_status_str(a);
        assert_non_null(sa);
        assert_true(strlen(sa) > 0);
        assert_string_not_equal(sa, "unknown status");
        assert_true(strncmp(pcf_status_name(a), "PCF_", 4) == 0);
        for (int b = a + 1; b <= PCF_ERR_UNSUPPORTED; b++) {
            assert_string_not_equal(sa, pcf_status_str(b));
            assert_string_not_equal(pcf_status_name(a), pcf_status_name(b));
        }
    }
    assert_string_equal(pcf_status_str(-1), "unknown status");
    assert_string_equal(pcf_status_str(9999), "unknown status");
    assert_string_equal(pcf_status_name(PCF_ERR_UNIT), "PCF_ERR_UNIT");
    assert_string_equal(pcf_status_name(4242), "PCF_ERR_UNKNOWN");
}

static void error_clear_resets(void **state)
{
    (void)state;
    pcf_error err;
    memset(&err, 'x', sizeof err);
    pcf_error_clear(&err);
    assert_int_equal(err.code, PCF_OK);
    assert_int_equal(err.line, 0);
    assert_string_equal(err.message, "");
    assert_string_equal(err.file, "");
    assert_string_equal(err.path, "");
    pcf_error_clear(NULL); /* accepted */
}

static void success_resets_error(void **state)
{
    (void)state;
    pcf_error err;
    const pcf_unit *u;
    assert_int_equal(pcf_unit_parse("no-such-unit", &u, &err), PCF_ERR_NOT_FOUND);
    assert_int_equal(err.code, PCF_ERR_NOT_FOUND);
    assert_true(strlen(err.message) > 0);
    assert_int_equal(pcf_unit_parse("kg", &u, &err), PCF_OK);
    assert_int_equal(err.code, PCF_OK);
    assert_string_equal(err.message, "");
}

/* A strict UTF-8 check written independently of the library's. */
static int utf8_strict(const char *s)
{
    const unsigned char *m = (const unsigned char *)s;
    while (*m) {
        int len = m[0] < 0x80             ? 1
                  : (m[0] & 0xE0) == 0xC0 ? 2
                  : (m[0] & 0xF0) == 0xE0 ? 3
                  : (m[0] & 0xF8) == 0xF0 ? 4
                                          : 0;
        if (len == 0)
            return 0;
        for (int k = 1; k < len; k++)
            if ((m[k] & 0xC0) != 0x80)
                return 0;
        m += len;
    }
    return 1;
}

static void long_message_cut_at_utf8_boundary(void **state)
{
    (void)state;
    /* 700 × "鋼" (3 bytes each). The message quotes the text with "%.80s", which cuts after 80
     * bytes, inside the 27th character: the record must still be valid UTF-8. */
    char big[3 * 700 + 1];
    for (int i = 0; i < 700; i++)
        memcpy(big + 3 * i, "\xe9\x8b\xbc", 3);
    big[3 * 700] = '\0';
    pcf_error err;
    const pcf_unit *u;
    assert_int_equal(pcf_unit_parse(big, &u, &err), PCF_ERR_NOT_FOUND);
    size_t n = strlen(err.message);
    assert_true(n > 0 && n < PCF_ERROR_MESSAGE_SIZE);
    assert_true(utf8_strict(err.message));
}

/* Entries are stored compactly and made whole when asked for: every field comes back as added
 * (the file repeated from the previous entry, or not), entries handed out at once stay valid
 * side by side, the longest texts survive whole, and a cleared list starts afresh. */
static void diag_compact(void **state)
{
    (void)state;
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    const char *files[] = {"a.json", "a.json", "b.json", "a.json", ""};
    pcf_error e;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 5; i++) {
            pcf_error_clear(&e);
            e.code = PCF_ERR_UNIT;
            e.line = 10 + i;
            e.column = 3 * i;
            snprintf(e.message, sizeof e.message, "message %d", i);
            snprintf(e.file, sizeof e.file, "%s", files[i]);
            snprintf(e.path, sizeof e.path, "$.stages.materials[%d].unit", i);
            assert_int_equal(pcf_diag_add(d, PCF_SEVERITY_NOTE, &e), PCF_OK);
        }
        /* the longest message, file and path the record holds */
        memset(e.message, 'm', sizeof e.message - 1);
        e.message[sizeof e.message - 1] = '\0';
        memset(e.file, 'f', sizeof e.file - 1);
        e.file[sizeof e.file - 1] = '\0';
        memset(e.path, 'p', sizeof e.path - 1);
        e.path[sizeof e.path - 1] = '\0';
        assert_int_equal(pcf_diag_add(d, PCF_SEVERITY_ERROR, &e), PCF_OK);
        const pcf_error *at[6];
        for (int i = 0; i < 6; i++)
            at[i] = pcf_diag_at(d, (size_t)i);
        for (int i = 0; i < 5; i++) {
            char want[64];
            assert_int_equal(at[i]->code, PCF_ERR_UNIT);
            assert_int_equal(at[i]->line, 10 + i);
            assert_int_equal(at[i]->column, 3 * i);
            snprintf(want, sizeof want, "message %d", i);
            assert_string_equal(at[i]->message, want);
            assert_string_equal(at[i]->file, files[i]);
            snprintf(want, sizeof want, "$.stages.materials[%d].unit", i);
            assert_string_equal(at[i]->path, want);
            assert_ptr_equal(pcf_diag_at(d, (size_t)i), at[i]); /* the same entry again */
        }
        assert_memory_equal(at[5]->message, e.message, sizeof e.message);
        assert_memory_equal(at[5]->file, e.file, sizeof e.file);
        assert_memory_equal(at[5]->path, e.path, sizeof e.path);
        assert_int_equal(pcf_diag_error_count(d), 1);
        pcf_diag_clear(d);
        assert_int_equal(pcf_diag_count(d), 0);
        assert_int_equal(pcf_diag_error_count(d), 0);
    }
    pcf_diag_destroy(d);
}

static void diag_list(void **state)
{
    (void)state;
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(pcf_diag_count(d), 0);
    pcf_error e;
    pcf_error_clear(&e);
    for (int i = 0; i < 20; i++) {
        e.code = PCF_ERR_NOT_FOUND;
        e.line = i + 1;
        snprintf(e.message, sizeof e.message, "problem %d", i);
        assert_int_equal(pcf_diag_add(d, i % 2 ? PCF_SEVERITY_WARNING : PCF_SEVERITY_ERROR, &e),
                         PCF_OK);
    }
    assert_int_equal(pcf_diag_count(d), 20);
    assert_int_equal(pcf_diag_error_count(d), 10);
    assert_string_equal(pcf_diag_at(d, 13)->message, "problem 13");
    assert_int_equal(pcf_diag_at(d, 13)->line, 14);
    assert_int_equal(pcf_diag_severity_at(d, 13), PCF_SEVERITY_WARNING);
    assert_null(pcf_diag_at(d, 20));
    assert_int_equal(pcf_diag_add(d, (pcf_severity)7, &e), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_diag_add(NULL, PCF_SEVERITY_ERROR, &e), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_diag_add(d, PCF_SEVERITY_ERROR, NULL), PCF_ERR_INVALID_ARG);
    pcf_diag_clear(d);
    assert_int_equal(pcf_diag_count(d), 0);
    pcf_diag_destroy(d);
    pcf_diag_destroy(NULL);
    assert_int_equal(pcf_diag_create(NULL), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_diag_count(NULL), 0);
}

static void version_matches_header(void **state)
{
    (void)state;
    assert_int_equal(pcf_version(), PCF_VERSION_NUMBER);
    assert_string_equal(pcf_version_string(), PCF_VERSION_STRING);
    assert_true(PCF_CHECK_VERSION(0, 1, 0));
    assert_false(PCF_CHECK_VERSION(99, 0, 0));
    pcf_free(NULL);
}

/* pcf_json_quote: RFC 8259 section 7 escapes; UTF-8 kept; a stray byte becomes U+FFFD. */
static void json_quote(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"", "\"\""},
        {"plain", "\"plain\""},
        {"say \"hi\" \\ bye", "\"say \\\"hi\\\" \\\\ bye\""},
        {"a\nb\rc\td", "\"a\\nb\\rc\\td\""},
        {"\x01\x1f\b\f", "\"\\u0001\\u001F\\b\\f\""},
        {"钢 CO₂ é", "\"钢 CO₂ é\""},
        {"bad \xff byte", "\"bad \\ufffd byte\""},
        {"cut \xe9\x92", "\"cut \\ufffd\\ufffd\""},
        {"/ stays", "\"/ stays\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *q = NULL;
        pcf_error err;
        assert_int_equal(pcf_json_quote(cases[i].in, &q, &err), PCF_OK);
        assert_string_equal(q, cases[i].out);
        pcf_free(q);
    }
    char *q = (char *)"x";
    assert_int_equal(pcf_json_quote(NULL, &q, NULL), PCF_ERR_INVALID_ARG);
    assert_null(q);
    assert_int_equal(pcf_json_quote("x", NULL, NULL), PCF_ERR_INVALID_ARG);
}

/* Invalid UTF-8 is replaced byte by byte with U+FFFD: an overlong '/', a UTF-16 surrogate, a
 * code point past U+10FFFF and a 5-byte lead (RFC 3629 section 3 forbids each); a 4-byte
 * character (U+1F600) is valid and kept. */
static void json_quote_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"\xc0\xaf", "\"\\ufffd\\ufffd\""},
        {"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""},
        {"\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""},
        {"\xf8!", "\"\\ufffd!\""},
        {"\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""},
        {"\xe2\x82", "\"\\ufffd\\ufffd\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *q = NULL;
        assert_int_equal(pcf_json_quote(cases[i].in, &q, NULL), PCF_OK);
        assert_string_equal(q, cases[i].out);
        pcf_free(q);
    }
}

/* A pointer from pcf_diag_at() stays valid while the list grows past its first capacity (8),
 * entries from the same file share it, and NULL or out-of-range queries answer neutrally. */
static void diag_growth(void **state)
{
    (void)state;
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    pcf_error e;
    pcf_error_clear(&e);
    snprintf(e.file, sizeof e.file, "model.json");
    snprintf(e.message, sizeof e.message, "first");
    assert_int_equal(pcf_diag_add(d, PCF_SEVERITY_NOTE, &e), PCF_OK);
    const pcf_error *first = pcf_diag_at(d, 0);
    assert_non_null(first);
    for (int i = 1; i < 17; i++) {
        snprintf(e.message, sizeof e.message, "entry %d", i);
        assert_int_equal(pcf_diag_add(d, PCF_SEVERITY_ERROR, &e), PCF_OK);
    }
    assert_ptr_equal(pcf_diag_at(d, 0), first);
    assert_string_equal(first->message, "first");
    assert_string_equal(pcf_diag_at(d, 16)->file, "model.json");
    assert_string_equal(pcf_diag_at(d, 16)->message, "entry 16");
    assert_int_equal(pcf_diag_error_count(d), 16);
    assert_int_equal(pcf_diag_severity_at(d, 0), PCF_SEVERITY_NOTE);
    assert_int_equal(pcf_diag_severity_at(d, 17), PCF_SEVERITY_ERROR);
    assert_int_equal(pcf_diag_severity_at(NULL, 0), PCF_SEVERITY_ERROR);
    assert_null(pcf_diag_at(NULL, 0));
    assert_int_equal(pcf_diag_error_count(NULL), 0);
    pcf_diag_clear(NULL);
    pcf_diag_destroy(d);
}

/* The pcf_error layout is ABI: these numbers may never change. */
static void error_layout_frozen(void **state)
{
    (void)state;
    assert_int_equal(offsetof(pcf_error, code), 0);
    assert_int_equal(offsetof(pcf_error, line), 4);
    assert_int_equal(offsetof(pcf_error, column), 8);
    assert_int_equal(offsetof(pcf_error, message), 16);
    assert_int_equal(offsetof(pcf_error, file), 16 + 1024);
    assert_int_equal(offsetof(pcf_error, path), 16 + 1024 + 512);
    assert_int_equal(sizeof(pcf_error), 16 + 1024 + 512 + 256);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(status_strings_unique_and_non_empty),
        cmocka_unit_test(error_clear_resets),
        cmocka_unit_test(success_resets_error),
        cmocka_unit_test(long_message_cut_at_utf8_boundary),
        cmocka_unit_test(diag_list),
        cmocka_unit_test(diag_compact),
        cmocka_unit_test(version_matches_header),
        cmocka_unit_test(error_layout_frozen),
        cmocka_unit_test(json_quote),
        cmocka_unit_test(json_quote_utf8),
        cmocka_unit_test(diag_growth),
    };
    return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
