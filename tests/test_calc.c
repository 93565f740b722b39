/*
 * Tests of pcf/system.h, pcf/calc.h and pcf/report.h: resolution and the footprint of every
 * stage against numbers worked out by hand (in the comment beside each), the recycling methods
 * and the CFF against the published recycled-wool CFF example (RC-3, Ecobalyse methodology) and its
 * limiting cases (RC-5), a transport leg against RC-6, biogenic carbon against RC-10 (each worked
 * example is stated in docs/methods.md#worked-examples, anchors #rc-3 ... #rc-10), and every
 * error with its exact status and path.
 *
 * Models are written with ' for " to keep them readable; testutil_q() swaps them back.
 * argv[1] is the built factors.db (tests that need it skip without it).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

#include <locale.h>
#include <pthread.h>
#include <stdlib.h>

static const char *db_path;

/* A one-product model around the given stages (and extra product keys). */
static char *model1(const char *product_extra, const char *stages, const char *top_extra)
{
    static char buf[8192];
    snprintf(buf, sizeof buf,
             "{'pcf_model': 1, %s 'products': [{'id': 'p', 'name': {'en': 'P', 'zh': '产品'}, "
             "'declared_unit': {'amount': 1, 'unit': 'item'}, %s 'stages': {%s}}]}",
             top_extra ? top_extra : "", product_extra ? product_extra : "", stages);
    return testutil_q(buf);
}

static void print_diag(const pcf_diag *d)
{
    for (size_t i = 0; i < pcf_diag_count(d); i++)
        print_message("  diag %s %s: %s\n", pcf_status_name(pcf_diag_at(d, i)->code),
                      pcf_diag_at(d, i)->path, pcf_diag_at(d, i)->message);
}

static pcf_result *calc_ex(const char *json, pcf_db *db, pcf_gwp_set gwp)
{
    pcf_model *m = NULL;
    pcf_error err;
    if (pcf_model_read_string(json, "t.json", &m, &err) != PCF_OK)
        fail_msg("read: %s", err.message);
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    pcf_result *r = NULL;
    if (pcf_model_calculate(m, db, gwp, d, &r, &err) != PCF_OK) {
        print_diag(d);
        fail_msg("calculate: %s (%s)", err.message, err.path);
    }
    pcf_diag_destroy(d);
    pcf_model_destroy(m);
    return r;
}

static pcf_result *calc(char *json)
{
    pcf_result *r = calc_ex(json, NULL, (pcf_gwp_set)0);
    free(json);
    return r;
}

/* Resolves a model that must fail; returns the status and keeps the diag for inspection. */
static pcf_status calc_fail(char *json, pcf_db *db, pcf_diag *d, pcf_error *err)
{
    pcf_model *m = NULL;
    if (pcf_model_read_string(json, "t.json", &m, err) != PCF_OK)
        fail_msg("read: %s", err->message);
    free(json);
    pcf_system *sys = NULL;
    pcf_status st = pcf_system_resolve(m, db, (pcf_gwp_set)0, d, &sys, err);
    assert_null(sys);
    pcf_model_destroy(m);
    return st;
}

static int has_diag(const pcf_diag *d, pcf_status st, const char *path, const char *text)
{
    for (size_t i = 0; i < pcf_diag_count(d); i++) {
        const pcf_error *e = pcf_diag_at(d, i);
        if (e->code == (int)st && strcmp(e->path, path) == 0 && strstr(e->message, text))
            return 1;
    }
    print_diag(d);
    return 0;
}

/* Every audit line satisfies kg = quantity × factor, and the sums agree: in total, and the lines
 * of each stage (by the line's own stage) with that stage's figure. */
static void check_sums(const pcf_result *r)
{
    double total = 0, stages = 0, flows = 0, acts = 0, by_stage[PCF_STAGE_COUNT] = {0};
    for (size_t i = 0; i < pcf_result_line_count(r); i++) {
        const pcf_audit_line *l = pcf_result_line_at(r, i);
        assert_double_close(l->kg_co2e, l->quantity * l->factor_kg_co2e, 1e-12, 1e-15);
        total += l->kg_co2e;
        assert_in_range(l->stage, 0, PCF_STAGE_COUNT - 1);
        by_stage[l->stage] += l->kg_co2e;
    }
    for (int s = 0; s < PCF_STAGE_COUNT; s++) {
        stages += pcf_result_stage_kg_co2e(r, (pcf_stage)s);
        assert_double_close(by_stage[s], pcf_result_stage_kg_co2e(r, (pcf_stage)s), 1e-12, 1e-12);
    }
    for (int f = 0; f < PCF_FLOW_COUNT; f++)
        flows += pcf_result_flow_kg_co2e(r, (pcf_flow)f);
    for (size_t i = 0; i < pcf_result_activity_count(r); i++)
        acts += pcf_result_activity_at(r, i)->kg_co2e;
    assert_double_close(pcf_result_total_kg_co2e(r), total, 1e-12, 1e-12);
    assert_double_close(stages, total, 1e-12, 1e-12);
    assert_double_close(flows, total, 1e-12, 1e-12);
    assert_double_close(acts, total, 1e-12, 1e-12);
}

static void materials_loss_and_recycled_content(void **state)
{
    (void)state;
    /* steel: 1.5 kg net, loss rate 0.25 → input 1.5/0.75 = 2 kg × 2 kgCO2e/kg = 4.
     * aluminium, cut-off (docs/methods.md#materials): 1 kg, R1 0.4: 0.6 × 10 + 0.4 × 1 = 6.4.
     * total 10.4 */
    pcf_result *r = calc(model1(NULL,
                                "'materials': ["
                                "{'name': 'steel', 'amount': 1.5, 'unit': 'kg', 'loss_rate': 0.25,"
                                " 'factor': {'value': 2, 'unit': 'kgCO2e/kg'}},"
                                "{'name': 'alu', 'amount': 1000, 'unit': 'g', 'recycled_content': "
                                "0.4, 'factor': {'value': 10, 'unit': 'kgCO2e/kg'},"
                                " 'recycled_factor': {'value': 1000, 'unit': 'kgCO2e/t'}}]",
                                NULL));
    assert_double_close(pcf_result_total_kg_co2e(r), 10.4, 1e-12, 0);
    assert_double_close(pcf_result_activity_at(r, 0)->kg_co2e, 4.0, 1e-12, 0);
    assert_double_close(pcf_result_activity_at(r, 1)->kg_co2e, 6.4, 1e-12, 0);
    assert_int_equal(pcf_result_line_count(r), 3);
    const pcf_audit_line *l = pcf_result_line_at(r, 2);
    assert_string_equal(l->role, "recycled");
    assert_double_close(l->quantity, 0.0004, 1e-12, 0); /* 0.4 kg in t: the factor is per t */
    assert_string_equal(l->factor_unit, "t");
    assert_double_close(l->factor_kg_co2e, 1000, 1e-12, 0);
    assert_int_equal(l->origin, PCF_ORIGIN_OWN);
    assert_true(l->primary);
    /* own factors are primary data: the whole footprint is primary */
    assert_double_close(pcf_result_primary_data_share(r), 1.0, 1e-12, 0);
    check_sums(r);
    pcf_result_destroy(r);
}

/* RC-3 and RC-5 (docs/methods.md#rc-3, #rc-5): 0.207 kg of 100% recycled wool, A 0.8, Qsin/Qp 0.5,
 * Erecycled 0.5, Ev 80.3 kgCO2e/kg. */
static const char *rc3_stage = "'materials': [{'name': 'wool', 'amount': 0.207, 'unit': 'kg', "
                               "'recycled_content': 1, 'A': 0.8, 'quality': 0.5, "
                               "'factor': {'value': 80.3, 'unit': 'kgCO2e/kg'}, "
                               "'recycled_factor': {'value': 0.5, 'unit': 'kgCO2e/kg'}}]";

static void cff_material_rc3_rc5(void **state)
{
    (void)state;
    /* RC-3, CFF: 0.207·[0.8·0.5 + 0.2·80.3·0.5] = 1.74501 (published 1.75) */
    pcf_result *r = calc(model1(NULL, rc3_stage, "'recycling_method': 'cff',"));
    assert_double_close(pcf_result_total_kg_co2e(r), 1.74501, 1e-9, 0);
    check_sums(r);
    pcf_result_destroy(r);
    /* RC-5, cut-off = A 1: 0.207 · 0.5 = 0.1035 (the A key is ignored, with a warning) */
    r = calc(model1(NULL, rc3_stage, "'recycling_method': 'cut-off',"));
    assert_double_close(pcf_result_total_kg_co2e(r), 0.1035, 1e-9, 0);
    pcf_result_destroy(r);
    /* RC-5, avoided burden = A 0: 0.207 · 0.5 · 80.3 = 8.31105 */
    r = calc(model1(NULL, rc3_stage, "'recycling_method': 'avoided-burden',"));
    assert_double_close(pcf_result_total_kg_co2e(r), 8.31105, 1e-9, 0);
    pcf_result_destroy(r);
    /* 50/50 = A 0.5: 0.207·[0.5·0.5 + 0.5·80.3·0.5] = 0.207 · 20.325 = 4.207275 */
    r = calc(model1(NULL, rc3_stage, "'recycling_method': '50/50',"));
    assert_double_close(pcf_result_total_kg_co2e(r), 4.207275, 1e-9, 0);
    assert_int_equal(pcf_result_recycling_method(r), PCF_RECYCLING_FIFTY_FIFTY);
    pcf_result_destroy(r);
}

