/*
 * pcf — the exporters' regimes in a report: the CBAM section (installation, goods with CN codes,
 * SEE direct and indirect, precursors, electricity, actual vs default, mark-up and its source)
 * and the EU battery declaration's section (functional unit, kg CO2e per kWh per stage), as text
 * or HTML, in English or Chinese. GPL-3.0-or-later; see LICENSE.
 *
 * Both are written from the regime's own output document (pcf_cbam_result_to_json(),
 * pcf_battery_decl_to_json()), so the report shows exactly the figures the JSON carries. One
 * walk writes text and HTML alike through a small sink (rs_*): headings, label/value rows, and
 * lists; in HTML every text is escaped.
 */
#include "model_internal.h"
#include "report_html.h"

#include "pcf/battery.h"
#include "pcf/cbam.h"
#include "pcf/report.h"

#include <jansson.h>
#include <string.h>

/* ------------------------------------------------------------------ labels ---- */

enum {
    L_CBAM_TITLE,
    L_INSTALLATION,
    L_OPERATOR,
    L_ADDRESS,
    L_PERIOD,
    L_YEAR,
    L_YEAR_NOTE,
    L_GOODS_H,
    L_PROCESSES_H,
    L_PROCESS,
    L_SECTOR,
    L_CATEGORY,
    L_ROUTE,
    L_SEE,
    L_DIRECT,
    L_INDIRECT,
    L_TOTAL,
    L_COUNTED,
    L_DATA,
    L_DEFAULT_SHARE,
    L_ACTIVITY,
    L_ATTRIBUTED,
    L_TERMS,
    L_ELECTRICITY,
    L_EVIDENCE,
    L_PRECURSOR,
    L_OWN_PROCESS,
    L_DEFAULT_VALUE,
    L_PUBLISHED,
    L_NOT_GIVEN,
    L_MARKUP,
    L_MARKUP_SOURCE,
    L_SOURCE,
    L_EMBEDDED,
    L_NOTES_H,
    L_OTHER_NOTE,
    L_T,
    L_T_PER_T,
    L_BAT_TITLE,
    L_BAT_MODEL,
    L_MANUFACTURER,
    L_PLANT,
    L_CATEGORY_BAT,
    L_FUNCTIONAL_UNIT,
    L_FU_TEXT,
    L_LIFETIME,
    L_CAPACITY,
    L_CYCLES_YEAR,
    L_LIFE_YEARS,
    L_FEC,
    L_FOOTPRINT,
    L_PER_KWH,
    L_SHARE,
    L_ABSOLUTE,
    L_USE_EXCLUDED,
    L_STUDY,
    L_COUNT
};

