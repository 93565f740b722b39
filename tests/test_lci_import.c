/*
 * Tests of the openLCA JSON-LD import's fault paths (lib/lci_import.c): each case copies the
 * hand-made three-process chain of tests/data/lci/chain into a work folder, replaces one file by
 * a broken variant written here, and checks the exact error (file, @id, key) and that the
 * database is unchanged; plus the choice file, a folder without categories, the zip reader and
 * re-imports. Paths: LCI_DATA_DIR (the fixtures); the work folder is made in the cwd.
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include "testutil.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#define WORK "lci-variant"

static const char *const kinds[] = {"categories", "unit_groups", "flow_properties", "flows",
                                    "processes"};

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* Empties WORK/kind (or makes it). */
static void clear_folder(const char *kind)
{
    char dir[256], path[512];
    snprintf(dir, sizeof dir, WORK "/%s", kind);
    mkdir(WORK, 0755);
    mkdir(dir, 0755);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        assert_int_equal(remove(path), 0);
    }
    closedir(d);
}

/* WORK := a copy of the chain fixture (p-c electricity 0.5 kg CO2/kWh; p-d steel, 3.6 MJ of
 * electricity and 1 kg CO2 per kg; p-e a part, 0.002 t of steel and 0.1 kg CH4 per kg); then `file`
 * (relative to WORK) is written with `text`, or removed when text is NULL. */
static void variant(const char *file, const char *text)
{
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        char src[512], path[512];
        clear_folder(kinds[k]);
        snprintf(src, sizeof src, "%s/chain/%s", LCI_DATA_DIR, kinds[k]);
        DIR *d = opendir(src);
        assert_non_null(d);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char *t = testutil_slurp(src, e->d_name);
            snprintf(path, sizeof path, WORK "/%s/%s", kinds[k], e->d_name);
            write_text(path, t);
            free(t);
        }
        closedir(d);
    }
    if (file) {
        char path[512];
        snprintf(path, sizeof path, WORK "/%s", file);
        if (text)
            write_text(path, text);
        else
            assert_int_equal(remove(path), 0);
    }
}

static pcf_db *fresh_db(const char *file)
{
    remove(file);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(file, PCF_DB_CREATE, &db, &err), PCF_OK);
    return db;
}

/* A process file from its exchanges; @id p-c, the electricity process of the chain. */
#define PROC(extra, exchanges)                                                                     \
    "{\"@id\": \"p-c\", \"name\": \"Electricity\", " extra "\"exchanges\": [" exchanges "]}"
#define EX_REF                                                                                     \
    "{\"flow\": {\"@id\": \"f-e\"}, \"amount\": 1, \"unit\": {\"@id\": \"u-kwh\", \"name\": "      \
    "\"kWh\"}, \"flowProperty\": {\"@id\": \"fp-energy\"}, \"quantitativeReference\": true}"
#define EX_CO2(amount, unit, prop)                                                                 \
    "{\"flow\": {\"@id\": \"f-co2\"}, \"amount\": " amount ", \"unit\": {\"@id\": \"" unit         \
    "\", \"name\": \"kg\"}, \"flowProperty\": {\"@id\": \"" prop "\"}}"
#define EX_OK EX_CO2("0.5", "u-kg", "fp-mass")

#define FLOW_CO2(props)                                                                            \
    "{\"@id\": \"f-co2\", \"name\": \"Carbon dioxide, fossil \", \"flowType\": "                   \
    "\"ELEMENTARY_FLOW\", \"flowProperties\": [" props "]}"
#define MASS_REF                                                                                   \
    "{\"flowProperty\": {\"@id\": \"fp-mass\"}, \"conversionFactor\": 1, "                         \
    "\"referenceFlowProperty\": true}"

#define UG(units) "{\"@id\": \"ug-mass\", \"name\": \"Units of mass\", \"units\": [" units "]}"
#define KG_REF                                                                                     \
    "{\"@id\": \"u-kg\", \"name\": \"kg\", \"conversionFactor\": 1, \"referenceUnit\": true}"

#define P "lci-variant/processes/p-c.json (@id \"p-c\"): "
#define F "lci-variant/flows/f-co2.json (@id \"f-co2\"): "
#define U "lci-variant/unit_groups/ug-mass.json (@id \"ug-mass\"): "

