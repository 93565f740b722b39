/*
 * pcf — the CFP study report: the sections a carbon footprint study report has under ISO
 * 14067:2018 clause 7 (and GB/T 24067-2024, which adopts its structure), as one self-contained
 * HTML file in English or Chinese. GPL-3.0-or-later; see LICENSE.
 *
 * What a calculation knows (declared unit, boundary, stages, gases, fossil / biogenic / dLUC /
 * aircraft, datasets, primary share, Monte Carlo) comes from the result; what only the study's
 * authors know (commissioner, practitioner, goal, cut-off criteria, limitations, verification)
 * comes from a "study" JSON object (docs/model-format.md, "Study report"), never invented: a
 * field not given is shown as not stated. Text given as {"en": ..., "zh": ...} is shown in the
 * report's language. The Chinese report writes every label, unit, stage, role and note in
 * Chinese; names (products, activities, datasets, factor codes) stay as given.
 */
#include "model_internal.h"
#include "report_html.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    T_TITLE,
    T_S1,
    T_S2,
    T_S3,
    T_S4,
    T_S5,
    T_S6,
    T_S7,
    T_S8,
    T_APPX,
    T_REPORT_ID,
    T_DATE,
    T_COMMISSIONER,
    T_PRACTITIONER,
    T_STANDARD,
    T_SOFTWARE,
    T_NOT_STATED,
    T_GOAL,
    T_APPLICATION,
    T_AUDIENCE,
    T_UNIT_H,
    T_FUNCTIONAL_UNIT,
    T_BOUNDARY_H,
    T_CUTOFF_H,
    T_CUTOFF_CRITERIA,
    T_CUTOFF_EXCLUDED,
    T_NONE,
    T_ALLOCATION_H,
    T_ALLOCATION,
    T_RECYCLING,
    T_EXCLUDED_H,
    T_ALL_INCLUDED,
    T_TIME_GEO_H,
    T_TIME,
    T_GEOGRAPHY,
    T_PCR,
    T_INV_NOTE,
    T_GASES_H,
    T_GAS,
    T_MASS,
    T_UNSPLIT,
    T_TREE_H,
    T_TREE_NOTE,
    T_OTHERS,
    T_NO_MC,
    T_LIMITS_AUTO,
    T_LIM_PARTIAL,
    T_LIM_FALLBACK,
    T_LIM_NO_MC,
    T_LIM_SECONDARY,
    T_VERIFIER,
    T_STATEMENT,
    T_CERT_ID,
    T_KEY_FP,
    T_VER_DATE,
    T_NOT_VERIFIED,
    T_NOTES_H,
    T_IN,
    T_OUT,
    T_SHARE,
    T_COUNT
};

static const char *const TXT[T_COUNT][2] = {
    {"Carbon footprint of a product: study report", "产品碳足迹研究报告"},
    {"1 General information", "1 一般信息"},
    {"2 Goal of the study", "2 研究目的"},
    {"3 Scope of the study", "3 研究范围"},
    {"4 Life cycle inventory", "4 生命周期清单分析"},
    {"5 Results", "5 结果"},
    {"6 Interpretation", "6 结果解释"},
    {"7 Limitations", "7 局限性"},
    {"8 Verification", "8 核查"},
    {"Appendix: audit trail", "附录：审计追踪"},
    {"Report id", "报告编号"},
    {"Date", "日期"},
    {"Commissioned by", "委托方"},
    {"Practitioner", "编制方"},
    {"Quantified according to", "量化依据"},
    {"Calculated with", "计算工具"},
    {"not stated", "未说明"},
    {"Goal", "研究目的"},
    {"Intended application", "预期用途"},
    {"Intended audience", "目标受众"},
    {"3.1 Declared or functional unit", "3.1 声明单位或功能单位"},
    {"Functional unit", "功能单位"},
    {"3.2 System boundary", "3.2 系统边界"},
    {"3.3 Cut-off criteria", "3.3 取舍准则"},
    {"Cut-off criteria", "取舍准则"},
    {"Left out by the cut-off", "依取舍准则排除的内容"},
    {"none stated", "未说明任何排除内容"},
    {"3.4 Allocation", "3.4 分配"},
    {"Allocation procedure", "分配程序"},
    {"Recycling (end-of-life) method", "回收（寿命终止）分配方法"},
    {"3.5 Excluded life-cycle stages", "3.5 排除的生命周期阶段"},
    {"No stage is excluded: the study is cradle-to-grave.",
     "没有排除任何阶段：本研究为从摇篮到坟墓。"},
    {"3.6 Time period and geography", "3.6 时间范围与地理范围"},
    {"Time period of the data", "数据时间范围"},
    {"Geography", "地理范围"},
    {"Product category rules", "产品种类规则"},
    {"Every factor below is named with its dataset, version and licence; the audit trail in the "
     "appendix lists each line.",
     "下列每个排放因子均注明数据集、版本和许可；附录中的审计追踪逐条列出。"},
    {"5.2 Results by greenhouse gas", "5.2 按温室气体分列的结果"},
    {"Gas", "气体"},
    {"mass", "质量"},
    {"CO2e of factors published without a split by gas",
     "排放因子以二氧化碳当量发布、未按气体分列的部分"},
    {"6.1 Contribution tree: the largest contributors", "6.1 贡献树：主要贡献来源"},
    {"Bars: share of the sum of absolute contributions; values in kg CO2e per declared unit.",
     "条形长度：占各项贡献绝对值之和的比例；数值单位为千克二氧化碳当量/声明单位。"},
    {"other activities", "其他活动"},
    {"No Monte Carlo analysis was run for this report (pcf report --mc N).",
     "本报告未进行蒙特卡洛分析（运行时加 --mc N 选项即可）。"},
    {"Limitations that follow from the calculation", "由计算本身得出的局限性"},
    {"The boundary is cradle-to-gate: the result is a partial CFP and does not cover use and end "
     "of life.",
     "系统边界为从摇篮到大门：结果为产品部分碳足迹，不包括使用和寿命终止阶段。"},
    {"audit line(s) use a factor of another region than the one asked for (regional fallback).",
     "条审计条目使用了与所请求地区不同的排放因子（区域回退）。"},
    {"Uncertainty was not quantified (no Monte Carlo run).",
     "未量化不确定性（未进行蒙特卡洛分析）。"},
    {"of the emissions rest on primary data; the rest on secondary data from the datasets listed "
     "in section 4.",
     "的排放基于初级数据；其余基于第 4 节所列数据集的次级数据。"},
    {"Verifier", "核查方"},
    {"Verification statement", "核查声明"},
    {"Certificate id", "证书编号"},
    {"Signing key fingerprint (SHA-256)", "签名密钥指纹（SHA-256）"},
    {"Date of verification", "核查日期"},
    {"This study has not been verified by a third party.", "本研究尚未经第三方核查。"},
    {"Notes of the calculation", "计算说明"},
    {"in the boundary", "在边界内"},
    {"excluded", "不在边界内"},
    {"share", "占比"},
};

