/*
 * Fuzz target for CSV import. Each input is written to a file and imported
 * into a fresh in-memory database; whatever imports must export and re-import to the same text.
 * With libFuzzer (-DPCF_FUZZING) it is the usual LLVMFuzzerTestOneInput; built normally, main()
 * replays every file of a corpus folder and every prefix of each file, so truncated rows are
 * exercised under ASan in `meson test`.
 * Usage: fuzz_csv CORPUS_DIR -- WORK_DIR
 * GPL-3.0-or-later; see LICENSE.
 */
#include "fuzz.h"

#include <pcf/pcf.h>

#include <string.h>

static char g_in[4096], g_out[4096];

static char *import_export(const char *path, pcf_status *st)
{
    pcf_db *db = NULL;
    char *csv = NULL;
    pcf_error err;
    *st = pcf_db_open(":memory:", PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, &err);
    if (*st == PCF_OK)
        *st = pcf_db_import_csv(db, path, NULL, &err);
    if (*st == PCF_OK)
        *st = pcf_db_export_csv(db, &csv, &err);
    if (*st == PCF_ERR_PARSE && err.line < 1)
        abort(); /* a parse error always names its line */
    pcf_db_close(db);
    return csv;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_in[0])
        abort(); /* fuzz_init() was not called */
    if (!fuzz_write_file(g_in, data, size))
        return 0;
    pcf_status st;
    char *first = import_export(g_in, &st);
    const char *nl = first ? strchr(first, '\n') : NULL;
    if (nl && nl[1] != '\0') {
        /* factors were imported: their export must re-import to identical text */
        if (!fuzz_write_file(g_out, first, strlen(first)))
            abort();
        pcf_status st2;
        char *second = import_export(g_out, &st2);
        if (st2 != PCF_OK || !second || strcmp(first, second) != 0)
            abort();
        pcf_free(second);
    }
    pcf_free(first);
    return 0;
}

/* ARGS: [WORK_DIR], where each input is written as a file to import. */
int fuzz_init(int argc, char **argv)
{
    if (fuzz_work_path(g_in, sizeof g_in, argc, argv, "in.csv") != 0)
        return 2;
    return fuzz_work_path(g_out, sizeof g_out, argc, argv, "out.csv");
}
