/*
 * pcf — the site disclosure: JSON, plain text and a self-contained HTML page in English or
 * Chinese (Chinese throughout), built with the HTML report's pieces (lib/report_html.h).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "report_html.h"
#include "site_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct site_labels {
    const char *lang, *title, *site, *region, *year, *gwp, *basis_h, *basis[3];
    const char *totals[6], *kinds[PCF__SITE_KINDS], *not_reported, *lines_h, *kind, *item;
    const char *amount, *factor, *code, *kg, *co2_only, *products_h, *product, *output, *share;
    const char *per_year, *per_unit, *notes_h, *datasets_h, *dataset, *licence, *scope_h;
    const char *note_method, *note_refrigerant, *note_location, *note_market_yes, *note_market_no,
        *note_alloc, *note_co2, *note_waste, *gwp_word;
} site_labels;

static const site_labels en = {
    "en",
    "Site greenhouse gas disclosure",
    "Site",
    "Region",
    "Year",
    "GWP100",
    "Allocation to products",
    {"by units (pieces)", "by mass", "by revenue"},
    {"Scope 1 (fuels, refrigerants)", "Scope 2, location-based", "Scope 2, market-based",
     "Waste treatment (scope 3, category 5)",
     "Shared among products (scope 1 + scope 2 location-based + waste + refrigerants outside the "
     "scopes)",
     "Refrigerants outside the scopes (Montreal Protocol gases)"},
    {"fuel", "refrigerant top-up", "grid electricity", "on-site PV used on site",
     "renewable certificate / PPA", "waste"},
    "not reported",
    "Lines",
    "kind",
    "item",
    "amount",
    "factor",
    "code",
    "kg CO2e",
    "CO2 only",
    "Products: gate-to-gate share",
    "product",
    "output",
    "share",
    "kg CO2e per year",
    "kg CO2e per unit",
    "Method",
    "Datasets",
    "dataset",
    "licence",
    "Totals",
    "Scope 1 and scope 2 follow the GHG Protocol Corporate Standard (revised edition, 2004) and "
    "its Scope 2 Guidance (2015); the reporting year and the site's boundary are as stated above.",
    "Refrigerant top-ups are counted as the amount that leaked in the year, times the gas's GWP100 "
    "(IPCC %s).",
    "Location-based scope 2: grid purchases times the grid-average factor of the site's region; "
    "electricity from on-site PV used on site counts zero.",
    "Market-based scope 2: %s kWh covered by renewable certificates or PPAs count at a zero "
    "emission rate; the remaining grid kWh count at the grid-average factor, because no residual "
    "mix is published for this grid (Scope 2 Guidance, Table 6.3, last step of the hierarchy), "
    "which double counts the certified renewable attributes.",
    "Market-based scope 2 is not reported: the site holds no contractual instruments "
    "(certificates, PPAs), and no residual mix is published for this grid.",
    "Products share scope 1, location-based scope 2, waste and the refrigerants outside the scopes "
    "(HCFC, CFC: the Corporate Standard reports them apart; ISO 14067 counts them) in proportion "
    "to their output %s "
    "(ISO 14044:2006, 4.3.4.2: a physical relationship first, revenue only where none fits); each "
    "product's share per unit is the gate-to-gate production stage of its footprint.",
    "Factors marked \"CO2 only\" count carbon dioxide alone, as published.",
    "Waste sent for treatment is scope 3 (category 5), reported apart and not in scope 1 or 2.",
    "IPCC",
};

static const site_labels zh = {
    "zh",
    "厂区温室气体排放披露",
    "厂区",
    "地区",
    "年份",
    "全球变暖潜势(100年)",
    "向产品分摊",
    {"按件数", "按质量", "按收入"},
    {"范围一(燃料、制冷剂)", "范围二(基于位置)", "范围二(基于市场)", "废弃物处理(范围三类别5)",
     "分摊到产品的排放(范围一 + 范围二基于位置 + 废弃物 + 范围外制冷剂)",
     "范围外制冷剂(《蒙特利尔议定书》受控物质)"},
    {"燃料", "制冷剂补充", "电网购电", "厂内光伏自用", "绿证/绿电协议", "废弃物"},
    "不报告",
    "明细",
    "类别",
    "项目",
    "数量",
    "因子",
    "代码",
    "千克二氧化碳当量",
    "仅二氧化碳",
    "产品:厂内(门到门)分摊",
    "产品",
    "产量",
    "分摊比例",
    "全年千克二氧化碳当量",
    "每单位产品千克二氧化碳当量",
    "方法",
    "数据集",
    "数据集",
    "许可",
    "合计",
    "范围一和范围二按《温室气体核算体系:企业核算与报告标准》(2004年修订版)及其《范围二指南》("
    "2015年)"
    "核算;报告年份和厂区边界见上。",
    "制冷剂补充量视为当年泄漏量,乘以该气体的100年全球变暖潜势(IPCC %s)。",
    "范围二(基于位置):电网购电量乘以厂区所在地区的电网平均排放因子;厂内光伏自发自用电量计为零。",
    "范围二(基于市场):绿证或绿电协议覆盖的 %s 千瓦时按零排放计;其余电网购电量按电网平均因子计,"
    "因为该电网没有公布剩余组合因子(《范围二指南》表6.3最后一级),绿电属性因此存在重复计算。",
    "不报告范围二(基于市场):厂区没有绿证、绿电协议等合同工具,且该电网没有公布剩余组合因子。",
    "范围一、范围二(基于位置)、废弃物和范围外制冷剂(HCFC、CFC:企业标准要求单独报告,ISO 14067 "
    "计入)按各产品产量%s分摊(ISO 14044:2006 第4.3.4.2条:"
    "先用物理关系,无合适物理关系时才用收入);每单位产品的分摊量即其碳足迹的厂内(门到门)生产阶段。",
    "标注“仅二氧化碳”的因子按发布值只计二氧化碳。",
    "送外处理的废弃物属于范围三(类别5),单独列出,不计入范围一或范围二。",
    "IPCC",
};

static const site_labels *labels_for(const char *lang, pcf_error *err)
{
    if (!lang || !strcmp(lang, "en") || !*lang)
        return &en;
    if (!strcmp(lang, "zh"))
        return &zh;
    pcf__error(err, PCF_ERR_INVALID_ARG, "unknown language \"%.20s\"; use \"en\" or \"zh\"", lang);
    return NULL;
}

/* The totals in the order they are shown; the one outside the scopes only when not zero. */
static const int total_order[6] = {PCF_SITE_SCOPE1,         PCF_SITE_SCOPE2_LOCATION,
                                   PCF_SITE_SCOPE2_MARKET,  PCF_SITE_WASTE,
                                   PCF_SITE_OUTSIDE_SCOPES, PCF_SITE_GATE_TO_GATE};

