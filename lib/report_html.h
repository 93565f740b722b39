/*
 * pcf — internal: the HTML writers' shared pieces (labels, escaping, number text, SVG primitives,
 * charts and sections), used by the summary report (report_html.c) and the study report
 * (report_study.c). GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_REPORT_HTML_H
#define PCF_REPORT_HTML_H

#include "internal.h"

#include "pcf/battery.h"

typedef struct pcf__html_labels {
    const char *lang, *title, *product, *product_id, *declared_unit, *boundary, *gwp, *recycling;
    const char *total, *per, *interval, *mc1, *mc2, *mc3, *stages_h, *excluded, *contrib_h,
        *cumulative;
    const char *hist_h, *hist_note, *mean, *split_h, *flows[PCF_FLOW_COUNT], *credits, *dq_h;
    const char *primary, *lines, *db_lines, *primary_lines, *fallbacks, *datasets_h;
    const char *dataset, *version, *publisher, *licence, *attribution, *audit_h;
    const char *stage, *activity, *role, *quantity, *unit, *factor, *kg, *code, *region, *notes_h;
    const char *stage_names[PCF_STAGE_COUNT], *cradle_gate, *cradle_grave, *generated, *samples;
    const char *unknown_licence, *share, *value, *deterministic, *sd, *total_row;
    const char *drivers_h, *parameter, *variance_share, *spearman;
} pcf__html_labels;

extern const pcf__html_labels pcf__html_en, pcf__html_zh;
extern const char *const pcf__html_stage_colour[PCF_STAGE_COUNT];
extern const char *const pcf__html_flow_colour[PCF_FLOW_COUNT];
extern const char *const pcf__html_css;

/* Horizontal bars with a zero line: one row per item. */
typedef struct pcf__html_bar {
    const char *label;
    double value;
    const char *colour;
    int muted; /* drawn grey with a note instead of a value */
} pcf__html_bar;

void pcf__html_esc(pcf__buf *b, const char *s);
void pcf__html_esc_cut(pcf__buf *b, const char *s, size_t max_chars);
/* v rounded to `decimals` (0..15) places after the point, locale-free ("-0.300", "12"; "-0" is
 * "0"), in buf; NULL when v is not finite or |v| 10^decimals is past 9e17 (a long long). The
 * digits after the point are written one by one: the text is at most "-", 18 digits, "." and 15
 * digits, so buf never truncates. Also the text report's (report.c). */
const char *pcf__fixed_text(char buf[40], double v, int decimals);
void pcf__html_fixed(pcf__buf *b, double v, int decimals);
void pcf__html_coord(pcf__buf *b, double v);
void pcf__html_sig(pcf__buf *b, double v, int digits);
void pcf__html_svg_text(pcf__buf *b, double x, double y, const char *anchor, const char *cls,
                        const char *text, size_t max_chars);
void pcf__html_svg_num_text(pcf__buf *b, double x, double y, const char *anchor, const char *cls,
                            double v);
void pcf__html_svg_rect(pcf__buf *b, double x, double y, double w, double h, const char *fill);
void pcf__html_svg_line(pcf__buf *b, double x1, double y1, double x2, double y2, const char *cls);
void pcf__html_svg_open(pcf__buf *b, int w, int h, const char *label);
/* Estimated width in px of @p s in a sans-serif font of @p px (CJK full width, Latin ~0.6 em). */
double pcf__html_text_width(const char *s, double px);
/* How many characters of @p s fit in @p max_w px with an ellipsis; 0 when all of @p s fits (the
 * max_chars argument of pcf__html_svg_text and pcf__html_esc_cut). */
size_t pcf__html_fit_chars(const char *s, double px, double max_w);
/* The unit symbol as a reader of @p L reads it ("kg" → "千克" in Chinese). */
const char *pcf__html_unit(const pcf__html_labels *L, const char *symbol);
/* An audit line's role as a reader of @p L reads it ("virgin" → "原生材料" in Chinese). */
const char *pcf__html_role(const pcf__html_labels *L, const char *role);
void pcf__html_bar_chart(pcf__buf *b, const pcf__html_bar *bars, size_t n, const char *aria,
                         const char *note);
void pcf__html_section_stages(pcf__buf *b, const pcf_result *r, const pcf__html_labels *L);
void pcf__html_section_pareto(pcf__buf *b, const pcf_result *r, const pcf__html_labels *L);
void pcf__html_mc_table(pcf__buf *b, const pcf_result *r, const pcf_mc *mc,
                        const pcf__html_labels *L);
void pcf__html_mc_drivers(pcf__buf *b, const pcf_mc *mc, const pcf__html_labels *L);
void pcf__html_section_histogram(pcf__buf *b, const pcf_result *r, const pcf_mc *mc,
                                 const pcf__html_labels *L);
void pcf__html_section_split(pcf__buf *b, const pcf_result *r, const pcf__html_labels *L);
const pcf_dataset *pcf__html_find_dataset(pcf_db *db, const char *name, const char *version);
void pcf__html_section_quality(pcf__buf *b, const pcf_result *r, pcf_db *db,
                               const pcf__html_labels *L);
/* Appends the EU battery declaration's section (pcf_battery_decl_report_html) to @p b; nothing
 * for a NULL @p decl. ::PCF_OK or the writer's status, with @p err set. */
pcf_status pcf__html_battery_section(pcf__buf *b, const pcf_battery_decl *decl, const char *lang,
                                     pcf_error *err);
void pcf__html_section_audit(pcf__buf *b, const pcf_result *r, pcf_db *db,
                             const pcf__html_labels *L);

#endif
