/*
 * The resolver's path helpers (lib/system_read.c, internal): the paths of an array's elements,
 * counted in place (pcf__res_ipath), against the same paths formatted one by one
 * (pcf__res_index), including the lengths at which snprintf would truncate. Linked statically
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
    /* a base of 233 characters still has room for 20 digits; 234 and more are formatted one by
     * one, and from 254 the index is cut off as snprintf cuts it (255 characters and the NUL) */
    char base[PCF_ERROR_PATH_SIZE + 8];
    for (size_t len = 228; len < sizeof base; len++) {
        memset(base, 'a', len);
        base[len] = '\0';
        walk(base, 120);
    }
    pcf__res_ipath p;
    memset(base, 'a', 254);
    base[254] = '\0';
    pcf__res_ipath_start(&p, base);
    assert_int_equal(strlen(p.text), 255); /* the base and "[" */
    assert_int_equal(p.text[254], '[');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(index_paths_counted),
        cmocka_unit_test(index_paths_long_base),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