static int total_shown(const pcf_site_result *r, int t)
{
    return t != PCF_SITE_OUTSIDE_SCOPES || r->totals[t] != 0;
}

static int basis_index(const pcf_site_result *r)
{
    return !strcmp(r->basis, "mass") ? 1 : !strcmp(r->basis, "revenue") ? 2 : 0;
}

static const char *unit_in(const site_labels *L, const char *sym)
{
    return pcf__html_unit(L == &zh ? &pcf__html_zh : &pcf__html_en, sym);
}

static const char *line_name(const site_labels *L, const pcf__site_line *l)
{
    static const char *const tech[][2] = {{"solar", "光伏"}, {"wind", "风电"}, {"hydro", "水电"}};
    if (l->kind == PCF__SITE_INSTRUMENT)
        for (size_t i = 0; i < 3; i++)
            if (!strcmp(l->name_en, tech[i][0]))
                return L == &zh ? tech[i][1] : tech[i][0];
    if (l->kind == PCF__SITE_GRID || l->kind == PCF__SITE_PV)
        return L->kinds[l->kind];
    return L == &zh ? l->name_zh : l->name_en;
}

/* ---- JSON -------------------------------------------------------------------------------- */

static void json_kv_str(pcf__buf *b, const char *key, const char *v, int comma)
{
    pcf__buf_printf(b, "%s\"%s\": ", comma ? ", " : "", key);
    pcf__buf_json_str(b, v);
}