static const char *const labels[2][L_COUNT] = {
    {"CBAM: specific embedded emissions of goods (Regulation (EU) 2023/956; Implementing "
     "Regulation (EU) 2023/1773, Annex III)",
     "Installation",
     "Operator",
     "Address",
     "Reporting period",
     "Year of import",
     "the mark-up of this year applies to default values",
     "Goods",
     "Production processes",
     "Process",
     "Sector",
     "Aggregated goods category",
     "Route",
     "SEE",
     "direct",
     "indirect",
     "total",
     "Emissions counted",
     "Data",
     "Share of default values",
     "Activity level",
     "Attributed emissions",
     "Terms",
     "Electricity consumed",
     "Evidence",
     "Precursor",
     "own process",
     "default value",
     "published",
     "not given",
     "mark-up",
     "Source of the mark-up",
     "source",
     "Embedded emissions",
     "Notes",
     "A further note (see the notes above in English).",
     "t",
     "t CO2e/t",
     "EU battery carbon-footprint declaration (Regulation (EU) 2023/1542, Art. 7 and Annex II)",
     "Battery model",
     "Manufacturer",
     "Manufacturing plant",
     "Battery category",
     "Functional unit",
     "1 kWh of the total energy the battery provides over its service life",
     "Lifetime energy",
     "Capacity",
     "Full equivalent cycles per year",
     "Service life (years)",
     "Full equivalent cycles",
     "Carbon footprint",
     "kg CO2e/kWh",
     "share",
     "One battery, four declared stages",
     "Use stage (not declared)",
     "Carbon footprint study"},
    {"CBAM：货物的特定内含排放（欧盟法规 (EU) 2023/956；实施条例 (EU) 2023/1773 附件三）",
     "装置",
     "运营者",
     "地址",
     "报告期",
     "进口年份",
     "默认值按该年份的加成计算",
     "货物",
     "生产过程",
     "生产过程",
     "行业",
     "汇总货物类别",
     "生产路线",
     "特定内含排放",
     "直接",
     "间接",
     "合计",
     "计入的排放",
     "数据",
     "默认值占比",
     "活动水平",
     "归属排放",
     "各项",
     "消耗的电力",
     "证明",
     "前体",
     "本装置生产",
     "默认值",
     "公布值",
     "未给出",
     "加成",
     "加成的依据",
     "来源",
     "内含排放",
     "说明",
     "另有一条计算说明，仅有英文原文，见英文版报告。",
     "吨",
     "吨二氧化碳当量/吨",
     "欧盟电池碳足迹声明（法规 (EU) 2023/1542 第 7 条和附件二）",
     "电池型号",
     "制造商",
     "制造工厂",
     "电池类别",
     "功能单位",
     "电池在使用寿命内提供的总能量中的 1 千瓦时",
     "寿命期总能量",
     "容量",
     "每年等效满充放电次数",
     "使用寿命（年）",
     "等效满充放电次数",
     "碳足迹",
     "千克二氧化碳当量/千瓦时",
     "占比",
     "一块电池，四个声明阶段",
     "使用阶段（不声明）",
     "碳足迹研究"},
};

/* A code of the documents (sector, basis, data basis, stage) as the reader of zh reads it. */
static const char *term(int zh, const char *code)
{
    static const char *const map[][3] = {
        {"cement", "cement", "水泥"},
        {"iron_steel", "iron and steel", "钢铁"},
        {"aluminium", "aluminium", "铝"},
        {"fertilisers", "fertilisers", "化肥"},
        {"hydrogen", "hydrogen", "氢"},
        {"electricity", "electricity", "电力"},
        {"grid", "grid", "电网"},
        {"ppa", "power purchase agreement", "购电协议"},
        {"direct_link", "direct technical link", "直接技术连接"},
        {"actual", "actual", "实际数据"},
        {"default", "default value", "默认值"},
        {"actual with default precursors", "actual, with default values for precursors",
         "实际数据（部分前体使用默认值）"},
        {"direct", "direct", "直接排放"},
        {"direct+indirect", "direct + indirect", "直接和间接排放"},
        {"RawMaterialExtraction", "Raw material acquisition and pre-processing",
         "原材料获取和预处理"},
        {"MainProduction", "Main product production", "主要产品生产"},
        {"Distribution", "Distribution", "分销"},
        {"Recycling", "End of life and recycling", "寿命终止和回收"},
        {"electric-vehicle", "electric-vehicle battery", "电动汽车电池"},
        {"industrial", "rechargeable industrial battery", "可充电工业电池"},
        {"lmt", "LMT battery", "轻型交通工具电池"},
    };
    for (size_t i = 0; code && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], code) == 0)
            return map[i][zh ? 2 : 1];
    return code ? code : "";
}

/* ------------------------------------------------------------------ the sink ---- */

typedef struct rs {
    pcf__buf *b;
    int html, zh;
    pcf__buf v; /* the value being built */
} rs;

static const char *L(const rs *o, int k)
{
    return labels[o->zh][k];
}

static void rs_text(rs *o, const char *s)
{
    if (o->html)
        pcf__html_esc(o->b, s ? s : "");
    else
        pcf__buf_puts(o->b, s ? s : "");
}

/* Opens (level 1: the section, 2: a part of it) a heading. */
static void rs_heading(rs *o, int level, const char *title)
{
    if (o->html) {
        pcf__buf_printf(o->b, "<h%d>", level + 1);
        rs_text(o, title);
        pcf__buf_printf(o->b, "</h%d>\n", level + 1);
    } else {
        pcf__buf_puts(o->b, level == 1 ? "\n" : "\n  ");
        rs_text(o, title);
        pcf__buf_puts(o->b, "\n");
    }
}