typedef struct study {
    json_t *root; /* the study object (an empty object when none was given) */
    int zh;
    const pcf__html_labels *L;
} study;

#define T(s, k) TXT[k][(s)->zh]

static const char *const KNOWN[] = {"report_id",
                                    "date",
                                    "commissioner",
                                    "practitioner",
                                    "goal",
                                    "intended_application",
                                    "audience",
                                    "functional_unit",
                                    "cut_off_criteria",
                                    "cut_off_excluded",
                                    "allocation",
                                    "time_period",
                                    "geography",
                                    "pcr",
                                    "limitations",
                                    "verification",
                                    NULL};
static const char *const KNOWN_VERIFICATION[] = {"verifier",        "statement", "certificate_id",
                                                 "key_fingerprint", "date",      NULL};

static int known(const char *const *list, const char *key)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], key) == 0)
            return 1;
    return 0;
}

/* A text field: a string, or {"en": ..., "zh": ...} (the report's language, else the other). */
static const char *text_of(const study *s, const json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_object(v)) {
        const char *mine = json_string_value(json_object_get(v, s->zh ? "zh" : "en"));
        const char *other = json_string_value(json_object_get(v, s->zh ? "en" : "zh"));
        return mine && *mine ? mine : other;
    }
    return NULL;
}

static int text_ok(const json_t *v)
{
    if (json_is_string(v))
        return 1;
    if (!json_is_object(v) || json_object_size(v) == 0)
        return 0;
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)v, k, x)
    {
        if ((strcmp(k, "en") != 0 && strcmp(k, "zh") != 0) || !json_is_string(x))
            return 0;
    }
    return 1;
}

/* Checks the study object: known keys, texts, lists of texts; names the first problem's path. */
static pcf_status check_study(const json_t *root, pcf_error *err)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)root, key, v)
    {
        if (!known(KNOWN, key))
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "study: unknown key \"%.64s\" at $.%.64s (known: report_id, date, "
                              "commissioner, practitioner, goal, intended_application, audience, "
                              "functional_unit, cut_off_criteria, cut_off_excluded, allocation, "
                              "time_period, geography, pcr, limitations, verification)",
                              key, key);
        if (strcmp(key, "cut_off_excluded") == 0 || strcmp(key, "limitations") == 0) {
            if (!json_is_array(v))
                return pcf__error(err, PCF_ERR_INVALID_ARG, "study: $.%s must be a list of texts",
                                  key);
            for (size_t i = 0; i < json_array_size(v); i++)
                if (!text_ok(json_array_get(v, i)))
                    return pcf__error(err, PCF_ERR_INVALID_ARG,
                                      "study: $.%s[%zu] must be a text: a string or {\"en\": "
                                      "\"...\", \"zh\": \"...\"}",
                                      key, i);
        } else if (strcmp(key, "verification") == 0) {
            if (!json_is_object(v))
                return pcf__error(err, PCF_ERR_INVALID_ARG,
                                  "study: $.verification must be an object");
            const char *vk;
            json_t *vv;
            json_object_foreach(v, vk, vv)
            {
                if (!known(KNOWN_VERIFICATION, vk))
                    return pcf__error(err, PCF_ERR_INVALID_ARG,
                                      "study: unknown key \"%.64s\" at $.verification.%.64s "
                                      "(known: verifier, statement, certificate_id, "
                                      "key_fingerprint, date)",
                                      vk, vk);
                if (!text_ok(vv))
                    return pcf__error(err, PCF_ERR_INVALID_ARG,
                                      "study: $.verification.%s must be a text", vk);
            }
        } else if (!text_ok(v)) {
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "study: $.%s must be a text: a string or {\"en\": \"...\", "
                              "\"zh\": \"...\"}",
                              key);
        }
    }
    return PCF_OK;
}