static void json_kv_num(pcf__buf *b, const char *key, double v)
{
    pcf__buf_printf(b, ", \"%s\": ", key);
    if (isfinite(v))
        pcf__buf_num(b, v);
    else
        pcf__buf_puts(b, "null");
}

pcf_status pcf_site_result_json(const pcf_site_result *r, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_site_result_json: NULL argument");
    static const char *const total_keys[] = {"scope1", "scope2_location", "scope2_market",
                                             "waste",  "gate_to_gate",    "outside_scopes"};
    static const char *const kind_keys[] = {"fuel", "refrigerant", "grid",
                                            "pv",   "instrument",  "waste"};
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__buf_puts(&b, "{\n  \"site\": {");
    json_kv_str(&b, "file", r->filename, 0);
    pcf__buf_puts(&b, ", \"name\": {");
    json_kv_str(&b, "en", r->name_en, 0);
    json_kv_str(&b, "zh", r->name_zh, 1);
    pcf__buf_puts(&b, "}");
    json_kv_str(&b, "region", r->region, 1);
    pcf__buf_printf(&b, ", \"year\": %d", r->year);
    json_kv_str(&b, "gwp", pcf_gwp_set_name(r->gwp), 1);
    json_kv_str(&b, "allocation", r->basis, 1);
    pcf__buf_puts(&b, "},\n  \"totals_kg_co2e\": {");
    for (int i = 0; i < 6; i++) {
        pcf__buf_printf(&b, "%s\"%s\": ", i ? ", " : "", total_keys[i]);
        if (isfinite(r->totals[i]))
            pcf__buf_num(&b, r->totals[i]);
        else
            pcf__buf_puts(&b, "null");
    }
    pcf__buf_puts(&b, "},\n  \"electricity_kwh\": {\"grid\": ");
    pcf__buf_num(&b, r->grid_kwh);
    json_kv_num(&b, "pv", r->pv_kwh);
    json_kv_num(&b, "instruments", r->instrument_kwh);
    pcf__buf_puts(&b, "},\n  \"lines\": [");
    for (size_t i = 0; i < r->n_lines; i++) {
        const pcf__site_line *l = &r->lines[i];
        pcf__buf_printf(&b, "%s\n    {\"kind\": \"%s\", \"scope\": %d", i ? "," : "",
                        kind_keys[l->kind], l->scope);
        json_kv_str(&b, "path", l->path, 1);
        json_kv_str(&b, "name", l->name_en, 1);
        json_kv_num(&b, "amount", l->amount);
        json_kv_str(&b, "unit", l->unit, 1);
        if (l->what[0])
            json_kv_str(&b,
                        l->kind == PCF__SITE_REFRIGERANT ? "gas"
                        : l->kind == PCF__SITE_GRID      ? "region"
                                                         : "instrument",
                        l->what, 1);
        if (l->code[0]) {
            json_kv_str(&b, "factor", l->code, 1);
            json_kv_str(&b, "factor_name", l->factor_en, 1);
            json_kv_str(&b, "dataset", l->dataset, 1);
        }
        if (l->kind != PCF__SITE_PV && l->kind != PCF__SITE_INSTRUMENT) {
            json_kv_num(&b, l->kind == PCF__SITE_REFRIGERANT ? "gwp" : "factor_kg_co2e_per_unit",
                        l->factor);
            json_kv_str(&b, "factor_unit", l->factor_unit, 1);
            json_kv_num(&b, "quantity", l->quantity);
            if (l->co2_only)
                pcf__buf_puts(&b, ", \"co2_only\": true");
        }
        json_kv_num(&b, "kg_co2e", l->kg);
        pcf__buf_puts(&b, "}");
    }
    pcf__buf_puts(&b, "\n  ],\n  \"products\": [");
    for (size_t i = 0; i < r->n_products; i++) {
        const pcf__site_product *p = &r->products[i];
        pcf__buf_puts(&b, i ? ",\n    {" : "\n    {");
        json_kv_str(&b, "id", p->id, 0);
        json_kv_num(&b, "output", p->output);
        json_kv_str(&b, "unit", p->unit, 1);
        json_kv_num(&b, "basis", p->basis);
        json_kv_num(&b, "share", p->share);
        json_kv_num(&b, "kg_co2e", p->kg);
        json_kv_num(&b, "kg_co2e_per_unit", p->per_unit);
        pcf__buf_puts(&b, "}");
    }
    pcf__buf_puts(&b, "\n  ]\n}\n");
    char *text = pcf__buf_steal(&b);
    if (!text)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the site result");
    *out = text;
    return pcf__ok(err);
}