/* End of life: product 2 kg; 70 % recycled (treatment 0.01/kg, substitutes virgin at
 * 2 kgCO2e/kg, Qsout/Qp 0.9), 30 % landfill (0.05/kg). */
static const char *eol_stage =
    "'end_of_life': [{'name': 'rec', 'route': 'recycling', 'share': 0.7, "
    "'factor': {'value': 0.01, 'unit': 'kgCO2e/kg'}, 'quality': 0.9, "
    "'credit_factor': {'value': 2, 'unit': 'kgCO2e/kg'}},"
    "{'name': 'fill', 'route': 'landfill', 'share': 0.3, 'factor': {'value': 0.05, 'unit': "
    "'kgCO2e/kg'}}]";

static void end_of_life_methods(void **state)
{
    (void)state;
    const char *mass = "'mass': 2, 'mass_unit': 'kg',";
    /* cut-off (A = 1): recycling carries nothing; landfill 0.6 kg × 0.05 = 0.03 */
    pcf_result *r = calc(model1(mass, eol_stage, NULL));
    assert_double_close(pcf_result_total_kg_co2e(r), 0.03, 1e-12, 0);
    assert_double_close(pcf_result_credits_kg_co2e(r), 0, 0, 0);
    pcf_result_destroy(r);
    /* avoided burden (A = 0): 1.4 kg × (0.01 − 0.9 × 2) = −2.506; + 0.03 = −2.476;
     * credits 1.4 × −1.8 = −2.52 */
    r = calc(model1(mass, eol_stage, "'recycling_method': 'avoided-burden',"));
    assert_double_close(pcf_result_total_kg_co2e(r), -2.476, 1e-12, 0);
    assert_double_close(pcf_result_credits_kg_co2e(r), -2.52, 1e-12, 0);
    assert_double_close(pcf_result_stage_kg_co2e(r, PCF_STAGE_END_OF_LIFE), -2.476, 1e-12, 0);
    check_sums(r);
    pcf_result_destroy(r);
    /* 50/50 (A = 0.5): −2.506 / 2 + 0.03 = −1.223 */
    r = calc(model1(mass, eol_stage, "'recycling_method': '50/50',"));
    assert_double_close(pcf_result_total_kg_co2e(r), -1.223, 1e-12, 0);
    pcf_result_destroy(r);
}

/* Energy recovery of 1 kg: E_ER 0.5 kgCO2e/kg, 2 kWh of electricity recovered per kg, which
 * substitutes grid electricity at 0.3 kgCO2e/kWh. */
static void energy_recovery(void **state)
{
    (void)state;
    const char *stage = "'end_of_life': [{'name': 'incinerator', 'route': 'energy_recovery', "
                        "'amount': 1, 'unit': 'kg', 'factor': {'value': 0.5, 'unit': "
                        "'kgCO2e/kg'}, 'credit_amount': 2, 'credit_unit': 'kWh', "
                        "'credit_factor': {'value': 0.3, 'unit': 'kgCO2e/kWh'}}]";
    /* cut-off: the incineration counts, no credit: 0.5 */
    pcf_result *r = calc(model1(NULL, stage, NULL));
    assert_double_close(pcf_result_total_kg_co2e(r), 0.5, 1e-12, 0);
    pcf_result_destroy(r);
    /* avoided burden (B = 0): 0.5 − 2 × 0.3 = −0.1, of which credits −0.6 */
    r = calc(model1(NULL, stage, "'recycling_method': 'avoided-burden',"));
    assert_double_close(pcf_result_total_kg_co2e(r), -0.1, 1e-12, 0);
    assert_double_close(pcf_result_credits_kg_co2e(r), -0.6, 1e-12, 0);
    pcf_result_destroy(r);
    /* 50/50 (B = 0.5): −0.05; CFF with B = 0.2: 0.8 × −0.1 = −0.08 */
    r = calc(model1(NULL, stage, "'recycling_method': '50/50',"));
    assert_double_close(pcf_result_total_kg_co2e(r), -0.05, 1e-12, 0);
    pcf_result_destroy(r);
    char *json = model1(NULL, stage, "'recycling_method': 'cff',");
    char *b = strstr(json, "\"route\"");
    assert_non_null(b);
    char buf[4096];
    snprintf(buf, sizeof buf, "%.*s\"B\": 0.2, %s", (int)(b - json), json, b);
    free(json);
    r = calc(strdup(buf));
    assert_double_close(pcf_result_total_kg_co2e(r), -0.08, 1e-12, 0);
    pcf_result_destroy(r);
}

static void transport_legs(void **state)
{
    (void)state;
    /* RC-6 (docs/methods.md#rc-6): 700 km × 230 kg = 161 t·km; TTW 0.08 + WTT 0.02 kgCO2e/tkm:
     * TTW 12.88, WTT 3.22, WTW 16.1.
     * per vehicle-km: 100 km, empty running 0.25, 2 t carried, payload 20 t, load factor 0.5 →
     * 100/0.75 × 2/(20 × 0.5) = 26.6667 vkm × 1 kgCO2e/vkm.
     * air: 1000 km × 0.5 t (product mass) = 500 tkm × 0.002 = 1, reported as aircraft. */
    pcf_result *r = calc(model1(
        "'mass': 500, 'mass_unit': 'kg',",
        "'transport': ["
        "{'name': 'truck', 'mode': 'road', 'distance': 700, 'distance_unit': 'km', 'mass': 230, "
        "'mass_unit': 'kg', 'factor': {'value': 0.08, 'unit': 'kgCO2e/tkm'}, 'factor_scope': "
        "'ttw', 'wtt_factor': {'value': 20, 'unit': 'gCO2e/tkm'}},"
        "{'name': 'van', 'mode': 'road', 'distance': 100, 'distance_unit': 'km', 'mass': 2, "
        "'mass_unit': 't', 'payload': 20, 'payload_unit': 't', 'load_factor': 0.5, "
        "'empty_running': 0.25, 'factor': {'value': 1, 'unit': 'kgCO2e/vkm'}},"
        "{'name': 'plane', 'mode': 'air', 'distance': 1000, 'distance_unit': 'km', "
        "'factor': {'value': 0.002, 'unit': 'kgCO2e/tkm'}}]",
        NULL));
    assert_double_close(pcf_result_activity_at(r, 0)->kg_co2e, 16.1, 1e-12, 0);
    assert_double_close(pcf_result_activity_at(r, 0)->ttw_kg_co2e, 12.88, 1e-12, 0);
    assert_double_close(pcf_result_line_at(r, 0)->quantity, 161, 1e-12, 0);
    assert_string_equal(pcf_result_line_at(r, 1)->role, "wtt");
    assert_double_close(pcf_result_line_at(r, 1)->kg_co2e, 3.22, 1e-12, 0);
    assert_double_close(pcf_result_activity_at(r, 1)->kg_co2e, 80.0 / 3.0, 1e-12, 0);
    assert_true(isnan(pcf_result_activity_at(r, 1)->ttw_kg_co2e));
    assert_double_close(pcf_result_activity_at(r, 2)->kg_co2e, 1.0, 1e-12, 0);
    assert_double_close(pcf_result_flow_kg_co2e(r, PCF_FLOW_AIRCRAFT), 1.0, 1e-12, 0);
    assert_double_close(pcf_result_transport_ttw_kg_co2e(r), 12.88, 1e-12, 0);
    assert_false(pcf_result_transport_ttw_complete(r));
    assert_double_close(pcf_result_total_kg_co2e(r), 16.1 + 80.0 / 3.0 + 1.0, 1e-12, 0);
    check_sums(r);
    pcf_result_destroy(r);

    /* The same truck leg given as its transport activity (161 t·km) instead of distance × mass:
     * factor_scope and wtt_factor must still apply (a bug once dropped the WTT part here):
     * TTW 161 × 0.08 = 12.88, WTT 161 × 0.02 = 3.22, WTW 16.1. A t·km amount without a scope
     * is WTW with its TTW part unknown. */
    r = calc(model1("",
                    "'transport': ["
                    "{'name': 'truck', 'amount': 161, 'unit': 'tkm', 'factor': {'value': 0.08, "
                    "'unit': 'kgCO2e/tkm'}, 'factor_scope': 'ttw', 'wtt_factor': {'value': 20, "
                    "'unit': 'gCO2e/tkm'}},"
                    "{'name': 'ship', 'amount': 1, 'unit': 'tkm', 'factor': {'value': 0.01, "
                    "'unit': 'kgCO2e/tkm'}}]",
                    NULL));
    assert_double_close(pcf_result_activity_at(r, 0)->kg_co2e, 16.1, 1e-12, 0);
    assert_double_close(pcf_result_activity_at(r, 0)->ttw_kg_co2e, 12.88, 1e-12, 0);
    assert_string_equal(pcf_result_line_at(r, 0)->role, "ttw");
    assert_string_equal(pcf_result_line_at(r, 1)->role, "wtt");
    assert_double_close(pcf_result_line_at(r, 1)->kg_co2e, 3.22, 1e-12, 0);
    assert_true(isnan(pcf_result_activity_at(r, 1)->ttw_kg_co2e));
    assert_double_close(pcf_result_transport_ttw_kg_co2e(r), 12.88, 1e-12, 0);
    assert_false(pcf_result_transport_ttw_complete(r));
    assert_double_close(pcf_result_total_kg_co2e(r), 16.11, 1e-12, 0);
    check_sums(r);
    pcf_result_destroy(r);
}