static void rs_table(rs *o, int open)
{
    if (o->html)
        pcf__buf_puts(o->b, open ? "<table class=\"facts\">\n" : "</table>\n");
}

/* The value built so far ("" when nothing), and emptying it. */
static const char *vtext(const rs *o)
{
    return o->v.data ? o->v.data : "";
}

static void vclear(rs *o)
{
    o->v.len = 0;
    if (o->v.data)
        o->v.data[0] = '\0';
}

/* Writes the row label: the value built in o->v (then emptied). Indented one step more in
 * text with @p depth 1. */
static void rs_row(rs *o, int depth, const char *label)
{
    const char *v = vtext(o);
    if (o->html) {
        pcf__buf_puts(o->b, depth ? "<tr><th class=\"sub\">" : "<tr><th>");
        rs_text(o, label);
        pcf__buf_puts(o->b, "</th><td>");
        rs_text(o, v);
        pcf__buf_puts(o->b, "</td></tr>\n");
    } else {
        pcf__buf_printf(o->b, "%s%s%s%s\n", depth ? "      " : "    ", label, o->zh ? "：" : ": ",
                        v);
    }
    vclear(o);
}

/* Value pieces: a text that may be absent (a field the document may leave out), a label, a
 * term. */
static void vs(rs *o, const char *s)
{
    pcf__buf_puts(&o->v, s ? s : "");
}

static void vl(rs *o, int k)
{
    pcf__buf_puts(&o->v, L(o, k));
}

static void vt(rs *o, const char *code)
{
    pcf__buf_puts(&o->v, term(o->zh, code));
}

static void vnum(rs *o, const json_t *n)
{
    if (json_is_number(n))
        pcf__buf_num(&o->v, json_number_value(n));
    else
        vl(o, L_NOT_GIVEN);
}

static const char *str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static const json_t *num(const json_t *obj, const char *key)
{
    return json_object_get(obj, key);
}

/* "0.1782 (17.8 %)" */
static void vshare(rs *o, const json_t *n)
{
    vnum(o, n);
    if (json_is_number(n)) {
        vs(o, o->zh ? "（" : " (");
        pcf__html_fixed(&o->v, json_number_value(n) * 100, 1);
        vs(o, o->zh ? " %）" : " %)");
    }
}

/* ------------------------------------------------------------------ CBAM ---- */

/* "direct 1.5, indirect 0.0285, total 1.5285" with the unit. */
static void see_triplet(rs *o, const json_t *obj, const char *dir, const char *ind, const char *tot,
                        const char *unit)
{
    vl(o, L_DIRECT);
    vs(o, " ");
    vnum(o, num(obj, dir));
    vs(o, o->zh ? "，" : ", ");
    vl(o, L_INDIRECT);
    vs(o, " ");
    vnum(o, num(obj, ind));
    if (tot) {
        vs(o, o->zh ? "，" : ", ");
        vl(o, L_TOTAL);
        vs(o, " ");
        vnum(o, num(obj, tot));
    }
    vs(o, " ");
    vs(o, unit);
}

/* The shipped mark-up source, restated in Chinese; any other source as given. */
static void vmarkup_source(rs *o, const char *src)
{
    if (o->zh && src && strncmp(src, "Implementing Regulation (EU) 2025/2621", 38) == 0)
        vs(o, "实施条例 (EU) 2025/2621（最终期默认值）：2026 年 +10%，2027 年 +20%，2028 年起 "
              "+30%（百分比取自第三方对该条例的摘要，条款未经核对，见 docs/cbam-format.md）");
    else
        vs(o, src);
}