/* ---- text -------------------------------------------------------------------------------- */

static void text_num(pcf__buf *b, double v)
{
    if (isfinite(v))
        pcf__buf_num(b, v);
    else
        pcf__buf_puts(b, "-");
}

pcf_status pcf_site_result_text(const pcf_site_result *r, const char *lang, char **out,
                                pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_site_result_text: NULL argument");
    const site_labels *L = labels_for(lang, err);
    if (!L)
        return PCF_ERR_INVALID_ARG;
    int z = L == &zh;
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__buf_printf(&b, "%s\n%s: %s\n%s: %s  %s: %d  %s: %s %s  %s: %s\n\n", L->title, L->site,
                    z ? r->name_zh : r->name_en, L->region, r->region, L->year, r->year, L->gwp,
                    L->gwp_word, pcf_gwp_set_name(r->gwp), L->basis_h, L->basis[basis_index(r)]);
    for (int i = 0; i < 6; i++) {
        int t = total_order[i];
        if (!total_shown(r, t))
            continue;
        pcf__buf_printf(&b, "%s: ", L->totals[t]);
        if (isfinite(r->totals[t])) {
            text_num(&b, r->totals[t]);
            pcf__buf_printf(&b, " %s\n", L->kg);
        } else {
            pcf__buf_printf(&b, "%s\n", L->not_reported);
        }
    }
    pcf__buf_printf(&b, "\n%s:\n", L->lines_h);
    for (size_t i = 0; i < r->n_lines; i++) {
        const pcf__site_line *l = &r->lines[i];
        pcf__buf_printf(&b, "  [%s] %s: ", L->kinds[l->kind], line_name(L, l));
        text_num(&b, l->amount);
        pcf__buf_printf(&b, " %s", unit_in(L, l->unit));
        if (l->kind == PCF__SITE_PV || l->kind == PCF__SITE_INSTRUMENT) {
            if (l->what[0])
                pcf__buf_printf(&b, " (%s)", l->what);
            pcf__buf_puts(&b, "\n");
            continue;
        }
        pcf__buf_puts(&b, " = ");
        text_num(&b, l->quantity);
        pcf__buf_printf(&b, " %s × ", unit_in(L, l->factor_unit));
        text_num(&b, l->factor);
        if (l->kind == PCF__SITE_REFRIGERANT)
            pcf__buf_printf(&b, " (%s %s %s)", l->what, L->gwp_word, pcf_gwp_set_name(r->gwp));
        else
            pcf__buf_printf(&b, " %s/%s (%s%s%s)", L->kg, unit_in(L, l->factor_unit), l->code,
                            l->co2_only ? ", " : "", l->co2_only ? L->co2_only : "");
        pcf__buf_puts(&b, " = ");
        text_num(&b, l->kg);
        pcf__buf_printf(&b, " %s\n", L->kg);
    }
    pcf__buf_printf(&b, "\n%s (%s):\n", L->products_h, L->basis[basis_index(r)]);
    for (size_t i = 0; i < r->n_products; i++) {
        const pcf__site_product *p = &r->products[i];
        pcf__buf_printf(&b, "  %s (%s): %s ", p->id, z ? p->name_zh : p->name_en, L->output);
        text_num(&b, p->output);
        pcf__buf_printf(&b, " %s, %s ", unit_in(L, p->unit), L->share);
        text_num(&b, p->share);
        pcf__buf_puts(&b, ", ");
        text_num(&b, p->kg);
        pcf__buf_printf(&b, " %s, ", L->per_year);
        text_num(&b, p->per_unit);
        pcf__buf_printf(&b, " %s (%s)\n", L->per_unit, unit_in(L, p->unit));
    }
    char *text = pcf__buf_steal(&b);
    if (!text)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the site disclosure");
    *out = text;
    return pcf__ok(err);
}