/* <tr><th>label</th><td>value or "not stated"</td></tr> */
static void row(pcf__buf *b, const study *s, const char *label, const char *value)
{
    pcf__buf_printf(b, "<tr><th>%s</th><td>", label);
    if (value && *value)
        pcf__html_esc(b, value);
    else
        pcf__buf_printf(b, "<span class=\"muted\">%s</span>", T(s, T_NOT_STATED));
    pcf__buf_puts(b, "</td></tr>\n");
}

static void field_row(pcf__buf *b, const study *s, const json_t *obj, const char *key,
                      const char *label)
{
    row(b, s, label, text_of(s, json_object_get(obj, key)));
}

static const char *method_name(const study *s, pcf_recycling_method m)
{
    /* a result's method is one of the four: the model refuses any other */
    static const char *const names[PCF_RECYCLING_CFF + 1][2] = {
        {"cut-off (100:0)", "截断法（100:0）"},
        {"avoided burden (0:100)", "避免负荷法（0:100）"},
        {"50/50", "50/50 法"},
        {"Circular Footprint Formula", "循环足迹公式"}};
    return names[m][s->zh];
}

static void amount_unit(pcf__buf *b, const study *s, double amount, const char *unit)
{
    pcf__buf_num(b, amount);
    pcf__buf_puts(b, " ");
    pcf__html_esc(b, pcf__html_unit(s->L, unit));
}

/* ---------------------------------------------------------------- sections ---- */

static void section_general(pcf__buf *b, const study *s, const pcf_result *r)
{
    pcf__buf_printf(b, "<section id=\"general\">\n<h2>%s</h2>\n<table class=\"facts\">\n",
                    T(s, T_S1));
    field_row(b, s, s->root, "report_id", T(s, T_REPORT_ID));
    field_row(b, s, s->root, "date", T(s, T_DATE));
    field_row(b, s, s->root, "commissioner", T(s, T_COMMISSIONER));
    field_row(b, s, s->root, "practitioner", T(s, T_PRACTITIONER));
    row(b, s, s->L->product, pcf_result_product_name(r, s->L->lang));
    row(b, s, s->L->product_id, pcf_result_product_id(r));
    row(b, s, T(s, T_STANDARD),
        s->zh ? "GB/T 24067-2024《温室气体 产品碳足迹 量化要求和指南》；ISO 14067:2018"
              : "ISO 14067:2018; GB/T 24067-2024");
    field_row(b, s, s->root, "pcr", T(s, T_PCR));
    row(b, s, s->L->gwp, pcf_gwp_set_name(pcf_result_gwp(r)));
    pcf__buf_printf(b, "<tr><th>%s</th><td>pcf %s</td></tr>\n", T(s, T_SOFTWARE),
                    pcf_version_string());
    pcf__buf_puts(b, "</table>\n</section>\n");
}

static void section_goal(pcf__buf *b, const study *s)
{
    pcf__buf_printf(b, "<section id=\"goal\">\n<h2>%s</h2>\n<table class=\"facts\">\n", T(s, T_S2));
    field_row(b, s, s->root, "goal", T(s, T_GOAL));
    field_row(b, s, s->root, "intended_application", T(s, T_APPLICATION));
    field_row(b, s, s->root, "audience", T(s, T_AUDIENCE));
    pcf__buf_puts(b, "</table>\n</section>\n");
}

/* The system boundary as six boxes in life-cycle order: inside the boundary solid and coloured,
 * outside dashed and grey, each with its figure; a frame marks the boundary. */
static void boundary_diagram(pcf__buf *b, const study *s, const pcf_result *r)
{
    const double W = 1000, H = 150, box_w = 140, gap = 24, x0 = 22, y0 = 40, box_h = 64;
    pcf__html_svg_open(b, (int)W, (int)H, T(s, T_BOUNDARY_H));
    pcf__buf_puts(b, "<defs><marker id=\"arr\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
                     "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,"
                     "10z\" fill=\"#555\"/></marker></defs>\n");
    int last_in = -1;
    for (int i = 0; i < PCF_STAGE_COUNT; i++)
        if (pcf_result_stage_included(r, (pcf_stage)i))
            last_in = i;
    if (last_in >= 0) { /* the boundary frame around the included stages (they are a prefix) */
        pcf__buf_puts(b, "<rect x=\"");
        pcf__html_coord(b, x0 - 10);
        pcf__buf_puts(b, "\" y=\"");
        pcf__html_coord(b, y0 - 26);
        pcf__buf_puts(b, "\" width=\"");
        pcf__html_coord(b, (box_w + gap) * (last_in + 1) - gap + 20);
        pcf__buf_puts(b, "\" height=\"");
        pcf__html_coord(b, box_h + 70);
        pcf__buf_puts(b, "\" class=\"frame\"/>\n");
        pcf__html_svg_text(b, x0, y0 - 10, "start", "tick",
                           pcf_result_boundary(r) == PCF_BOUNDARY_CRADLE_TO_GATE
                               ? s->L->cradle_gate
                               : s->L->cradle_grave,
                           0);
    }
    for (int i = 0; i < PCF_STAGE_COUNT; i++) {
        int in = pcf_result_stage_included(r, (pcf_stage)i);
        double x = x0 + (box_w + gap) * i;
        pcf__buf_puts(b, "<rect x=\"");
        pcf__html_coord(b, x);
        pcf__buf_puts(b, "\" y=\"");
        pcf__html_coord(b, y0);
        pcf__buf_printf(b, "\" width=\"%d\" height=\"%d\" rx=\"6\" class=\"%s\" style=\"%s%s\"/>\n",
                        (int)box_w, (int)box_h, in ? "stagebox" : "stagebox out", in ? "fill:" : "",
                        in ? pcf__html_stage_colour[i] : "");
        pcf__html_svg_text(b, x + box_w / 2, y0 + 26, "middle", in ? "boxlbl" : "lbl muted",
                           s->L->stage_names[i], 0);
        if (in)
            pcf__html_svg_num_text(b, x + box_w / 2, y0 + 48, "middle", "boxlbl",
                                   pcf_result_stage_kg_co2e(r, (pcf_stage)i));
        else
            pcf__html_svg_text(b, x + box_w / 2, y0 + 48, "middle", "tick muted", T(s, T_OUT), 0);
        if (i + 1 < PCF_STAGE_COUNT)
            pcf__html_svg_line(b, x + box_w + 2, y0 + box_h / 2, x + box_w + gap - 2,
                               y0 + box_h / 2, "flowarrow");
    }
    pcf__html_svg_text(b, W - 12, H - 8, "end", "tick", s->L->kg, 0);
    pcf__buf_puts(b, "</svg>\n");
}

