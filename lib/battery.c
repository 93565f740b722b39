/*
 * pcf — the EU battery regime: the carbon-footprint declaration of Regulation (EU) 2023/1542
 * Art. 7 and Annex II (include/pcf/battery.h, docs/battery-format.md).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcf/battery.h"

#include "internal.h"
#include "model_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const stage_names[] = {"RawMaterialExtraction", "MainProduction", "Distribution",
                                          "Recycling"};

const char *pcf_battery_stage_name(pcf_battery_stage s)
{
    return (int)s >= 0 && (int)s < PCF_BATTERY_STAGE_COUNT ? stage_names[s] : NULL;
}

int pcf_battery_stage_of(pcf_stage s)
{
    switch (s) {
    case PCF_STAGE_MATERIALS:
        return PCF_BATTERY_RAW_MATERIAL;
    case PCF_STAGE_PRODUCTION:
        return PCF_BATTERY_MAIN_PRODUCTION;
    case PCF_STAGE_TRANSPORT:
    case PCF_STAGE_STORAGE:
        return PCF_BATTERY_DISTRIBUTION;
    case PCF_STAGE_END_OF_LIFE:
        return PCF_BATTERY_END_OF_LIFE;
    default:
        return -1;
    }
}

pcf_status pcf_battery_lifetime_energy(double capacity, double cycles, double years, double *out,
                                       pcf_error *err)
{
    if (!out || !(isfinite(capacity) && capacity > 0) || !(isfinite(cycles) && cycles > 0) ||
        !(isfinite(years) && years > 0))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "lifetime energy: capacity, cycles per year and years must be finite "
                          "numbers > 0");
    *out = capacity * cycles * years;
    return pcf__ok(err);
}

struct pcf_battery_decl {
    json_t *doc; /* the declaration, built once */
    double lifetime_kwh, per_kwh, stage[PCF_BATTERY_STAGE_COUNT], absolute, use_excluded;
};

typedef struct bx {
    const pcf_model *m;
    pcf__diag_sink *ds; /* the problems found, located in the model text */
    /* read from the section */
    const char *text[8];
    double capacity, cycles, years, fec;
    const char *src_capacity, *src_cycles, *src_years, *src_fec;
    int by_fec;
} bx;

#define BAD(c, path, ...)                                                                          \
    pcf__sink_add((c)->ds, PCF_SEVERITY_ERROR, PCF_ERR_INVALID_MODEL, (path), __VA_ARGS__)

/* Text fields of the section, in this order in bx.text. */
enum { T_CATEGORY, T_MANUFACTURER, T_MODEL, T_PLANT, T_COUNTRY, T_STUDY, T_DOC_ID, T_COUNT };
static const char *const text_keys[] = {"category",
                                        "manufacturer",
                                        "model",
                                        "plant",
                                        "plant_country",
                                        "study_url",
                                        "declaration_of_conformity_id"};
static const char *const categories[] = {"electric-vehicle", "industrial", "lmt", NULL};

/* {"value": number > 0, "source": text}; 1 when given and valid. */
static int sourced(bx *c, const json_t *sec, const char *key, double *v, const char **src)
{
    json_t *o = json_object_get(sec, key);
    char path[96];
    snprintf(path, sizeof path, "$.battery.%s", key);
    if (!o)
        return 0;
    json_t *val = json_object_get(o, "value");
    json_t *s = json_object_get(o, "source");
    if (!json_is_object(o) || !json_is_number(val) || !(json_number_value(val) > 0) ||
        !isfinite(json_number_value(val)) || !json_is_string(s) || !json_string_length(s)) {
        BAD(c, path,
            "\"%s\" is {\"value\": a number > 0, \"source\": where the number comes from}; pcf "
            "ships no default for it",
            key);
        return 0;
    }
    *v = json_number_value(val);
    *src = json_string_value(s);
    return 1;
}

