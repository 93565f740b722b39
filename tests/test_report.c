/*
 * Tests of the reports' text without Chromium: the CFP study report (pcf_report_study_html,
 * lib/report_study.c), the HTML report (pcf_report_html, lib/report_html.c) and the text and JSON
 * writers with a Monte Carlo run (lib/report.c). Each section in English and in Chinese against
 * figures worked out by hand in the comments, the study object's every check with its exact
 * message and JSON path, the Chinese restatement of each kind of calculation note, and no
 * English text the library makes in a Chinese report. (The render suite renders the example
 * models in Chromium; it does not run in the coverage measurement.)
 *
 * Models are written with ' for " to keep them readable; testutil_q() swaps them back. Amounts and
 * own factors are ILLUSTRATIVE test inputs, not data. GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

static pcf_model *read_model(const char *text)
{
    char *json = testutil_q(text);
    pcf_model *m = NULL;
    pcf_error err;
    if (pcf_model_read_string(json, "study.json", &m, &err) != PCF_OK)
        fail_msg("read: %s (%s)", err.message, err.path);
    free(json);
    return m;
}

static pcf_result *calc_model(const pcf_model *m)
{
    pcf_result *r = NULL;
    pcf_error err;
    if (pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r, &err) != PCF_OK)
        fail_msg("calculate: %s (%s)", err.message, err.path);
    return r;
}

static pcf_result *calc_text(const char *text)
{
    pcf_model *m = read_model(text);
    pcf_result *r = calc_model(m);
    pcf_model_destroy(m);
    return r;
}

/* Green tea, cradle-to-grave, AR6, own factors (docs/model-format.md):
 *   materials: leaf 2 kg × 3 kgCO2e/kg = 6 (CO2e without a gas split);
 *              N2O 0.01 kg × 273 (AR6 GWP100, data/gwp.csv) = 2.73;
 *              biogenic CH4 0.1 kg × 27.0 (AR6 non-fossil) = 2.7 (biogenic flow);
 *              seven bags 0.01 kg × 1 kgCO2e/kg = 0.01 each (0.07 in all).
 *   production: 10 kWh × 0.5 kgCO2e/kWh = 5, economic allocation share 0.8 → 4.
 *   end of life: 0.1 kg (the product's mass) to landfill × 0.2 kgCO2e/kg = 0.02.
 * Total 6 + 2.73 + 2.7 + 0.07 + 4 + 0.02 = 15.52 kg CO2e per pack. */
static const char *tea =
    "{'pcf_model': 1, 'products': [{'id': 'tea', 'name': {'en': 'Green tea', 'zh': '绿茶'},"
    " 'declared_unit': {'amount': 1, 'unit': 'item', 'description': 'one pack'},"
    " 'mass': 0.1, 'mass_unit': 'kg', 'allocation': {'basis': 'economic', 'share': 0.8},"
    " 'stages': {'materials': ["
    "  {'name': 'leaf', 'amount': 2, 'unit': 'kg', 'factor': {'value': 3, 'unit': 'kgCO2e/kg'}},"
    "  {'name': 'fertiliser N2O', 'amount': 0.01, 'unit': 'kg', 'gas': 'N2O'},"
    "  {'name': 'compost CH4', 'amount': 0.1, 'unit': 'kg', 'gas': 'ch4_biogenic'},"
    "  {'name': 'bag 1', 'amount': 0.01, 'unit': 'kg', 'factor': {'value': 1, 'unit': "
    "'kgCO2e/kg'}},"
    "  {'name': 'bag 2', 'amount': 0.01, 'unit': 'kg', 'factor': {'value': 1, 'unit': "
    "'kgCO2e/kg'}},"
    "  {'name': 'bag 3', 'amount': 0.01, 'unit': 'kg', 'factor': {'value': 1, 'unit': "
    "'kgCO2e/kg'}},"
    "  {'name': 'bag 4', 'amount': 0.01, 'unit': 'kg', 'factor': {'value': 1, 'unit': "
    "'kgCO2e/kg'}},"
    "  {'name': 'bag 5', 'amount': 0.01, 'unit': 'kg', 'factor': {'value': 1, 'unit': "
    "'kgCO2e/kg'}},"
    "  {'name': 'bag 6', 'amount': 0.01, 'unit': 'kg', 'factor': {'value': 1, 'unit': "
    "'kgCO2e/kg'}},"
    "  {'name': 'bag 7', 'amount': 0.01, 'unit': 'kg', 'factor': {'value': 1, 'unit': "
    "'kgCO2e/kg'}}],"
    " 'production': [{'name': 'drying', 'amount': 10, 'unit': 'kWh',"
    "  'factor': {'value': 0.5, 'unit': 'kgCO2e/kWh'}}],"
    " 'end_of_life': [{'name': 'landfill', 'route': 'landfill', 'share': 1,"
    "  'factor': {'value': 0.2, 'unit': 'kgCO2e/kg'}}]}}]}";