/* The primary-data share honours "primary": false on an activity with an own factor and on the
 * own factor itself; a factor's own flag wins over its activity's. */
static void primary_flag_on_own_factors(void **state)
{
    (void)state;
    /* emissions (kg CO2e) and whether each counts as primary data:
     *   steel  2 kg × 2 kgCO2e/kg, activity "primary": false                 4    no
     *   truck  100 t·km × 0.1 kgCO2e/tkm, a default: factor "primary": false 10   no
     *   power  10 kWh × 0.5 kgCO2e/kWh, own factor without a flag            5    yes
     *   heat   1 MJ × 1 kgCO2e/MJ, activity false but factor true            1    yes
     *   wood   1 kg × 0.1 kgCO2e/kg, activity "primary": true                0.1  yes
     *          its 0.5 kg C released at end of life: 0.5 × 44/12 = 11/6     11/6 yes
     *          (the uptake -11/6 is a removal and not part of the share)
     * primary 5 + 1 + 0.1 + 11/6 = 47.6/6; all emissions 20.1 + 11/6 = 131.6/6;
     * share = 47.6 / 131.6 = 0.3617021276595745 */
    pcf_result *r = calc(model1(
        NULL,
        "'materials': ["
        "{'name': 'steel', 'amount': 2, 'unit': 'kg', 'primary': false,"
        " 'factor': {'value': 2, 'unit': 'kgCO2e/kg'}},"
        "{'name': 'wood', 'amount': 1, 'unit': 'kg', 'primary': true, 'biogenic_carbon': 0.5,"
        " 'factor': {'value': 0.1, 'unit': 'kgCO2e/kg'}}],"
        "'transport': [{'name': 'truck', 'amount': 100, 'unit': 'tkm',"
        " 'factor': {'value': 0.1, 'unit': 'kgCO2e/tkm', 'primary': false}}],"
        "'production': ["
        "{'name': 'power', 'amount': 10, 'unit': 'kWh', 'factor': {'value': 0.5, 'unit': "
        "'kgCO2e/kWh'}},"
        "{'name': 'heat', 'amount': 1, 'unit': 'MJ', 'primary': false,"
        " 'factor': {'value': 1, 'unit': 'kgCO2e/MJ', 'primary': true}}]",
        NULL));
    assert_double_close(pcf_result_primary_data_share(r), 47.6 / 131.6, 1e-12, 0);
    for (size_t i = 0; i < pcf_result_line_count(r); i++) {
        const pcf_audit_line *l = pcf_result_line_at(r, i);
        const char *act = pcf_result_activity_at(r, l->activity)->name;
        int expect = strcmp(act, "steel") != 0 && strcmp(act, "truck") != 0;
        if (l->primary != expect)
            fail_msg("line %zu (%s, %s): primary %d, expected %d", i, act, l->role, l->primary,
                     expect);
    }
    check_sums(r);
    pcf_result_destroy(r);

    /* "primary" on an own factor must be true or false */
    pcf_diag *d = NULL;
    pcf_error err;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(calc_fail(model1(NULL,
                                      "'production': [{'name': 'power', 'amount': 1, 'unit': "
                                      "'kWh', 'factor': {'value': 1, 'unit': 'kgCO2e/kWh', "
                                      "'primary': 'no'}}]",
                                      NULL),
                               NULL, d, &err),
                     PCF_ERR_INVALID_MODEL);
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL,
                         "$.products[0].stages.production[0].factor.primary", "true or false"));
    pcf_diag_destroy(d);
}

static void origin_names(void **state)
{
    (void)state;
    /* The names written into the result JSON's audit lines ("origin"). */
    assert_string_equal(pcf_factor_origin_name(PCF_ORIGIN_DATABASE), "database");
    assert_string_equal(pcf_factor_origin_name(PCF_ORIGIN_OWN), "own");
    assert_string_equal(pcf_factor_origin_name(PCF_ORIGIN_GWP), "gwp");
    assert_string_equal(pcf_factor_origin_name(PCF_ORIGIN_SUPPLIER_PCF), "supplier_pcf");
    assert_string_equal(pcf_factor_origin_name(PCF_ORIGIN_CARBON), "carbon");
    assert_null(pcf_factor_origin_name((pcf_factor_origin)99));
}

static void production_storage_use(void **state)
{
    (void)state;
    /* production, allocation 0.8 (economic):
     *   10 kWh × 0.5 = 5; N2O 0.01 kg × 273 (AR6) = 2.73; → (5 + 2.73) × 0.8 = 6.184
     * storage: 0.5 kWh/day × 30 days × 0.4 = 6; HFC-134a 2 g × 1530 = 3.06
     * use: 20 kWh/year × 10 years (service life) × 0.5 = 100; detergent 1000 uses × 1 g × 2/kg = 2
     * total 6.184 + 9.06 + 102 = 117.244 */
    pcf_result *r = calc(model1(
        "'service_life': 10, 'service_life_unit': 'year', 'allocation': {'basis': 'economic', "
        "'share': 0.8},",
        "'production': [{'name': 'power', 'amount': 10, 'unit': 'kWh', 'factor': {'value': 0.5, "
        "'unit': 'kgCO2e/kWh'}}, {'name': 'n2o', 'gas': 'N2O', 'amount': 0.01, 'unit': 'kg'}],"
        "'storage': [{'name': 'warehouse', 'amount': 0.5, 'unit': 'kWh', 'per': 'day', "
        "'duration': 30, 'duration_unit': 'day', 'factor': {'value': 0.4, 'unit': "
        "'kgCO2e/kWh'}}, {'name': 'leak', 'gas': 'HFC-134a', 'amount': 2, 'unit': 'g'}],"
        "'use': [{'name': 'power', 'amount': 20, 'unit': 'kWh', 'per': 'year', 'factor': "
        "{'value': 0.5, 'unit': 'kgCO2e/kWh'}}, {'name': 'detergent', 'amount': 1, 'unit': 'g', "
        "'times': 1000, 'factor': {'value': 2, 'unit': 'kgCO2e/kg'}}]",
        NULL));
    assert_double_close(pcf_result_stage_kg_co2e(r, PCF_STAGE_PRODUCTION), 6.184, 1e-12, 0);
    assert_double_close(pcf_result_stage_kg_co2e(r, PCF_STAGE_STORAGE), 9.06, 1e-12, 0);
    assert_double_close(pcf_result_stage_kg_co2e(r, PCF_STAGE_USE), 102, 1e-12, 0);
    assert_double_close(pcf_result_total_kg_co2e(r), 117.244, 1e-12, 0);
    assert_contains(pcf_result_note_at(r, 1),
                    "Co-product allocation: the production stage of \"p\" carries 0.8 of the "
                    "process burdens (economic allocation).");
    /* per gas: N2O 0.008 kg (after allocation), HFC-134a 0.002 kg */
    int seen = 0;
    for (size_t i = 0; i < pcf_result_gas_count(r); i++) {
        const pcf_gas_result *g = pcf_result_gas_at(r, i);
        if (g->gas == PCF_GAS_N2O) {
            assert_double_close(g->kg, 0.008, 1e-12, 0);
            assert_double_close(g->kg_co2e, 2.184, 1e-12, 0);
            seen++;
        }
        if (g->gas == PCF_GAS_HFC_134A) {
            assert_double_close(g->kg, 0.002, 1e-12, 0);
            seen++;
        }
    }
    assert_int_equal(seen, 2);
    /* 5×0.8 + 6 + 100 + 2 = 112 kg CO2e come from factors without a gas split */
    assert_double_close(pcf_result_unspecified_kg_co2e(r), 112, 1e-12, 0);
    assert_null(pcf_result_gas_at(r, 99));
    check_sums(r);
    pcf_result_destroy(r);
    /* the same under AR5 (N2O 265, HFC-134a 1300): 6.184 − 0.8×0.01×8 + 9.06 − 0.002×230 + 102 */
    char *json = model1("'service_life': 10, 'service_life_unit': 'year',",
                        "'production': [{'name': 'n2o', 'gas': 'N2O', 'amount': 0.01, 'unit': "
                        "'kg'}]",
                        NULL);
    r = calc_ex(json, NULL, PCF_GWP_AR5);
    free(json);
    assert_double_close(pcf_result_total_kg_co2e(r), 2.65, 1e-12, 0);
    assert_int_equal(pcf_result_gwp(r), PCF_GWP_AR5);
    pcf_result_destroy(r);
}