static void check_section(bx *c)
{
    json_t *root = c->m->root;
    json_t *sec = json_object_get(root, "battery");
    if (!json_is_object(sec)) {
        BAD(c, "$", "the eu-battery regime needs a \"battery\" section (docs/battery-format.md)");
        return;
    }
    for (int i = 0; i < T_COUNT; i++) {
        json_t *v = json_object_get(sec, text_keys[i]);
        char path[96];
        snprintf(path, sizeof path, "$.battery.%s", text_keys[i]);
        if (v && (!json_is_string(v) || !json_string_length(v)))
            BAD(c, path, "\"%s\" must be non-empty text", text_keys[i]);
        else if (!v && i != T_DOC_ID)
            BAD(c, "$.battery", "\"%s\" is missing (Regulation (EU) 2023/1542, Art. 7(1))",
                text_keys[i]);
        c->text[i] = json_string_value(v);
    }
    if (c->text[T_CATEGORY]) {
        int ok = 0;
        for (int i = 0; categories[i]; i++)
            ok |= strcmp(c->text[T_CATEGORY], categories[i]) == 0;
        if (!ok)
            BAD(c, "$.battery.category",
                "\"category\" is electric-vehicle, industrial or lmt (the batteries Art. 7 "
                "covers)");
    }
    if (!sourced(c, sec, "capacity_kwh", &c->capacity, &c->src_capacity) &&
        !json_object_get(sec, "capacity_kwh"))
        BAD(c, "$.battery", "\"capacity_kwh\" {\"value\", \"source\"} is missing");
    int has_fec = json_object_get(sec, "full_equivalent_cycles") != NULL;
    int has_cy = json_object_get(sec, "cycles_per_year") != NULL ||
                 json_object_get(sec, "service_life_years") != NULL;
    if (has_fec == has_cy) {
        BAD(c, "$.battery",
            "give either \"cycles_per_year\" and \"service_life_years\" or "
            "\"full_equivalent_cycles\" (each {\"value\", \"source\"})");
    } else if (has_fec) {
        c->by_fec = 1;
        sourced(c, sec, "full_equivalent_cycles", &c->fec, &c->src_fec);
    } else {
        if (!sourced(c, sec, "cycles_per_year", &c->cycles, &c->src_cycles) &&
            !json_object_get(sec, "cycles_per_year"))
            BAD(c, "$.battery", "\"cycles_per_year\" {\"value\", \"source\"} is missing");
        if (!sourced(c, sec, "service_life_years", &c->years, &c->src_years) &&
            !json_object_get(sec, "service_life_years"))
            BAD(c, "$.battery", "\"service_life_years\" {\"value\", \"source\"} is missing");
    }
    json_t *dc = json_object_get(sec, "direct_connection");
    if (dc && (!json_is_object(dc) || !json_is_string(json_object_get(dc, "evidence"))))
        BAD(c, "$.battery.direct_connection",
            "\"direct_connection\" is {\"evidence\": the contract or line that connects the plant "
            "to its generator}");
    /* one battery per declared unit, and the whole life cycle but use */
    json_t *du =
        json_object_get(json_array_get(json_object_get(root, "products"), 0), "declared_unit");
    const char *unit = json_string_value(json_object_get(du, "unit"));
    json_t *amount = json_object_get(du, "amount");
    if (!unit || strcmp(unit, "item") != 0 || !json_is_number(amount) ||
        json_number_value(amount) != 1)
        BAD(c, "$.products[0].declared_unit",
            "in the eu-battery regime the declared unit is one battery ({\"amount\": 1, "
            "\"unit\": \"item\"}); pcf divides by the lifetime energy itself");
    const char *b = json_string_value(json_object_get(root, "boundary"));
    if (b && strcmp(b, "cradle-to-gate") == 0)
        BAD(c, "$.boundary",
            "the declaration includes end of life and recycling (Regulation (EU) 2023/1542, "
            "Annex II): the boundary is cradle-to-grave");
}