static const char *full_study =
    "{'report_id': 'R-1', 'date': '2026-01-15',"
    " 'commissioner': {'en': 'Tea Co', 'zh': '茶叶公司'},"
    " 'practitioner': {'en': '', 'zh': '编制方甲'},"
    " 'goal': {'zh': '只有中文的目的'},"
    " 'cut_off_excluded': ['capital goods', {'en': 'office', 'zh': '办公'}],"
    " 'limitations': [{'en': 'literature yield', 'zh': '文献产量'}],"
    " 'verification': {'verifier': 'V & Co', 'certificate_id': 'C-9',"
    "  'key_fingerprint': {'en': 'ab12'}, 'date': '2026-02-01', 'statement': 'ok <fine>'}}";

static char *study(const pcf_result *r, const char *study_text, const char *lang)
{
    char *json = study_text ? testutil_q(study_text) : NULL;
    char *html = NULL;
    pcf_error err;
    pcf_status st = pcf_report_study_html(r, NULL, NULL, json, lang, &html, &err);
    if (st != PCF_OK)
        fail_msg("study report: %s", err.message);
    free(json);
    return html;
}

static void study_report_english(void **state)
{
    (void)state;
    pcf_result *r = calc_text(tea);
    assert_double_close(pcf_result_total_kg_co2e(r), 15.52, 1e-12, 0);
    char *t = study(r, full_study, "en");
    assert_contains(t, "<html lang=\"en\">");
    assert_contains(t, "<title>Carbon footprint of a product: study report – Green tea</title>");
    /* general: a plain string, the language asked for, and a "not stated" */
    assert_contains(t, "<tr><th>Report id</th><td>R-1</td></tr>");
    assert_contains(t, "<tr><th>Commissioned by</th><td>Tea Co</td></tr>");
    /* an empty English text falls back to the Chinese one */
    assert_contains(t, "<tr><th>Practitioner</th><td>编制方甲</td></tr>");
    assert_contains(t, "<tr><th>Goal</th><td>只有中文的目的</td></tr>");
    assert_contains(t, "<tr><th>Intended audience</th><td><span class=\"muted\">not stated</span>"
                       "</td></tr>");
    assert_contains(t, "<tr><th>Quantified according to</th><td>ISO 14067:2018; "
                       "GB/T 24067-2024</td></tr>");
    /* scope: the declared unit with its description, the product's mass, no excluded stage */
    assert_contains(t, "<td>1 item (one pack)</td>");
    assert_contains(t, "<td>0.1 kg</td>");
    assert_contains(t, "<ul>\n<li>capital goods</li>\n<li>office</li>\n</ul>");
    assert_contains(t, "<p>No stage is excluded: the study is cradle-to-grave.</p>");
    assert_contains(t, "<tr><th>Recycling (end-of-life) method</th><td>cut-off (100:0)</td></tr>");
    /* results by gas (four significant digits): N2O 0.01 kg → 2.73; biogenic CH4 0.1 kg → 2.7; and
     * the 6 + 0.07 + 4 + 0.02 = 10.09 kg CO2e of own factors given as CO2e without a split */
    assert_contains(t, "<tr><td>Nitrous oxide</td><td class=\"num\">0.01000</td>"
                       "<td class=\"num\">2.730</td></tr>");
    assert_contains(t, "<tr><td>Methane, biogenic</td><td class=\"num\">0.1000</td>"
                       "<td class=\"num\">2.700</td></tr>");
    assert_contains(t, "<tr><td>CO2e of factors published without a split by gas</td>"
                       "<td class=\"num\">–</td><td class=\"num\">10.09</td></tr>");
    /* the total box, no Monte Carlo */
    assert_contains(t, "<span class=\"big\">15.52</span>");
    assert_contains(t, "No Monte Carlo analysis was run for this report (pcf report --mc N).");
    assert_contains(t, "<li>Uncertainty was not quantified (no Monte Carlo run).</li>");
    /* contribution tree: materials has ten activities; leaf (6), N2O (2.73), CH4 (2.7) carry
     * at least 2 % of the absolute sum 15.52 (0.3104); each bag (0.01) does not: the seven
     * are summed as "7 other activities", 0.07 */
    assert_contains(t, ">7 other activities</text>");
    assert_contains(t, "text-anchor=\"start\" class=\"lbl\">leaf</text>");
    assert_null(strstr(t, "text-anchor=\"start\" class=\"lbl\">bag 1</text>"));
    /* end of life: the landfill's 0.02 is under 2 %: one other activity */
    assert_contains(t, "text-anchor=\"start\" class=\"lbl\">1 other activity</text>");
    /* limitations: the study's own, then the automatic ones. Own factors are primary data, the
     * direct gas emissions (not flagged "primary") are not: 10.09 / 15.52 = 65.0 % */
    assert_contains(t, "<ul>\n<li>literature yield</li>\n</ul>");
    assert_contains(t, "<li>65.0 % of the emissions rest on primary data;");
    assert_null(strstr(t, "partial CFP and does not cover"));
    /* verification: every field, escaped */
    assert_null(strstr(t, "has not been verified"));
    assert_contains(t, "<tr><th>Verifier</th><td>V &amp; Co</td></tr>");
    assert_contains(t, "<tr><th>Verification statement</th><td>ok &lt;fine&gt;</td></tr>");
    assert_contains(t, "<td class=\"code\">C-9</td>");
    assert_contains(t, "<td class=\"code\">ab12</td>");
    /* notes in English as the library wrote them; the allocation note with its share */
    assert_contains(t, "<li>Recycling method: cut-off (100:0) (reuse and recycling allocation");
    assert_contains(t, "<li>Co-product allocation: the production stage of &quot;tea&quot; "
                       "carries 0.8 of the process burdens (economic allocation).</li>");
    pcf_free(t);
    pcf_result_destroy(r);
}