/* One broken file each; the expected messages follow the formats of lib/lci_import.c. */
static const struct bad_case {
    const char *file, *text;
    pcf_status status;
    const char *message;
} bad_cases[] = {
    /* unit groups */
    {"unit_groups/ug-mass.json", UG(""), PCF_ERR_PARSE, U "key \"units\" is missing or empty"},
    {"unit_groups/ug-mass.json", UG("{\"name\": \"kg\", \"conversionFactor\": 1}"), PCF_ERR_PARSE,
     U "key \"units[0].@id\" is missing or not a string"},
    {"unit_groups/ug-mass.json", UG("{\"@id\": \"u-kg\", \"conversionFactor\": 1}"), PCF_ERR_PARSE,
     U "key \"units[0].name\" is missing or not a string"},
    {"unit_groups/ug-mass.json", UG(KG_REF ", {\"@id\": \"u-t\", \"name\": \"t\"}"), PCF_ERR_PARSE,
     U "key \"units[1].conversionFactor\" is missing or not a number"},
    {"unit_groups/ug-mass.json",
     UG(KG_REF ", {\"@id\": \"u-t\", \"name\": \"t\", \"conversionFactor\": 0}"), PCF_ERR_PARSE,
     U "key \"units[1].conversionFactor\" must be a positive number"},
    {"unit_groups/ug-mass.json",
     UG("{\"@id\": \"u-kg\", \"name\": \"kg\", \"conversionFactor\": 1}"), PCF_ERR_PARSE,
     U "key \"units[].referenceUnit\" is true for no unit"},
    {"unit_groups/ug-mass.json", "{\"@id\": \"ug-mass\", \"units\": []}", PCF_ERR_PARSE,
     U "key \"name\" is missing or not a string"},
    {"unit_groups/ug-mass.json", "{\"name\": \"Units of mass\"}", PCF_ERR_PARSE,
     "lci-variant/unit_groups/ug-mass.json (@id \"?\"): key \"@id\" is missing or not a string"},
    /* flow properties */
    {"flow_properties/fp-mass.json", "{\"@id\": \"fp-mass\", \"name\": \"Mass\"}", PCF_ERR_PARSE,
     "lci-variant/flow_properties/fp-mass.json (@id \"fp-mass\"): key \"unitGroup.@id\" is "
     "missing or not a string"},
    /* flows */
    {"flows/f-co2.json", "{\"@id\": \"f-co2\", \"name\": \"CO2\"}", PCF_ERR_PARSE,
     F "key \"flowType\" is missing or not a string"},
    {"flows/f-co2.json", FLOW_CO2(""), PCF_ERR_PARSE,
     F "key \"flowProperties\" is missing or empty"},
    {"flows/f-co2.json", FLOW_CO2("{\"conversionFactor\": 1}"), PCF_ERR_PARSE,
     F "key \"flowProperties[0].flowProperty.@id\" is missing or not a string"},
    {"flows/f-co2.json",
     FLOW_CO2(MASS_REF ", {\"flowProperty\": {\"@id\": \"fp-energy\"}, "
                       "\"conversionFactor\": -2}"),
     PCF_ERR_PARSE,
     F "key \"flowProperties[1].conversionFactor\" is missing or not a positive number"},
    {"flows/f-co2.json",
     FLOW_CO2("{\"flowProperty\": {\"@id\": \"fp-mass\"}, "
              "\"conversionFactor\": 1}"),
     PCF_ERR_PARSE, F "key \"flowProperties[].referenceFlowProperty\" is true for no property"},
    /* processes */
    {"processes/p-c.json", "{\"@id\": \"p-c\", \"name\": \"Electricity\"}", PCF_ERR_PARSE,
     P "key \"exchanges\" is missing or not an array"},
    {"processes/p-c.json", PROC("", EX_REF ", 5"), PCF_ERR_PARSE,
     P "key \"exchanges[1]\" is not an object"},
    {"processes/p-c.json", PROC("", EX_REF ", " EX_REF), PCF_ERR_PARSE,
     P "key \"exchanges[].quantitativeReference\" is true for two exchanges; a process has one "
       "reference flow"},
    {"processes/p-c.json", PROC("", EX_OK), PCF_ERR_PARSE,
     P "key \"exchanges[].quantitativeReference\" is true for no exchange; a process needs one "
       "reference flow"},
    {"processes/p-c.json",
     PROC("", "{\"flow\": {\"@id\": \"f-e\"}, \"amount\": 1, \"unit\": {\"@id\": \"u-kwh\"}, "
              "\"flowProperty\": {\"@id\": \"fp-energy\"}, \"quantitativeReference\": true, "
              "\"input\": true}"),
     PCF_ERR_PARSE,
     P "key \"exchanges[].quantitativeReference\" marks an input; pcf links processes whose "
       "reference flow is an output"},
    {"processes/p-c.json",
     PROC("", "{\"flow\": {\"@id\": \"f-e\"}, \"amount\": 0, \"unit\": {\"@id\": \"u-kwh\"}, "
              "\"flowProperty\": {\"@id\": \"fp-energy\"}, \"quantitativeReference\": true}"),
     PCF_ERR_PARSE,
     P "key \"exchanges[].amount\" of the reference flow is zero; the process cannot be scaled"},
    /* an amount that is present but not a number is named as the amount (the key was
     * "exchanges[1]." before) */
    {"processes/p-c.json", PROC("", EX_REF ", " EX_CO2("\"0.5\"", "u-kg", "fp-mass")),
     PCF_ERR_PARSE, P "key \"exchanges[1].amount\" is missing or not a number"},
    {"processes/p-c.json",
     PROC("", EX_REF ", {\"flow\": {\"@id\": \"f-co2\"}, \"amount\": 1, \"unit\": {\"@id\": "
                     "\"u-kg\"}}"),
     PCF_ERR_PARSE, P "key \"exchanges[1].flowProperty.@id\" is missing or not a string"},
    {"processes/p-c.json",
     PROC("", EX_REF ", {\"flow\": {\"@id\": \"f-co2\"}, \"amount\": 1, \"flowProperty\": "
                     "{\"@id\": \"fp-mass\"}}"),
     PCF_ERR_PARSE, P "key \"exchanges[1].unit.@id\" is missing or not a string"},
    {"processes/p-c.json",
     PROC("", EX_REF ", {\"flow\": {}, \"amount\": 1, \"unit\": {\"@id\": \"u-kg\"}, "
                     "\"flowProperty\": {\"@id\": \"fp-mass\"}}"),
     PCF_ERR_PARSE, P "key \"exchanges[1].flow.@id\" is missing or not a string"},
    /* allocation */
    {"processes/p-c.json", PROC("\"defaultAllocationMethod\": \"CAUSAL_ALLOCATION\", ", EX_REF),
     PCF_ERR_UNSUPPORTED,
     "lci-variant/processes/p-c.json (@id \"p-c\"): defaultAllocationMethod "
     "\"CAUSAL_ALLOCATION\" is not supported; pcf applies physical or economic allocation "
     "factors (docs/lci.md)"},
    {"processes/p-c.json",
     PROC("\"defaultAllocationMethod\": \"PHYSICAL_ALLOCATION\", \"allocationFactors\": "
          "[{\"allocationType\": \"PHYSICAL_ALLOCATION\", \"product\": {\"@id\": \"f-e\"}, "
          "\"value\": 1.5}], ",
          EX_REF),
     PCF_ERR_PARSE,
     P "key \"allocationFactors[].value\" must be in (0, 1] for the reference product"},
    /* only an economic factor and one for another product: none of the default method */
    {"processes/p-c.json",
     PROC("\"defaultAllocationMethod\": \"PHYSICAL_ALLOCATION\", \"allocationFactors\": "
          "[{\"allocationType\": \"ECONOMIC_ALLOCATION\", \"product\": {\"@id\": \"f-e\"}, "
          "\"value\": 0.5}, {\"allocationType\": \"PHYSICAL_ALLOCATION\", \"product\": "
          "{\"@id\": \"f-q\"}, \"value\": 0.5}], ",
          EX_REF),
     PCF_ERR_PARSE,
     P "key \"allocationFactors\" has no factor of the default method for the reference "
       "product"},
    /* JSON that is not an object */
    {"processes/p-c.json", "[1, 2]", PCF_ERR_PARSE,
     "lci-variant/processes/p-c.json: the top level is not a JSON object"},
    /* a duplicate @id: p-x.json is read after p-c.json and names p-c again */
    {"processes/p-x.json", PROC("", EX_REF), PCF_ERR_PARSE,
     "lci-variant/processes/p-x.json: @id \"p-c\" occurs twice in the source; every @id must be "
     "unique within its folder"},
    /* references, checked after reading */
    {"processes/p-c.json",
     PROC("", EX_REF ", {\"flow\": {\"@id\": \"f-none\"}, \"amount\": 1, \"unit\": {\"@id\": "
                     "\"u-kg\"}, \"flowProperty\": {\"@id\": \"fp-mass\"}}"),
     PCF_ERR_NOT_FOUND, P "exchanges[1].flow.@id \"f-none\" is not in flows/"},
    {"processes/p-c.json", PROC("", EX_REF ", " EX_CO2("0.5", "u-lb", "fp-mass")),
     PCF_ERR_NOT_FOUND, P "exchanges[1].unit.@id \"u-lb\" (kg) is not in any unit group"},
    {"processes/p-c.json", PROC("", EX_REF ", " EX_CO2("0.5", "u-kg", "fp-energy")), PCF_ERR_UNIT,
     P "exchanges[1].flowProperty \"fp-energy\" is not a property of the exchange's flow; give "
       "the amount in a property the flow has"},
    {"flows/f-co2.json",
     FLOW_CO2(MASS_REF ", {\"flowProperty\": {\"@id\": \"fp-volume\"}, \"conversionFactor\": 2}"),
     PCF_ERR_NOT_FOUND,
     "flows/f-co2.json (\"Carbon dioxide, fossil \"): flowProperties[].flowProperty.@id "
     "\"fp-volume\" is not in flow_properties/"},
    {"flow_properties/fp-energy.json",
     "{\"@id\": \"fp-energy\", \"name\": \"Energy\", \"unitGroup\": {\"@id\": \"ug-none\"}}",
     PCF_ERR_NOT_FOUND,
     "flow_properties/fp-energy.json (\"Energy\"): unitGroup.@id \"ug-none\" is not in "
     "unit_groups/"},

    /* values of the wrong type where a string, object, array or number belongs: named as
     * missing or wrong, as an absent key is */
    {"unit_groups/ug-mass.json", "{\"@id\": \"ug-mass\", \"name\": 5, \"units\": []}",
     PCF_ERR_PARSE, U "key \"name\" is missing or not a string"},
    {"unit_groups/ug-mass.json", "{\"@id\": \"ug-mass\", \"name\": \"Mass\", \"units\": {}}",
     PCF_ERR_PARSE, U "key \"units\" is missing or empty"},
    {"unit_groups/ug-mass.json", "{\"@id\": \"ug-mass\", \"name\": \"Mass\"}", PCF_ERR_PARSE,
     U "key \"units\" is missing or empty"},
    {"unit_groups/ug-mass.json",
     UG("{\"@id\": \"u-kg\", \"name\": \"kg\", \"conversionFactor\": \"1\"}"), PCF_ERR_PARSE,
     U "key \"units[0].conversionFactor\" is missing or not a number"},
    /* a unit marked "referenceUnit": false is read on; the third unit is the broken one */
    {"unit_groups/ug-mass.json",
     UG(KG_REF ", {\"@id\": \"u-t\", \"name\": \"t\", \"conversionFactor\": 1000, "
               "\"referenceUnit\": false}, {\"@id\": \"u-g\", \"name\": \"g\"}"),
     PCF_ERR_PARSE, U "key \"units[2].conversionFactor\" is missing or not a number"},
    {"flow_properties/fp-mass.json",
     "{\"@id\": \"fp-mass\", \"name\": \"Mass\", \"unitGroup\": \"ug-mass\"}", PCF_ERR_PARSE,
     "lci-variant/flow_properties/fp-mass.json (@id \"fp-mass\"): key \"unitGroup.@id\" is "
     "missing or not a string"},
    {"flow_properties/fp-mass.json", "{\"name\": \"Mass\"}", PCF_ERR_PARSE,
     "lci-variant/flow_properties/fp-mass.json (@id \"?\"): key \"@id\" is missing or not a "
     "string"},
    {"categories/cat-air.json", "{\"@id\": \"cat-air\"}", PCF_ERR_PARSE,
     "lci-variant/categories/cat-air.json (@id \"cat-air\"): key \"name\" is missing or not a "
     "string"},
    {"flows/f-co2.json", "{\"name\": \"CO2\"}", PCF_ERR_PARSE,
     "lci-variant/flows/f-co2.json (@id \"?\"): key \"@id\" is missing or not a string"},
    {"flows/f-co2.json",
     "{\"@id\": \"f-co2\", \"name\": \"CO2\", \"flowType\": \"ELEMENTARY_FLOW\", "
     "\"flowProperties\": {}}",
     PCF_ERR_PARSE, F "key \"flowProperties\" is missing or empty"},
    {"flows/f-co2.json", FLOW_CO2("{\"flowProperty\": {\"@id\": \"fp-mass\"}}"), PCF_ERR_PARSE,
     F "key \"flowProperties[0].conversionFactor\" is missing or not a positive number"},
    /* a property marked "referenceFlowProperty": false is read on */
    {"flows/f-co2.json",
     FLOW_CO2(MASS_REF ", {\"flowProperty\": {\"@id\": \"fp-energy\"}, \"conversionFactor\": 2, "
                       "\"referenceFlowProperty\": false}, {\"flowProperty\": 1}"),
     PCF_ERR_PARSE, F "key \"flowProperties[2].flowProperty.@id\" is missing or not a string"},
    {"processes/p-c.json", "{\"name\": \"Electricity\", \"exchanges\": []}", PCF_ERR_PARSE,
     "lci-variant/processes/p-c.json (@id \"?\"): key \"@id\" is missing or not a string"},
    {"processes/p-c.json", "{\"@id\": \"p-c\", \"name\": \"Electricity\", \"exchanges\": {}}",
     PCF_ERR_PARSE, P "key \"exchanges\" is missing or not an array"},
    {"processes/p-c.json",
     PROC("", EX_REF ", {\"flow\": {\"@id\": \"f-co2\"}, \"unit\": {\"@id\": \"u-kg\"}, "
                     "\"flowProperty\": {\"@id\": \"fp-mass\"}}"),
     PCF_ERR_PARSE, P "key \"exchanges[1].amount\" is missing or not a number"},
    /* "allocationFactors" that is not an array has no factor for the default method */
    {"processes/p-c.json",
     PROC("\"defaultAllocationMethod\": \"ECONOMIC_ALLOCATION\", \"allocationFactors\": {}, ",
          EX_REF),
     PCF_ERR_PARSE,
     P "key \"allocationFactors\" has no factor of the default method for the reference "
       "product"},
    /* factors without a type, without a product, or with a value that is not a number are
     * passed over; a value of 0 for the reference product is refused */
    {"processes/p-c.json",
     PROC("\"defaultAllocationMethod\": \"ECONOMIC_ALLOCATION\", \"allocationFactors\": "
          "[{\"product\": {\"@id\": \"f-e\"}, \"value\": 0.5}, {\"allocationType\": "
          "\"ECONOMIC_ALLOCATION\", \"value\": 0.5}, {\"allocationType\": \"ECONOMIC_ALLOCATION\", "
          "\"product\": {\"@id\": \"f-e\"}, \"value\": \"0.5\"}, {\"allocationType\": "
          "\"ECONOMIC_ALLOCATION\", \"product\": {\"@id\": \"f-e\"}, \"value\": 0}], ",
          EX_REF),
     PCF_ERR_PARSE,
     P "key \"allocationFactors[].value\" must be in (0, 1] for the reference product"},
};