/* The status of the checks (the located index of the text freed). */
static pcf_status finish(bx *c, pcf_error *err)
{
    pcf__sink_free(c->ds);
    if (c->ds->nomem)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory in the battery declaration");
    return c->ds->n_errors ? c->ds->first : pcf__ok(err);
}

/* The sink of a model's battery checks: diagnostics located in the model's text. */
static pcf__diag_sink model_sink(const pcf_model *model, pcf_diag *diag, pcf_error *err)
{
    pcf__diag_sink ds = {.diag = diag, .err = err};
    pcf__sink_of_model(&ds, model);
    return ds;
}

pcf_status pcf_battery_validate(const pcf_model *model, pcf_diag *diag, pcf_error *err)
{
    if (!model)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_battery_validate: NULL argument");
    pcf__diag_sink ds = model_sink(model, diag, err);
    bx c = {.m = model, .ds = &ds};
    pcf_error_clear(err);
    check_section(&c);
    return finish(&c, err);
}

void pcf__battery_check(const pcf_model *model, pcf__diag_sink *ds)
{
    bx c = {.m = model, .ds = ds};
    check_section(&c);
}

/* Main production's electricity: a database electricity factor of the plant's country (the
 * national mix), or an own factor for energy only with a declared direct connection. */
static void check_electricity(bx *c, const pcf_result *r, pcf_db *db)
{
    const char *country = c->text[T_COUNTRY]; /* given: check_section() passed */
    int direct =
        json_object_get(json_object_get(c->m->root, "battery"), "direct_connection") != NULL;
    for (size_t i = 0; i < pcf_result_line_count(r); i++) {
        pcf_audit_line lrec;
        pcf__activity_rec arec;
        const pcf_audit_line *l = pcf__result_line(r, i, &lrec);
        const pcf_activity_result *a = pcf__result_activity(r, l->activity, &arec);
        if (!a || a->stage != PCF_STAGE_PRODUCTION)
            continue;
        if (l->origin == PCF_ORIGIN_OWN) {
            const pcf_unit *u = NULL;
            if (pcf_unit_parse(l->factor_unit, &u, NULL) == PCF_OK &&
                pcf_unit_dimension(u) == PCF_DIM_ENERGY && !direct)
                BAD(c, a->path,
                    "main production energy \"%s\" uses an own factor: only a direct connection "
                    "to the generator may replace the national mix (declare "
                    "\"battery\".\"direct_connection\" with its evidence)",
                    a->name);
            continue;
        }
        if (l->origin != PCF_ORIGIN_DATABASE || !db || !*l->factor_code)
            continue;
        pcf_factor *f = NULL;
        if (pcf_db_get_factor(db, l->factor_code, &f, NULL) != PCF_OK)
            continue;
        if (strcmp(pcf_factor_category(f), "electricity") == 0) {
            const char *reg = pcf_factor_region(f);
            size_t n = strlen(country);
            if (strcmp(reg, country) == 0) {
                /* the national mix */
            } else if (strncmp(reg, country, n) == 0 && reg[n] == '-') {
                pcf__sink_add(
                    c->ds, PCF_SEVERITY_WARNING, PCF_OK, a->path,
                    "main production electricity \"%s\" uses the sub-national factor %s (%s); "
                    "the declaration's rules ask for the national mix of %s",
                    a->name, l->factor_code, reg, country);
            } else {
                BAD(c, a->path,
                    "main production electricity \"%s\" uses factor %s of region %s, not the "
                    "national mix of the plant's country %s",
                    a->name, l->factor_code, reg, country);
            }
        }
        pcf_factor_destroy(f);
    }
}

static json_t *sourced_json(double v, const char *src)
{
    return json_pack("{s:o,s:s}", "value", pcf__json_num(v), "source", src ? src : "");
}