/* Chinese: the same report has no English label, stage, unit or note; names stay as given. */
static void study_report_chinese(void **state)
{
    (void)state;
    pcf_result *r = calc_text(tea);
    char *t = study(r, full_study, "zh");
    assert_contains(t, "<html lang=\"zh-CN\">");
    assert_contains(t, "<title>产品碳足迹研究报告 – 绿茶</title>");
    assert_contains(t, "<tr><th>委托方</th><td>茶叶公司</td></tr>");
    assert_contains(t, "<tr><th>编制方</th><td>编制方甲</td></tr>");
    /* key_fingerprint has only English: shown as given */
    assert_contains(t, "<td class=\"code\">ab12</td>");
    assert_contains(t, "<tr><th>目标受众</th><td><span class=\"muted\">未说明</span></td></tr>");
    assert_contains(t, "（one pack）");
    assert_contains(t, "<li>办公</li>");
    assert_contains(t, "<li>文献产量</li>");
    assert_contains(t, "<tr><th>回收（寿命终止）分配方法</th><td>截断法（100:0）</td></tr>");
    /* the gas rows: formula, origin in Chinese */
    assert_contains(t, "<tr><td>N2O</td>");
    assert_contains(t, "<tr><td>CH4（生物源）</td>");
    assert_contains(t, "<tr><td>排放因子以二氧化碳当量发布、未按气体分列的部分</td>");
    assert_contains(t, ">其他活动（7 项）</text>");
    assert_contains(t, "<p>没有排除任何阶段：本研究为从摇篮到坟墓。</p>");
    /* the notes restated in Chinese */
    assert_contains(t, "<li>回收分配方法：截断法（100:0）（ISO 14044:2006 第 4.3.4.3 条");
    assert_contains(t, "<li>联产品分配：“tea”的生产阶段承担过程负荷的 0.8（分配依据：经济价值）。"
                       "</li>");
    assert_null(strstr(t, "Recycling method"));
    assert_null(strstr(t, "Co-product allocation"));
    assert_null(strstr(t, "not stated"));
    pcf_free(t);
    pcf_result_destroy(r);
}

/* Cradle-to-gate, no study: every study field not stated, the unverified sentence, the excluded
 * stages listed, the partial-CFP limitation and the boundary note in both languages. */
static const char *gate =
    "{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'recycling_method': 'cff',"
    " 'products': [{'id': 'bolt', 'declared_unit': {'amount': 2, 'unit': 'kg'},"
    " 'allocation': {'basis': 'mass', 'share': 0.5},"
    " 'stages': {'materials': [{'name': 'steel', 'amount': 2, 'unit': 'kg',"
    "  'factor': {'value': 2, 'unit': 'kgCO2e/kg', 'primary': false}},"
    "  {'name': 'fossil CO2', 'amount': 1, 'unit': 'kg', 'gas': 'co2_fossil',"
    "  'primary': true}],"
    " 'production': [{'name': 'cutting', 'amount': 1, 'unit': 'kWh',"
    "  'factor': {'value': 1, 'unit': 'kgCO2e/kWh', 'primary': false}}],"
    " 'use': [{'name': 'oiling', 'amount': 1, 'unit': 'kg',"
    "  'factor': {'value': 1, 'unit': 'kgCO2e/kg'}}]}}]}";