static void biogenic_carbon_rc10(void **state)
{
    (void)state;
    /* RC-10 (docs/methods.md#rc-10): 0.41 kg C → 0.41 × 44/12 = 1.50333 kg CO2 uptake (PACT
     * "-1.5"); cradle-to-grave releases it again at end of life, so the total is 0 and the removal
     * is reported apart. */
    const char *stage = "'materials': [{'name': 'ethanol feedstock', 'amount': 1, 'unit': 'kg', "
                        "'biogenic_carbon': 0.41, 'factor': {'value': 0, 'unit': 'kgCO2e/kg'}}]";
    pcf_result *r = calc(model1(NULL, stage, NULL));
    assert_double_close(pcf_result_flow_kg_co2e(r, PCF_FLOW_BIOGENIC_REMOVAL), -0.41 * 44 / 12,
                        1e-12, 0);
    assert_double_close(pcf_result_flow_kg_co2e(r, PCF_FLOW_BIOGENIC), 0.41 * 44 / 12, 1e-12, 0);
    assert_double_close(pcf_result_stage_kg_co2e(r, PCF_STAGE_END_OF_LIFE), 1.5033333333, 1e-9, 0);
    assert_double_close(pcf_result_total_kg_co2e(r), 0, 0, 1e-12);
    assert_double_close(pcf_result_biogenic_carbon_kg(r), 0.41, 1e-12, 0);
    /* the uptake counts in materials, the release at end of life, though both lines belong to the
     * one material activity (the audit trail used to label both "materials") */
    assert_int_equal(pcf_result_line_count(r), 3);
    assert_string_equal(pcf_result_line_at(r, 1)->role, "biogenic uptake");
    assert_int_equal(pcf_result_line_at(r, 1)->stage, PCF_STAGE_MATERIALS);
    assert_string_equal(pcf_result_line_at(r, 2)->role, "biogenic release");
    assert_int_equal(pcf_result_line_at(r, 2)->stage, PCF_STAGE_END_OF_LIFE);
    assert_int_equal(pcf_result_activity_at(r, 0)->stage, PCF_STAGE_MATERIALS);
    check_sums(r);
    /* RC-9 identity (docs/methods.md#rc-9): including = excluding + uptake */
    assert_double_close(pcf_result_total_kg_co2e(r),
                        pcf_result_total_excluding_removals_kg_co2e(r) +
                            pcf_result_flow_kg_co2e(r, PCF_FLOW_BIOGENIC_REMOVAL),
                        1e-12, 1e-12);
    pcf_result_destroy(r);
    /* cradle-to-gate: the carbon stays in the product; use and end of life are excluded */
    r = calc(model1(NULL,
                    "'materials': [{'name': 'wood', 'amount': 1, 'unit': 'kg', 'biogenic_carbon': "
                    "0.41, 'factor': {'value': 0.1, 'unit': 'kgCO2e/kg'}}],"
                    "'use': [{'name': 'power', 'amount': 5, 'unit': 'kWh', 'factor': {'value': "
                    "1, 'unit': 'kgCO2e/kWh'}}]",
                    "'boundary': 'cradle-to-gate',"));
    assert_double_close(pcf_result_total_kg_co2e(r), 0.1 - 1.5033333333333333, 1e-12, 0);
    assert_false(pcf_result_stage_included(r, PCF_STAGE_USE));
    assert_true(pcf_result_stage_included(r, PCF_STAGE_MATERIALS));
    assert_int_equal(pcf_result_activity_count(r), 2);
    assert_false(pcf_result_activity_at(r, 1)->included);
    assert_int_equal(pcf_result_boundary(r), PCF_BOUNDARY_CRADLE_TO_GATE);
    assert_contains(pcf_result_note_at(r, 0), "cradle-to-gate");
    pcf_result_destroy(r);
}

static void components_and_declared_unit(void **state)
{
    (void)state;
    /* main → board × 2 and module × 1; module → board × 3: board is resolved once with
     * multiplier 2 + 3 = 5, its 1 kg × 1 kgCO2e/kg giving 5.
     * purchased part: 3 items × 0.5 (fossil 0.4, biogenic 0.1, primary share 1) = 1.5.
     * declared unit 1 kWh, reference flow 10 kWh: everything / 10 → (5 + 1.5) / 10 = 0.65. */
    char *json = testutil_q(
        "{'pcf_model': 1, 'products': ["
        "{'id': 'main', 'declared_unit': {'amount': 1, 'unit': 'kWh'}, 'reference_flow': "
        "{'amount': 10, 'unit': 'kWh'}, 'components': [{'product': 'board', 'quantity': 2}, "
        "{'product': 'module', 'quantity': 1}, {'name': 'chip', 'quantity': 3, 'unit': 'item', "
        "'supplier_pcf': {'kg_co2e': 0.5, 'declared_unit': 'item', 'fossil': 0.4, 'biogenic': "
        "0.1, 'primary_data_share': 1, 'supplier': 'Chip Co.'}}]},"
        "{'id': 'module', 'components': [{'product': 'board', 'quantity': 3}]},"
        "{'id': 'board', 'stages': {'materials': [{'name': 'fr4', 'amount': 1, 'unit': 'kg', "
        "'factor': {'value': 1, 'unit': 'kgCO2e/kg'}}]}},"
        "{'id': 'unused', 'stages': {'materials': [{'name': 'x', 'amount': 1, 'unit': 'kg', "
        "'factor': {'value': 1, 'unit': 'kgCO2e/kg'}}]}}]}");
    pcf_result *r = calc(json);
    assert_double_close(pcf_result_total_kg_co2e(r), 0.65, 1e-12, 0);
    assert_int_equal(pcf_result_activity_count(r), 2); /* fr4 once, the chip; not "unused" */
    const pcf_activity_result *a = pcf_result_activity_at(r, 1); /* products in model order */
    assert_string_equal(a->product_id, "board");
    assert_string_equal(pcf_result_activity_at(r, 0)->name, "chip");
    assert_double_close(a->multiplier, 0.5, 1e-12, 0); /* 5 boards per 10 kWh */
    assert_double_close(a->kg_co2e, 0.5, 1e-12, 0);
    assert_double_close(pcf_result_flow_kg_co2e(r, PCF_FLOW_BIOGENIC), 0.03, 1e-12, 0);
    assert_double_close(pcf_result_flow_kg_co2e(r, PCF_FLOW_FOSSIL), 0.62, 1e-12, 0);
    /* primary: the chip (supplier PCF) and the board (an own, supplier-specific factor) */
    assert_double_close(pcf_result_primary_data_share(r), 1.0, 1e-12, 0);
    assert_string_equal(pcf_result_declared_unit(r), "kWh");
    assert_string_equal(pcf_result_product_id(r), "main");
    assert_string_equal(pcf_result_product_name(r, "zh"), "main"); /* no names: the id */
    /* paths are made when asked (a system keeps the product and index, not the text): the
     * chip is the third component of products[0], fr4 the first material of products[2] */
    assert_string_equal(pcf_result_activity_at(r, 0)->path, "$.products[0].components[2]");
    assert_string_equal(a->path, "$.products[2].stages.materials[0]");
    char *doc = NULL;
    pcf_error err;
    assert_int_equal(pcf_result_to_json(r, &doc, &err), PCF_OK);
    assert_non_null(strstr(doc, "\"path\": \"$.products[0].components[2]\""));
    assert_non_null(strstr(doc, "\"path\": \"$.products[2].stages.materials[0]\""));
    pcf_free(doc);
    check_sums(r);
    pcf_result_destroy(r);
}

