/*
 * Tests of the end-of-life and transport formulas (lib/eol.c, lib/transport.c; internal, so
 * this program links the static library) against published worked examples (RC-3, RC-4: the
 * Ecobalyse CFF examples; RC-5: the CFF limiting cases; RC-6: an iLEAP transport leg), each
 * stated in docs/methods.md#worked-examples (anchors #rc-3 ... #rc-6).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include "../lib/eol.h"
#include "../lib/system_internal.h"
#include "../lib/transport.h"

static void allocation_by_method(void **state)
{
    (void)state;
    /* cut-off A = 1, avoided burden A = 0, 50/50 A = 0.5, CFF as given
     * (docs/methods.md#end-of-life) */
    assert_double_close(pcf__eol_allocation(PCF_RECYCLING_CUT_OFF, 0.3), 1.0, 0, 0);
    assert_double_close(pcf__eol_allocation(PCF_RECYCLING_AVOIDED_BURDEN, 0.3), 0.0, 0, 0);
    assert_double_close(pcf__eol_allocation(PCF_RECYCLING_FIFTY_FIFTY, 0.3), 0.5, 0, 0);
    assert_double_close(pcf__eol_allocation(PCF_RECYCLING_CFF, 0.3), 0.3, 0, 0);
}

static void material_rc3_rc5(void **state)
{
    (void)state;
    /* RC-3 (docs/methods.md#rc-3): R1 = 1, A = 0.8, Qsin/Qp = 0.5: coefficients 0.2 × 0.5 = 0.1 on
     * Ev, 0.8 on Erec; 0.207 × (0.1 × 80.3 + 0.8 × 0.5) = 1.74501 (published 1.75) */
    pcf__cff_material c = pcf__cff_material_coefs(1.0, 0.8, 0.5);
    assert_double_close(c.virgin, 0.1, 1e-15, 0);
    assert_double_close(c.recycled, 0.8, 1e-15, 0);
    assert_double_close(0.207 * (c.virgin * 80.3 + c.recycled * 0.5), 1.74501, 1e-12, 0);
    /* RC-5 (docs/methods.md#rc-5): A = 1 → 0.207 × 0.5 = 0.1035;
     * A = 0 → 0.207 × 0.5 × 80.3 = 8.31105 */
    c = pcf__cff_material_coefs(1.0, 1.0, 0.5);
    assert_double_close(0.207 * (c.virgin * 80.3 + c.recycled * 0.5), 0.1035, 1e-12, 0);
    c = pcf__cff_material_coefs(1.0, 0.0, 0.5);
    assert_double_close(0.207 * (c.virgin * 80.3 + c.recycled * 0.5), 8.31105, 1e-12, 0);
    /* no recycled content: all virgin whatever A */
    c = pcf__cff_material_coefs(0.0, 0.37, 0.5);
    assert_double_close(c.virgin, 1.0, 0, 0);
    assert_double_close(c.recycled, 0.0, 0, 0);
}

static void routes_rc4(void **state)
{
    (void)state;
    /* RC-4 (docs/methods.md#rc-4): A = 0.8, R2 = 5 %, ErecyclingEoL 0.44, E*v 1.82, Qsout/Qp 0.3:
     * (1-A)·R2·(0.44 − 1.82 × 0.3) = −0.00106 (published −0.001 mPt) */
    pcf__cff_route r = pcf__cff_route_coefs(PCF__ROUTE_RECYCLING, 0.8, 1.0, 0.3);
    assert_double_close(r.treatment, 0.2, 1e-15, 0);
    assert_double_close(r.credit, -0.06, 1e-15, 0);
    assert_double_close(0.05 * (r.treatment * 0.44 + r.credit * 1.82), -0.00106, 1e-12, 0);
    /* energy recovery, B = 0: E_ER − 2.1 kWh × E_SE */
    r = pcf__cff_route_coefs(PCF__ROUTE_ENERGY_RECOVERY, 0.0, 2.1, 1.0);
    assert_double_close(r.treatment, 1.0, 0, 0);
    assert_double_close(r.credit, -2.1, 1e-15, 0);
    /* energy recovery under cut-off: the incineration counts, the energy credit does not */
    r = pcf__cutoff_energy_recovery();
    assert_double_close(r.treatment, 1.0, 0, 0);
    assert_double_close(r.credit, 0.0, 0, 0);
    /* disposal carries E_D whatever the allocation */
    r = pcf__cff_route_coefs(PCF__ROUTE_DISPOSAL, 0.5, 1.0, 1.0);
    assert_double_close(r.treatment, 1.0, 0, 0);
    assert_double_close(r.credit, 0.0, 0, 0);
}

