/*
 * Fuzz target for layer databases, which are files someone sent you: the input
 * bytes are written to a file that is then opened read-only as the default layer and attached
 * over an empty database, and queried (count, search, a lookup by code, a resolve, the CSV
 * export). What must hold: no crash, no hang (queries are bounded), every failure has a message,
 * every factor served has finite, non-negative-where-required numbers, and the file is unchanged
 * afterwards (reading a layer never writes it).
 * Usage (replay): fuzz_layer CORPUS_DIR -- WORK_DIR
 * GPL-3.0-or-later; see LICENSE.
 */
#include "fuzz.h"

#include <pcf/pcf.h>

#include <math.h>
#include <string.h>

static char g_path[4096];

static void check(pcf_status st, const pcf_error *err)
{
    if (st != PCF_OK && err->message[0] == '\0')
        abort(); /* every error says why */
}

static void check_factor(const pcf_factor *f)
{
    if (!f)
        return;
    double v = pcf_factor_kg_co2e(f);
    if (!isfinite(v))
        abort(); /* a layer's value is checked before it is used */
    (void)pcf_factor_code(f);
    (void)pcf_factor_name_en(f);
}

static void query(pcf_db *db)
{
    pcf_error err;
    size_t n = 0;
    for (size_t layer = 0; layer < pcf_db_layer_count(db); layer++)
        check(pcf_db_factor_count(db, layer, &n, &err), &err);
    pcf_factor_list *list = NULL;
    pcf_status st = pcf_db_search(db, "", NULL, NULL, PCF_DIM_NONE, 50, &list, &err);
    check(st, &err);
    char code[256] = "";
    for (size_t i = 0; i < pcf_factor_list_count(list); i++) {
        const pcf_factor *f = pcf_factor_list_at(list, i);
        check_factor(f);
        if (i == 0)
            snprintf(code, sizeof code, "%s", pcf_factor_code(f));
    }
    pcf_factor_list_destroy(list);
    pcf_factor *f = NULL;
    st = pcf_db_get_factor(db, code[0] ? code : "x:1", &f, &err);
    check(st, &err);
    check_factor(f);
    pcf_factor_destroy(f);
    f = NULL;
    st = pcf_db_resolve(db, "electricity", "grid electricity", "CN-FJ", &f, &err);
    check(st, &err);
    check_factor(f);
    pcf_factor_destroy(f);
    char *csv = NULL;
    st = pcf_db_export_csv(db, &csv, &err);
    check(st, &err);
    pcf_free(csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_path[0])
        abort(); /* fuzz_init() was not called */
    if (!fuzz_write_file(g_path, data, size))
        return 0;
    pcf_error err;
    pcf_db *db = NULL;
    pcf_status st = pcf_db_open(g_path, PCF_DB_READ_ONLY, &db, &err);
    check(st, &err);
    if (st == PCF_OK)
        query(db);
    pcf_db_close(db);
    db = NULL;
    if (pcf_db_open(":memory:", PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, &err) != PCF_OK)
        abort();
    st = pcf_db_attach(db, g_path, NULL, &err);
    check(st, &err);
    if (st == PCF_OK)
        query(db);
    pcf_db_close(db);
    /* the layer file is as it was */
    FILE *f = fopen(g_path, "rb");
    if (!f)
        abort();
    uint8_t *back = malloc(size + 1);
    if (!back)
        abort();
    size_t n = fread(back, 1, size + 1, f);
    fclose(f);
    if (n != size || memcmp(back, data, size) != 0)
        abort();
    free(back);
    remove(g_path);
    return 0;
}

/* ARGS: [WORK_DIR], where each input is written as a database file. */
int fuzz_init(int argc, char **argv)
{
    return fuzz_work_path(g_path, sizeof g_path, argc, argv, "layer.db");
}