static void study_report_cradle_to_gate(void **state)
{
    (void)state;
    /* steel 2 × 2 = 4 (secondary), fossil CO2 1 × 1 = 1 (measured: primary), cutting 1 × 1 × 0.5
     * (mass allocation) = 0.5 (secondary); the use stage is outside the boundary. Total 5.5,
     * primary share 1 / 5.5 = 18.2 %. */
    pcf_result *r = calc_text(gate);
    assert_double_close(pcf_result_total_kg_co2e(r), 5.5, 1e-12, 0);
    char *t = study(r, "", NULL); /* "" is no study, NULL language is English */
    assert_contains(t, "<tr><th>Report id</th><td><span class=\"muted\">not stated</span>");
    assert_contains(t, "<p>This study has not been verified by a third party.</p>");
    assert_contains(t, "<p class=\"muted\">none stated</p>");
    assert_contains(t, "<tr><th>Recycling (end-of-life) method</th><td>Circular Footprint "
                       "Formula</td></tr>");
    assert_contains(t, "<ul>\n<li>Use</li>\n<li>End of life</li>\n</ul>");
    assert_contains(t, "<li>The boundary is cradle-to-gate: the result is a partial CFP");
    assert_contains(t, "<li>18.2 % of the emissions rest on primary data;");
    assert_contains(t, "<tr><td>Carbon dioxide, fossil</td>");
    assert_contains(t, "<li>Boundary cradle-to-gate (a partial CFP): the use and end-of-life "
                       "stages are excluded; their activities are listed but not counted.</li>");
    /* no declared-unit description, no mass row */
    assert_contains(t, "<td>2 kg</td></tr>");
    assert_null(strstr(t, "<th>mass</th>"));
    pcf_free(t);
    t = study(r, NULL, "zh");
    assert_contains(t, "<p>本研究尚未经第三方核查。</p>");
    assert_contains(t, "<td>循环足迹公式</td>");
    assert_contains(t, "<tr><td>CO2（化石）</td>");
    assert_contains(t, "<li>系统边界为从摇篮到大门（产品部分碳足迹）：使用和寿命终止阶段不在边界内"
                       "；其活动列出但不计入。</li>");
    assert_contains(t, "（分配依据：质量）");
    assert_contains(t, "<li>18.2 % 的排放基于初级数据；");
    assert_null(strstr(t, "Boundary"));
    pcf_free(t);
    pcf_result_destroy(r);
    /* without use-stage activities the boundary note has no "listed but not counted" */
    const char *plain = "{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'recycling_method': "
                        "'avoided-burden', 'products': [{'id': 'x', 'declared_unit': {'amount': "
                        "1, 'unit': 'item'}, 'stages': {'materials': [{'name': 'm', 'amount': 1, "
                        "'unit': 'kg', 'factor': {'value': 1, 'unit': 'kgCO2e/kg'}}]}}]}";
    r = calc_text(plain);
    t = study(r, NULL, "zh");
    assert_contains(t, "使用和寿命终止阶段不在边界内。</li>");
    assert_contains(t, "<td>避免负荷法（0:100）</td>");
    pcf_free(t);
    t = study(r, NULL, "en");
    assert_contains(t, "<td>avoided burden (0:100)</td>");
    pcf_free(t);
    pcf_result_destroy(r);
}