/* ---- HTML -------------------------------------------------------------------------------- */

/* The template text with its one "%s" replaced by arg, both escaped. */
static void fill(pcf__buf *b, const char *tmpl, const char *arg)
{
    const char *at = strstr(tmpl, "%s");
    if (!at) {
        pcf__html_esc(b, tmpl);
        return;
    }
    size_t n = (size_t)(at - tmpl);
    char head[512];
    if (n >= sizeof head)
        n = sizeof head - 1;
    memcpy(head, tmpl, n);
    head[n] = '\0';
    pcf__html_esc(b, head);
    pcf__html_esc(b, arg);
    pcf__html_esc(b, at + 2);
}

static void html_notes(pcf__buf *b, const pcf_site_result *r, const site_labels *L)
{
    pcf__buf_printf(b, "<section>\n<h2>%s</h2>\n<ul>\n<li>", L->notes_h);
    pcf__html_esc(b, L->note_method);
    pcf__buf_puts(b, "</li>\n<li>");
    fill(b, L->note_refrigerant, pcf_gwp_set_name(r->gwp));
    pcf__buf_puts(b, "</li>\n<li>");
    pcf__html_esc(b, L->note_location);
    pcf__buf_puts(b, "</li>\n<li>");
    if (isfinite(r->totals[PCF_SITE_SCOPE2_MARKET])) {
        pcf__numbuf nb;
        fill(b, L->note_market_yes, pcf__num(&nb, r->instrument_kwh));
    } else {
        pcf__html_esc(b, L->note_market_no);
    }
    pcf__buf_puts(b, "</li>\n<li>");
    fill(b, L->note_alloc, L->basis[basis_index(r)]);
    pcf__buf_puts(b, "</li>\n<li>");
    pcf__html_esc(b, L->note_waste);
    pcf__buf_puts(b, "</li>\n");
    int co2 = 0;
    for (size_t i = 0; i < r->n_lines; i++)
        co2 |= r->lines[i].co2_only;
    if (co2) {
        pcf__buf_puts(b, "<li>");
        pcf__html_esc(b, L->note_co2);
        pcf__buf_puts(b, "</li>\n");
    }
    pcf__buf_puts(b, "</ul>\n</section>\n");
}

static void html_lines(pcf__buf *b, const pcf_site_result *r, const site_labels *L)
{
    pcf__buf_printf(b,
                    "<section>\n<h2>%s</h2>\n<table>\n<tr><th>%s</th><th>%s</th><th "
                    "class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th><th "
                    "class=\"num\">%s</th></tr>\n",
                    L->lines_h, L->kind, L->item, L->amount, L->factor, L->code, L->kg);
    for (size_t i = 0; i < r->n_lines; i++) {
        const pcf__site_line *l = &r->lines[i];
        int zero = l->kind == PCF__SITE_PV || l->kind == PCF__SITE_INSTRUMENT;
        pcf__buf_printf(b, "<tr><td class=\"nw\">%s</td><td class=\"act\">", L->kinds[l->kind]);
        pcf__html_esc(b, line_name(L, l));
        if (l->what[0] && l->kind != PCF__SITE_REFRIGERANT) {
            pcf__buf_puts(b, "<br><span class=\"role\">");
            pcf__html_esc(b, l->what);
            pcf__buf_puts(b, "</span>");
        }
        pcf__buf_puts(b, "</td><td class=\"num\">");
        pcf__buf_num(b, l->amount);
        pcf__buf_puts(b, " ");
        pcf__html_esc(b, unit_in(L, l->unit));
        pcf__buf_puts(b, "</td><td class=\"num\">");
        if (!zero) {
            pcf__buf_num(b, l->factor);
            if (l->kind == PCF__SITE_REFRIGERANT) {
                pcf__buf_printf(b, " (%s %s)", L->gwp_word, pcf_gwp_set_name(r->gwp));
            } else {
                pcf__buf_printf(b, " %s/", L->kg);
                pcf__html_esc(b, unit_in(L, l->factor_unit));
            }
            if (l->co2_only)
                pcf__buf_printf(b, "<br><span class=\"role\">%s</span>", L->co2_only);
        }
        pcf__buf_puts(b, "</td><td class=\"code\">");
        if (l->code[0]) {
            pcf__html_esc(b, l->code);
            pcf__buf_puts(b, "<br><span class=\"role\">");
            pcf__html_esc(b, L == &zh ? l->factor_zh : l->factor_en);
            pcf__buf_puts(b, "</span>");
        } else if (l->kind == PCF__SITE_REFRIGERANT) {
            pcf__html_esc(b, l->what);
        }
        pcf__buf_puts(b, "</td><td class=\"num\">");
        pcf__html_sig(b, l->kg, 6);
        pcf__buf_puts(b, "</td></tr>\n");
    }
    pcf__buf_puts(b, "</table>\n</section>\n");
}