/* The declaration document; NULL when out of memory (a member that could not be made or added
 * fails it whole, pcf__jset). */
static json_t *build_doc(const bx *c, const pcf_battery_decl *d, const pcf_result *r)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int failed = 0, *bad = &failed;
    pcf__jset(bad, o, "pcf_battery_declaration", json_integer(1));
    pcf__jset(bad, o, "library_version", json_string(pcf_version_string()));
    pcf__jset(bad, o, "regime", json_string("eu-battery"));
    pcf__jset(bad, o, "batteryCategory", json_string(c->text[T_CATEGORY]));
    pcf__jset(bad, o, "manufacturerInformation", json_string(c->text[T_MANUFACTURER]));
    pcf__jset(bad, o, "batteryModel", json_string(c->text[T_MODEL]));
    pcf__jset(bad, o, "manufacturingPlant", json_string(c->text[T_PLANT]));
    pcf__jset(bad, o, "manufacturingPlantCountry", json_string(c->text[T_COUNTRY]));
    pcf__jset(bad, o, "declarationOfConformityId",
              c->text[T_DOC_ID] ? json_string(c->text[T_DOC_ID]) : json_null());
    pcf__jset(bad, o, "batteryCarbonFootprint", pcf__json_num(d->per_kwh));
    pcf__jset(bad, o, "batteryCarbonFootprintUnit", json_string("kg CO2e/kWh"));
    json_t *stages = json_array();
    for (int s = 0; s < PCF_BATTERY_STAGE_COUNT; s++)
        pcf__japp(bad, stages,
                  json_pack("{s:s,s:o,s:o}", "lifecycleStage", stage_names[s], "carbonFootprint",
                            pcf__json_num(d->stage[s]), "share",
                            pcf__json_num(d->per_kwh != 0 ? d->stage[s] / d->per_kwh : NAN)));
    pcf__jset(bad, o, "carbonFootprintPerLifecycleStage", stages);
    pcf__jset(bad, o, "carbonFootprintPerformanceClass", json_null());
    pcf__jset(bad, o, "carbonFootprintStudy", json_string(c->text[T_STUDY]));
    pcf__jset(bad, o, "absoluteCarbonFootprint", pcf__json_num(d->absolute));
    json_t *fu = json_object();
    pcf__jset(bad, fu, "description",
              json_string("1 kWh of the total energy provided by the battery over its "
                          "expected service life"));
    pcf__jset(bad, fu, "lifetime_energy_kwh", pcf__json_num(d->lifetime_kwh));
    pcf__jset(bad, fu, "capacity_kwh", sourced_json(c->capacity, c->src_capacity));
    if (c->by_fec) {
        pcf__jset(bad, fu, "full_equivalent_cycles", sourced_json(c->fec, c->src_fec));
    } else {
        pcf__jset(bad, fu, "cycles_per_year", sourced_json(c->cycles, c->src_cycles));
        pcf__jset(bad, fu, "service_life_years", sourced_json(c->years, c->src_years));
    }
    pcf__jset(bad, o, "functionalUnit", fu);
    pcf__jset(bad, o, "use_stage_excluded_kg_co2e", pcf__json_num(d->use_excluded));
    pcf__jset(bad, o, "gwp", json_string(pcf_gwp_set_name(pcf_result_gwp(r))));
    json_t *notes = json_array();
    pcf__japp(bad, notes,
              json_string("Stages mapped from pcf's: materials → raw material "
                          "acquisition and pre-processing; production → main "
                          "product production; transport and storage → "
                          "distribution; end of life → end of life and recycling; "
                          "the use stage is excluded (Regulation (EU) 2023/1542, "
                          "Annex II)."));
    pcf__japp(bad, notes,
              json_string("The performance class is not given: its "
                          "thresholds are set by a later delegated act."));
    for (size_t i = 0; i < pcf_result_note_count(r); i++)
        pcf__japp(bad, notes, json_string(pcf_result_note_at(r, i)));
    pcf__jset(bad, o, "notes", notes);
    if (failed) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* pcf_battery_declare() once its context is set up. */