/* Every bad case fails with its exact message, and the database keeps the import made before
 * under the same name (the failed one was a replacement: one transaction, rolled back). */
static void test_bad_files(void **state)
{
    (void)state;
    pcf_db *db = fresh_db("lci-variant.db");
    pcf_error err;
    variant(NULL, NULL);
    assert_int_equal(pcf_lci_import(db, "v", WORK, NULL, 0, &err), PCF_OK);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        variant(c->file, c->text);
        pcf_status s = pcf_lci_import(db, "v", WORK, NULL, PCF_LCI_REPLACE, &err);
        if (s != c->status || strcmp(err.message, c->message) != 0)
            fail_msg("case %zu (%s): status %d, message\n  %s\nexpected %d,\n  %s", i, c->file,
                     (int)s, err.message, (int)c->status, c->message);
        /* the earlier import is intact: three processes, one cut-off-free chain */
        pcf_lci *lci = NULL;
        assert_int_equal(pcf_lci_open(db, "v", PCF_GWP_AR6, &lci, &err), PCF_OK);
        assert_int_equal(pcf_lci_process_count(lci), 3);
        pcf_lci_destroy(lci);
    }
    pcf_db_close(db);
}

/* A file that is not JSON names the line; a number beyond the range of a double is refused by
 * the parser (so every stored amount is finite). */