/* Every check of the study object, with its message naming the JSON path. */
static void study_errors(void **state)
{
    (void)state;
    pcf_result *r = calc_text(gate);
    static const struct {
        const char *study;
        pcf_status st;
        const char *message;
    } cases[] = {
        {"{'report_idd': 'x'}", PCF_ERR_INVALID_ARG,
         "study: unknown key \"report_idd\" at $.report_idd (known: report_id, date,"},
        {"{'limitations': 'x'}", PCF_ERR_INVALID_ARG,
         "study: $.limitations must be a list of texts"},
        {"{'cut_off_excluded': ['a', 3]}", PCF_ERR_INVALID_ARG,
         "study: $.cut_off_excluded[1] must be a text: a string or {\"en\": \"...\", "
         "\"zh\": \"...\"}"},
        {"{'cut_off_excluded': [{}]}", PCF_ERR_INVALID_ARG,
         "study: $.cut_off_excluded[0] must be a text"},
        {"{'cut_off_excluded': [{'de': 'x'}]}", PCF_ERR_INVALID_ARG,
         "study: $.cut_off_excluded[0] must be a text"},
        {"{'limitations': [{'en': 1}]}", PCF_ERR_INVALID_ARG,
         "study: $.limitations[0] must be a text"},
        {"{'verification': 'yes'}", PCF_ERR_INVALID_ARG, "study: $.verification must be an object"},
        {"{'verification': {'signer': 'x'}}", PCF_ERR_INVALID_ARG,
         "study: unknown key \"signer\" at $.verification.signer (known: verifier, statement, "
         "certificate_id, key_fingerprint, date)"},
        {"{'verification': {'date': 20260101}}", PCF_ERR_INVALID_ARG,
         "study: $.verification.date must be a text"},
        {"{'goal': ['a']}", PCF_ERR_INVALID_ARG,
         "study: $.goal must be a text: a string or {\"en\": \"...\", \"zh\": \"...\"}"},
        {"[1]", PCF_ERR_PARSE, "the study must be a JSON object"},
        {"{'date': '1', 'date': '2'}", PCF_ERR_PARSE,
         "the study is not valid JSON: duplicate object key"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *json = testutil_q(cases[i].study);
        char *out = (char *)1;
        pcf_error err;
        pcf_status st = pcf_report_study_html(r, NULL, NULL, json, "en", &out, &err);
        if (st != cases[i].st || !strstr(err.message, cases[i].message))
            fail_msg("case %zu: %s: %s", i, pcf_status_name(st), err.message);
        assert_null(out);
        free(json);
    }
    /* a parse error names the line and column */
    char *out = NULL;
    pcf_error err;
    assert_int_equal(pcf_report_study_html(r, NULL, NULL, "{\n\"date\": }", "en", &out, &err),
                     PCF_ERR_PARSE);
    assert_string_equal(err.path, "$");
    assert_int_equal(err.line, 2);
    /* arguments and language */
    assert_int_equal(pcf_report_study_html(NULL, NULL, NULL, NULL, "en", &out, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_report_study_html: result is NULL");
    assert_int_equal(pcf_report_study_html(r, NULL, NULL, NULL, "en", NULL, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_report_study_html: out is NULL");
    assert_int_equal(pcf_report_study_html(r, NULL, NULL, NULL, "de", &out, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "unknown report language \"de\"; use \"en\" or \"zh\"");
    assert_null(out);
    pcf_result_destroy(r);
}

/* With a Monte Carlo run: the 95 % interval in the total box, the histogram instead of the
 * "no Monte Carlo" sentence, and no "not quantified" limitation. */
static void study_report_monte_carlo(void **state)
{
    (void)state;
    const char *text = "{'pcf_model': 1, 'products': [{'id': 'x', 'declared_unit': {'amount': 1,"
                       " 'unit': 'item'}, 'stages': {'materials': [{'name': 'm', 'amount': 1, "
                       "'unit': 'kg', 'uncertainty': {'dist': 'uniform', 'min': 0.5, 'max': 1.5},"
                       " 'factor': {'value': 2, 'unit': 'kgCO2e/kg'}}]}}]}";
    pcf_model *m = read_model(text);
    pcf_system *sys = NULL;
    pcf_error err;
    assert_int_equal(pcf_system_resolve(m, NULL, PCF_GWP_AR6, NULL, &sys, &err), PCF_OK);
    pcf_result *r = NULL;
    assert_int_equal(pcf_calculate(sys, &r, &err), PCF_OK);
    pcf_mc_options *o = NULL;
    assert_int_equal(pcf_mc_options_create(&o, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_iterations(o, 2000, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_seed(o, 7, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_keep_samples(o, 1, &err), PCF_OK);
    pcf_mc *mc = NULL;
    assert_int_equal(pcf_mc_run(sys, o, &mc, &err), PCF_OK);
    /* 2 × U(0.5, 1.5) = U(1, 3): the 2.5 % and 97.5 % points near 1.05 and 2.95 (the report
     * shows the sampled ones of seed 7 to four digits) */
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_P2_5), 1.05, 0.02, 0);
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_P97_5), 2.95, 0.02, 0);
    char *t = NULL;
    assert_int_equal(pcf_report_study_html(r, mc, NULL, NULL, "en", &t, &err), PCF_OK);
    assert_contains(t, "<div class=\"ci\">95% interval 1.058 – 2.939 kg CO2e</div>");
    assert_null(strstr(t, "No Monte Carlo analysis was run"));
    assert_null(strstr(t, "Uncertainty was not quantified"));
    pcf_free(t);
    assert_int_equal(pcf_report_study_html(r, mc, NULL, NULL, "zh", &t, &err), PCF_OK);
    assert_null(strstr(t, "未量化不确定性"));
    pcf_free(t);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
    pcf_result_destroy(r);
    pcf_system_destroy(sys);
    pcf_model_destroy(m);
}

/* An own factor without a source and a supplier PCF without one are named by the library ("own
 * factor", "own data", "supplier PCF", "(fossil)"): the Chinese HTML report and study report
 * used to show those English texts in the audit trail. Both now say them in Chinese; a source
 * the model gives stays as given.
 * Figures: steel 2 kg × 3 = 6; a purchased part, 2 items × 0.5 kg CO2e (0.3 fossil, 0.2
 * biogenic) = 1 (0.6 fossil, 0.4 biogenic); electricity 10 kWh × 0.5 ("grid 2025") = 5. Total 12.
 */
static const char *made_names =
    "{'pcf_model': 1, 'products': [{'id': 'lamp', 'declared_unit': {'amount': 1, 'unit': 'item'},"
    " 'stages': {'materials': [{'name': 'steel', 'amount': 2, 'unit': 'kg',"
    "  'factor': {'value': 3, 'unit': 'kgCO2e/kg'}}],"
    " 'production': [{'name': 'power', 'amount': 10, 'unit': 'kWh',"
    "  'factor': {'value': 0.5, 'unit': 'kgCO2e/kWh', 'source': 'grid 2025'}}]},"
    " 'components': [{'name': 'chip', 'quantity': 2, 'unit': 'item', 'supplier_pcf': "
    "  {'kg_co2e': 0.5, 'declared_unit': 'item', 'fossil': 0.3, 'biogenic': 0.2,"
    "   'supplier': 'Chip Co'}}]}]}";

static void chinese_audit_names(void **state)
{
    (void)state;
    pcf_result *r = calc_text(made_names);
    assert_double_close(pcf_result_total_kg_co2e(r), 12, 1e-12, 0);
    char *t = NULL;
    pcf_error err;
    assert_int_equal(pcf_report_html(r, NULL, "zh", &t, &err), PCF_OK);
    assert_contains(t, "<td class=\"code\">自有排放因子<br><span class=\"role\">自有数据</span>");
    assert_contains(t, "<td class=\"code\">grid 2025<br><span class=\"role\">自有数据</span>");
    assert_contains(t, "<td class=\"code\">chip, Chip Co（化石）<br><span class=\"role\">"
                       "供应商碳足迹</span>");
    assert_contains(t, "<td class=\"code\">chip, Chip Co（生物源）<br>");
    static const char *const english[] = {"own factor", "own data", "supplier PCF", "(fossil)",
                                          "(biogenic)"};
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
        if (strstr(t, english[i]))
            fail_msg("English \"%s\" in the Chinese report", english[i]);
    pcf_free(t);
    assert_int_equal(pcf_report_study_html(r, NULL, NULL, NULL, "zh", &t, &err), PCF_OK);
    assert_contains(t, "<td class=\"code\">自有排放因子<br><span class=\"role\">自有数据</span>");
    assert_null(strstr(t, "own factor"));
    pcf_free(t);
    /* English: as the library names them */
    assert_int_equal(pcf_report_html(r, NULL, "en", &t, &err), PCF_OK);
    assert_contains(t, "<td class=\"code\">own factor<br><span class=\"role\">own data</span>");
    assert_contains(t, "<td class=\"code\">chip, Chip Co (fossil)<br><span class=\"role\">"
                       "supplier PCF</span>");
    pcf_free(t);
    /* arguments and languages: "" is English */
    assert_int_equal(pcf_report_html(r, NULL, "", &t, &err), PCF_OK);
    assert_contains(t, "<html lang=\"en\">");
    pcf_free(t);
    assert_int_equal(pcf_report_html(r, NULL, "fr", &t, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "unknown report language \"fr\"; use \"en\" or \"zh\"");
    assert_null(t);
    assert_int_equal(pcf_report_html(NULL, NULL, "en", &t, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_report_html: result is NULL");
    assert_int_equal(pcf_report_html(r, NULL, "en", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_report_html: out is NULL");
    pcf_result_destroy(r);
}

/* Twelve activities with an uncertain amount and one own factor with an uncertain value: the
 * text report's uncertainty table and its ten largest drivers (three more are left to the JSON
 * report), the JSON report's Monte Carlo object, and the drivers in the Chinese HTML report. */
static void monte_carlo_reports(void **state)
{
    (void)state;
    char text[8192];
    size_t n = (size_t)snprintf(text, sizeof text,
                                "{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id':"
                                " 'x', 'declared_unit': {'amount': 1, 'unit': 'item'}, 'stages': "
                                "{'materials': [{'name': 'a0', 'amount': 1, 'unit': 'kg', "
                                "'factor': {'value': 1, 'unit': 'kgCO2e/kg', 'uncertainty': "
                                "{'dist': 'lognormal', 'gsd': 1.5}}}");
    for (int i = 1; i <= 12; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              ", {'name': 'a%d', 'amount': %d, 'unit': 'kg', 'uncertainty': "
                              "{'dist': 'normal', 'sd': 0.1}, 'factor': {'value': 1, 'unit': "
                              "'kgCO2e/kg'}}",
                              i, i);
    snprintf(text + n, sizeof text - n, "]}}]}");
    pcf_model *m = read_model(text);
    pcf_system *sys = NULL;
    pcf_error err;
    assert_int_equal(pcf_system_resolve(m, NULL, PCF_GWP_AR6, NULL, &sys, &err), PCF_OK);
    pcf_result *r = NULL;
    assert_int_equal(pcf_calculate(sys, &r, &err), PCF_OK);
    /* 1 + (1 + 2 + ... + 12) = 79 */
    assert_double_close(pcf_result_total_kg_co2e(r), 79, 1e-12, 0);
    pcf_mc_options *o = NULL;
    assert_int_equal(pcf_mc_options_create(&o, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_iterations(o, 500, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_seed(o, 7, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_sensitivity(o, 1, &err), PCF_OK);
    pcf_mc *mc = NULL;
    assert_int_equal(pcf_mc_run(sys, o, &mc, &err), PCF_OK);
    assert_int_equal(pcf_mc_sensitivity_count(mc), 13);
    char *t = NULL;
    assert_int_equal(pcf_report_text_mc(r, mc, 0, &t, &err), PCF_OK);
    assert_null(strstr(t, "Top ")); /* top_n 0: no list of contributors */
    assert_contains(t, "Use               excluded (boundary)");
    assert_contains(t, "Uncertainty (Monte Carlo: 500 iterations, seed 7, generator ");
    assert_contains(t, "What drives the uncertainty");
    /* the factor's GSD 1.5 on 1 kg dwarfs twelve sd 0.1 amounts: it ranks first */
    assert_contains(t, "  1. ");
    assert_contains(t, "factor own factor\n");
    assert_contains(t, "     (3 more parameters in the JSON report)\n");
    pcf_free(t);
    assert_int_equal(pcf_report_json_mc(r, mc, &t, &err), PCF_OK);
    assert_contains(t, "\"monte_carlo\"");
    assert_contains(t, "\"iterations\": 500");
    pcf_free(t);
    assert_int_equal(pcf_report_html(r, mc, "zh", &t, &err), PCF_OK);
    assert_contains(t, "<td>排放因子：自有排放因子</td>");
    /* the HTML's eight largest drivers: the factor and seven of the twelve amounts, whose shares
     * are equal in law (sd 0.1 kg each on a factor of 1), so which seven is up to the draw (it
     * named a12, which the streams of one seed happened to rank among them) */
    size_t n_amounts = 0;
    for (const char *q = strstr(t, "<td>活动量：a"); q; q = strstr(q + 1, "<td>活动量：a"))
        n_amounts++;
    assert_int_equal(n_amounts, 7);
    assert_contains(t, " ($.products[0].stages.materials[");
    assert_null(strstr(t, "own factor"));
    pcf_free(t);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
    pcf_result_destroy(r);
    pcf_system_destroy(sys);
    pcf_model_destroy(m);
}

/* The data-quality table of the HTML report (lib/report_html.c). The three activities and
 * their ratings are those of tests/test_dq.c (own test factors, not data):
 *   A 2 kg × 3 = 6 kg CO2e, amount pedigree (1, 2, 3, 4, 5); B 1 kWh × 3 = 3 kg CO2e, factor
 *   pedigree (3, 3, 1, 1, 2); C 1 kg × 1 = 1 kg CO2e, no scores.
 * Weighted over A and B (9 kg): reliability 15/9 = 1.67, completeness 21/9 = 2.33, temporal
 * 21/9 = 2.33, geographical 3.00, technological 4.00 (two decimals); PEF DQR (4 + 3 + 21/9 +
 * 15/9)/4 = 2.75; share with scores 9/10 = 90.0 %. Rows run technological first. */
static const char *dq_model =
    "{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id': 'p', 'declared_unit':"
    " {'amount': 1, 'unit': 'item'}, 'stages': {'production': ["
    "{'name': 'A', 'amount': 2, 'unit': 'kg', 'uncertainty': {'pedigree': [1, 2, 3, 4, 5]},"
    " 'factor': {'value': 3, 'unit': 'kgCO2e/kg', 'source': 'test value'}},"
    "{'name': 'B', 'amount': 1, 'unit': 'kWh', 'factor': {'value': 3, 'unit': 'kgCO2e/kWh',"
    " 'source': 'test value', 'uncertainty': {'pedigree': [3, 3, 1, 1, 2]}}},"
    "{'name': 'C', 'amount': 1, 'unit': 'kg', 'factor': {'value': 1, 'unit': 'kgCO2e/kg',"
    " 'source': 'test value'}}]}}]}";

static void html_data_quality(void **state)
{
    (void)state;
    pcf_result *r = calc_text(dq_model);
    assert_double_close(pcf_result_total_kg_co2e(r), 10, 1e-12, 0); /* 6 + 3 + 1 */
    char *t = NULL;
    pcf_error err;
    /* a NULL language is English */
    assert_int_equal(pcf_report_html(r, NULL, NULL, &t, &err), PCF_OK);
    assert_contains(t, "<html lang=\"en\">");
    assert_contains(t, "<h3>Data-quality ratings (emission-weighted; 1 best, 5 worst)</h3>\n"
                       "<table class=\"facts dq\">\n"
                       "<tr><th>Technological representativeness</th><td class=\"num\">4.00"
                       "</td></tr>\n"
                       "<tr><th>Geographical representativeness</th><td class=\"num\">3.00"
                       "</td></tr>\n"
                       "<tr><th>Temporal representativeness</th><td class=\"num\">2.33"
                       "</td></tr>\n"
                       "<tr><th>Completeness</th><td class=\"num\">2.33</td></tr>\n"
                       "<tr><th>Reliability</th><td class=\"num\">1.67</td></tr>\n"
                       "<tr><th>PEF data quality rating (DQR)</th><td class=\"num\">2.75"
                       "</td></tr>\n"
                       "<tr><th>Share of emissions with scores</th><td class=\"num\">90.0 %"
                       "</td></tr>\n</table>\n");
    pcf_free(t);
    assert_int_equal(pcf_report_html(r, NULL, "zh", &t, &err), PCF_OK);
    assert_contains(t, "<h3>数据质量评级（按排放加权，1 最好，5 最差）</h3>\n"
                       "<table class=\"facts dq\">\n"
                       "<tr><th>技术代表性</th><td class=\"num\">4.00</td></tr>\n"
                       "<tr><th>地理代表性</th><td class=\"num\">3.00</td></tr>\n"
                       "<tr><th>时间代表性</th><td class=\"num\">2.33</td></tr>\n"
                       "<tr><th>完整性</th><td class=\"num\">2.33</td></tr>\n"
                       "<tr><th>可靠性</th><td class=\"num\">1.67</td></tr>\n"
                       "<tr><th>PEF 数据质量评级 DQR</th><td class=\"num\">2.75</td></tr>\n"
                       "<tr><th>有评分的排放占比</th><td class=\"num\">90.0 %</td></tr>\n");
    assert_null(strstr(t, "Reliability"));
    pcf_free(t);
    pcf_result_destroy(r);
    /* the tea has no scores: no data-quality table */
    r = calc_text(tea);
    assert_int_equal(pcf_report_html(r, NULL, "en", &t, &err), PCF_OK);
    assert_null(strstr(t, "Data-quality ratings"));
    pcf_free(t);
    pcf_result_destroy(r);
}

/* Totals too small or too large for four significant digits in fixed notation are written in
 * their shortest exact form: 1e-14 kg × 1 kg CO2e/kg = 1e-14 (4 significant digits would need
 * 17 decimals); 1e20 kg × 1 = 1e+20 (1e20 is past the 9e17 a long long holds). */
static void html_extreme_totals(void **state)
{
    (void)state;
    static const char *const amounts[] = {"1e-14", "1e20"};
    static const char *const shown[] = {"<span class=\"big\">1e-14</span>",
                                        "<span class=\"big\">1e+20</span>"};
    for (size_t i = 0; i < 2; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id': 'x',"
                 " 'declared_unit': {'amount': 1, 'unit': 'item'}, 'stages': {'materials':"
                 " [{'name': 'a', 'amount': %s, 'unit': 'kg', 'factor': {'value': 1, 'unit':"
                 " 'kgCO2e/kg'}}]}}]}",
                 amounts[i]);
        pcf_result *r = calc_text(text);
        char *t = NULL;
        pcf_error err;
        assert_int_equal(pcf_report_html(r, NULL, "en", &t, &err), PCF_OK);
        assert_contains(t, shown[i]);
        pcf_free(t);
        pcf_result_destroy(r);
    }
}

/* The English drivers table of a Monte Carlo run keeps the library's parameter names: an own
 * factor with GSD 1.5 on 1 kg (a0) and one amount of 2 kg with sd 0.1 (a1); the factor's
 * spread dominates, so it ranks first. */
static void html_monte_carlo_english(void **state)
{
    (void)state;
    pcf_model *m = read_model(
        "{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id': 'x',"
        " 'declared_unit': {'amount': 1, 'unit': 'item'}, 'stages': {'materials': ["
        "{'name': 'a0', 'amount': 1, 'unit': 'kg', 'factor': {'value': 1, 'unit': 'kgCO2e/kg',"
        " 'uncertainty': {'dist': 'lognormal', 'gsd': 1.5}}},"
        "{'name': 'a1', 'amount': 2, 'unit': 'kg', 'uncertainty': {'dist': 'normal', 'sd': 0.1},"
        " 'factor': {'value': 1, 'unit': 'kgCO2e/kg'}}]}}]}");
    pcf_system *sys = NULL;
    pcf_error err;
    assert_int_equal(pcf_system_resolve(m, NULL, PCF_GWP_AR6, NULL, &sys, &err), PCF_OK);
    pcf_result *r = NULL;
    assert_int_equal(pcf_calculate(sys, &r, &err), PCF_OK);
    assert_double_close(pcf_result_total_kg_co2e(r), 3, 1e-12, 0); /* 1 + 2 */
    pcf_mc_options *o = NULL;
    assert_int_equal(pcf_mc_options_create(&o, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_iterations(o, 200, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_seed(o, 3, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_sensitivity(o, 1, &err), PCF_OK);
    pcf_mc *mc = NULL;
    assert_int_equal(pcf_mc_run(sys, o, &mc, &err), PCF_OK);
    assert_int_equal(pcf_mc_sensitivity_count(mc), 2);
    char *t = NULL;
    assert_int_equal(pcf_report_html(r, mc, "en", &t, &err), PCF_OK);
    assert_contains(t, "<tr><td class=\"num\">1</td><td>factor own factor</td>");
    assert_contains(t, "<tr><td class=\"num\">2</td><td>amount of a1 "
                       "($.products[0].stages.materials[1])</td>");
    assert_null(strstr(t, "排放因子"));
    pcf_free(t);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
    pcf_result_destroy(r);
    pcf_system_destroy(sys);
    pcf_model_destroy(m);
}

/* A product whose only activity is 0 kg: no contributor has emissions, so the Pareto section
 * has no chart, only a dash, in English and in Chinese; the total is 0 kg CO2e. */
static void html_zero_total(void **state)
{
    (void)state;
    pcf_result *r =
        calc_text("{'pcf_model': 1, 'boundary': 'cradle-to-gate', 'products': [{'id': 'x',"
                  " 'declared_unit': {'amount': 1, 'unit': 'item'}, 'stages': {'materials':"
                  " [{'name': 'a', 'amount': 0, 'unit': 'kg', 'factor': {'value': 1, 'unit':"
                  " 'kgCO2e/kg'}}]}}]}");
    assert_double_close(pcf_result_total_kg_co2e(r), 0, 0, 0);
    char *t = NULL;
    pcf_error err;
    assert_int_equal(pcf_report_html(r, NULL, "en", &t, &err), PCF_OK);
    assert_contains(t, "<span class=\"big\">0</span>");
    assert_contains(t, "<section>\n<h2>Largest contributors (Pareto)</h2>\n"
                       "<p class=\"muted\">–</p>\n</section>\n");
    pcf_free(t);
    assert_int_equal(pcf_report_html(r, NULL, "zh", &t, &err), PCF_OK);
    assert_contains(t, "<section>\n<h2>主要贡献活动（帕累托图）</h2>\n"
                       "<p class=\"muted\">–</p>\n</section>\n");
    pcf_free(t);
    pcf_result_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(study_report_english),
        cmocka_unit_test(study_report_chinese),
        cmocka_unit_test(study_report_cradle_to_gate),
        cmocka_unit_test(study_errors),
        cmocka_unit_test(study_report_monte_carlo),
        cmocka_unit_test(chinese_audit_names),
        cmocka_unit_test(monte_carlo_reports),
        cmocka_unit_test(html_data_quality),
        cmocka_unit_test(html_extreme_totals),
        cmocka_unit_test(html_monte_carlo_english),
        cmocka_unit_test(html_zero_total),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