static void errors_without_db(void **state)
{
    (void)state;
    pcf_diag *d = NULL;
    pcf_error err;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    /* kWh against a factor per kg: the path of the unit, both units */
    assert_int_equal(calc_fail(model1(NULL,
                                      "'use': [{'name': 'x', 'amount': 1, 'unit': 'kWh', "
                                      "'factor': {'value': 1, 'unit': 'kgCO2e/kg'}}]",
                                      NULL),
                               NULL, d, &err),
                     PCF_ERR_UNIT);
    assert_string_equal(err.path, "$.products[0].stages.use[0].unit");
    assert_contains(err.message, "kWh (energy)");
    assert_contains(err.message, "per kg (mass)");
    pcf_diag_clear(d);
    /* a database code without a database */
    assert_int_equal(
        calc_fail(model1(NULL, "'use': [{'name': 'x', 'amount': 1, 'unit': 'kWh', 'factor': 'C1'}]",
                         NULL),
                  NULL, d, &err),
        PCF_ERR_DATA_MISSING);
    assert_string_equal(err.path, "$.products[0].stages.use[0].factor");
    pcf_diag_clear(d);
    /* negative, missing and non-numeric amounts, a bad distribution, all at once */
    assert_int_equal(calc_fail(model1(NULL,
                                      "'use': [{'name': 'a', 'amount': -1, 'unit': 'kWh', "
                                      "'factor': {'value': 1, 'unit': 'kgCO2e/kWh'}},"
                                      "{'name': 'b', 'unit': 'kWh', 'factor': {'value': 1, "
                                      "'unit': 'kgCO2e/kWh'}},"
                                      "{'name': 'c', 'amount': '3', 'unit': 'kWh', 'factor': "
                                      "{'value': 1, 'unit': 'kgCO2e/kWh'}},"
                                      "{'name': 'd', 'amount': 3, 'unit': 'kWh', 'uncertainty': "
                                      "{'dist': 'lognormal', 'gsd': 0.5}, 'factor': {'value': 1, "
                                      "'unit': 'kgCO2e/kWh'}}]",
                                      NULL),
                               NULL, d, &err),
                     PCF_ERR_INVALID_ARG);
    assert_true(has_diag(d, PCF_ERR_INVALID_ARG, "$.products[0].stages.use[0].amount", "negative"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].stages.use[1]",
                         "\"amount\" is required"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].stages.use[2].amount",
                         "must be a number"));
    assert_true(has_diag(d, PCF_ERR_INVALID_ARG, "$.products[0].stages.use[3].uncertainty", ""));
    assert_int_equal(pcf_diag_error_count(d), 4);
    pcf_diag_clear(d);
    /* finite numbers whose product overflows */
    {
        pcf_model *m = NULL;
        char *json = model1(NULL,
                            "'use': [{'name': 'x', 'amount': 1e308, 'unit': 'kWh', 'factor': "
                            "{'value': 10, 'unit': 'kgCO2e/kWh'}}]",
                            NULL);
        assert_int_equal(pcf_model_read_string(json, NULL, &m, &err), PCF_OK);
        free(json);
        pcf_result *r = NULL;
        assert_int_equal(pcf_model_calculate(m, NULL, (pcf_gwp_set)0, NULL, &r, &err),
                         PCF_ERR_INVALID_ARG);
        assert_null(r);
        assert_string_equal(err.path, "$.products[0].stages.use[0]");
        assert_contains(err.message, "not a finite number");
        pcf_model_destroy(m);
    }
    /* shares that do not sum to 1 */
    assert_int_equal(
        calc_fail(model1("'mass': 1, 'mass_unit': 'kg',",
                         "'end_of_life': [{'name': 'a', 'route': 'landfill', 'share': 0.6, "
                         "'factor': {'value': 1, 'unit': 'kgCO2e/kg'}}]",
                         NULL),
                  NULL, d, &err),
        PCF_ERR_INVALID_MODEL);
    assert_string_equal(err.path, "$.products[0].stages.end_of_life");
    assert_contains(err.message, "add up to 0.6, not 1");
    pcf_diag_clear(d);
    /* a cycle */
    assert_int_equal(
        calc_fail(testutil_q("{'pcf_model': 1, 'products': [{'id': 'a', 'declared_unit': "
                             "{'amount': 1, 'unit': 'item'}, 'components': [{'product': 'a', "
                             "'quantity': 1}]}]}"),
                  NULL, d, &err),
        PCF_ERR_INVALID_MODEL);
    assert_contains(err.message, "a → a");
    assert_string_equal(err.path, "$.products[0].components[0].product");
    /* supplier PCF parts that do not add up */
    pcf_diag_clear(d);
    assert_int_equal(
        calc_fail(testutil_q("{'pcf_model': 1, 'products': [{'id': 'a', 'declared_unit': "
                             "{'amount': 1, 'unit': 'item'}, 'components': [{'name': 'p', "
                             "'quantity': 1, 'unit': 'kg', 'supplier_pcf': {'kg_co2e': 1, "
                             "'declared_unit': 'item', 'fossil': 0.5, 'dluc': 0.2}}]}]}"),
                  NULL, d, &err),
        PCF_ERR_INVALID_MODEL);
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].components[0].supplier_pcf",
                         "must add up"));
    assert_true(has_diag(d, PCF_ERR_UNIT, "$.products[0].components[0].unit", "per item"));
    pcf_diag_destroy(d);
    /* arguments */
    pcf_system *sys = NULL;
    assert_int_equal(pcf_system_resolve(NULL, NULL, (pcf_gwp_set)0, NULL, &sys, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_calculate(NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_system_activity_count(NULL), 0);
    pcf_system_destroy(NULL);
    pcf_result_destroy(NULL);
    assert_double_close(pcf_result_total_kg_co2e(NULL), 0, 0, 0);
    assert_null(pcf_result_line_at(NULL, 0));
}

/* Sub-assemblies nested 5,000 deep: refused at level 4,096 with the product's path, no crash. */
static void nesting_limit(void **state)
{
    (void)state;
    size_t n = 5000, cap = n * 96 + 256, len = 0;
    char *json = malloc(cap);
    len += (size_t)snprintf(json + len, cap - len,
                            "{\"pcf_model\": 1, \"products\": [{\"id\": \"p0\", "
                            "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, "
                            "\"components\": [{\"product\": \"p1\", \"quantity\": 1}]}");
    for (size_t i = 1; i < n; i++)
        len += (size_t)snprintf(json + len, cap - len,
                                ", {\"id\": \"p%zu\", \"components\": [{\"product\": \"p%zu\", "
                                "\"quantity\": 1}]}",
                                i, i + 1 < n ? i + 1 : 0);
    snprintf(json + len, cap - len, "]}");
    pcf_diag *d = NULL;
    pcf_error err;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    /* the last product points back at p0: a cycle too long to follow, stopped at the limit */
    assert_int_equal(calc_fail(json, NULL, d, &err), PCF_ERR_INVALID_MODEL);
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[4096]", "more than 4096 levels"));
    pcf_diag_destroy(d);
}

/* A chain of n sub-assemblies p0 -> p1 -> ... -> p(n-1); the last one either holds one material
 * (1 kg at an own factor of 2 kg CO2e/kg) or, when `cycle`, points back at p0. */
static char *chain_model(size_t n, int cycle)
{
    size_t cap = n * 96 + 512, len = 0;
    char *json = malloc(cap);
    assert_non_null(json);
    len += (size_t)snprintf(json + len, cap - len,
                            "{\"pcf_model\": 1, \"products\": [{\"id\": \"p0\", "
                            "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, "
                            "\"components\": [{\"product\": \"p1\", \"quantity\": 1}]}");
    for (size_t i = 1; i + 1 < n; i++)
        len += (size_t)snprintf(json + len, cap - len,
                                ", {\"id\": \"p%zu\", \"components\": [{\"product\": \"p%zu\", "
                                "\"quantity\": 1}]}",
                                i, i + 1);
    if (cycle)
        snprintf(json + len, cap - len,
                 ", {\"id\": \"p%zu\", \"components\": [{\"product\": \"p0\", \"quantity\": "
                 "1}]}]}",
                 n - 1);
    else
        snprintf(json + len, cap - len,
                 ", {\"id\": \"p%zu\", \"stages\": {\"materials\": [{\"name\": \"steel\", "
                 "\"amount\": 1, \"unit\": \"kg\", \"factor\": {\"value\": 2, \"unit\": "
                 "\"kgCO2e/kg\", \"source\": \"test\"}}]}}]}",
                 n - 1);
    return json;
}

struct deep_run {
    double total;
    int chain_status, cycle_status, cycle_reported;
};

static void *deep_chain_thread(void *arg)
{
    struct deep_run *out = arg;
    pcf_error err;
    char *json = chain_model(4000, 0);
    pcf_model *m = NULL;
    pcf_result *r = NULL;
    out->chain_status = pcf_model_read_string(json, "chain.json", &m, &err);
    if (out->chain_status == PCF_OK)
        out->chain_status = pcf_model_calculate(m, NULL, (pcf_gwp_set)0, NULL, &r, &err);
    out->total = r ? pcf_result_total_kg_co2e(r) : -1;
    pcf_result_destroy(r);
    pcf_model_destroy(m);
    free(json);

    json = chain_model(4000, 1);
    pcf_diag *d = NULL;
    if (pcf_diag_create(&d) != PCF_OK)
        return NULL;
    m = NULL;
    out->cycle_status = pcf_model_read_string(json, "cycle.json", &m, &err);
    if (out->cycle_status == PCF_OK)
        out->cycle_status = pcf_model_calculate(m, NULL, (pcf_gwp_set)0, d, &r, &err);
    out->cycle_reported =
        has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[3999].components[0].product",
                 "sub-assemblies form a cycle: p0 → p1 → p2");
    pcf_diag_destroy(d);
    pcf_model_destroy(m);
    free(json);
    return NULL;
}

/* A sub-assembly chain 4,000 deep (under the 4,096 limit) on a thread with a 256 KB stack, as ERP
 * hosts give their worker threads: the recursive cycle search used to overflow such a stack (it
 * needed about 100 bytes per level on top of the caller's). The footprint is the one material at
 * the bottom: 1 kg × 2 kg CO2e/kg × 1 per level = 2 kg CO2e; the cyclic twin reports its cycle. */
static void deep_chain_small_stack(void **state)
{
    (void)state;
    pthread_attr_t attr;
    assert_int_equal(pthread_attr_init(&attr), 0);
    assert_int_equal(pthread_attr_setstacksize(&attr, 256 * 1024), 0);
    struct deep_run out = {0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, &attr, deep_chain_thread, &out), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    pthread_attr_destroy(&attr);
    assert_int_equal(out.chain_status, PCF_OK);
    assert_double_close(out.total, 2.0, 1e-12, 0);
    assert_int_equal(out.cycle_status, PCF_ERR_INVALID_MODEL);
    assert_true(out.cycle_reported);
}