static void list_texts(pcf__buf *b, const study *s, const json_t *arr, const char *empty)
{
    if (json_array_size(arr) == 0) {
        pcf__buf_printf(b, "<p class=\"muted\">%s</p>\n", empty);
        return;
    }
    pcf__buf_puts(b, "<ul>\n");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        pcf__buf_puts(b, "<li>");
        pcf__html_esc(b, text_of(s, json_array_get(arr, i)));
        pcf__buf_puts(b, "</li>\n");
    }
    pcf__buf_puts(b, "</ul>\n");
}

static void section_scope(pcf__buf *b, const study *s, const pcf_result *r)
{
    pcf__buf_printf(b,
                    "<section id=\"scope\">\n<h2>%s</h2>\n<h3>%s</h3>\n<table class=\"facts\">\n",
                    T(s, T_S3), T(s, T_UNIT_H));
    pcf__buf_printf(b, "<tr><th>%s</th><td>", s->L->declared_unit);
    amount_unit(b, s, pcf_result_declared_amount(r), pcf_result_declared_unit(r));
    const char *desc = pcf_result_declared_unit_description(r);
    if (desc && *desc) {
        pcf__buf_puts(b, s->zh ? "（" : " (");
        pcf__html_esc(b, desc);
        pcf__buf_puts(b, s->zh ? "）" : ")");
    }
    pcf__buf_puts(b, "</td></tr>\n");
    field_row(b, s, s->root, "functional_unit", T(s, T_FUNCTIONAL_UNIT));
    double mass = pcf_result_mass_kg(r);
    if (mass > 0) {
        pcf__buf_printf(b, "<tr><th>%s</th><td>", T(s, T_MASS));
        amount_unit(b, s, mass, "kg");
        pcf__buf_puts(b, "</td></tr>\n");
    }
    pcf__buf_printf(b, "</table>\n<h3>%s</h3>\n", T(s, T_BOUNDARY_H));
    boundary_diagram(b, s, r);
    pcf__buf_printf(b, "<h3>%s</h3>\n<table class=\"facts\">\n", T(s, T_CUTOFF_H));
    field_row(b, s, s->root, "cut_off_criteria", T(s, T_CUTOFF_CRITERIA));
    pcf__buf_printf(b, "</table>\n<p>%s:</p>\n", T(s, T_CUTOFF_EXCLUDED));
    list_texts(b, s, json_object_get(s->root, "cut_off_excluded"), T(s, T_NONE));
    pcf__buf_printf(b, "<h3>%s</h3>\n<table class=\"facts\">\n", T(s, T_ALLOCATION_H));
    field_row(b, s, s->root, "allocation", T(s, T_ALLOCATION));
    row(b, s, T(s, T_RECYCLING), method_name(s, pcf_result_recycling_method(r)));
    pcf__buf_printf(b, "</table>\n<h3>%s</h3>\n", T(s, T_EXCLUDED_H));
    int any = 0;
    for (int i = 0; i < PCF_STAGE_COUNT; i++) {
        if (pcf_result_stage_included(r, (pcf_stage)i))
            continue;
        pcf__buf_printf(b, "%s<li>%s</li>\n", any ? "" : "<ul>\n", s->L->stage_names[i]);
        any = 1;
    }
    if (any)
        pcf__buf_puts(b, "</ul>\n");
    else
        pcf__buf_printf(b, "<p>%s</p>\n", T(s, T_ALL_INCLUDED));
    pcf__buf_printf(b, "<h3>%s</h3>\n<table class=\"facts\">\n", T(s, T_TIME_GEO_H));
    field_row(b, s, s->root, "time_period", T(s, T_TIME));
    field_row(b, s, s->root, "geography", T(s, T_GEOGRAPHY));
    pcf__buf_puts(b, "</table>\n</section>\n");
}

static void section_inventory(pcf__buf *b, const study *s, const pcf_result *r, pcf_db *db)
{
    pcf__buf_printf(b, "<section id=\"inventory\">\n<h2>%s</h2>\n<p>%s</p>\n", T(s, T_S4),
                    T(s, T_INV_NOTE));
    pcf__html_section_quality(b, r, db, s->L);
    pcf__buf_puts(b, "</section>\n");
}