static void default_value(rs *o, int depth, const json_t *dv)
{
    const char *code = str(dv, "factor_code");
    vs(o, code ? code : str(dv, "source"));
    vs(o, o->zh ? "：" : ": ");
    vl(o, L_PUBLISHED);
    vs(o, " ");
    see_triplet(o, dv, "published_direct", "published_indirect", NULL, L(o, L_T_PER_T));
    vs(o, o->zh ? "；" : "; ");
    vl(o, L_MARKUP);
    vs(o, " ");
    vshare(o, num(dv, "markup"));
    rs_row(o, depth, L(o, L_DEFAULT_VALUE));
    vmarkup_source(o, str(dv, "markup_source"));
    rs_row(o, depth, L(o, L_MARKUP_SOURCE));
}

static void precursor(rs *o, const json_t *p)
{
    const char *proc = str(p, "process"), *name = str(p, "name"), *cn = str(p, "cn_code");
    vs(o, name ? name : proc);
    if (proc) {
        vs(o, o->zh ? "（" : " (");
        vl(o, L_OWN_PROCESS);
        vs(o, " ");
        vs(o, proc);
        vs(o, o->zh ? "）" : ")");
    } else if (cn) {
        vs(o, o->zh ? "（CN " : " (CN ");
        vs(o, cn);
        vs(o, o->zh ? "）" : ")");
    }
    vs(o, o->zh ? "：" : ": ");
    vnum(o, num(p, "mass_t"));
    vs(o, " ");
    vl(o, L_T);
    vs(o, o->zh ? "；" : "; ");
    see_triplet(o, p, "see_direct", "see_indirect", NULL, L(o, L_T_PER_T));
    vs(o, o->zh ? "；" : "; ");
    vt(o, str(p, "data_basis"));
    if (str(p, "source")) {
        vs(o, o->zh ? "；来源：" : "; source: ");
        vs(o, str(p, "source"));
    }
    rs_row(o, 0, L(o, L_PRECURSOR));
    const json_t *dv = json_object_get(p, "default_value");
    if (dv)
        default_value(o, 1, dv);
}

static void electricity(rs *o, const json_t *el)
{
    const char *code = str(el, "factor_code"), *src = str(el, "source");
    if (!json_is_object(el)) {
        /* the process declares no electricity (JSON null): say so, never "0 MWh × 0 t CO2/MWh" */
        vs(o, o->zh ? "无（该工序未申报电力消耗）" : "none (the process declares no electricity)");
        rs_row(o, 0, L(o, L_ELECTRICITY));
        return;
    }
    vnum(o, num(el, "consumed_mwh"));
    vs(o, o->zh ? " 兆瓦时 × " : " MWh × ");
    vnum(o, num(el, "emission_factor_t_per_mwh"));
    vs(o, o->zh ? " 吨二氧化碳/兆瓦时（" : " t CO2/MWh (");
    vt(o, str(el, "basis"));
    if (code || src) {
        vs(o, o->zh ? "；" : "; ");
        vs(o, code ? code : src);
    }
    vs(o, o->zh ? "）" : ")");
    rs_row(o, 0, L(o, L_ELECTRICITY));
    if (str(el, "evidence")) {
        vs(o, str(el, "evidence"));
        rs_row(o, 1, L(o, L_EVIDENCE));
    }
}

static void attributed(rs *o, const json_t *ae)
{
    vl(o, L_DIRECT);
    vs(o, " ");
    vnum(o, num(ae, "attributed_direct_t"));
    vs(o, o->zh ? "，" : ", ");
    vl(o, L_INDIRECT);
    vs(o, " ");
    vnum(o, num(ae, "attributed_indirect_t"));
    vs(o, o->zh ? " 吨二氧化碳当量" : " t CO2e");
    rs_row(o, 0, L(o, L_ATTRIBUTED));
    static const char *const keys[] = {"direct_emissions_t",   "heat_imported_t",
                                       "heat_exported_t",      "waste_gas_imported_t",
                                       "waste_gas_exported_t", "electricity_exported_t"};
    static const char *const names[2][6] = {
        {"direct emissions", "heat imported", "heat exported", "waste gas imported",
         "waste gas exported", "electricity exported"},
        {"直接排放", "输入热", "输出热", "输入废气", "输出废气", "输出电力"}};
    for (size_t i = 0; i < 6; i++) {
        vs(o, i ? (o->zh ? "，" : ", ") : "");
        vs(o, names[o->zh][i]);
        vs(o, " ");
        vnum(o, num(ae, keys[i]));
    }
    rs_row(o, 1, L(o, L_TERMS));
}