static void system_and_reports(void **state)
{
    (void)state;
    char *json = model1("'mass': 2, 'mass_unit': 'kg',",
                        "'materials': [{'name': 'steel, \\\"hot\\\" rolled', 'amount': 1, 'unit': "
                        "'kg', 'factor': {'value': 2, 'unit': 'kgCO2e/kg'}, 'uncertainty': "
                        "{'dist': 'lognormal', 'gsd': 1.2}}],"
                        "'use': [{'name': 'power', 'amount': 3, 'unit': 'kWh', 'factor': "
                        "{'value': 1, 'unit': 'kgCO2e/kWh'}}]",
                        NULL);
    pcf_model *m = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_string(json, NULL, &m, &err), PCF_OK);
    free(json);
    pcf_system *sys = NULL;
    assert_int_equal(pcf_system_resolve(m, NULL, (pcf_gwp_set)0, NULL, &sys, &err), PCF_OK);
    assert_int_equal(pcf_system_activity_count(sys), 2);
    assert_int_equal(pcf_system_param_count(sys), 4); /* 2 amounts + 2 own factors */
    assert_int_equal(pcf_system_gwp(sys), PCF_GWP_AR6);
    pcf_result *r = NULL;
    assert_int_equal(pcf_calculate(sys, &r, &err), PCF_OK);
    /* the result outlives its system */
    pcf_system_destroy(sys);
    pcf_model_destroy(m);
    assert_double_close(pcf_result_total_kg_co2e(r), 5, 1e-12, 0);
    assert_double_close(pcf_result_mass_kg(r), 2, 1e-12, 0);
    assert_double_close(pcf_result_declared_amount(r), 1, 0, 0);
    assert_string_equal(pcf_result_declared_unit_description(r), "");
    /* materials 1 kg × 2 = 2 fossil; use 3 kWh × 1 = 3 fossil */
    assert_double_close(pcf_result_stage_flow_kg_co2e(r, PCF_STAGE_USE, PCF_FLOW_FOSSIL), 3, 0, 0);
    assert_double_close(pcf_result_stage_flow_kg_co2e(r, PCF_STAGE_USE, PCF_FLOW_BIOGENIC), 0, 0,
                        0);
    assert_double_close(pcf_result_stage_flow_kg_co2e(r, PCF_STAGE_COUNT, PCF_FLOW_FOSSIL), 0, 0,
                        0);
    assert_int_equal(pcf_result_note_count(r), 1); /* the recycling method */
    assert_contains(pcf_result_note_at(r, 0), "cut-off");
    assert_null(pcf_result_note_at(r, 1));
    size_t top[3];
    assert_int_equal(pcf_result_top_activities(r, 3, top), 2);
    assert_int_equal(top[0], 1); /* use 3 > steel 2 */
    assert_int_equal(top[1], 0);

    char *text = NULL;
    assert_int_equal(pcf_report_text(r, 5, &text, &err), PCF_OK);
    assert_contains(text, "Total                    5  kg CO2e per 1 item");
    assert_contains(text, "1 kg x 2 kg CO2e/kg = 2 kg CO2e");
    assert_contains(text, "Top 2 contributors");
    pcf_free(text);
    char *csv = NULL;
    assert_int_equal(pcf_report_csv(r, &csv, &err), PCF_OK);
    assert_contains(csv, "p,materials,\"steel, \"\"hot\"\" rolled\",activity,fossil,");
    assert_contains(csv, ",1,kg,2,2,1\r\n");
    assert_contains(csv, "p,total,,,,,,,,,,,,5,\r\n");
    pcf_free(csv);
    char *js = NULL;
    assert_int_equal(pcf_report_json(r, &js, &err), PCF_OK);
    assert_contains(js, "\"total_kg_co2e\": 5.0");
    assert_contains(js, "\"stage\": \"use\"");
    assert_contains(js, "\"role\": \"activity\"");
    assert_contains(js, "\"primary_data_share\": 1.0");
    assert_contains(js, "\"zh\": \"产品\"");
    pcf_free(js);
    assert_int_equal(pcf_report_text(NULL, 1, &text, &err), PCF_ERR_INVALID_ARG);
    pcf_result_destroy(r);
}

/* A system is immutable: many threads calculate it at once and agree. */
static void *calc_thread(void *arg)
{
    static const double none = 0;
    pcf_result *r = NULL;
    if (pcf_calculate((const pcf_system *)arg, &r, NULL) != PCF_OK)
        return (void *)&none;
    double *total = malloc(sizeof *total);
    *total = pcf_result_total_kg_co2e(r);
    pcf_result_destroy(r);
    return total;
}

static void shared_system_threads(void **state)
{
    (void)state;
    char *json = model1(NULL, rc3_stage, "'recycling_method': 'cff',");
    pcf_model *m = NULL;
    pcf_system *sys = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_string(json, NULL, &m, &err), PCF_OK);
    free(json);
    assert_int_equal(pcf_system_resolve(m, NULL, (pcf_gwp_set)0, NULL, &sys, &err), PCF_OK);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, calc_thread, sys), 0);
    for (int i = 0; i < 4; i++) {
        void *ret = NULL;
        assert_int_equal(pthread_join(t[i], &ret), 0);
        assert_double_close(*(double *)ret, 1.74501, 1e-9, 0); /* docs/methods.md#rc-3 */
        free(ret);
    }
    pcf_system_destroy(sys);
    pcf_model_destroy(m);
}

/* pcf_report_text_write() streams the very bytes pcf_report_text() returns, also when the report
 * is larger than the 64 KiB it writes at a time; a stream that cannot be written is PCF_ERR_IO. */
