/*
 * Tests of factor search and matching: the synonym table, whole-word abbreviations,
 * result counts, the limits of a search, pcf_factor_suggest() and the region-typo message.
 * Usage: test_match FACTORS_DB WORK_DIR
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char *g_db, *g_work;

static pcf_db *open_default(void)
{
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(g_db, PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    return db;
}

static const char *top_code(pcf_db *db, const char *text)
{
    static char code[256];
    pcf_factor_list *l = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_search(db, text, NULL, NULL, PCF_DIM_NONE, 1, &l, &err), PCF_OK);
    snprintf(code, sizeof code, "%s",
             l && pcf_factor_list_count(l) ? pcf_factor_code(pcf_factor_list_at(l, 0)) : "");
    pcf_factor_list_destroy(l);
    return code;
}

/* 40 queries as a new user types them, with the factor that must come
 * first. Each expected code was chosen by reading the shipped rows: the synonym table's
 * `prefer` column names it (data/synonyms.csv gives the reason on the same line). */
static const struct {
    const char *query, *code;
} forty[] = {
    {"运输", "desnz-2025:27_304_3140_14_1"},      /* HGV (all diesel) - All HGVs - Average laden */
    {"货运", "desnz-2025:27_304_3140_14_1"},      /* same default */
    {"卡车", "desnz-2025:27_304_3140_14_1"},      /* 卡车 = HGV */
    {"公路", "desnz-2025:27_304_3140_14_1"},      /* road freight */
    {"卡车运输", "desnz-2025:27_304_3140_14_1"},  /* cut into 卡车 + 运输 */
    {"海运", "desnz-2025:27_320_3235_14_1"},      /* Cargo ship - Container ship - Average */
    {"铁路", "desnz-2025:27_315_3151_14_1"},      /* Rail - Freight train */
    {"空运", "desnz-2025:27_317_3159_14_1"},      /* Freight flights, international, no RF */
    {"transport", "desnz-2025:27_304_3140_14_1"}, /* as 运输 */
    {"truck", "desnz-2025:27_304_3140_14_1"},     /* as 卡车 */
    {"lorry", "desnz-2025:27_304_3140_14_1"},     /* British truck */
    {"road", "desnz-2025:27_304_3140_14_1"},      /* as 公路 */
    {"sea", "desnz-2025:27_320_3235_14_1"},       /* as 海运 */
    {"rail", "desnz-2025:27_315_3151_14_1"},      /* as 铁路 */
    {"air", "desnz-2025:27_317_3159_14_1"},       /* as 空运 */
    {"van", "desnz-2025:27_303_3102_14_1"},       /* Vans - Average - Diesel */
    {"集装箱", "desnz-2025:27_320_3235_14_1"},    /* container ship */
    {"PP", "desnz-2025:19_505_5144_15_1"},        /* Plastics: PP - Primary material production */
    {"pp", "desnz-2025:19_505_5144_15_1"},        /* the table folds ASCII case */
    {"PET", "desnz-2025:19_505_5140_15_1"},       /* Plastics: PET - Primary, not Petrol */
    {"HDPE", "desnz-2025:19_505_5132_15_1"},      /* Plastics: HDPE - Primary */
    {"LDPE", "desnz-2025:19_505_5136_15_1"},      /* Plastics: LDPE and LLDPE - Primary */
    {"PVC", "desnz-2025:19_505_5152_15_1"},       /* Plastics: PVC - Primary */
    {"PS", "desnz-2025:19_505_5148_15_1"},        /* Plastics: PS - Primary */
    {"聚丙烯", "desnz-2025:19_505_5144_15_1"},    /* Chinese for PP */
    {"PP 再生", "desnz-2025:19_505_5147_15_1"},   /* recycled PP: the closed-loop source row */
    {"塑料", "desnz-2025:19_505_5120_15_1"},      /* average plastics - Primary */
    {"瓶", "desnz-2025:19_505_5140_15_1"},        /* a bottle: PET first */
    {"bottle", "desnz-2025:19_505_5140_15_1"},    /* as 瓶 */
    {"玻璃瓶", "ademe-base-carbone-v22:glass-container-hollow-glass-virgin"},
    {"纸箱", "desnz-2025:19_506_5156_15_1"},   /* Paper and board: board - Primary */
    {"carton", "desnz-2025:19_506_5156_15_1"}, /* as 纸箱 */
    {"纸", "desnz-2025:19_506_5164_15_1"},     /* Paper and board: paper - Primary */
    {"鋼", "ademe-base-carbone-v22:steel-or-tinplate-virgin"}, /* traditional 钢 */
    {"steel", "ademe-base-carbone-v22:steel-or-tinplate-virgin"},
    {"铝", "ademe-base-carbone-v22:aluminium-virgin"},
    {"电力", "cn-mee:china-national-average-electricity-carbon-footprint-factor-2023-life-cyc"},
    {"福建 电力", "cn-mee:fujian-provincial-average-electricity-co2-factor-2022"},
    {"柴油", "desnz-2025:1_101_1012_15_1"}, /* Diesel (100% mineral) - combustion, per tonne */
    {"茶", "mdpi-papers:green-tea-made-dry-tea-cultivation-stage-smallholders-hanzhong-shaanxi"},
};