static void process(rs *o, const json_t *p)
{
    vs(o, str(p, "id"));
    if (str(p, "name")) {
        vs(o, o->zh ? "（" : " (");
        vs(o, str(p, "name"));
        vs(o, o->zh ? "）" : ")");
    }
    if (o->html) {
        pcf__buf_puts(o->b, "<h4>");
        rs_text(o, vtext(o));
        pcf__buf_puts(o->b, "</h4>\n");
        rs_table(o, 1);
    } else {
        pcf__buf_printf(o->b, "  %s\n", vtext(o));
    }
    vclear(o);
    vt(o, str(p, "sector"));
    vs(o, o->zh ? "；" : "; ");
    vs(o, str(p, "aggregated_goods_category"));
    if (str(p, "route")) {
        vs(o, o->zh ? "；" : "; ");
        vl(o, L_ROUTE);
        vs(o, " ");
        vs(o, str(p, "route"));
    }
    rs_row(o, 0, L(o, L_SECTOR));
    vnum(o, num(p, "activity_level_t"));
    vs(o, " ");
    vl(o, L_T);
    rs_row(o, 0, L(o, L_ACTIVITY));
    if (json_object_get(p, "attributed_emissions"))
        attributed(o, json_object_get(p, "attributed_emissions"));
    if (json_object_get(p, "electricity"))
        electricity(o, json_object_get(p, "electricity"));
    if (json_object_get(p, "default_value"))
        default_value(o, 0, json_object_get(p, "default_value"));
    size_t i;
    const json_t *pre;
    json_array_foreach(json_object_get(p, "precursors"), i, pre) precursor(o, pre);
    if (json_is_number(num(p, "embedded_emissions_direct_t"))) {
        see_triplet(o, p, "embedded_emissions_direct_t", "embedded_emissions_indirect_t", NULL,
                    o->zh ? "吨二氧化碳当量" : "t CO2e");
        rs_row(o, 0, L(o, L_EMBEDDED));
    }
    see_triplet(o, p, "see_direct", "see_indirect", "see_total", L(o, L_T_PER_T));
    rs_row(o, 0, L(o, L_SEE));
    vt(o, str(p, "data_basis"));
    vs(o, o->zh ? "；" : "; ");
    vl(o, L_DEFAULT_SHARE);
    vs(o, " ");
    vshare(o, num(p, "default_share"));
    rs_row(o, 0, L(o, L_DATA));
    rs_table(o, 0);
}

static void good(rs *o, const json_t *g)
{
    if (o->html) {
        pcf__buf_puts(o->b, "<h4>CN ");
        rs_text(o, str(g, "cn_code"));
        if (str(g, "name")) {
            pcf__buf_puts(o->b, " – ");
            rs_text(o, str(g, "name"));
        }
        pcf__buf_puts(o->b, "</h4>\n");
        rs_table(o, 1);
    } else {
        pcf__buf_printf(o->b, "  CN %s%s%s\n", str(g, "cn_code"), str(g, "name") ? " – " : "",
                        str(g, "name") ? str(g, "name") : "");
    }
    vs(o, str(g, "process"));
    vs(o, o->zh ? "（" : " (");
    vt(o, str(g, "sector"));
    vs(o, o->zh ? "；" : "; ");
    vs(o, str(g, "aggregated_goods_category"));
    vs(o, o->zh ? "）" : ")");
    rs_row(o, 0, L(o, L_PROCESS));
    see_triplet(o, g, "see_direct", "see_indirect", "see_total", L(o, L_T_PER_T));
    rs_row(o, 0, L(o, L_SEE));
    vt(o, str(g, "emissions_counted"));
    vs(o, o->zh ? "：" : ": ");
    vnum(o, num(g, "see_counted"));
    vs(o, " ");
    vl(o, L_T_PER_T);
    rs_row(o, 0, L(o, L_COUNTED));
    vt(o, str(g, "data_basis"));
    vs(o, o->zh ? "；" : "; ");
    vl(o, L_DEFAULT_SHARE);
    vs(o, " ");
    vshare(o, num(g, "default_share"));
    rs_row(o, 0, L(o, L_DATA));
    rs_table(o, 0);
}