static void whole_cff(void **state)
{
    (void)state;
    /* sanity identity (docs/methods.md#rc-5): R1 = R2 = R3 = 0 → Ev + ED = 3 + 0.25 */
    pcf__cff_params p = {.a = 0.2,
                         .b = 0,
                         .q_sin_qp = 1,
                         .q_sout_qp = 1,
                         .ev = 3,
                         .erecycled = 1,
                         .erecycling_eol = 0.1,
                         .ev_star = 3,
                         .eer = 0.5,
                         .e_se_total = 0.4,
                         .ed = 0.25};
    assert_double_close(pcf__cff_per_kg(&p), 3.25, 1e-15, 0);
    /* R1 = 0.5, R2 = 0.6, R3 = 0.3, A = 0.2, B = 0:
     * material 0.5·3 + 0.5·(0.2·1 + 0.8·3) = 1.5 + 1.3 = 2.8
     * R2 term 0.8·0.6·(0.1 − 3) = −1.392; energy 0.3·(0.5 − 0.4) = 0.03;
     * disposal 0.1·0.25 = 0.025 → 1.463 */
    p.r1 = 0.5;
    p.r2 = 0.6;
    p.r3 = 0.3;
    assert_double_close(pcf__cff_per_kg(&p), 1.463, 1e-12, 0);
}

static void transport_rc6(void **state)
{
    (void)state;
    /* RC-6 (iLEAP; docs/methods.md#rc-6): 700 km × 230 kg / 1000 = 161 t·km */
    assert_double_close(pcf__transport_tkm(700, 230), 161, 1e-12, 0);
    /* 100 km, 25 % empty running, 2 t of 20 t payload at load factor 0.5:
     * 100 / 0.75 × 2 / 10 = 26.667 vkm */
    assert_double_close(pcf__transport_vkm(100, 2, 20, 0.5, 0.25), 80.0 / 3.0, 1e-12, 0);
    assert_true(pcf__transport_is_air("air"));
    assert_false(pcf__transport_is_air("sea"));
    assert_false(pcf__transport_is_air(NULL));
}

static void param_labels(void **state)
{
    (void)state;
    /* Monte Carlo names its parameters through pcf__system_param_label() */
    const char *json =
        "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"declared_unit\": {\"amount\": 1, "
        "\"unit\": \"item\"}, \"stages\": {\"use\": [{\"name\": \"power\", \"amount\": 2, "
        "\"unit\": \"kWh\", \"factor\": {\"value\": 0.5, \"unit\": \"kgCO2e/kWh\", \"source\": "
        "\"tariff\"}}]}}]}";
    pcf_model *m = NULL;
    pcf_system *sys = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_string(json, NULL, &m, &err), PCF_OK);
    assert_int_equal(pcf_system_resolve(m, NULL, (pcf_gwp_set)0, NULL, &sys, &err), PCF_OK);
    const pcf__system_core *core = pcf__system_get_core(sys);
    assert_int_equal(core->n_params, 2);
    assert_int_equal(core->n_terms, 1);
    /* the term: coef 1 × amount 2 kWh × factor 0.5 */
    assert_double_close(core->terms[0].coef, 1.0, 0, 0);
    assert_double_close(core->params[core->terms[0].amount].value, 2.0, 0, 0);
    assert_double_close(core->params[core->terms[0].factor].value, 0.5, 0, 0);
    assert_int_equal(core->terms[0].stage, PCF__STAGE_USE);
    char buf[128];
    assert_string_equal(pcf__system_param_label(sys, 0, buf, sizeof buf),
                        "amount of power ($.products[0].stages.use[0])");
    assert_string_equal(pcf__system_param_label(sys, 1, buf, sizeof buf), "factor tariff");
    assert_string_equal(pcf__system_param_label(sys, 2, buf, sizeof buf), "");
    pcf_system_destroy(sys);
    pcf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(allocation_by_method), cmocka_unit_test(material_rc3_rc5),
        cmocka_unit_test(routes_rc4),           cmocka_unit_test(whole_cff),
        cmocka_unit_test(transport_rc6),        cmocka_unit_test(param_labels),
    };
    return cmocka_run_group_tests_name("eol", tests, NULL, NULL);
}