static pcf_status declare(bx *c, const pcf_result *r, pcf_db *db, pcf_battery_decl **out,
                          pcf_error *err)
{
    check_section(c);
    if (c->ds->n_errors || c->ds->nomem)
        return finish(c, err);
    check_electricity(c, r, db);
    if (c->ds->n_errors || c->ds->nomem)
        return finish(c, err);
    pcf_battery_decl *d = calloc(1, sizeof *d);
    if (!d)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory in the battery declaration");
    d->lifetime_kwh = c->by_fec ? c->capacity * c->fec : c->capacity * c->cycles * c->years;
    for (int s = 0; s < PCF_STAGE_COUNT; s++) {
        int b = pcf_battery_stage_of((pcf_stage)s);
        double kg = pcf_result_stage_kg_co2e(r, (pcf_stage)s);
        if (b < 0)
            d->use_excluded += kg;
        else
            d->stage[b] += kg;
    }
    for (int b = 0; b < PCF_BATTERY_STAGE_COUNT; b++) {
        d->absolute += d->stage[b];
        d->stage[b] /= d->lifetime_kwh;
    }
    d->per_kwh = d->absolute / d->lifetime_kwh;
    if (d->use_excluded != 0) {
        pcf__numbuf nb;
        pcf__sink_add(c->ds, PCF_SEVERITY_NOTE, PCF_OK, "$.products[0].stages.use",
                      "the use stage (%s kg CO2e per battery) is excluded from the declaration "
                      "(Regulation (EU) 2023/1542, Annex II)",
                      pcf__num(&nb, d->use_excluded));
    }
    d->doc = build_doc(c, d, r);
    if (!d->doc || c->ds->nomem) {
        pcf_battery_decl_destroy(d);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory in the battery declaration");
    }
    *out = d;
    return pcf__ok(err);
}

pcf_status pcf_battery_declare(const pcf_model *model, const pcf_result *r, pcf_db *db,
                               pcf_diag *diag, pcf_battery_decl **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!model || !r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_battery_declare: NULL argument");
    pcf__diag_sink ds = model_sink(model, diag, err);
    bx c = {.m = model, .ds = &ds};
    pcf_error_clear(err);
    pcf_status st = declare(&c, r, db, out, err);
    pcf__sink_free(&ds);
    return st;
}

void pcf_battery_decl_destroy(pcf_battery_decl *d)
{
    if (!d)
        return;
    json_decref(d->doc);
    free(d);
}

double pcf_battery_decl_lifetime_kwh(const pcf_battery_decl *d)
{
    return d ? d->lifetime_kwh : NAN;
}

double pcf_battery_decl_kg_co2e_per_kwh(const pcf_battery_decl *d)
{
    return d ? d->per_kwh : NAN;
}

double pcf_battery_decl_stage_kg_co2e_per_kwh(const pcf_battery_decl *d, pcf_battery_stage s)
{
    return d && (int)s >= 0 && s < PCF_BATTERY_STAGE_COUNT ? d->stage[s] : NAN;
}

double pcf_battery_decl_absolute_kg_co2e(const pcf_battery_decl *d)
{
    return d ? d->absolute : NAN;
}

double pcf_battery_decl_use_excluded_kg_co2e(const pcf_battery_decl *d)
{
    return d ? d->use_excluded : NAN;
}

pcf_status pcf_battery_decl_to_json(const pcf_battery_decl *d, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!d || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_battery_decl_to_json: NULL argument");
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__json_write(&b, d->doc, 0);
    pcf__buf_puts(&b, "\n");
    if (b.failed) {
        pcf__buf_free(&b);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the battery declaration");
    }
    *out = pcf__buf_steal(&b);
    return pcf__ok(err);
}