/* A CBAM note as the reader of zh reads it. */
static void cbam_note(rs *o, const char *n)
{
    if (!o->zh) {
        vs(o, n);
        return;
    }
    const char *gives = strstr(n, " gives no indirect value");
    if (strncmp(n, "Default value ", 14) == 0 && gives) {
        vs(o, "默认值 ");
        pcf__buf_append(&o->v, n + 14, (size_t)(gives - n - 14));
        vs(o, " 未给出间接排放值，其间接特定内含排放按 0 计（钢铁、铝和氢只计直接排放，法规 (EU) "
              "2023/956 附件二）。");
    } else if (strncmp(n, "Transport of goods and precursors", 33) == 0) {
        vs(o, "货物和前体的运输不在边界内（实施条例 (EU) 2023/1773 附件二），不予计入。");
    } else {
        vl(o, L_OTHER_NOTE);
    }
}

static void notes(rs *o, const json_t *list, void (*tr)(rs *, const char *))
{
    if (json_array_size(list) == 0)
        return;
    rs_heading(o, 2, L(o, L_NOTES_H));
    pcf__buf_puts(o->b, o->html ? "<ul>\n" : "");
    size_t i;
    const json_t *n;
    json_array_foreach(list, i, n)
    {
        tr(o, json_string_value(n) ? json_string_value(n) : "");
        pcf__buf_puts(o->b, o->html ? "<li>" : "    - ");
        rs_text(o, vtext(o));
        pcf__buf_puts(o->b, o->html ? "</li>\n" : "\n");
        vclear(o);
    }
    pcf__buf_puts(o->b, o->html ? "</ul>\n" : "");
}

static void installation(rs *o, const json_t *doc)
{
    const json_t *in = json_object_get(doc, "installation");
    rs_table(o, 1);
    vs(o, str(in, "name"));
    static const char *const where[] = {"city", "country", "unlocode"};
    for (size_t i = 0; i < 3; i++)
        if (str(in, where[i])) {
            vs(o, o->zh ? "，" : ", ");
            vs(o, str(in, where[i]));
        }
    rs_row(o, 0, L(o, L_INSTALLATION));
    if (str(in, "operator")) {
        vs(o, str(in, "operator"));
        rs_row(o, 0, L(o, L_OPERATOR));
    }
    if (str(in, "address")) {
        vs(o, str(in, "address"));
        rs_row(o, 0, L(o, L_ADDRESS));
    }
    const json_t *per = json_object_get(doc, "reporting_period");
    if (str(per, "start")) {
        vs(o, str(per, "start"));
        vs(o, " – ");
        vs(o, str(per, "end"));
        rs_row(o, 0, L(o, L_PERIOD));
    }
    pcf__buf_printf(&o->v, "%lld", (long long)json_integer_value(json_object_get(doc, "year")));
    vs(o, o->zh ? "（" : " (");
    vl(o, L_YEAR_NOTE);
    vs(o, o->zh ? "）" : ")");
    rs_row(o, 0, L(o, L_YEAR));
    rs_table(o, 0);
}

/* The CBAM section of the result's communication document into o->b. */
static void cbam_section(rs *o, const json_t *doc)
{
    if (o->html)
        pcf__buf_puts(o->b, "<section class=\"regime cbam\">\n");
    rs_heading(o, 1, L(o, L_CBAM_TITLE));
    installation(o, doc);
    rs_heading(o, 2, L(o, L_GOODS_H));
    size_t i;
    const json_t *x;
    json_array_foreach(json_object_get(doc, "goods"), i, x) good(o, x);
    rs_heading(o, 2, L(o, L_PROCESSES_H));
    json_array_foreach(json_object_get(doc, "production_processes"), i, x) process(o, x);
    notes(o, json_object_get(doc, "notes"), cbam_note);
    if (o->html)
        pcf__buf_puts(o->b, "</section>\n");
}