static void section_gases(pcf__buf *b, const study *s, const pcf_result *r)
{
    pcf__buf_printf(b,
                    "<section>\n<h2>%s</h2>\n<table class=\"mc\">\n<tr><th>%s</th>"
                    "<th class=\"num\">%s (%s)</th><th class=\"num\">%s</th></tr>\n",
                    T(s, T_GASES_H), T(s, T_GAS), T(s, T_MASS), pcf__html_unit(s->L, "kg"),
                    s->L->kg);
    for (size_t i = 0; i < pcf_result_gas_count(r); i++) {
        const pcf_gas_result *g = pcf_result_gas_at(r, i);
        if (!g || (g->kg == 0 && g->kg_co2e == 0))
            continue;
        pcf__buf_puts(b, "<tr><td>");
        if (s->zh) { /* the formula is a code; the origin in Chinese */
            const char *key = pcf_gas_key(g->gas);
            size_t kl = key ? strlen(key) : 0;
            pcf__html_esc(b, pcf_gas_formula(g->gas));
            if (pcf_gas_is_biogenic(g->gas))
                pcf__buf_puts(b, "（生物源）");
            else if (kl > 7 && strcmp(key + kl - 7, "_fossil") == 0)
                pcf__buf_puts(b, "（化石）");
        } else {
            pcf__html_esc(b, pcf_gas_name(g->gas));
        }
        pcf__buf_puts(b, "</td><td class=\"num\">");
        pcf__html_sig(b, g->kg, 4);
        pcf__buf_puts(b, "</td><td class=\"num\">");
        pcf__html_sig(b, g->kg_co2e, 4);
        pcf__buf_puts(b, "</td></tr>\n");
    }
    double unspecified = pcf_result_unspecified_kg_co2e(r);
    if (unspecified != 0) {
        /* factors published as CO2e without a split by gas */
        pcf__buf_printf(b, "<tr><td>%s</td><td class=\"num\">–</td><td class=\"num\">",
                        T(s, T_UNSPLIT));
        pcf__html_sig(b, unspecified, 4);
        pcf__buf_puts(b, "</td></tr>\n");
    }
    pcf__buf_puts(b, "</table>\n</section>\n");
}

static void total_box(pcf__buf *b, const study *s, const pcf_result *r, const pcf_mc *mc)
{
    pcf__buf_printf(b, "<div class=\"total\"><div>%s</div><div><span class=\"big\">", s->L->total);
    pcf__html_sig(b, pcf_result_total_kg_co2e(r), 4);
    pcf__buf_printf(b, "</span> <span class=\"unit\">%s %s ", s->L->kg, s->L->per);
    amount_unit(b, s, pcf_result_declared_amount(r), pcf_result_declared_unit(r));
    pcf__buf_puts(b, "</span></div>\n");
    if (mc) {
        pcf__buf_printf(b, "<div class=\"ci\">%s ", s->L->interval);
        pcf__html_sig(b, pcf_mc_total_stat(mc, PCF_MC_P2_5), 4);
        pcf__buf_puts(b, " – ");
        pcf__html_sig(b, pcf_mc_total_stat(mc, PCF_MC_P97_5), 4);
        pcf__buf_printf(b, " %s</div>\n", s->L->kg);
    }
    pcf__buf_puts(b, "</div>\n");
}

static void section_results(pcf__buf *b, const study *s, const pcf_result *r, const pcf_mc *mc)
{
    pcf__buf_printf(b, "<section id=\"results\">\n<h2>%s</h2>\n", T(s, T_S5));
    total_box(b, s, r, mc);
    pcf__html_section_stages(b, r, s->L);
    section_gases(b, s, r);
    pcf__html_section_split(b, r, s->L);
    pcf__buf_puts(b, "</section>\n");
}

/* One row of the contribution tree. */
static void tree_row(pcf__buf *b, double y, int depth, const char *label, double kg, double sum_abs,
                     const char *colour)
{
    const double indent = 22, label_end = 430, bar_x = 440, bar_w = 400;
    double x = 14 + indent * depth;
    if (depth > 0) {
        pcf__html_svg_line(b, x - indent + 6, y - 16, x - indent + 6, y - 4, "tree");
        pcf__html_svg_line(b, x - indent + 6, y - 4, x - 4, y - 4, "tree");
    }
    double room = label_end - x - 8;
    pcf__html_svg_text(b, x, y, "start", depth == 0 ? "lbl bold" : "lbl", label,
                       pcf__html_fit_chars(label, 13, room));
    double w = sum_abs > 0 ? fabs(kg) / sum_abs * bar_w : 0;
    pcf__html_svg_rect(b, bar_x, y - 13, w < 1 && kg != 0 ? 1 : w, 16, kg < 0 ? "#9e9e9e" : colour);
    pcf__html_svg_num_text(b, bar_x + w + 6, y, "start", "val", kg);
}

static int cmp_abs_desc(const void *a, const void *b, const pcf_result *r)
{
    double x = fabs(pcf__result_activity_kg(r, *(const size_t *)a));
    double y = fabs(pcf__result_activity_kg(r, *(const size_t *)b));
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Activities of one stage, largest first (insertion sort: a stage has few activities). */
static size_t stage_activities(const pcf_result *r, int stage, size_t *idx, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < pcf_result_activity_count(r) && n < cap; i++) {
        pcf__activity_rec rec;
        const pcf_activity_result *a = pcf__result_activity(r, i, &rec);
        if (!a || (int)a->stage != stage || !a->included || a->kg_co2e == 0)
            continue;
        size_t j = n++;
        idx[j] = i;
        while (j > 0 && cmp_abs_desc(&idx[j], &idx[j - 1], r) < 0) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
            j--;
        }
    }
    return n;
}

