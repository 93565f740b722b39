/*
 * Tests of libzip loaded on first use (lib/lci_zip.c): the library the build found loads and its
 * functions read tests/data/lci/chain.zip (17 entries, the first README.txt, as Python's zipfile
 * lists them); a missing library and a library without libzip's functions
 * give PCF_ERR_UNSUPPORTED with the fix; pcf__zip() loads once for every caller.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include "../lib/lci_zip.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static void test_zip_loaded(void **state)
{
    (void)state;
    pcf_error err;
    const pcf__zip_api *z = pcf__zip(&err);
    assert_non_null(z);
    assert_ptr_equal(pcf__zip(&err), z); /* loaded once */
    char path[1024];
    snprintf(path, sizeof path, "%s/chain.zip", LCI_DATA_DIR);
    int zerr = 0;
    zip_t *a = z->open(path, ZIP_RDONLY, &zerr);
    assert_non_null(a);
    /* python3 -c "import zipfile; print(len(zipfile.ZipFile('chain.zip').namelist()))": 17 */
    assert_int_equal(z->get_num_entries(a, 0), 17);
    assert_string_equal(z->get_name(a, 0, 0), "README.txt");
    zip_stat_t st;
    assert_int_equal(z->stat_index(a, 0, 0, &st), 0);
    zip_file_t *f = z->fopen_index(a, 0, 0);
    assert_non_null(f);
    char buf[64];
    zip_int64_t want = st.size < sizeof buf ? (zip_int64_t)st.size : (zip_int64_t)sizeof buf;
    assert_int_equal(z->fread(f, buf, (zip_uint64_t)want), want);
    assert_int_equal(z->fclose(f), 0);
    z->discard(a);
    /* a file that is not a zip: libzip's own message through the loaded functions */
    snprintf(path, sizeof path, "%s/chain/flows/f-e.json", LCI_DATA_DIR);
    assert_null(z->open(path, ZIP_RDONLY, &zerr));
    zip_error_t ze;
    z->error_init_with_code(&ze, zerr);
    assert_string_equal(z->error_strerror(&ze), "Not a zip archive");
    z->error_fini(&ze);
}

static void test_zip_missing(void **state)
{
    (void)state;
    pcf_error err;
    pcf__zip_api api;
    assert_int_equal(pcf__zip_load("libpcf-no-such-zip.so.9", &api, &err), PCF_ERR_UNSUPPORTED);
    assert_null(api.open);
    assert_contains(err.message, "reading a zip file needs libzip (libpcf-no-such-zip.so.9), "
                                 "which could not be loaded (");
    assert_contains(err.message, "install it (Debian: libzip4), or unpack the zip and import its "
                                 "folder");
    /* a library that is there but is not libzip */
    assert_int_equal(pcf__zip_load("libm.so.6", &api, &err), PCF_ERR_UNSUPPORTED);
    assert_null(api.open);
    assert_contains(err.message, "libm.so.6 has no function zip_open");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zip_loaded),
        cmocka_unit_test(test_zip_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
