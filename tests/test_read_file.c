/*
 * Reading a whole file (pcf__read_file, lib/common.c, internal): a regular file is read straight
 * into one buffer of its size, a pipe through chunks; both give the bytes exactly, the length
 * without the NUL that ends them, and refuse what is over the limit. Linked statically for the
 * internal call. GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include "../lib/internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define BIG 300001 /* over the 65,536-byte chunk and the 4,096 bytes of room read in place */

static char dir[64];

static void pattern(char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        b[i] = (char)('a' + (i * 7 + i / 251) % 26);
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/pcf-read-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void regular_file(void **state)
{
    (void)state;
    char path[128], *want = malloc(BIG), *got = NULL;
    assert_non_null(want);
    pattern(want, BIG);
    snprintf(path, sizeof path, "%s/big.json", dir);
    write_file(path, want, BIG);
    size_t len = 0;
    pcf_error err;
    assert_int_equal(pcf__read_file(path, "model file", 0, &got, &len, &err), PCF_OK);
    assert_int_equal(len, BIG);
    assert_memory_equal(got, want, BIG);
    assert_int_equal(got[BIG], '\0');
    free(got);
    /* exactly at the limit is read; one byte under it is refused, naming the file and limit */
    assert_int_equal(pcf__read_file(path, "model file", BIG, &got, &len, &err), PCF_OK);
    assert_int_equal(len, BIG);
    free(got);
    got = (char *)1;
    assert_int_equal(pcf__read_file(path, "model file", BIG - 1, &got, &len, &err), PCF_ERR_IO);
    assert_null(got);
    assert_int_equal(len, 0);
    assert_non_null(strstr(err.message, "big.json\" is larger than the limit of 300000 bytes"));
    free(want);
}

static void empty_and_missing(void **state)
{
    (void)state;
    char path[128], *got = NULL;
    snprintf(path, sizeof path, "%s/empty.json", dir);
    write_file(path, "", 0);
    size_t len = 7;
    pcf_error err;
    assert_int_equal(pcf__read_file(path, "model file", 0, &got, &len, &err), PCF_OK);
    assert_int_equal(len, 0);
    assert_string_equal(got, "");
    free(got);
    snprintf(path, sizeof path, "%s/none.json", dir);
    assert_int_equal(pcf__read_file(path, "CSV file", 0, &got, &len, &err), PCF_ERR_IO);
    assert_null(got);
    assert_non_null(strstr(err.message, "cannot open the CSV file"));
}

typedef struct {
    const char *path;
    const char *data;
    size_t n;
} feed;

static void *write_fifo(void *arg)
{
    const feed *f = arg;
    FILE *fp = fopen(f->path, "wb");
    if (fp) {
        for (size_t at = 0; at < f->n; at += 1000) /* in small writes, as a pipe delivers */
            fwrite(f->data + at, 1, f->n - at < 1000 ? f->n - at : 1000, fp);
        fclose(fp);
    }
    return NULL;
}

/* A pipe cannot seek: its size is unknown, so it is read in chunks that are appended. */
static void pipe_in_chunks(void **state)
{
    (void)state;
    char path[128], *want = malloc(BIG), *got = NULL;
    assert_non_null(want);
    pattern(want, BIG);
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    feed f = {path, want, BIG};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, write_fifo, &f), 0);
    size_t len = 0;
    pcf_error err;
    pcf_status st = pcf__read_file(path, "model file", 0, &got, &len, &err);
    pthread_join(t, NULL);
    assert_int_equal(st, PCF_OK);
    assert_int_equal(len, BIG);
    assert_memory_equal(got, want, BIG);
    assert_int_equal(got[BIG], '\0');
    free(got);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regular_file),
        cmocka_unit_test(empty_and_missing),
        cmocka_unit_test(pipe_in_chunks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