/* The contribution tree: the total, each stage, and within each stage its activities that carry
 * at least 2 % of the absolute sum (at most five), the rest summed as "other activities". */
static void section_tree(pcf__buf *b, const study *s, const pcf_result *r)
{
    enum { CAP = 512, SHOWN = 5 };
    size_t *idx = malloc(CAP * sizeof *idx);
    if (!idx) {
        b->failed = 1;
        return;
    }
    double sum_abs = 0;
    for (size_t i = 0; i < pcf_result_activity_count(r); i++) {
        pcf__activity_rec rec;
        const pcf_activity_result *a = pcf__result_activity(r, i, &rec);
        if (a && a->included)
            sum_abs += fabs(a->kg_co2e);
    }
    /* count the rows first, for the height */
    size_t rows = 1;
    for (int st = 0; st < PCF_STAGE_COUNT; st++) {
        size_t n = stage_activities(r, st, idx, CAP);
        if (n == 0)
            continue;
        size_t shown = 0;
        for (size_t k = 0; k < n && shown < SHOWN; k++)
            shown += fabs(pcf__result_activity_kg(r, idx[k])) >= 0.02 * sum_abs;
        rows += 1 + shown + (n > shown);
    }
    pcf__buf_printf(b, "<section>\n<h2>%s</h2>\n", T(s, T_TREE_H));
    pcf__html_svg_open(b, 1000, (int)(24 * rows + 16), T(s, T_TREE_H));
    double y = 22;
    tree_row(b, y, 0, s->L->total_row, pcf_result_total_kg_co2e(r), sum_abs, "#0072B2");
    for (int st = 0; st < PCF_STAGE_COUNT; st++) {
        size_t n = stage_activities(r, st, idx, CAP);
        if (n == 0)
            continue;
        y += 24;
        tree_row(b, y, 1, s->L->stage_names[st], pcf_result_stage_kg_co2e(r, (pcf_stage)st),
                 sum_abs, pcf__html_stage_colour[st]);
        size_t shown = 0;
        double rest = 0;
        for (size_t k = 0; k < n; k++) {
            pcf__activity_rec rec;
            const pcf_activity_result *a = pcf__result_activity(r, idx[k], &rec);
            if (shown < SHOWN && fabs(a->kg_co2e) >= 0.02 * sum_abs) {
                y += 24;
                tree_row(b, y, 2, a->name, a->kg_co2e, sum_abs, pcf__html_stage_colour[st]);
                shown++;
            } else {
                rest += a->kg_co2e;
            }
        }
        if (n > shown) {
            char label[96];
            if (s->zh)
                snprintf(label, sizeof label, "%s（%zu 项）", T(s, T_OTHERS), n - shown);
            else
                snprintf(label, sizeof label, "%zu %s", n - shown,
                         n - shown == 1 ? "other activity" : T(s, T_OTHERS));
            y += 24;
            tree_row(b, y, 2, label, rest, sum_abs, "#bdbdbd");
        }
    }
    pcf__buf_printf(b, "</svg>\n<p class=\"muted\">%s</p>\n</section>\n", T(s, T_TREE_NOTE));
    free(idx);
}

static void section_interpretation(pcf__buf *b, const study *s, const pcf_result *r,
                                   const pcf_mc *mc)
{
    pcf__buf_printf(b, "<section id=\"interpretation\">\n<h2>%s</h2>\n", T(s, T_S6));
    section_tree(b, s, r);
    pcf__html_section_pareto(b, r, s->L);
    if (mc)
        pcf__html_section_histogram(b, r, mc, s->L);
    else
        pcf__buf_printf(b, "<p class=\"muted\">%s</p>\n", T(s, T_NO_MC));
    pcf__buf_puts(b, "</section>\n");
}

static void section_limitations(pcf__buf *b, const study *s, const pcf_result *r, const pcf_mc *mc)
{
    pcf__buf_printf(b, "<section id=\"limitations\">\n<h2>%s</h2>\n", T(s, T_S7));
    json_t *lim = json_object_get(s->root, "limitations");
    if (json_array_size(lim) > 0)
        list_texts(b, s, lim, "");
    pcf__buf_printf(b, "<h3>%s</h3>\n<ul>\n", T(s, T_LIMITS_AUTO));
    if (pcf_result_boundary(r) == PCF_BOUNDARY_CRADLE_TO_GATE)
        pcf__buf_printf(b, "<li>%s</li>\n", T(s, T_LIM_PARTIAL));
    size_t fb = 0;
    for (size_t i = 0; i < pcf_result_line_count(r); i++) {
        pcf_audit_line rec;
        const pcf_audit_line *l = pcf__result_line(r, i, &rec);
        fb += l && l->fallback_taken;
    }
    if (fb)
        pcf__buf_printf(b, "<li>%zu %s</li>\n", fb, T(s, T_LIM_FALLBACK));
    if (!mc)
        pcf__buf_printf(b, "<li>%s</li>\n", T(s, T_LIM_NO_MC));
    pcf__buf_puts(b, "<li>");
    pcf__html_fixed(b, 100 * pcf_result_primary_data_share(r), 1);
    pcf__buf_printf(b, " %% %s</li>\n</ul>\n</section>\n", T(s, T_LIM_SECONDARY));
}

