/*
 * The resolver's path helpers (lib/system_read.c, internal): the paths of an array's elements,
 * counted in place (pcf__res_ipath), against the same paths formatted one by one
 * (pcf__res_index), and with a base too long to leave the index room. Linked statically
 * for the internal calls. GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include "../lib/system_resolve.h"

/* Walks n elements of base and checks every path against pcf__res_index and snprintf. */
static void walk(const char *base, size_t n)
{
    pcf__res_ipath p;
    pcf__res_ipath_start(&p, base);
    for (size_t k = 0; k < n; k++, pcf__res_ipath_next(&p)) {
        char want[PCF_ERROR_PATH_SIZE], fmt[2 * PCF_ERROR_PATH_SIZE];
        pcf__res_index(want, sizeof want, base, k);
        snprintf(fmt, sizeof fmt, "%s[%zu]", base, k);
        fmt[PCF_ERROR_PATH_SIZE - 1] = '\0'; /* what snprintf into PCF_ERROR_PATH_SIZE keeps */
        assert_string_equal(p.text, want);
        assert_string_equal(p.text, fmt);
    }
}

static void index_paths_counted(void **state)
{
    (void)state;
    /* through 9 -> 10, 99 -> 100, 999 -> 1000 and 9999 -> 10000 */
    walk("$.products[0].stages.materials", 10001);
    walk("", 12);
}

static void index_paths_long_base(void **state)
{
    (void)state;
    /* a base of up to 233 characters leaves room for 20 digits: the paths are pcf__res_index's */
    char base[PCF_ERROR_PATH_SIZE + 8];
    for (size_t len = 228; len <= 233; len++) {
        memset(base, 'a', len);
        base[len] = '\0';
        walk(base, 120);
    }
    /* a longer one is cut to 233 characters, so the index still shows (pcf__res_index would
     * cut the index instead) */
    memset(base, 'b', 250);
    base[250] = '\0';
    pcf__res_ipath p;
    pcf__res_ipath_start(&p, base);
    for (size_t k = 0; k < 1001; k++, pcf__res_ipath_next(&p)) {
        char want[PCF_ERROR_PATH_SIZE];
        snprintf(want, sizeof want, "%.233s[%zu]", base, k);
        assert_string_equal(p.text, want);
    }
    assert_int_equal(strlen(p.text), 233 + 6); /* "[1001]" */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(index_paths_counted),
        cmocka_unit_test(index_paths_long_base),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