static void test_bad_json(void **state)
{
    (void)state;
    pcf_db *db = fresh_db("lci-variant.db");
    pcf_error err;
    variant("processes/p-c.json", "{\n \"@id\": \"p-c\",\n \"name\": ,\n}");
    assert_int_equal(pcf_lci_import(db, "v", WORK, NULL, 0, &err), PCF_ERR_PARSE);
    assert_contains(err.message, "lci-variant/processes/p-c.json: ");
    assert_string_equal(err.file, "lci-variant/processes/p-c.json");
    assert_int_equal(err.line, 3); /* the comma after "name": on the third line */
    variant("processes/p-c.json", PROC("", EX_REF ", " EX_CO2("1e999", "u-kg", "fp-mass")));
    assert_int_equal(pcf_lci_import(db, "v", WORK, NULL, 0, &err), PCF_ERR_PARSE);
    assert_string_equal(err.message,
                        "lci-variant/processes/p-c.json: real number overflow near '1e999'");
    char *info = NULL;
    assert_int_equal(pcf_lci_info_json(db, "v", &info, &err), PCF_ERR_NOT_FOUND);
    pcf_db_close(db);
}

static void remove_folder(const char *kind)
{
    char dir[256];
    clear_folder(kind);
    snprintf(dir, sizeof dir, WORK "/%s", kind);
    assert_int_equal(rmdir(dir), 0);
}