static void test_forty_queries(void **state)
{
    (void)state;
    assert_int_equal(sizeof forty / sizeof forty[0], 40);
    pcf_db *db = open_default();
    for (size_t i = 0; i < sizeof forty / sizeof forty[0]; i++) {
        const char *got = top_code(db, forty[i].query);
        if (strcmp(got, forty[i].code) != 0)
            fail_msg("query \"%s\": first result %s, expected %s", forty[i].query, got,
                     forty[i].code);
    }
    pcf_db_close(db);
}

/* Whether some result of `query` is in `category` and its English name contains `word`. */
static int finds(pcf_db *db, const char *query, const char *category, const char *word)
{
    pcf_factor_list *l = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_search(db, query, NULL, NULL, PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    int hit = 0;
    for (size_t i = 0; i < pcf_factor_list_count(l) && !hit; i++) {
        const pcf_factor *f = pcf_factor_list_at(l, i);
        hit = strcmp(pcf_factor_category(f), category) == 0 &&
              strstr(pcf_factor_name_en(f), word) != NULL;
    }
    pcf_factor_list_destroy(l);
    return hit;
}

static void test_freight_words(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    /* Every freight word in Chinese and English (the words a shipment line uses) finds a freight
     * (transport) factor. */
    static const char *const freight[] = {"运输", "货运", "卡车",      "公路",    "海运",
                                          "铁路", "空运", "transport", "freight", "truck",
                                          "road", "sea",  "rail",      "air"};
    for (size_t i = 0; i < sizeof freight / sizeof freight[0]; i++)
        if (!finds(db, freight[i], "transport", ""))
            fail_msg("\"%s\" finds no transport factor", freight[i]);
    /* Every plastics word finds a plastics material factor; ABS, PC and PA (no factor of their
     * own) find the average rigid plastic as a proxy. */
    static const char *const plastics[] = {"PP",  "PE", "HDPE", "LDPE", "PET", "PVC",    "PS",
                                           "ABS", "PC", "PA",   "塑料", "瓶",  "bottle", "plastic"};
    for (size_t i = 0; i < sizeof plastics / sizeof plastics[0]; i++)
        if (!finds(db, plastics[i], "material", "Plastics"))
            fail_msg("\"%s\" finds no plastics factor", plastics[i]);
    /* Abbreviations are whole words: PP never finds Copper, PET never Petrol or Carpet. */
    assert_false(finds(db, "PP", "material", "Copper"));
    assert_false(finds(db, "PET", "fuel", "Petrol"));
    assert_false(finds(db, "PET", "waste", "Carpet"));
    /* ... while a longer word still matches part of a name. */
    assert_true(finds(db, "alumin", "material", "Aluminium"));
    /* The shipped data has no water-supply factor (no open source read publishes one), so the
     * water words find nothing there, and never cement (水泥) or waterborne freight. */
    static const char *const water[] = {"自来水", "tap water", "water", "水"};
    for (size_t i = 0; i < sizeof water / sizeof water[0]; i++) {
        pcf_factor_list *l = NULL;
        pcf_error err;
        assert_int_equal(pcf_db_search(db, water[i], NULL, NULL, PCF_DIM_NONE, 0, &l, &err),
                         PCF_OK);
        assert_int_equal(pcf_factor_list_count(l), 0);
        pcf_factor_list_destroy(l);
    }
    pcf_db_close(db);
}

/* A company layer with a water factor: the water words find it. The layer is test data made for
 * this test (its value is never computed with). */
static void test_water_layer(void **state)
{
    (void)state;
    char csv[1024], path[1024];
    snprintf(csv, sizeof csv, "%s/match-water.csv", g_work);
    snprintf(path, sizeof path, "%s/match-water.db", g_work);
    FILE *f = fopen(csv, "wb");
    assert_non_null(f);
    fputs("code,category,name_en,name_zh,region,value,unit,source,license\n"
          "test:water-supply,water,Water supply,自来水供应,CN,1,kgCO2e/m3,test data,test\n",
          f);
    fclose(f);
    remove(path);
    pcf_db *w = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(path, PCF_DB_READ_WRITE | PCF_DB_CREATE, &w, &err), PCF_OK);
    assert_int_equal(pcf_db_import_csv(w, csv, NULL, &err), PCF_OK);
    pcf_db_close(w);
    pcf_db *db = open_default();
    assert_int_equal(pcf_db_attach(db, path, "water", &err), PCF_OK);
    static const char *const water[] = {"自来水", "tap water", "water", "水", "用水"};
    for (size_t i = 0; i < sizeof water / sizeof water[0]; i++)
        if (strcmp(top_code(db, water[i]), "test:water-supply") != 0)
            fail_msg("\"%s\" does not find the layer's water factor", water[i]);
    pcf_suggestion_list *s = NULL;
    assert_int_equal(pcf_factor_suggest(db, "自来水", "m3", "CN-FJ", NULL, 3, &s, &err), PCF_OK);
    assert_int_equal(pcf_suggestion_count(s), 1);
    assert_true(pcf_suggestion_clear(s));
    pcf_suggestion_list_destroy(s);
    pcf_db_close(db);
}