static void report_text_write_stream(void **state)
{
    (void)state;
    /* 4,000 activities of i/100 kg at 2 kg CO2e/kg: an audit trail of about 370 KiB */
    size_t cap = 600000, len = 0;
    char *json = malloc(cap);
    assert_non_null(json);
    len += (size_t)snprintf(json + len, cap - len,
                            "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"name\": \"P\", "
                            "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, "
                            "\"stages\": {\"materials\": [");
    for (int i = 1; i <= 4000; i++)
        len += (size_t)snprintf(json + len, cap - len,
                                "%s{\"name\": \"part %d\", \"amount\": %d.%02d, \"unit\": \"kg\", "
                                "\"factor\": {\"value\": 2, \"unit\": \"kgCO2e/kg\"}}",
                                i > 1 ? ", " : "", i, i / 100, i % 100);
    snprintf(json + len, cap - len, "]}}]}");
    pcf_result *r = calc(json);
    pcf_error err;
    char *text = NULL;
    assert_int_equal(pcf_report_text(r, 3, &text, &err), PCF_OK);
    assert_true(strlen(text) > 5 * 65536);
    /* part 4000: 40 kg x 2 = 80 kg CO2e */
    assert_contains(
        text, "  [materials] part 4000 (activity)\n      40 kg x 2 kg CO2e/kg = 80 kg CO2e\n");
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(pcf_report_text_write(r, NULL, 3, f, &err), PCF_OK);
    long size = ftell(f);
    assert_int_equal((size_t)size, strlen(text));
    char *back = malloc((size_t)size + 1);
    assert_non_null(back);
    rewind(f);
    assert_int_equal(fread(back, 1, (size_t)size, f), (size_t)size);
    back[size] = '\0';
    assert_string_equal(back, text);
    fclose(f);
    free(back);
    pcf_free(text);
    /* a stream opened for reading refuses writes */
    FILE *ro = fopen("/dev/null", "r");
    assert_non_null(ro);
    assert_int_equal(pcf_report_text_write(r, NULL, 3, ro, &err), PCF_ERR_IO);
    assert_contains(err.message, "cannot write the report");
    fclose(ro);
    assert_int_equal(pcf_report_text_write(r, NULL, 3, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_report_text_write(NULL, NULL, 3, stdout, &err), PCF_ERR_INVALID_ARG);
    pcf_result_destroy(r);
}

/* A host with a decimal comma changes nothing. */
static void decimal_comma_locale(void **state)
{
    (void)state;
    if (!setlocale(LC_ALL, "de_DE.UTF-8") && !setlocale(LC_ALL, "de_DE.utf8"))
        skip();
    pcf_result *r = calc(model1(NULL,
                                "'use': [{'name': 'power', 'amount': 2.5, 'unit': 'kWh', "
                                "'factor': {'value': 0.5, 'unit': 'kgCO2e/kWh'}}]",
                                NULL));
    pcf_error err;
    char *text = NULL, *csv = NULL;
    assert_int_equal(pcf_report_text(r, 1, &text, &err), PCF_OK);
    assert_contains(text, "2.5 kWh x 0.5 kg CO2e/kWh = 1.25 kg CO2e");
    assert_int_equal(pcf_report_csv(r, &csv, &err), PCF_OK);
    assert_contains(csv, ",2.5,kWh,0.5,1.25,1\r\n");
    pcf_free(text);
    pcf_free(csv);
    pcf_result_destroy(r);
    setlocale(LC_ALL, "C");
}

/* ---- with the shipped factor database ---- */

static pcf_db *open_db(void)
{
    pcf_db *db = NULL;
    pcf_error err;
    if (!db_path || pcf_db_open(db_path, PCF_DB_READ_ONLY, &db, &err) != PCF_OK)
        return NULL;
    return db;
}

static void with_db(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    if (!db)
        skip();
    /* region fallback: the life-cycle grid factor asked for in CN-FJ is served by CN,
     * 10 kWh × 0.6205 kgCO2e/kWh (MEE 2023) = 6.205.
     * EPA natural gas, 1 MMBtu, split by gas and restated in AR6:
     * 53.06 + 0.001 × 29.8 + 0.0001 × 273 = 53.1171 */
    char *json = model1(
        NULL,
        "'production': [{'name': 'power', 'amount': 10, 'unit': 'kWh', 'factor': {'category': "
        "'electricity', 'name': 'China national average electricity carbon footprint factor 2023 "
        "(life cycle)', 'region': 'CN-FJ'}},"
        "{'name': 'gas', 'amount': 1, 'unit': 'MMBtu', 'factor': "
        "'epa-hub-2025:natural-gas-stationary-combustion'}]",
        NULL);
    pcf_result *r = calc_ex(json, db, (pcf_gwp_set)0);
    const pcf_audit_line *l = pcf_result_line_at(r, 0);
    assert_double_close(l->kg_co2e, 6.205, 1e-12, 0);
    assert_string_equal(l->region_requested, "CN-FJ");
    assert_string_equal(l->region_used, "CN");
    assert_true(l->fallback_taken);
    assert_int_equal(l->origin, PCF_ORIGIN_DATABASE);
    assert_string_equal(l->layer, "default");
    l = pcf_result_line_at(r, 1);
    assert_double_close(l->kg_co2e, 53.1171, 1e-12, 0);
    assert_int_equal(pcf_result_dataset_count(r), 2);
    /* the MEE line first, then EPA; each served one line */
    assert_int_equal(pcf_result_dataset_at(r, 0)->lines, 1);
    assert_int_equal(pcf_result_dataset_at(r, 1)->lines, 1);
    assert_true(*pcf_result_dataset_at(r, 1)->name != '\0');
    assert_null(pcf_result_dataset_at(r, 2));
    double co2 = 0;
    for (size_t i = 0; i < pcf_result_gas_count(r); i++)
        if (pcf_result_gas_at(r, i)->gas == PCF_GAS_CO2_FOSSIL)
            co2 = pcf_result_gas_at(r, i)->kg;
    assert_double_close(co2, 53.06, 1e-12, 0);
    check_sums(r);
    pcf_result_destroy(r);
    /* the same under AR4: 53.06 + 0.001 × 25 + 0.0001 × 298 = 53.1148 */
    r = calc_ex(json, db, PCF_GWP_AR4);
    assert_double_close(pcf_result_line_at(r, 1)->kg_co2e, 53.1148, 1e-12, 0);
    pcf_result_destroy(r);
    free(json);

    /* every missing factor at once, and a unit the factor cannot take */
    pcf_diag *d = NULL;
    pcf_error err;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(
        calc_fail(model1(NULL,
                         "'materials': [{'name': 'a', 'amount': 1, 'unit': 'kg', 'factor': "
                         "'no-such:one'}, {'name': 'b', 'amount': 1, 'unit': 'kg', 'factor': "
                         "'no-such:two'}],"
                         "'production': [{'name': 'c', 'amount': 1, 'unit': 'kWh', 'factor': "
                         "{'category': 'electricity', 'name': 'moonlight', 'region': 'CN-FJ'}},"
                         "{'name': 'd', 'amount': 1, 'unit': 'kg', 'factor': "
                         "'ember-2024:grid-electricity-eu-ember'}]",
                         NULL),
                  db, d, &err),
        PCF_ERR_NOT_FOUND);
    assert_true(
        has_diag(d, PCF_ERR_NOT_FOUND, "$.products[0].stages.materials[0].factor", "no-such:one"));
    assert_true(
        has_diag(d, PCF_ERR_NOT_FOUND, "$.products[0].stages.materials[1].factor", "no-such:two"));
    assert_true(
        has_diag(d, PCF_ERR_NOT_FOUND, "$.products[0].stages.production[0].factor", "moonlight"));
    assert_true(has_diag(d, PCF_ERR_UNIT, "$.products[0].stages.production[1].unit",
                         "ember-2024:grid-electricity-eu-ember is per kWh"));
    assert_int_equal(pcf_diag_error_count(d), 4);
    pcf_diag_destroy(d);
    pcf_db_close(db);
}

/* Every result accessor answers neutrally for NULL and for an index, stage, flow or indicator
 * out of range (0, "", NaN where the value is a rating or a mass, NULL for a pointer), and the
 * JSON writer refuses NULL. A model of one activity, 2 kg x 3 kgCO2e/kg = 6 kg CO2e, is used for
 * the out-of-range calls; its product name is its id when it has no name, in either language. */
static void result_accessors_refuse(void **state)
{
    (void)state;
    assert_string_equal(pcf_result_product_id(NULL), "");
    assert_string_equal(pcf_result_product_name(NULL, "zh"), "");
    assert_true(pcf_result_declared_amount(NULL) == 0);
    assert_string_equal(pcf_result_declared_unit(NULL), "");
    assert_string_equal(pcf_result_declared_unit_description(NULL), "");
    assert_true(isnan(pcf_result_mass_kg(NULL)));
    assert_int_equal(pcf_result_boundary(NULL), PCF_BOUNDARY_CRADLE_TO_GRAVE);
    assert_int_equal(pcf_result_gwp(NULL), PCF_GWP_DEFAULT);
    assert_int_equal(pcf_result_recycling_method(NULL), PCF_RECYCLING_CUT_OFF);
    assert_true(pcf_result_total_kg_co2e(NULL) == 0);
    assert_true(pcf_result_total_excluding_removals_kg_co2e(NULL) == 0);
    assert_true(pcf_result_stage_kg_co2e(NULL, PCF_STAGE_MATERIALS) == 0);
    assert_int_equal(pcf_result_stage_included(NULL, PCF_STAGE_MATERIALS), 0);
    assert_true(pcf_result_flow_kg_co2e(NULL, PCF_FLOW_FOSSIL) == 0);
    assert_true(pcf_result_stage_flow_kg_co2e(NULL, PCF_STAGE_MATERIALS, PCF_FLOW_FOSSIL) == 0);
    assert_true(pcf_result_credits_kg_co2e(NULL) == 0);
    assert_true(pcf_result_transport_ttw_kg_co2e(NULL) == 0);
    assert_int_equal(pcf_result_transport_ttw_complete(NULL), 0);
    assert_true(pcf_result_biogenic_carbon_kg(NULL) == 0);
    assert_true(pcf_result_primary_data_share(NULL) == 0);
    assert_true(pcf_result_unspecified_kg_co2e(NULL) == 0);
    assert_int_equal(pcf_result_gas_count(NULL), 0);
    assert_int_equal(pcf_result_activity_count(NULL), 0);
    assert_true(isnan(pcf_result_dq_rating(NULL, PCF_DQ_TECHNOLOGICAL)));
    assert_true(pcf_result_dq_coverage(NULL) == 0);
    assert_true(isnan(pcf_result_dq_pef(NULL)));
    assert_null(pcf_result_activity_at(NULL, 0));
    assert_int_equal(pcf_result_line_count(NULL), 0);
    assert_null(pcf_result_line_at(NULL, 0));
    assert_int_equal(pcf_result_dataset_count(NULL), 0);
    size_t top[2];
    assert_int_equal(pcf_result_top_activities(NULL, 2, top), 0);
    char *json = (char *)"x";
    pcf_error err;
    assert_int_equal(pcf_result_to_json(NULL, &json, &err), PCF_ERR_INVALID_ARG);
    assert_null(json);
    assert_string_equal(err.message, "pcf_result_to_json: NULL argument");

    pcf_result *r =
        calc(testutil_q("{'pcf_model': 1, 'products': [{'id': 'p1', 'declared_unit': "
                        "{'amount': 1, 'unit': 'item'}, 'stages': {'materials': [{'name': "
                        "'steel', 'amount': 2, 'unit': 'kg', 'factor': {'value': 3, 'unit': "
                        "'kgCO2e/kg', 'source': 'test value'}}]}}]}"));
    assert_true(pcf_result_total_kg_co2e(r) == 6.0);
    assert_string_equal(pcf_result_product_name(r, "zh"), "p1");
    assert_string_equal(pcf_result_product_name(r, "en"), "p1");
    assert_true(pcf_result_stage_kg_co2e(r, (pcf_stage)-1) == 0);
    assert_true(pcf_result_stage_kg_co2e(r, PCF_STAGE_COUNT) == 0);
    assert_int_equal(pcf_result_stage_included(r, PCF_STAGE_COUNT), 0);
    assert_true(pcf_result_flow_kg_co2e(r, PCF_FLOW_COUNT) == 0);
    assert_true(pcf_result_stage_flow_kg_co2e(r, PCF_STAGE_MATERIALS, PCF_FLOW_COUNT) == 0);
    assert_true(pcf_result_stage_flow_kg_co2e(r, PCF_STAGE_COUNT, PCF_FLOW_FOSSIL) == 0);
    assert_true(isnan(pcf_result_dq_rating(r, (pcf_dq_indicator)5)));
    assert_null(pcf_result_activity_at(r, 1));
    assert_null(pcf_result_gas_at(r, pcf_result_gas_count(r)));
    assert_null(pcf_result_line_at(r, pcf_result_line_count(r)));
    assert_null(pcf_result_dataset_at(r, pcf_result_dataset_count(r)));
    assert_int_equal(pcf_result_top_activities(r, 0, top), 0);
    assert_int_equal(pcf_result_top_activities(r, 2, NULL), 0);
    assert_int_equal(pcf_result_top_activities(r, 2, top), 1);
    assert_int_equal(top[0], 0);
    assert_int_equal(pcf_result_to_json(r, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_result_destroy(r);
}

/* Each malformed "uncertainty" object of an activity is reported at its JSON path: not an object,
 * pedigree scores beside a "gsd" or a basic uncertainty without scores, scores that are not five
 * or six integers from 1 to 5, a basic uncertainty that is not a number, a distribution without
 * its parameter. All six activities are reported in one run. */
static void uncertainty_errors(void **state)
{
    (void)state;
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    pcf_error err;
    static const char *const unc[] = {
        "5",
        "{'dist': 'lognormal', 'gsd': 1.2, 'pedigree': [1, 1, 1, 1, 1]}",
        "{'dist': 'lognormal', 'basic_uncertainty': 1.05}",
        "{'pedigree': [1, 2, 6, 1, 1]}",
        "{'pedigree': [1, 2, 3, 1, 1], 'basic_uncertainty': 'x'}",
        "{'dist': 'normal'}",
    };
    char stages[4096] = "'materials': [";
    for (size_t i = 0; i < sizeof unc / sizeof unc[0]; i++) {
        size_t n = strlen(stages);
        snprintf(stages + n, sizeof stages - n,
                 "%s{'name': 'a', 'amount': 1, 'unit': 'kg', 'factor': {'value': 1, 'unit': "
                 "'kgCO2e/kg', 'source': 'test value'}, 'uncertainty': %s}",
                 i ? ", " : "", unc[i]);
    }
    size_t n = strlen(stages);
    snprintf(stages + n, sizeof stages - n, "]");
    assert_int_equal(calc_fail(model1(NULL, stages, NULL), NULL, d, &err), PCF_ERR_INVALID_MODEL);
    const char *m = "$.products[0].stages.materials";
    char path[128];
    snprintf(path, sizeof path, "%s[0].uncertainty", m);
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, path, "\"uncertainty\" must be an object"));
    snprintf(path, sizeof path, "%s[1].uncertainty.pedigree", m);
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, path, "pedigree scores give the GSD"));
    snprintf(path, sizeof path, "%s[2].uncertainty.basic_uncertainty", m);
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, path, "pedigree scores give the GSD"));
    snprintf(path, sizeof path, "%s[3].uncertainty.pedigree", m);
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, path, "\"pedigree\" must be 5 scores"));
    snprintf(path, sizeof path, "%s[4].uncertainty.basic_uncertainty", m);
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, path, "must be a number >= 1"));
    snprintf(path, sizeof path, "%s[5].uncertainty", m);
    assert_true(
        has_diag(d, PCF_ERR_INVALID_MODEL, path, "a normal distribution needs a number \"sd\""));
    pcf_diag_destroy(d);
}