static void html_products(pcf__buf *b, const pcf_site_result *r, const site_labels *L)
{
    pcf__buf_printf(b,
                    "<section>\n<h2>%s</h2>\n<p class=\"muted\">%s: %s</p>\n<table>\n<tr>"
                    "<th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th "
                    "class=\"num\">%s</th><th class=\"num\">%s</th></tr>\n",
                    L->products_h, L->basis_h, L->basis[basis_index(r)], L->product, L->output,
                    L->share, L->per_year, L->per_unit);
    pcf__html_bar *bars = calloc(r->n_products + 1, sizeof *bars);
    for (size_t i = 0; i < r->n_products; i++) {
        const pcf__site_product *p = &r->products[i];
        pcf__buf_puts(b, "<tr><td>");
        pcf__html_esc(b, L == &zh ? p->name_zh : p->name_en);
        pcf__buf_puts(b, "<br><span class=\"role\">");
        pcf__html_esc(b, p->id);
        pcf__buf_puts(b, "</span></td><td class=\"num\">");
        pcf__buf_num(b, p->output);
        pcf__buf_puts(b, " ");
        pcf__html_esc(b, unit_in(L, p->unit));
        pcf__buf_puts(b, "</td><td class=\"num\">");
        pcf__html_sig(b, p->share * 100, 4);
        pcf__buf_puts(b, "%</td><td class=\"num\">");
        pcf__html_sig(b, p->kg, 6);
        pcf__buf_puts(b, "</td><td class=\"num\">");
        pcf__html_sig(b, p->per_unit, 4);
        pcf__buf_puts(b, " / ");
        pcf__html_esc(b, unit_in(L, p->unit));
        pcf__buf_puts(b, "</td></tr>\n");
        if (bars)
            bars[i] = (pcf__html_bar){L == &zh ? p->name_zh : p->name_en, p->kg,
                                      pcf__html_stage_colour[i % PCF_STAGE_COUNT], 0};
    }
    pcf__buf_puts(b, "</table>\n");
    if (bars)
        pcf__html_bar_chart(b, bars, r->n_products, L->per_year, "");
    else
        b->failed = 1;
    free(bars);
    pcf__buf_puts(b, "</section>\n");
}

static void html_datasets(pcf__buf *b, const pcf_site_result *r, pcf_db *db, const site_labels *L)
{
    pcf__buf_printf(b, "<section>\n<h2>%s</h2>\n<table>\n<tr><th>%s</th><th>%s</th></tr>\n",
                    L->datasets_h, L->dataset, L->licence);
    for (size_t i = 0; i < r->n_lines; i++) {
        const pcf__site_line *l = &r->lines[i];
        int seen = !l->dataset[0];
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(r->lines[j].dataset, l->dataset) &&
                   !strcmp(r->lines[j].dataset_version, l->dataset_version);
        if (seen)
            continue;
        const pcf_dataset *ds =
            db ? pcf__html_find_dataset(db, l->dataset, l->dataset_version) : NULL;
        pcf__buf_puts(b, "<tr><td>");
        pcf__html_esc(b, l->dataset);
        pcf__buf_puts(b, " ");
        pcf__html_esc(b, l->dataset_version);
        pcf__buf_puts(b, "</td><td class=\"lic\">");
        if (ds) {
            pcf__html_esc(b, pcf_dataset_license(ds));
            if (pcf_dataset_attribution(ds) && *pcf_dataset_attribution(ds)) {
                pcf__buf_puts(b, "<br>");
                pcf__html_esc(b, pcf_dataset_attribution(ds));
            }
        } else {
            pcf__buf_puts(b, "–");
        }
        pcf__buf_puts(b, "</td></tr>\n");
    }
    pcf__buf_puts(b, "</table>\n</section>\n");
}