/* ------------------------------------------------------------------ battery ---- */

static void battery_note(rs *o, const char *n)
{
    if (!o->zh)
        vs(o, n);
    else if (strncmp(n, "Stages mapped from pcf's", 24) == 0)
        vs(o, "阶段由 pcf 的阶段对应：原材料 → 原材料获取和预处理；生产 → 主要产品生产；运输和"
              "仓储 → 分销；寿命终止 → 寿命终止和回收；使用阶段不计入（法规 (EU) 2023/1542 "
              "附件二）。");
    else if (strncmp(n, "The performance class is not given", 34) == 0)
        vs(o, "未给出碳足迹性能等级：其阈值将由以后的授权法案规定。");
    else if (strncmp(n, "Recycling method:", 17) == 0)
        vs(o, "回收分配方法与碳足迹计算相同（见计算说明）。");
    else
        vl(o, L_OTHER_NOTE);
}

static void number_with_source(rs *o, const json_t *fu, const char *key, int label)
{
    const json_t *q = json_object_get(fu, key);
    if (!q)
        return;
    vnum(o, num(q, "value"));
    if (str(q, "source")) {
        vs(o, o->zh ? "（来源：" : " (source: ");
        vs(o, str(q, "source"));
        vs(o, o->zh ? "）" : ")");
    }
    rs_row(o, 1, L(o, label));
}

static void battery_section(rs *o, const json_t *doc)
{
    if (o->html)
        pcf__buf_puts(o->b, "<section class=\"regime battery\">\n");
    rs_heading(o, 1, L(o, L_BAT_TITLE));
    rs_table(o, 1);
    static const struct {
        const char *key;
        int label;
    } facts[] = {{"batteryModel", L_BAT_MODEL},
                 {"manufacturerInformation", L_MANUFACTURER},
                 {"manufacturingPlant", L_PLANT},
                 {"batteryCategory", L_CATEGORY_BAT},
                 {"carbonFootprintStudy", L_STUDY}};
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
        vs(o, facts[i].label == L_CATEGORY_BAT ? term(o->zh, str(doc, facts[i].key))
                                               : str(doc, facts[i].key));
        if (facts[i].label == L_PLANT && str(doc, "manufacturingPlantCountry")) {
            vs(o, o->zh ? "，" : ", ");
            vs(o, str(doc, "manufacturingPlantCountry"));
        }
        rs_row(o, 0, L(o, facts[i].label));
    }
    const json_t *fu = json_object_get(doc, "functionalUnit");
    vl(o, L_FU_TEXT);
    rs_row(o, 0, L(o, L_FUNCTIONAL_UNIT));
    vnum(o, num(fu, "lifetime_energy_kwh"));
    vs(o, o->zh ? " 千瓦时" : " kWh");
    rs_row(o, 1, L(o, L_LIFETIME));
    number_with_source(o, fu, "capacity_kwh", L_CAPACITY);
    number_with_source(o, fu, "cycles_per_year", L_CYCLES_YEAR);
    number_with_source(o, fu, "service_life_years", L_LIFE_YEARS);
    number_with_source(o, fu, "full_equivalent_cycles", L_FEC);
    vnum(o, num(doc, "batteryCarbonFootprint"));
    vs(o, " ");
    vl(o, L_PER_KWH);
    rs_row(o, 0, L(o, L_FOOTPRINT));
    size_t i;
    const json_t *st;
    json_array_foreach(json_object_get(doc, "carbonFootprintPerLifecycleStage"), i, st)
    {
        vnum(o, num(st, "carbonFootprint"));
        vs(o, " ");
        vl(o, L_PER_KWH);
        vs(o, o->zh ? "（" : " (");
        vl(o, L_SHARE);
        vs(o, " ");
        pcf__html_fixed(&o->v, json_number_value(num(st, "share")) * 100, 1);
        vs(o, o->zh ? " %）" : " %)");
        rs_row(o, 1, term(o->zh, str(st, "lifecycleStage")));
    }
    vnum(o, num(doc, "absoluteCarbonFootprint"));
    vs(o, o->zh ? " 千克二氧化碳当量" : " kg CO2e");
    rs_row(o, 0, L(o, L_ABSOLUTE));
    vnum(o, num(doc, "use_stage_excluded_kg_co2e"));
    vs(o, o->zh ? " 千克二氧化碳当量" : " kg CO2e");
    rs_row(o, 0, L(o, L_USE_EXCLUDED));
    rs_table(o, 0);
    notes(o, json_object_get(doc, "notes"), battery_note);
    if (o->html)
        pcf__buf_puts(o->b, "</section>\n");
}