static void test_counts_and_limits(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    pcf_factor_list *l = NULL;
    pcf_error err;
    /* "PP" matches 9 rows: DESNZ PP material (primary, closed-loop source) and waste (open-loop,
     * closed-loop, incineration, landfill) = 6, EPA PP recycled/landfilled/combusted = 3. */
    assert_int_equal(pcf_db_search(db, "PP", NULL, NULL, PCF_DIM_NONE, 2, &l, &err), PCF_OK);
    assert_int_equal(pcf_factor_list_count(l), 2);
    assert_int_equal(pcf_factor_list_total(l), 9);
    pcf_factor_list_destroy(l);
    assert_int_equal(pcf_factor_list_total(NULL), 0);

    /* 20,000 words: refused at once with the limit named, not silently cut. */
    size_t n = 20000;
    char *big = malloc(n * 6 + 1);
    assert_non_null(big);
    char *p = big;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "w%04zu ", i % 10000);
    l = (pcf_factor_list *)1;
    assert_int_equal(pcf_db_search(db, big, NULL, NULL, PCF_DIM_NONE, 0, &l, &err),
                     PCF_ERR_INVALID_ARG);
    assert_null(l);
    assert_non_null(strstr(err.message, "PCF_SEARCH_MAX_TEXT"));
    /* 65 different short words within the byte limit: the word limit. */
    p = big;
    for (size_t i = 0; i < PCF_SEARCH_MAX_TERMS + 1; i++)
        p += sprintf(p, "w%zu ", i);
    assert_int_equal(pcf_db_search(db, big, NULL, NULL, PCF_DIM_NONE, 0, &l, &err),
                     PCF_ERR_INVALID_ARG);
    assert_non_null(strstr(err.message, "PCF_SEARCH_MAX_TERMS"));
    /* 64 is allowed; repeats count once: 64 × "PP" is the search "PP". */
    p = big;
    for (size_t i = 0; i < PCF_SEARCH_MAX_TERMS; i++)
        p += sprintf(p, "PP ");
    assert_int_equal(pcf_db_search(db, big, NULL, NULL, PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    assert_int_equal(pcf_factor_list_total(l), 9);
    pcf_factor_list_destroy(l);
    /* Every short word counts (from the 9th on they used to be dropped): eight single
     * characters of "聚丙烯PP(含成型) - 原生材料生产" find that row alone; a ninth that it does
     * not contain (钢) leaves nothing. */
    assert_int_equal(
        pcf_db_search(db, "聚 丙 烯 含 成 型 原 生", NULL, NULL, PCF_DIM_NONE, 0, &l, &err),
        PCF_OK);
    assert_int_equal(pcf_factor_list_total(l), 1);
    assert_string_equal(pcf_factor_code(pcf_factor_list_at(l, 0)), "desnz-2025:19_505_5144_15_1");
    pcf_factor_list_destroy(l);
    assert_int_equal(
        pcf_db_search(db, "聚 丙 烯 含 成 型 原 生 钢", NULL, NULL, PCF_DIM_NONE, 0, &l, &err),
        PCF_OK);
    assert_int_equal(pcf_factor_list_total(l), 0);
    pcf_factor_list_destroy(l);
    free(big);
    pcf_db_close(db);
}

static void test_suggest(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    pcf_suggestion_list *s = NULL;
    pcf_error err;
    /* A BOM line: "颗粒" and "注塑级" say nothing about the material and are ignored. */
    assert_int_equal(
        pcf_factor_suggest(db, "PP颗粒 注塑级", "kg", "CN-FJ", "material,packaging", 3, &s, &err),
        PCF_OK);
    assert_int_equal(pcf_suggestion_count(s), 2); /* PP primary and PP closed-loop source */
    assert_true(pcf_suggestion_clear(s));
    assert_string_equal(pcf_factor_code(pcf_suggestion_factor(s, 0)),
                        "desnz-2025:19_505_5144_15_1");
    /* score = 0.6 × coverage 1 + 0.25 preferred + 0.15 × region fit 0 (GB is outside the
     * CN-FJ chain) = 0.85; the closed-loop row has no preference: 0.6. */
    assert_true(pcf_suggestion_score(s, 0) > 0.849 && pcf_suggestion_score(s, 0) < 0.851);
    assert_true(pcf_suggestion_score(s, 1) > 0.599 && pcf_suggestion_score(s, 1) < 0.601);
    assert_non_null(strstr(pcf_suggestion_reason(s, 0, "en"), "default for \"PP\""));
    assert_non_null(strstr(pcf_suggestion_reason(s, 0, "zh"), "默认因子"));
    assert_non_null(strstr(pcf_suggestion_reason(s, 0, "en"), "outside CN-FJ"));
    assert_false(pcf_suggestion_is_proxy(s, 0));
    assert_null(pcf_suggestion_factor(s, 2));
    assert_string_equal(pcf_suggestion_reason(s, 2, "en"), "");
    pcf_suggestion_list_destroy(s);

    /* ABS: only a proxy, so never clear. */
    assert_int_equal(pcf_factor_suggest(db, "ABS 外壳", "kg", NULL, "material", 3, &s, &err),
                     PCF_OK);
    assert_true(pcf_suggestion_count(s) >= 1);
    assert_true(pcf_suggestion_is_proxy(s, 0));
    assert_false(pcf_suggestion_clear(s));
    assert_non_null(strstr(pcf_suggestion_reason(s, 0, "en"), "proxy"));
    assert_non_null(strstr(pcf_suggestion_reason(s, 0, "en"), "\"外壳\": no factor has it"));
    pcf_suggestion_list_destroy(s);

    /* PE is ambiguous (HDPE or LDPE): no clear match. */
    assert_int_equal(pcf_factor_suggest(db, "PE", "kg", NULL, "material", 3, &s, &err), PCF_OK);
    assert_false(pcf_suggestion_clear(s));
    pcf_suggestion_list_destroy(s);

    /* Electricity in Fujian: the national life-cycle factor is the table's default for 电; its
     * word score is 0.9 (alternative "electricity" in its name) + 0.1 (category electricity) = 1,
     * its region CN is third in the chain CN-FJ → CN-GRID-EAST → CN → GLO (fit 1 − 2/4), so
     * 0.6 × 1 + 0.25 + 0.15 × 0.5 = 0.925. */
    assert_int_equal(pcf_factor_suggest(db, "电", "kWh", "CN-FJ", NULL, 3, &s, &err), PCF_OK);
    assert_string_equal(
        pcf_factor_code(pcf_suggestion_factor(s, 0)),
        "cn-mee:china-national-average-electricity-carbon-footprint-factor-2023-life-cyc");
    assert_true(pcf_suggestion_score(s, 0) > 0.924 && pcf_suggestion_score(s, 0) < 0.926);
    pcf_suggestion_list_destroy(s);
    /* ... but in Great Britain a GB row comes first: the preference yields to the region. */
    assert_int_equal(pcf_factor_suggest(db, "electricity", "kWh", "GB", NULL, 3, &s, &err), PCF_OK);
    assert_string_equal(pcf_factor_region(pcf_suggestion_factor(s, 0)), "GB");
    pcf_suggestion_list_destroy(s);

    /* The unit keeps factors of its dimension: diesel per litre only. */
    assert_int_equal(pcf_factor_suggest(db, "柴油", "L", NULL, "fuel", 0, &s, &err), PCF_OK);
    for (size_t i = 0; i < pcf_suggestion_count(s); i++)
        assert_int_equal(pcf_unit_dimension(pcf_factor_unit(pcf_suggestion_factor(s, i))),
                         PCF_DIM_VOLUME);
    assert_string_equal(pcf_factor_code(pcf_suggestion_factor(s, 0)), "desnz-2025:1_101_1012_8_1");
    pcf_suggestion_list_destroy(s);

    /* Errors. */
    s = (pcf_suggestion_list *)1;
    assert_int_equal(pcf_factor_suggest(db, "PP", "furlong-ish", NULL, NULL, 3, &s, &err),
                     PCF_ERR_NOT_FOUND);
    assert_non_null(strstr(err.message, "furlong-ish"));
    assert_null(s);
    assert_int_equal(pcf_factor_suggest(db, " ,;", NULL, NULL, NULL, 3, &s, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_factor_suggest(db, "PP", NULL, NULL, "a,b,c,d,e,f,g,h,i", 3, &s, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_factor_suggest(db, "\xff", NULL, NULL, NULL, 3, &s, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_factor_suggest(NULL, "PP", NULL, NULL, NULL, 3, &s, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_suggestion_count(NULL), 0);
    assert_null(pcf_suggestion_factor(NULL, 0));
    assert_true(pcf_suggestion_score(NULL, 0) == 0.0);
    assert_false(pcf_suggestion_clear(NULL));
    assert_false(pcf_suggestion_is_proxy(NULL, 0));
    assert_string_equal(pcf_suggestion_reason(NULL, 0, "zh"), "");
    pcf_suggestion_list_destroy(NULL);
    pcf_db_close(db);
}

/* A region typo must not suggest the very name that was typed. */
static void test_region_typo(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    pcf_factor *f = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_resolve(db, "fuel", "Butane - combustion", "UK", &f, &err),
                     PCF_ERR_NOT_FOUND);
    assert_null(strstr(err.message, "did you mean \"Butane - combustion\""));
    assert_non_null(strstr(err.message, "exists only for region GB"));
    assert_non_null(strstr(err.message, "\"UK\" is written GB"));
    const char *fj = "2022年福建省级电力平均二氧化碳排放因子";
    assert_int_equal(pcf_db_resolve(db, "electricity", fj, "CN-FJJ", &f, &err), PCF_ERR_NOT_FOUND);
    assert_null(strstr(err.message, "did you mean"));
    assert_non_null(strstr(err.message, "exists only for region CN-FJ"));
    assert_non_null(strstr(err.message, "\"CN-FJJ\" is not a region of the database"));
    /* a name that exists nowhere still gets near names */
    assert_int_equal(pcf_db_resolve(db, "fuel", "Butane - burnt", "GB", &f, &err),
                     PCF_ERR_NOT_FOUND);
    assert_non_null(strstr(err.message, "did you mean \"Butane - WTT\", \"Butane - combustion\""));
    pcf_db_close(db);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_match FACTORS_DB WORK_DIR\n");
        return 2;
    }
    g_db = argv[1];
    g_work = argv[2];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forty_queries), cmocka_unit_test(test_freight_words),
        cmocka_unit_test(test_water_layer),   cmocka_unit_test(test_counts_and_limits),
        cmocka_unit_test(test_suggest),       cmocka_unit_test(test_region_typo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