pcf_status pcf_site_result_html(const pcf_site_result *r, pcf_db *db, const char *lang, char **out,
                                pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_site_result_html: NULL argument");
    const site_labels *L = labels_for(lang, err);
    if (!L)
        return PCF_ERR_INVALID_ARG;
    const char *name = L == &zh ? r->name_zh : r->name_en;
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__buf_printf(&b,
                    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>",
                    L->lang);
    pcf__html_esc(&b, L->title);
    pcf__buf_puts(&b, " – ");
    pcf__html_esc(&b, name);
    pcf__buf_printf(&b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>",
                    pcf__html_css);
    pcf__html_esc(&b, L->title);
    pcf__buf_printf(&b, "</h1>\n<dl class=\"meta\">\n<dt>%s</dt><dd>", L->site);
    pcf__html_esc(&b, name);
    pcf__buf_printf(&b, "</dd>\n<dt>%s</dt><dd>", L->region);
    pcf__html_esc(&b, r->region);
    pcf__buf_printf(&b, "</dd>\n<dt>%s</dt><dd>%d</dd>\n<dt>%s</dt><dd>%s %s</dd>\n", L->year,
                    r->year, L->gwp, L->gwp_word, pcf_gwp_set_name(r->gwp));
    pcf__buf_puts(&b, "</dl>\n</header>\n");
    pcf__buf_printf(&b, "<div class=\"total\"><div>%s + %s</div><div><span class=\"big\">",
                    L->totals[0], L->totals[1]);
    pcf__html_sig(&b, r->totals[PCF_SITE_SCOPE1] + r->totals[PCF_SITE_SCOPE2_LOCATION], 4);
    pcf__buf_printf(&b, "</span> <span class=\"unit\">%s</span></div></div>\n", L->kg);
    pcf__buf_printf(&b, "<section>\n<h2>%s</h2>\n<table class=\"facts\">\n", L->scope_h);
    pcf__html_bar bars[5];
    size_t n_bars = 0;
    for (int i = 0; i < 6; i++) {
        int t = total_order[i];
        if (!total_shown(r, t))
            continue;
        pcf__buf_printf(&b, "<tr%s><th>%s</th><td class=\"num\">",
                        t == PCF_SITE_GATE_TO_GATE ? " class=\"tot\"" : "", L->totals[t]);
        if (isfinite(r->totals[t]))
            pcf__html_sig(&b, r->totals[t], 6);
        else
            pcf__buf_puts(&b, L->not_reported);
        pcf__buf_printf(&b, " %s</td></tr>\n", isfinite(r->totals[t]) ? L->kg : "");
        if (t != PCF_SITE_GATE_TO_GATE)
            bars[n_bars++] =
                (pcf__html_bar){L->totals[t], isfinite(r->totals[t]) ? r->totals[t] : 0,
                                pcf__html_stage_colour[t], !isfinite(r->totals[t])};
    }
    pcf__buf_puts(&b, "</table>\n");
    pcf__html_bar_chart(&b, bars, n_bars, L->scope_h, L->not_reported);
    pcf__buf_puts(&b, "</section>\n");
    html_lines(&b, r, L);
    html_products(&b, r, L);
    html_notes(&b, r, L);
    html_datasets(&b, r, db, L);
    pcf__buf_printf(&b, "<footer>pcf %s</footer>\n</body>\n</html>\n", pcf_version_string());
    char *text = pcf__buf_steal(&b);
    if (!text)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the site disclosure");
    *out = text;
    return pcf__ok(err);
}