/* ------------------------------------------------------------------ entry points ---- */

/* Parses a regime's JSON output and writes its section: text, an HTML section (page 0) or a
 * whole HTML page (page 1). */
static pcf_status write_section(const char *what, char *json, pcf_status st, const char *lang,
                                int html, int page, void (*section)(rs *, const json_t *),
                                char **out, pcf_error *err)
{
    if (st != PCF_OK)
        return st;
    int zh = lang && strcmp(lang, "zh") == 0;
    if (!zh && lang && *lang && strcmp(lang, "en") != 0) {
        pcf_free(json);
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "unknown report language \"%.20s\"; use \"en\" or \"zh\"", lang);
    }
    /* pcf's reader, not json_loads: jansson can go on past a character its token buffer could
     * not store and return a number missing a digit. The text is the regime's own JSON, so
     * reading it fails only for want of memory. */
    json_t *doc = NULL;
    st = pcf__json_parse(json, strlen(json), &doc);
    pcf_free(json);
    if (st != PCF_OK)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the %s report", what);
    pcf__buf b;
    pcf__buf_init(&b);
    rs o = {&b, html, zh, {0}};
    pcf__buf_init(&o.v);
    if (page) {
        pcf__buf_printf(&b,
                        "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, "
                        "initial-scale=1\">\n<title>",
                        zh ? "zh-CN" : "en");
        rs_text(&o, L(&o, L_CBAM_TITLE));
        pcf__buf_printf(&b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", pcf__html_css);
    }
    section(&o, doc);
    if (page)
        pcf__buf_printf(&b, "<footer>%s %s</footer>\n</body>\n</html>\n",
                        (zh ? &pcf__html_zh : &pcf__html_en)->generated, pcf_version_string());
    json_decref(doc);
    int failed = o.v.failed;
    pcf__buf_free(&o.v);
    char *text = pcf__buf_steal(&b);
    if (text && failed) {
        pcf_free(text);
        text = NULL;
    }
    if (!text)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the %s report", what);
    *out = text;
    return pcf__ok(err);
}

static pcf_status cbam_report(const pcf_cbam_result *r, const char *lang, int html, char **out,
                              pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_result_report: %s is NULL",
                          !r ? "the result" : "out");
    char *json = NULL;
    pcf_status st = pcf_cbam_result_to_json(r, &json, err);
    return write_section("CBAM", json, st, lang, html, html, cbam_section, out, err);
}

pcf_status pcf_cbam_result_report_text(const pcf_cbam_result *r, const char *lang, char **out,
                                       pcf_error *err)
{
    return cbam_report(r, lang, 0, out, err);
}

pcf_status pcf_cbam_result_report_html(const pcf_cbam_result *r, const char *lang, char **out,
                                       pcf_error *err)
{
    return cbam_report(r, lang, 1, out, err);
}

static pcf_status battery_report(const pcf_battery_decl *d, const char *lang, int html, char **out,
                                 pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!d || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_battery_decl_report: %s is NULL",
                          !d ? "the declaration" : "out");
    char *json = NULL;
    pcf_status st = pcf_battery_decl_to_json(d, &json, err);
    return write_section("battery", json, st, lang, html, 0, battery_section, out, err);
}

pcf_status pcf_battery_decl_report_text(const pcf_battery_decl *d, const char *lang, char **out,
                                        pcf_error *err)
{
    return battery_report(d, lang, 0, out, err);
}

pcf_status pcf_battery_decl_report_html(const pcf_battery_decl *d, const char *lang, char **out,
                                        pcf_error *err)
{
    return battery_report(d, lang, 1, out, err);
}