static void section_verification(pcf__buf *b, const study *s)
{
    pcf__buf_printf(b, "<section id=\"verification\">\n<h2>%s</h2>\n", T(s, T_S8));
    json_t *v = json_object_get(s->root, "verification");
    if (!v) {
        pcf__buf_printf(b, "<p>%s</p>\n", T(s, T_NOT_VERIFIED));
    }
    pcf__buf_puts(b, "<table class=\"facts verify\">\n");
    field_row(b, s, v, "verifier", T(s, T_VERIFIER));
    field_row(b, s, v, "date", T(s, T_VER_DATE));
    field_row(b, s, v, "statement", T(s, T_STATEMENT));
    pcf__buf_printf(b, "<tr><th>%s</th><td class=\"code\">", T(s, T_CERT_ID));
    const char *id = text_of(s, json_object_get(v, "certificate_id"));
    if (id && *id)
        pcf__html_esc(b, id);
    else
        pcf__buf_printf(b, "<span class=\"muted\">%s</span>", T(s, T_NOT_STATED));
    pcf__buf_printf(b, "</td></tr>\n<tr><th>%s</th><td class=\"code\">", T(s, T_KEY_FP));
    const char *fp = text_of(s, json_object_get(v, "key_fingerprint"));
    if (fp && *fp)
        pcf__html_esc(b, fp);
    else
        pcf__buf_printf(b, "<span class=\"muted\">%s</span>", T(s, T_NOT_STATED));
    pcf__buf_puts(b, "</td></tr>\n</table>\n</section>\n");
}

/* ------------------------------------------------------------------- notes ---- */

/* The calculation's notes in the report's language. The library writes them in English; the
 * Chinese report restates each kind it knows from the result, and never prints the English. */
static void section_notes(pcf__buf *b, const study *s, const pcf_result *r)
{
    pcf__buf_printf(b, "<section>\n<h2>%s</h2>\n<ul>\n", T(s, T_NOTES_H));
    for (size_t i = 0; i < pcf_result_note_count(r); i++) {
        const char *n = pcf_result_note_at(r, i);
        if (!n)
            continue;
        pcf__buf_puts(b, "<li>");
        if (strncmp(n, "Recycling method:", 17) == 0) {
            /* restated with the published methods it follows */
            pcf__buf_printf(b, s->zh ? "回收分配方法：%s（%s）。" : "Recycling method: %s (%s).",
                            method_name(s, pcf_result_recycling_method(r)),
                            s->zh ? "ISO 14044:2006 第 4.3.4.3 条的再使用和再循环分配程序（ISO "
                                    "14067:2018 采用）；《欧盟委员会建议 (EU) 2021/2279》附件 I "
                                    "循环足迹公式"
                                  : "reuse and recycling allocation of ISO 14044:2006, "
                                    "4.3.4.3, adopted by ISO 14067:2018; Circular Footprint "
                                    "Formula of Commission Recommendation (EU) 2021/2279, "
                                    "Annex I");
        } else if (!s->zh) {
            pcf__html_esc(b, n);
        } else if (strncmp(n, "Boundary cradle-to-gate", 23) == 0) {
            pcf__buf_puts(b, "系统边界为从摇篮到大门（产品部分碳足迹）：使用和寿命终止阶段不在"
                             "边界内");
            pcf__buf_puts(b, strstr(n, "listed but not counted") ? "；其活动列出但不计入。" : "。");
        } else if (strncmp(n, "Co-product allocation:", 22) == 0) {
            /* Co-product allocation: the production stage of "ID" carries X of the process
             * burdens (BASIS allocation). */
            const char *q1 = strchr(n, '"'), *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
            const char *c = q2 ? strstr(q2, "carries ") : NULL;
            const char *of = c ? strstr(c, " of the") : NULL;
            const char *par = of ? strchr(of, '(') : NULL;
            const char *sp = par ? strchr(par, ' ') : NULL;
            if (q1 && q2 && c && of && par && sp) {
                pcf__buf_puts(b, "联产品分配：“");
                pcf__buf_append(b, q1 + 1, (size_t)(q2 - q1 - 1));
                pcf__buf_puts(b, "”的生产阶段承担过程负荷的 ");
                pcf__buf_append(b, c + 8, (size_t)(of - c - 8));
                pcf__buf_puts(b, "（分配依据：");
                static const char *const basis[][2] = {{"mass", "质量"},
                                                       {"economic", "经济价值"},
                                                       {"energy", "能量"},
                                                       {"physical", "物理关系"},
                                                       {"volume", "体积"}};
                size_t bl = (size_t)(sp - par - 1);
                const char *zh = NULL;
                for (size_t k = 0; k < sizeof basis / sizeof basis[0]; k++)
                    if (strlen(basis[k][0]) == bl && strncmp(basis[k][0], par + 1, bl) == 0)
                        zh = basis[k][1];
                if (zh)
                    pcf__buf_puts(b, zh);
                else
                    pcf__buf_append(b, par + 1, bl);
                pcf__buf_puts(b, "）。");
            } else {
                pcf__buf_puts(b, "本研究对联产品进行了分配（见审计追踪）。");
            }
        } else if (strstr(n, "published in CO2e of another GWP set")) {
            pcf__buf_printf(b,
                            "有 %ld 个数据库排放因子以另一 GWP 数值集的二氧化碳当量发布，且未按"
                            "气体分列；本 %s 结果按其发布值使用（见审计追踪的 GWP 依据）。",
                            strtol(n, NULL, 10), pcf_gwp_set_name(pcf_result_gwp(r)));
        } else {
            pcf__buf_puts(b, "另有一条计算说明，仅有英文原文，见英文版报告。");
        }
        pcf__buf_puts(b, "</li>\n");
    }
    pcf__buf_puts(b, "</ul>\n</section>\n");
}