/* Folders: unit_groups/ is required, categories/ is not (the compartment is then the leaf
 * category's name), processes/ must hold at least one process. */
static void test_folders(void **state)
{
    (void)state;
    pcf_db *db = fresh_db("lci-variant.db");
    pcf_error err;
    variant(NULL, NULL);
    remove_folder("unit_groups");
    assert_int_equal(pcf_lci_import(db, "v", WORK, NULL, 0, &err), PCF_ERR_IO);
    assert_string_equal(err.message, "\"lci-variant\" has no folder \"unit_groups\"; give an "
                                     "openLCA JSON-LD export (zip or folder)");
    variant(NULL, NULL);
    clear_folder("processes");
    assert_int_equal(pcf_lci_import(db, "v", WORK, NULL, 0, &err), PCF_ERR_PARSE);
    assert_string_equal(err.message,
                        "\"lci-variant\" has no processes/*.json; give an openLCA JSON-LD export");
    /* without categories/ the chain still imports, but its CO2 flow is then in the compartment
     * "unspecified" (the leaf category), which the flow map does not read as air: no CO2 is
     * counted, and `pcf lci info` lists the flow as a greenhouse gas left unmapped (the
     * compartment checked below) */
    variant(NULL, NULL);
    remove_folder("categories");
    write_text(WORK "/processes/notes.txt", "not a JSON-LD file: skipped\n");
    assert_int_equal(pcf_lci_import(db, "v", WORK, NULL, 0, &err), PCF_OK);
    pcf_lci *lci = NULL;
    size_t d;
    assert_int_equal(pcf_lci_open(db, "v", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_find(lci, "p-d", &d, &err), PCF_OK);
    assert_double_close(pcf_lci_gas_kg(lci, d, PCF_GAS_CO2_FOSSIL), 0, 0, 0);
    pcf_lci_destroy(lci);
    char *info = NULL;
    assert_int_equal(pcf_lci_info_json(db, "v", &info, &err), PCF_OK);
    /* the CO2 of p-c and p-d, listed as unmapped */
    const char *u = strstr(info, "\"unmapped_ghg\"");
    assert_non_null(u);
    assert_contains(u, "\"flow\": \"f-co2\",\n      \"name\": \"Carbon dioxide, fossil \",\n      "
                       "\"compartment\": \"unspecified\",\n      \"exchanges\": 2");
    pcf_free(info);
    pcf_db_close(db);
    /* the compartment is the leaf "unspecified", not the path "air/unspecified" */
    sqlite3 *sql = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open("lci-variant.db", &sql), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(sql, "SELECT compartment FROM lci_flows WHERE id = 'f-co2'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "unspecified");
    sqlite3_finalize(st);
    sqlite3_close(sql);
    /* a source that is neither */
    db = fresh_db("lci-variant.db");
    assert_int_equal(pcf_lci_import(db, "v", WORK "/nothing", NULL, 0, &err), PCF_ERR_IO);
    assert_string_equal(err.message, "cannot read \"lci-variant/nothing\": no such file or folder");
    pcf_db_close(db);
}

/* Two providers of electricity: p-c (0.5 kg CO2/kWh) and p-c2 (0.9 kg CO2/kWh). By the rule the
 * smaller @id, p-c, supplies the steel process p-d (1 + 0.5 = 1.5 kg CO2/kg); a choice file
 * naming p-c2 gives 1 + 0.9 = 1.9 kg. */
static void test_choices(void **state)
{
    (void)state;
    pcf_db *db = fresh_db("lci-variant.db");
    pcf_error err;
    variant("processes/p-c2.json",
            "{\"@id\": \"p-c2\", \"name\": \"Electricity, coal\", \"exchanges\": [" EX_REF
            ", " EX_CO2("0.9", "u-kg", "fp-mass") "]}");
    static const struct {
        const char *text;
        double co2;
        const char *note;
    } ok[] = {
        {NULL, 1.5, "candidates: p-c p-c2; chosen: the smallest @id"},
        {"# electricity from coal\r\nflow,process\r\n\r\nf-e,p-c2  \r\n", 1.9,
         "candidates: p-c p-c2; chosen by the choice file"},
    };
    for (size_t i = 0; i < 2; i++) {
        if (ok[i].text)
            write_text("lci-choices.csv", ok[i].text);
        assert_int_equal(pcf_lci_import(db, "v", WORK, ok[i].text ? "lci-choices.csv" : NULL,
                                        PCF_LCI_REPLACE, &err),
                         PCF_OK);
        pcf_lci *lci = NULL;
        size_t d;
        assert_int_equal(pcf_lci_open(db, "v", PCF_GWP_AR6, &lci, &err), PCF_OK);
        assert_int_equal(pcf_lci_find(lci, "p-d", &d, &err), PCF_OK);
        assert_double_close(pcf_lci_gas_kg(lci, d, PCF_GAS_CO2_FOSSIL), ok[i].co2, 1e-12, 0);
        pcf_lci_destroy(lci);
        char *info = NULL;
        assert_int_equal(pcf_lci_info_json(db, "v", &info, &err), PCF_OK);
        assert_contains(info, ok[i].note);
        pcf_free(info);
    }
    write_text("lci-choices.csv", "f-e p-c2\n");
    assert_int_equal(pcf_lci_import(db, "v", WORK, "lci-choices.csv", PCF_LCI_REPLACE, &err),
                     PCF_ERR_PARSE);
    assert_string_equal(err.message, "lci-choices.csv line 1: expected \"flow @id,process @id\"");
    write_text("lci-choices.csv", "flow,process\nf-e,p-d\n");
    assert_int_equal(pcf_lci_import(db, "v", WORK, "lci-choices.csv", PCF_LCI_REPLACE, &err),
                     PCF_ERR_NOT_FOUND);
    assert_string_equal(err.message, "lci-choices.csv line 2: process \"p-d\" does not have flow "
                                     "\"f-e\" as its reference flow, so it cannot supply it");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 5); /* the process @id after "f-e," */
    assert_int_not_equal(
        pcf_lci_import(db, "v", WORK, "lci-no-such-choices.csv", PCF_LCI_REPLACE, &err), PCF_OK);
    assert_contains(err.message, "lci-no-such-choices.csv");
    /* the last good import (p-c2 chosen) is what the database holds */
    pcf_lci *lci = NULL;
    size_t d;
    assert_int_equal(pcf_lci_open(db, "v", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_find(lci, "p-d", &d, &err), PCF_OK);
    assert_double_close(pcf_lci_gas_kg(lci, d, PCF_GAS_CO2_FOSSIL), 1.9, 1e-12, 0);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
}

/* The zip reader: the chain as a zip (with a README, an olca-schema.json outside any folder and
 * an actors/ entry, all skipped) gives the folder's results; an error inside names the entry; a
 * file that is not a zip says so; a read-only database refuses. */
static void test_zip(void **state)
{
    (void)state;
    pcf_db *db = fresh_db("lci-variant.db");
    pcf_error err;
    char path[1024];
    snprintf(path, sizeof path, "%s/chain.zip", LCI_DATA_DIR);
    assert_int_equal(pcf_lci_import(db, "z", path, NULL, 0, &err), PCF_OK);
    pcf_lci *lci = NULL;
    size_t d, e;
    assert_int_equal(pcf_lci_open(db, "z", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_process_count(lci), 3);
    assert_int_equal(pcf_lci_find(lci, "p-d", &d, &err), PCF_OK);
    assert_int_equal(pcf_lci_find(lci, "p-e", &e, &err), PCF_OK);
    assert_double_close(pcf_lci_gas_kg(lci, d, PCF_GAS_CO2_FOSSIL), 1.5, 1e-12, 0);
    /* p-e: 0.002 t = 2 kg of steel (2 × 1.5 = 3 kg CO2) and 0.1 kg CH4 (test_chain_units) */
    assert_double_close(pcf_lci_gas_kg(lci, e, PCF_GAS_CO2_FOSSIL), 3, 1e-12, 0);
    pcf_lci_destroy(lci);
    snprintf(path, sizeof path, "%s/chain-bad.zip", LCI_DATA_DIR);
    assert_int_equal(pcf_lci_import(db, "zb", path, NULL, 0, &err), PCF_ERR_PARSE);
    assert_string_equal(err.message, "processes/p-c.json (@id \"p-c\"): key "
                                     "\"exchanges[1].amount\" is missing or not a number");
    /* damaged zips: chain-corrupt.zip has 4 bytes of p-c.json's deflate stream inverted;
     * chain-crc.zip stores the chain uncompressed with p-c's CO2 "0.5" changed to "0.9" after
     * the CRC was written (it was imported as 0.9 kg before: the CRC was never checked) */
    static const char *const damaged[][2] = {{"chain-corrupt.zip", "Zlib error: data error"},
                                             {"chain-crc.zip", "CRC error"}};
    for (size_t i = 0; i < 2; i++) {
        char want[1200];
        snprintf(path, sizeof path, "%s/%s", LCI_DATA_DIR, damaged[i][0]);
        snprintf(want, sizeof want,
                 "processes/p-c.json in \"%s\" cannot be read (%s); the zip file is damaged", path,
                 damaged[i][1]);
        assert_int_equal(pcf_lci_import(db, "zd", path, NULL, 0, &err), PCF_ERR_IO);
        assert_string_equal(err.message, want);
    }
    snprintf(path, sizeof path, "%s/chain/flows/f-e.json", LCI_DATA_DIR);
    assert_int_equal(pcf_lci_import(db, "zb", path, NULL, 0, &err), PCF_ERR_IO);
    assert_contains(err.message, "cannot read the zip file \"");
    assert_contains(err.message, "f-e.json\": Not a zip archive");
    pcf_db_close(db);
    assert_int_equal(pcf_db_open("lci-variant.db", PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    assert_int_equal(pcf_lci_import(db, "y", WORK, NULL, 0, &err), PCF_ERR_READ_ONLY);
    assert_contains(err.message, "was opened read-only; open it with PCF_DB_READ_WRITE to import "
                                 "\"lci-variant\"");
    pcf_db_close(db);
}

/* Writes WORK/<kind>/<id>.json. */
static void add_file(const char *kind, const char *id, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, WORK "/%s/%s.json", kind, id);
    write_text(path, text);
}

#define UNIT_GROUP(id, unit)                                                                       \
    "{\"@id\": \"" id "\", \"name\": \"" id "\", \"units\": [{\"@id\": \"u-" id                    \
    "\", \"name\": \"" unit "\", \"conversionFactor\": 1, \"referenceUnit\": true}]}"
#define PROPERTY(id, group)                                                                        \
    "{\"@id\": \"" id "\", \"name\": \"" id "\", \"unitGroup\": {\"@id\": \"" group "\"}}"
#define PRODUCT(id, prop)                                                                          \
    "{\"@id\": \"" id "\", \"name\": \"" id "\", \"flowType\": \"PRODUCT_FLOW\", "                 \
    "\"flowProperties\": [{\"flowProperty\": {\"@id\": \"" prop "\"}, \"conversionFactor\": 1, "   \
    "\"referenceFlowProperty\": true}]}"
#define MAKES(flow, group, unit, prop)                                                             \
    "{\"flow\": {\"@id\": \"" flow "\"}, \"amount\": 1, \"unit\": {\"@id\": \"u-" group            \
    "\", \"name\": \"" unit "\"}, "                                                                \
    "\"flowProperty\": {\"@id\": \"" prop "\"}, \"quantitativeReference\": true}"

/* The results as factor rows (pcf_lci_store_factors): a process per unit "Item(s)" is stored
 * per pcf's "item" (with its location, a name with quotes kept); a unit pcf does not know and a
 * net removal are skipped and counted; the arguments are checked. */
static void test_store_rows(void **state)
{
    (void)state;
    pcf_db *db = fresh_db("lci-variant.db");
    pcf_error err;
    variant(NULL, NULL);
    add_file("unit_groups", "ug-items", UNIT_GROUP("ug-items", "Item(s)"));
    add_file("unit_groups", "ug-zork", UNIT_GROUP("ug-zork", "zorkmid"));
    add_file("flow_properties", "fp-items", PROPERTY("fp-items", "ug-items"));
    add_file("flow_properties", "fp-zork", PROPERTY("fp-zork", "ug-zork"));
    add_file("flows", "f-i", PRODUCT("f-i", "fp-items"));
    add_file("flows", "f-z", PRODUCT("f-z", "fp-zork"));
    add_file("flows", "f-r", PRODUCT("f-r", "fp-mass"));
    /* CO2 taken up: category "resource" (no category file: the leaf name is the path) */
    add_file("flows", "f-up",
             "{\"@id\": \"f-up\", \"name\": \"Carbon dioxide\", \"flowType\": "
             "\"ELEMENTARY_FLOW\", \"category\": {\"@id\": \"cat-res\", \"name\": \"resource\"}, "
             "\"flowProperties\": [" MASS_REF "]}");
    /* 0.25 kg CO2 per item, in the US */
    add_file("processes", "p-i",
             "{\"@id\": \"p-i\", \"name\": \"Widget \\\"A\\\"\", \"location\": {\"code\": \"US\"}, "
             "\"exchanges\": [" MAKES("f-i", "ug-items", "Item(s)",
                                      "fp-items") ", " EX_CO2("0.25", "u-kg", "fp-mass") "]}");
    add_file("processes", "p-z",
             "{\"@id\": \"p-z\", \"name\": \"Zork\", \"exchanges\": [" MAKES(
                 "f-z", "ug-zork", "zorkmid", "fp-zork") ", " EX_CO2("1", "u-kg", "fp-mass") "]}");
    /* takes up 3 kg CO2 from the air and emits 1 kg: net -2 kg CO2e per kg */
    add_file("processes", "p-r",
             "{\"@id\": \"p-r\", \"name\": \"Sink\", \"exchanges\": [{\"flow\": {\"@id\": "
             "\"f-r\"}, \"amount\": 1, \"unit\": {\"@id\": \"u-kg\", \"name\": \"kg\"}, "
             "\"flowProperty\": "
             "{\"@id\": \"fp-mass\"}, \"quantitativeReference\": true}, {\"flow\": {\"@id\": "
             "\"f-up\"}, \"amount\": 3, \"unit\": {\"@id\": \"u-kg\"}, \"flowProperty\": "
             "{\"@id\": \"fp-mass\"}, \"input\": true}, " EX_CO2("1", "u-kg", "fp-mass") "]}");
    assert_int_equal(pcf_lci_import(db, "v", WORK, NULL, 0, &err), PCF_OK);
    pcf_lci *lci = NULL;
    assert_int_equal(pcf_lci_open(db, "v", PCF_GWP_AR6, &lci, &err), PCF_OK);
    size_t r;
    assert_int_equal(pcf_lci_find(lci, "p-r", &r, &err), PCF_OK);
    assert_double_close(pcf_lci_co2e(lci, r, PCF_LCI_TOTAL), -2, 1e-12, 0);
    size_t rows = 9, skipped = 9;
    assert_int_equal(pcf_lci_store_factors(lci, db, "CC0-1.0", &rows, &skipped, &err), PCF_OK);
    assert_int_equal(rows, 4);    /* p-c, p-d, p-e, p-i */
    assert_int_equal(skipped, 2); /* p-z (zorkmid), p-r (net removal) */
    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "v:p-i", &f, &err), PCF_OK);
    assert_double_close(pcf_factor_kg_co2e(f), 0.25, 1e-15, 0);
    assert_string_equal(pcf_unit_symbol(pcf_factor_unit(f)), "item");
    assert_string_equal(pcf_factor_name_en(f), "Widget \"A\"");
    assert_string_equal(pcf_factor_region(f), "US");
    pcf_factor_destroy(f);
    /* skipped ones have no row */
    assert_int_equal(pcf_db_get_factor(db, "v:p-z", &f, &err), PCF_ERR_NOT_FOUND);
    assert_int_equal(pcf_db_get_factor(db, "v:p-r", &f, &err), PCF_ERR_NOT_FOUND);
    /* argument checks */
    assert_int_equal(pcf_lci_store_factors(NULL, db, "CC0-1.0", &rows, &skipped, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "pcf_lci_store_factors: lci, db and a non-empty licence are needed");
    assert_int_equal(rows, 0);
    assert_int_equal(pcf_lci_store_factors(lci, db, NULL, NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_db_close(db);
    assert_int_equal(pcf_db_open("lci-variant.db", PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    assert_int_equal(pcf_lci_store_factors(lci, db, "CC0-1.0", NULL, NULL, &err),
                     PCF_ERR_READ_ONLY);
    assert_contains(err.message, "was opened read-only; open it with PCF_DB_READ_WRITE to store "
                                 "the LCI results");
    pcf_lci_destroy(lci);
    /* info: its arguments and the database name are checked */
    char *info = (char *)"x";
    assert_int_equal(pcf_lci_info_json(NULL, "v", &info, &err), PCF_ERR_INVALID_ARG);
    assert_null(info);
    assert_string_equal(err.message, "pcf_lci_info_json: NULL argument");
    assert_int_equal(pcf_lci_info_json(db, "v", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_info_json(db, "no such name", &info, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "must be 1 to 32 letters, digits, '-' or '_'");
    /* the CO2 uptake has a row of the flow map (a removal): info does not list it as unmapped */
    assert_int_equal(pcf_lci_info_json(db, "v", &info, &err), PCF_OK);
    assert_null(strstr(info, "\"f-up\""));
    pcf_free(info);
    pcf_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_files), cmocka_unit_test(test_bad_json),
        cmocka_unit_test(test_folders),   cmocka_unit_test(test_choices),
        cmocka_unit_test(test_zip),       cmocka_unit_test(test_store_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