/* Malformed allocation and component entries of products are each reported at their JSON path in
 * one run: an allocation that is not an object, an unknown basis, fewer than two co-products,
 * co-product quantities adding up to 0 next to a "share", components that are not an array or
 * not objects, a component naming neither a product nor a supplier PCF, an unknown product id. */
static void product_structure_errors(void **state)
{
    (void)state;
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    pcf_error err;
    const char *act = "'stages': {'materials': [{'name': 'a', 'amount': 1, 'unit': 'kg', "
                      "'factor': {'value': 1, 'unit': 'kgCO2e/kg', 'source': 'test value'}}]}";
    char json[4096];
    snprintf(json, sizeof json,
             "{'pcf_model': 1, 'products': ["
             "{'id': 'p0', 'declared_unit': {'amount': 1, 'unit': 'item'}, 'allocation': 'x', "
             "'components': [5, {'quantity': 1}, {'product': 'nope', 'quantity': 1}], %s},"
             "{'id': 'p1', 'declared_unit': {'amount': 1, 'unit': 'item'}, 'allocation': "
             "{'basis': 'volume', 'coproducts': [{'name': 'p1', 'quantity': 1}]}, %s},"
             "{'id': 'p2', 'declared_unit': {'amount': 1, 'unit': 'item'}, 'allocation': "
             "{'share': 0.5, 'coproducts': [{'name': 'p2', 'quantity': 0}, {'name': 'b', "
             "'quantity': 0}]}, %s},"
             "{'id': 'p3', 'declared_unit': {'amount': 1, 'unit': 'item'}, 'components': {}, %s}"
             "]}",
             act, act, act, act);
    assert_int_equal(calc_fail(testutil_q(json), NULL, d, &err), PCF_ERR_INVALID_MODEL);
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].allocation",
                         "\"allocation\" must be an object"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].components[0]",
                         "a component must be a JSON object"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].components[1]",
                         "a component names a sub-assembly (\"product\") or carries a "
                         "\"supplier_pcf\""));
    assert_true(has_diag(d, PCF_ERR_NOT_FOUND, "$.products[0].components[2].product",
                         "no product has id \"nope\""));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[1].allocation.basis",
                         "allocation basis \"volume\" is not mass, economic or physical"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[1].allocation.coproducts",
                         "\"coproducts\" lists this product first and at least one other"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[2].allocation.coproducts",
                         "the co-product quantities add up to 0"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[2].allocation",
                         "give \"share\" or \"coproducts\", not both"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[3].components",
                         "\"components\" must be an array"));
    pcf_diag_destroy(d);
}

/* pcf_system_resolve refuses NULL and a GWP set outside the enum; the system's accessors answer
 * neutrally for NULL. A product model cannot be in the cbam regime, "allow_out_of_regime" is a
 * boolean, "stages" an object and each stage an array: each at its path, in one run. */
static void system_refusals(void **state)
{
    (void)state;
    pcf_system *sys = (pcf_system *)state;
    pcf_error err;
    assert_int_equal(pcf_system_resolve(NULL, NULL, (pcf_gwp_set)0, NULL, &sys, &err),
                     PCF_ERR_INVALID_ARG);
    assert_null(sys);
    assert_string_equal(err.message, "pcf_system_resolve: NULL argument");
    pcf_model *m = NULL;
    char *json = model1(NULL, "'materials': []", NULL);
    assert_int_equal(pcf_model_read_string(json, "t.json", &m, &err), PCF_OK);
    free(json);
    assert_int_equal(pcf_system_resolve(m, NULL, (pcf_gwp_set)9, NULL, &sys, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_system_resolve: invalid GWP set 9");
    pcf_model_destroy(m);
    assert_int_equal(pcf_system_param_count(NULL), 0);
    assert_int_equal(pcf_system_activity_count(NULL), 0);
    assert_int_equal(pcf_system_gwp(NULL), PCF_GWP_DEFAULT);

    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(
        calc_fail(
            testutil_q("{'pcf_model': 1, 'regime': 'cbam', 'allow_out_of_regime': 'yes', "
                       "'products': [{'id': 'p0', 'declared_unit': {'amount': 1, 'unit': 'item'}, "
                       "'components': [{'product': 'p1', 'quantity': 1}], "
                       "'stages': {'materials': {}}}, "
                       "{'id': 'p1', 'declared_unit': {'amount': 1, 'unit': 'kg'}, 'stages': 5}]}"),
            NULL, d, &err),
        PCF_ERR_INVALID_MODEL);
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.regime",
                         "the cbam regime takes an installation document"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.allow_out_of_regime",
                         "\"allow_out_of_regime\" is true or false"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].stages.materials",
                         "a stage is an array of activities"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[1].stages",
                         "\"stages\" must be an object with materials, production"));
    pcf_diag_destroy(d);
}

/* An activity's shape is checked at its path, every problem in one run: an activity that is not
 * an object, an empty factor code, "primary" that is not a boolean, a factor that is a number, a
 * lookup without a name, an own factor without a value. */
static void activity_shape_errors(void **state)
{
    (void)state;
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    pcf_error err;
    assert_int_equal(
        calc_fail(model1(NULL,
                         "'materials': [5, "
                         "{'name': 'a', 'amount': 1, 'unit': 'kg', 'factor': ''}, "
                         "{'name': 'b', 'amount': 1, 'unit': 'kg', 'primary': 'yes', 'factor': "
                         "{'value': 1, 'unit': 'kgCO2e/kg', 'source': 's'}}, "
                         "{'name': 'c', 'amount': 1, 'unit': 'kg', 'factor': 7}, "
                         "{'name': 'd', 'amount': 1, 'unit': 'kg', 'factor': {'category': "
                         "'material'}}, "
                         "{'name': 'e', 'amount': 1, 'unit': 'kg', 'factor': {'unit': "
                         "'kgCO2e/kg', 'source': 's'}}]",
                         NULL),
                  NULL, d, &err),
        PCF_ERR_INVALID_MODEL);
    const char *shape = "a factor is a code (string), a lookup {\"category\", \"name\", "
                        "\"region\"} or an own value {\"value\", \"unit\"}";
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].stages.materials[0]",
                         "an activity must be a JSON object"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].stages.materials[1].factor",
                         "the factor code is empty"));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].stages.materials[2].primary",
                         "\"primary\" must be true or false"));
    assert_true(
        has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].stages.materials[3].factor", shape));
    assert_true(has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].stages.materials[4].factor",
                         "\"name\" is required here"));
    assert_true(
        has_diag(d, PCF_ERR_INVALID_MODEL, "$.products[0].stages.materials[5].factor", shape));
    assert_int_equal(pcf_diag_error_count(d), 6);
    pcf_diag_destroy(d);
}

int main(int argc, char **argv)
{
    db_path = argc > 1 ? argv[1] : NULL;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(materials_loss_and_recycled_content),
        cmocka_unit_test(cff_material_rc3_rc5),
        cmocka_unit_test(end_of_life_methods),
        cmocka_unit_test(energy_recovery),
        cmocka_unit_test(transport_legs),
        cmocka_unit_test(primary_flag_on_own_factors),
        cmocka_unit_test(origin_names),
        cmocka_unit_test(production_storage_use),
        cmocka_unit_test(biogenic_carbon_rc10),
        cmocka_unit_test(components_and_declared_unit),
        cmocka_unit_test(errors_without_db),
        cmocka_unit_test(nesting_limit),
        cmocka_unit_test(deep_chain_small_stack),
        cmocka_unit_test(system_and_reports),
        cmocka_unit_test(shared_system_threads),
        cmocka_unit_test(report_text_write_stream),
        cmocka_unit_test(decimal_comma_locale),
        cmocka_unit_test(with_db),
        cmocka_unit_test(result_accessors_refuse),
        cmocka_unit_test(uncertainty_errors),
        cmocka_unit_test(product_structure_errors),
        cmocka_unit_test(system_refusals),
        cmocka_unit_test(activity_shape_errors),
    };
    return cmocka_run_group_tests_name("calc", tests, NULL, NULL);
}