/* ------------------------------------------------------------------ driver ---- */

static const char *const study_css =
    "section section h2{font-size:16px;border-bottom:1px solid #9cc;margin-top:18px}"
    "table.facts th{width:14em;white-space:normal}td.code{font-family:monospace;"
    "word-break:break-all}svg .frame{fill:none;stroke:#0072B2;stroke-width:1.5;"
    "stroke-dasharray:8 4}svg .stagebox{stroke:#333;stroke-width:1}svg .out{fill:#f4f4f4;"
    "stroke:#aaa;stroke-dasharray:5 3}svg .boxlbl{fill:#fff;font-size:13px;font-weight:bold}"
    "svg .flowarrow{stroke:#555;stroke-width:1.5;marker-end:url(#arr)}svg .tree{stroke:#999;"
    "stroke-width:1}svg .bold{font-weight:bold}\n"
    "@media print{body{max-width:none;margin:0;padding:0 4mm;font-size:11pt}"
    "section{break-inside:auto}h2,h3{break-after:avoid}svg,table.facts,tr{break-inside:avoid}"
    "table{font-size:9pt}.total{break-inside:avoid}a{color:inherit}"
    /* the audit trail's ten columns fit the A4 width: no minimum widths, words may break */
    "table.audit{font-size:7pt}table.audit td{word-break:break-word}"
    "td.act,td.code,td.lic{min-width:0}th{white-space:normal}}\n"
    "@page{size:A4;margin:16mm 14mm}\n";

pcf_status pcf_report_study_html(const pcf_result *result, const pcf_mc *mc, pcf_db *db,
                                 const char *study_json, const char *lang, char **out,
                                 pcf_error *err)
{
    return pcf_report_study_html_decl(result, mc, db, study_json, NULL, lang, out, err);
}

pcf_status pcf_report_study_html_decl(const pcf_result *result, const pcf_mc *mc, pcf_db *db,
                                      const char *study_json, const pcf_battery_decl *decl,
                                      const char *lang, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!result || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_report_study_html: %s is NULL",
                          !result ? "result" : "out");
    study s = {NULL, 0, &pcf__html_en};
    if (lang && strcmp(lang, "zh") == 0) {
        s.zh = 1;
        s.L = &pcf__html_zh;
    } else if (lang && *lang && strcmp(lang, "en") != 0) {
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "unknown report language \"%.20s\"; use \"en\" or \"zh\"", lang);
    }
    if (study_json && *study_json) {
        pcf_status st = pcf__json_text_parse(study_json, "study", NULL, &s.root, err);
        if (st != PCF_OK)
            return st;
        if (!json_is_object(s.root)) {
            json_decref(s.root);
            return pcf__error(err, PCF_ERR_PARSE, "the study must be a JSON object");
        }
        st = check_study(s.root, err);
        if (st != PCF_OK) {
            json_decref(s.root);
            return st;
        }
    } else {
        s.root = json_object();
        if (!s.root)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the study report");
    }
    pcf__buf b;
    pcf__buf_init(&b);
    const char *name = pcf_result_product_name(result, s.L->lang);
    pcf__buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                    s.zh ? "zh-CN" : "en");
    pcf__buf_printf(&b,
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "\n<title>%s – ",
                    T(&s, T_TITLE));
    pcf__html_esc(&b, name);
    pcf__buf_printf(&b, "</title>\n<style>\n%s%s</style>\n</head>\n<body class=\"study\">\n",
                    pcf__html_css, study_css);
    pcf__buf_printf(&b, "<header>\n<h1>%s</h1>\n<p class=\"subtitle\">", T(&s, T_TITLE));
    pcf__html_esc(&b, name);
    pcf__buf_puts(&b, "</p>\n</header>\n");
    section_general(&b, &s, result);
    section_goal(&b, &s);
    section_scope(&b, &s, result);
    section_inventory(&b, &s, result, db);
    section_results(&b, &s, result, mc);
    pcf_status st = pcf__html_battery_section(&b, decl, s.L->lang, err);
    if (st != PCF_OK) {
        pcf__buf_free(&b);
        json_decref(s.root);
        return st;
    }
    section_interpretation(&b, &s, result, mc);
    section_limitations(&b, &s, result, mc);
    section_verification(&b, &s);
    if (pcf_result_note_count(result) > 0)
        section_notes(&b, &s, result);
    pcf__buf_printf(&b, "<section id=\"appendix\">\n<h2>%s</h2>\n", T(&s, T_APPX));
    pcf__html_section_audit(&b, result, db, s.L);
    pcf__buf_printf(&b, "</section>\n<footer>%s %s</footer>\n</body>\n</html>\n", s.L->generated,
                    pcf_version_string());
    json_decref(s.root);
    char *text = pcf__buf_steal(&b);
    if (!text)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the study report");
    *out = text;
    return pcf__ok(err);
}
