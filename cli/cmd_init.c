/*
 * pcf init — a first product model from an ERP bill of materials (CSV) and, optionally, meter
 * readings: each line bound to its factor when pcf_factor_suggest() finds a clear match, else
 * bound provisionally to the best candidate with the three best in "x-candidates" and listed in
 * a to-do report; production energy allocated to the product by units, mass or revenue.
 * Malformed rows are reported with line and column, and then nothing is written.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- a small CSV reader (RFC 4180) with line and column of every cell ---------------------- */

#define MAX_COLS   32
#define MAX_ROWS   20000
#define MAX_ERRORS 20

typedef struct cell {
    char *text;
    int line, col;
} cell;

typedef struct csv {
    cell *cells; /* rows × n_cols */
    size_t n_rows, n_cols;
    char *header[MAX_COLS];
    int line[MAX_ROWS];
} csv;

static int n_errors;

static void row_error(const char *file, int line, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void row_error(const char *file, int line, int col, const char *fmt, ...)
{
    if (n_errors++ >= MAX_ERRORS)
        return;
    fprintf(stderr, "pcf init: %s:%d:%d: ", file, line, col);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void csv_free(csv *c)
{
    for (size_t i = 0; i < c->n_rows * c->n_cols; i++)
        free(c->cells[i].text);
    free(c->cells);
    for (size_t i = 0; i < c->n_cols; i++)
        free(c->header[i]);
}

/* Reads the file into c; every malformed row is reported (row_error). Returns 0 when the file
 * cannot be read at all. */
static int csv_read(const char *file, csv *c)
{
    memset(c, 0, sizeof *c);
    pcf_error err;
    char *buf = cli_read_file(file, &err);
    if (!buf) {
        cli_report("cannot read the CSV file", &err);
        return 0;
    }
    const char *p = buf;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3; /* a BOM, as Excel writes it */
    int line = 1, is_header = 1;
    cell row[MAX_COLS];
    while (*p) {
        size_t n = 0;
        int row_line = line, col = 1, bad = 0;
        for (;;) {
            char *field = NULL;
            size_t len = 0, cap = 0;
            int fcol = (int)n + 1;
            if (*p == '"') {
                p++;
                col++;
                for (;;) {
                    if (!*p) {
                        row_error(file, row_line, fcol, "a quoted field is not closed");
                        bad = 1;
                        break;
                    }
                    if (*p == '"' && p[1] != '"') {
                        p++;
                        col++;
                        break;
                    }
                    if (*p == '"')
                        p++;
                    if (*p == '\n') {
                        line++;
                        col = 0;
                    }
                    if (len + 2 > cap) {
                        cap = cap ? cap * 2 : 32;
                        field = realloc(field, cap);
                    }
                    if (!field)
                        return 0;
                    field[len++] = *p++;
                    col++;
                }
            } else {
                while (*p && *p != ',' && *p != '\n' && *p != '\r') {
                    if (len + 2 > cap) {
                        cap = cap ? cap * 2 : 32;
                        field = realloc(field, cap);
                    }
                    if (!field)
                        return 0;
                    field[len++] = *p++;
                    col++;
                }
            }
            if (!field)
                field = calloc(1, 1);
            else
                field[len] = '\0';
            if (!field)
                return 0;
            /* trim blanks, which spreadsheets leave */
            size_t s = 0, e = strlen(field);
            while (field[s] == ' ')
                s++;
            while (e > s && field[e - 1] == ' ')
                e--;
            memmove(field, field + s, e - s);
            field[e - s] = '\0';
            if (n < MAX_COLS) {
                row[n] = (cell){field, row_line, fcol}; /* column = field number */
                n++;
            } else
                free(field);
            if (*p == ',') {
                p++;
                col++;
                continue;
            }
            break;
        }
        if (*p == '\r')
            p++;
        if (*p == '\n')
            p++;
        line++;
        int blank = n == 1 && !row[0].text[0];
        if (blank || bad) {
            for (size_t i = 0; i < n; i++)
                free(row[i].text);
            continue;
        }
        if (is_header) {
            c->n_cols = n;
            for (size_t i = 0; i < n; i++)
                c->header[i] = row[i].text;
            is_header = 0;
            continue;
        }
        if (n != c->n_cols || c->n_rows == MAX_ROWS) {
            if (n != c->n_cols)
                row_error(file, row_line, 1, "the row has %zu fields, the header has %zu", n,
                          c->n_cols);
            else
                row_error(file, row_line, 1, "more than %d rows", MAX_ROWS);
            for (size_t i = 0; i < n; i++)
                free(row[i].text);
            continue;
        }
        cell *g = realloc(c->cells, (c->n_rows + 1) * c->n_cols * sizeof *g);
        if (!g)
            return 0;
        c->cells = g;
        memcpy(c->cells + c->n_rows * c->n_cols, row, n * sizeof row[0]);
        c->line[c->n_rows++] = row_line;
    }
    free(buf);
    return 1;
}

/* The column of c whose header is one of names (ASCII case ignored), or -1. */
static int column(const csv *c, const char *const *names)
{
    for (size_t i = 0; i < c->n_cols; i++)
        for (const char *const *n = names; *n; n++)
            if (strcasecmp(c->header[i], *n) == 0)
                return (int)i;
    return -1;
}

static const cell *at(const csv *c, size_t r, int col)
{
    static char nothing[1];
    static const cell empty = {nothing, 0, 0};
    return col < 0 ? &empty : &c->cells[r * c->n_cols + (size_t)col];
}

/* A number ≥ 0 in cell x, else a row error; *out NAN when the cell is empty and optional. */
static int number_at(const char *file, const cell *x, const char *what, int required, double *out)
{
    *out = NAN;
    if (!x->text[0]) {
        if (required)
            row_error(file, x->line, x->col, "%s is empty", what);
        return !required;
    }
    pcf_error err;
    double v;
    if (pcf_number_parse(x->text, &v, &err) != PCF_OK || !(v >= 0) || isinf(v)) {
        row_error(file, x->line, x->col, "%s \"%s\" is not a number ≥ 0", what, x->text);
        return 0;
    }
    *out = v;
    return 1;
}

/* ERP units in Chinese to pcf's symbols; NULL when the text is not one of them. */
static const char *zh_unit(const char *u)
{
    static const char *const map[][2] = {
        {"个", "item"},  {"件", "item"},   {"只", "item"}, {"套", "item"},    {"PCS", "item"},
        {"pcs", "item"}, {"pc", "item"},   {"千克", "kg"}, {"公斤", "kg"},    {"克", "g"},
        {"吨", "t"},     {"升", "L"},      {"度", "kWh"},  {"千瓦时", "kWh"}, {"立方米", "m3"},
        {"方", "m3"},    {"吨公里", "tkm"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(u, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

static const pcf_unit *unit_at(const char *file, const cell *x)
{
    const char *t = zh_unit(x->text) ? zh_unit(x->text) : x->text;
    const pcf_unit *u = NULL;
    pcf_error err;
    if (!x->text[0]) {
        row_error(file, x->line, x->col, "the unit is empty");
        return NULL;
    }
    if (pcf_unit_parse(t, &u, &err) != PCF_OK) {
        row_error(file, x->line, x->col, "unknown unit \"%s\" (`pcf units` lists them)", x->text);
        return NULL;
    }
    return u;
}

/* The model format's transport mode for an ERP's text. */
static const char *mode_of(const char *t)
{
    static const char *const map[][2] = {
        {"公路", "road"}, {"汽运", "road"},  {"卡车", "road"}, {"货车", "road"},
        {"road", "road"}, {"truck", "road"}, {"铁路", "rail"}, {"火车", "rail"},
        {"rail", "rail"}, {"海运", "sea"},   {"船运", "sea"},  {"sea", "sea"},
        {"空运", "air"},  {"航空", "air"},   {"air", "air"},   {"内河", "inland_waterway"},
        {"快递", "road"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(t, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

/* ---- the model, written as JSON text ------------------------------------------------------- */

typedef struct out {
    char *text;
    size_t len;
    FILE *f;
} out;

typedef struct stats {
    size_t lines, clear, provisional, unbound;
} stats;

static void json_num(FILE *f, double v)
{
    char nb[32];
    fputs(cli_num(v, nb), f);
}

/* Writes {"code", "score", "reason"} for the first three candidates. */
static void write_candidates(FILE *f, const pcf_suggestion_list *s, const char *lang)
{
    fputs("[", f);
    for (size_t i = 0; i < pcf_suggestion_count(s) && i < 3; i++) {
        const pcf_factor *fa = pcf_suggestion_factor(s, i);
        fprintf(f, "%s{\"code\": ", i ? ", " : "");
        cli_json_str(f, pcf_factor_code(fa));
        fputs(", \"name\": ", f);
        cli_json_str(f, strcmp(lang, "zh") == 0 && pcf_factor_name_zh(fa)[0]
                            ? pcf_factor_name_zh(fa)
                            : pcf_factor_name_en(fa));
        fputs(", \"score\": ", f);
        json_num(f, round(pcf_suggestion_score(s, i) * 1000) / 1000);
        fputs(", \"reason\": ", f);
        cli_json_str(f, pcf_suggestion_reason(s, i, lang));
        fputs("}", f);
    }
    fputs("]", f);
}

/* The to-do report. */
static void todo_line(FILE *todo, int zh, const char *what, const pcf_suggestion_list *s,
                      const char *lang)
{
    size_t n = pcf_suggestion_count(s);
    if (!n) {
        fprintf(todo,
                zh ? "- %s:数据库中没有相符的因子,未计入;请在公司数据层中添加因子或给出自有因子\n"
                   : "- %s: no factor in the database fits; not counted. Add one in a company "
                     "layer or give an own factor\n",
                what);
        return;
    }
    fprintf(todo,
            zh ? "- %s:暂用第 1 个候选,请确认或改选:\n"
               : "- %s: bound provisionally to candidate 1; confirm or choose:\n",
            what);
    for (size_t i = 0; i < n && i < 3; i++) {
        const pcf_factor *f = pcf_suggestion_factor(s, i);
        fprintf(todo, "    %zu. %.2f %s%s  %s\n       %s\n", i + 1, pcf_suggestion_score(s, i),
                pcf_factor_code(f),
                pcf_suggestion_is_proxy(s, i) ? (zh ? " [代用]" : " [proxy]") : "",
                zh && pcf_factor_name_zh(f)[0] ? pcf_factor_name_zh(f) : pcf_factor_name_en(f),
                pcf_suggestion_reason(s, i, lang));
    }
}

/* Writes the factor slot(s) of an activity for suggestion list s (or marks it unbound). Returns 1
 * when a factor was written. */
static int write_binding(FILE *f, const pcf_suggestion_list *s, const char *lang, stats *st,
                         FILE *todo, int zh, const char *what)
{
    if (!pcf_suggestion_count(s)) {
        st->unbound++;
        todo_line(todo, zh, what, s, lang);
        return 0;
    }
    fputs(", \"factor\": ", f);
    cli_json_str(f, pcf_factor_code(pcf_suggestion_factor(s, 0)));
    if (pcf_suggestion_clear(s)) {
        st->clear++;
    } else {
        st->provisional++;
        fputs(", \"x-provisional\": true, \"x-candidates\": ", f);
        write_candidates(f, s, lang);
        todo_line(todo, zh, what, s, lang);
    }
    return 1;
}

/* Appends an activity that no factor fits to the product's "x-unbound" list. */
static size_t n_unbound;
static void put_unbound(FILE *unb, const char *activity)
{
    fprintf(unb, "%s\n        %s", n_unbound++ ? "," : "", activity);
}

/* Closes the activity being written into act (text in *abuf) and puts it into its stage (f,
 * numbering with *n) when bound, else into "x-unbound". */
static void place(FILE *act, char **abuf, int bound, FILE *f, size_t *n, FILE *unb)
{
    fputs("}", act);
    fclose(act);
    if (bound)
        fprintf(f, "%s\n          %s", (*n)++ ? "," : "", *abuf);
    else
        put_unbound(unb, *abuf);
    free(*abuf);
    *abuf = NULL;
}

/* ---- the command --------------------------------------------------------------------------- */

static void init_usage(FILE *f)
{
    fprintf(
        f,
        "usage: pcf init BOM.csv -o MODEL.json [--meters METERS.csv]\n"
        "                [--allocate units|mass|revenue] [--region R] [--product ID]\n"
        "                [--name NAME] [--todo FILE] [--lang zh|en] [--db FILE] [--layer FILE]\n\n"
        "Writes a first product model (docs/model-format.md) from a bill of materials exported\n"
        "by an ERP. BOM columns, named in the header (English or Chinese): item/物料编码,\n"
        "description/描述, quantity/数量, unit/单位 (required); mass/单重 (kg per unit),\n"
        "supplier/供应商, origin/产地 (a region code or name), transport_mode/运输方式,\n"
        "distance/运输距离 (km), factor/因子代码 (optional). Each line is bound to its factor\n"
        "when the match is clear (`pcf factors suggest`); otherwise to the best candidate,\n"
        "provisionally, with the three best in \"x-candidates\" and the line in the to-do\n"
        "report (stdout, or --todo FILE). Lines no factor fits go to \"x-unbound\" and are\n"
        "not counted. METERS.csv (period/期间, meter/能源, amount/用量, unit/单位) gives the\n"
        "site's energy; rows named 产量/production and 本品产量/product_production (and\n"
        "收入/revenue, 本品收入/product_revenue) give the allocation: --allocate units (the\n"
        "default), mass or revenue. A malformed row is reported with its line and column and\n"
        "nothing is written.\n");
}

typedef struct init_opts {
    const char *bom, *meters, *out, *todo, *region, *product, *name, *lang, *allocate;
    cli_db_args dba;
} init_opts;

/* Writes the BOM's materials and transport legs. */
static void write_bom(FILE *f, pcf_db *db, const csv *b, const init_opts *o, stats *st, FILE *todo,
                      double *total_kg, FILE *transport, FILE *unb)
{
    static const char *const c_item[] = {"item", "物料编码", "料号", "编码", NULL};
    static const char *const c_desc[] = {"description", "description_zh", "description_en", "描述",
                                         "物料描述",    "名称",           "品名",           NULL};
    static const char *const c_qty[] = {"quantity", "qty", "数量", "用量", NULL};
    static const char *const c_unit[] = {"unit", "单位", NULL};
    static const char *const c_mass[] = {"mass", "单重", "重量", "mass_kg", NULL};
    static const char *const c_sup[] = {"supplier", "供应商", NULL};
    static const char *const c_orig[] = {"origin", "产地", NULL};
    static const char *const c_mode[] = {"transport_mode", "运输方式", NULL};
    static const char *const c_dist[] = {"distance", "运输距离", "distance_km", NULL};
    static const char *const c_fac[] = {"factor", "factor_code", "因子代码", NULL};
    int ci = column(b, c_item), cd = column(b, c_desc), cq = column(b, c_qty),
        cu = column(b, c_unit), cm = column(b, c_mass), cs = column(b, c_sup),
        co = column(b, c_orig), cmo = column(b, c_mode), cdi = column(b, c_dist),
        cf = column(b, c_fac);
    int zh = strcmp(o->lang, "zh") == 0;
    size_t n_mat = 0, n_leg = 0;
    for (size_t r = 0; r < b->n_rows; r++) {
        const char *desc = at(b, r, cd)->text;
        double qty, mass, dist;
        int ok = number_at(o->bom, at(b, r, cq), "quantity", 1, &qty);
        const pcf_unit *u = unit_at(o->bom, at(b, r, cu));
        ok = number_at(o->bom, at(b, r, cm), "mass", 0, &mass) && ok && u;
        ok = number_at(o->bom, at(b, r, cdi), "distance", 0, &dist) && ok;
        const char *mode_text = at(b, r, cmo)->text;
        const char *mode = mode_text[0] ? mode_of(mode_text) : NULL;
        if (mode_text[0] && !mode) {
            row_error(
                o->bom, at(b, r, cmo)->line, at(b, r, cmo)->col,
                "unknown transport mode \"%s\" (公路, 铁路, 海运, 空运, 内河, road, rail, sea, "
                "air)",
                mode_text);
            ok = 0;
        }
        if (mode && isnan(dist)) {
            row_error(o->bom, at(b, r, cmo)->line, at(b, r, cmo)->col,
                      "a transport mode needs a distance");
            ok = 0;
        }
        if (!desc[0]) {
            row_error(o->bom, b->line[r], cd < 0 ? 1 : at(b, r, cd)->col,
                      "the description is empty");
            ok = 0;
        }
        if (!ok)
            continue;
        /* the amount in the product: mass units as given, counts × mass per piece */
        const char *unit_sym = pcf_unit_symbol(u);
        double amount = qty;
        int by_mass = pcf_unit_dimension(u) == PCF_DIM_MASS;
        double kg = NAN;
        if (by_mass) {
            pcf_error err;
            if (pcf_unit_convert(qty, unit_sym, "kg", &kg, &err) != PCF_OK)
                kg = NAN;
        } else if (pcf_unit_dimension(u) == PCF_DIM_ITEMS && !isnan(mass)) {
            kg = qty * mass;
            amount = kg;
            unit_sym = "kg";
            by_mass = 1;
        }
        if (!isnan(kg))
            *total_kg += kg;
        const char *region = at(b, r, co)->text[0] ? at(b, r, co)->text : o->region;
        st->lines++;
        char what[512];
        snprintf(what, sizeof what, "%s %s (%s:%d)", at(b, r, ci)->text, desc, o->bom, b->line[r]);
        char *abuf = NULL;
        size_t abuf_n = 0;
        FILE *act = open_memstream(&abuf, &abuf_n);
        if (!act)
            return;
        int bound = 0;
        fputs("{\"name\": ", act);
        cli_json_str(act, desc);
        fputs(", \"amount\": ", act);
        json_num(act, amount);
        fputs(", \"unit\": ", act);
        cli_json_str(act, unit_sym);
        if (at(b, r, ci)->text[0]) {
            fputs(", \"x-item\": ", act);
            cli_json_str(act, at(b, r, ci)->text);
        }
        if (at(b, r, cs)->text[0]) {
            fputs(", \"x-supplier\": ", act);
            cli_json_str(act, at(b, r, cs)->text);
        }
        const char *code = at(b, r, cf)->text;
        pcf_error err;
        if (code[0]) {
            pcf_factor *fa = NULL;
            if (pcf_db_get_factor(db, code, &fa, &err) != PCF_OK) {
                row_error(o->bom, at(b, r, cf)->line, at(b, r, cf)->col, "%s", err.message);
            } else {
                fputs(", \"factor\": ", act);
                cli_json_str(act, code);
                st->clear++;
                bound = 1;
            }
            pcf_factor_destroy(fa);
        } else {
            pcf_suggestion_list *s = NULL;
            if (pcf_factor_suggest(db, desc, unit_sym, region, "material,packaging,agriculture", 3,
                                   &s, &err) != PCF_OK)
                row_error(o->bom, at(b, r, cd)->line, at(b, r, cd)->col, "%s", err.message);
            else
                bound = write_binding(act, s, o->lang, st, todo, zh, what);
            pcf_suggestion_list_destroy(s);
        }
        place(act, &abuf, bound, f, &n_mat, unb);
        if (!mode)
            continue;
        /* the leg from the supplier, when mode and distance are given */
        st->lines++;
        snprintf(what, sizeof what, "%s %s: %s %s km (%s:%d)", at(b, r, ci)->text, desc, mode_text,
                 at(b, r, cdi)->text, o->bom, b->line[r]);
        abuf = NULL;
        act = open_memstream(&abuf, &abuf_n);
        if (!act)
            return;
        bound = 0;
        fputs("{\"name\": ", act);
        char name[512];
        snprintf(name, sizeof name, zh ? "%s 运输(%s)" : "%s transport (%s)", desc, mode_text);
        cli_json_str(act, name);
        fprintf(act, ", \"mode\": \"%s\", \"distance\": ", mode);
        json_num(act, dist);
        fputs(", \"distance_unit\": \"km\"", act);
        if (isnan(kg)) {
            fclose(act);
            free(abuf);
            row_error(o->bom, at(b, r, cu)->line, at(b, r, cu)->col,
                      "a transport leg needs the line's mass: give the unit in kg or t, or a "
                      "mass per piece");
            continue;
        }
        fputs(", \"mass\": ", act);
        json_num(act, kg);
        fputs(", \"mass_unit\": \"kg\"", act);
        pcf_suggestion_list *s = NULL;
        if (pcf_factor_suggest(db, mode_text, "tkm", region, "transport", 3, &s, &err) != PCF_OK) {
            row_error(o->bom, at(b, r, cmo)->line, at(b, r, cmo)->col, "%s", err.message);
        } else if ((bound = write_binding(act, s, o->lang, st, todo, zh, what))) {
            /* DESNZ freight rows are tank-to-wheel with a "WTT - <name>" row beside them */
            const pcf_factor *top = pcf_suggestion_factor(s, 0);
            char wtt[512];
            snprintf(wtt, sizeof wtt, "WTT - %s", pcf_factor_name_en(top));
            pcf_factor *w = NULL;
            if (pcf_db_resolve_dim(db, "transport", wtt, pcf_factor_region(top), PCF_DIM_FREIGHT,
                                   &w, &err) == PCF_OK) {
                fputs(", \"factor_scope\": \"ttw\", \"wtt_factor\": ", act);
                cli_json_str(act, pcf_factor_code(w));
            }
            pcf_factor_destroy(w);
        }
        pcf_suggestion_list_destroy(s);
        place(act, &abuf, bound, transport, &n_leg, unb);
    }
}

/* Writes the production stage from the meter readings, allocated to the product. */
static void write_meters(FILE *f, pcf_db *db, const csv *m, const init_opts *o, double product_kg,
                         stats *st, FILE *todo, FILE *unb)
{
    static const char *const c_per[] = {"period", "期间", "月份", NULL};
    static const char *const c_met[] = {"meter", "energy", "能源", "表计", "项目", NULL};
    static const char *const c_amt[] = {"amount", "用量", "数量", NULL};
    static const char *const c_unit[] = {"unit", "单位", NULL};
    int cp = column(m, c_per), cm = column(m, c_met), ca = column(m, c_amt), cu = column(m, c_unit);
    int zh = strcmp(o->lang, "zh") == 0;
    (void)cp;
    /* totals: site output, product output, revenues */
    double site = 0, prod = 0, rev = 0, prev = 0;
    const char *site_unit = "";
    for (size_t r = 0; r < m->n_rows; r++) {
        const char *name = at(m, r, cm)->text;
        double v;
        if (!number_at(o->meters, at(m, r, ca), "amount", 1, &v))
            continue;
        if (!strcmp(name, "产量") || !strcasecmp(name, "production")) {
            site += v;
            site_unit = at(m, r, cu)->text;
        } else if (!strcmp(name, "本品产量") || !strcasecmp(name, "product_production")) {
            prod += v;
        } else if (!strcmp(name, "收入") || !strcasecmp(name, "revenue")) {
            rev += v;
        } else if (!strcmp(name, "本品收入") || !strcasecmp(name, "product_revenue")) {
            prev += v;
        }
    }
    double share = NAN;
    if (!(prod > 0)) {
        row_error(o->meters, 1, 1,
                  "a row 本品产量/product_production (this product's output in "
                  "pieces) is needed to put energy per product");
        return;
    }
    if (!strcmp(o->allocate, "units") && site > 0) {
        share = prod / site;
    } else if (!strcmp(o->allocate, "mass") && site > 0 && product_kg > 0) {
        double site_kg = NAN;
        pcf_error err;
        const char *su = zh_unit(site_unit) ? zh_unit(site_unit) : site_unit;
        if (pcf_unit_convert(site, su, "kg", &site_kg, &err) == PCF_OK)
            share = prod * product_kg / site_kg;
    } else if (!strcmp(o->allocate, "revenue") && rev > 0) {
        share = prev / rev;
    }
    if (isnan(share) || share > 1 || share <= 0) {
        row_error(o->meters, 1, 1,
                  "cannot allocate by %s: give 产量/production (in %s) and 本品产量 rows%s, with "
                  "the product's output not above the site's",
                  o->allocate, !strcmp(o->allocate, "mass") ? "kg or t" : "pieces",
                  !strcmp(o->allocate, "revenue") ? ", and 收入/revenue and 本品收入 rows" : "");
        return;
    }
    /* one activity per meter and unit, summed over the periods */
    size_t n_act = 0, abuf_n = 0;
    char *abuf = NULL;
    for (size_t r = 0; r < m->n_rows; r++) {
        const char *name = at(m, r, cm)->text;
        if (!strcmp(name, "产量") || !strcasecmp(name, "production") || !strcmp(name, "本品产量") ||
            !strcasecmp(name, "product_production") || !strcmp(name, "收入") ||
            !strcasecmp(name, "revenue") || !strcmp(name, "本品收入") ||
            !strcasecmp(name, "product_revenue"))
            continue;
        int first = 1;
        for (size_t k = 0; k < r && first; k++)
            first = !(strcmp(at(m, k, cm)->text, name) == 0 &&
                      strcmp(at(m, k, cu)->text, at(m, r, cu)->text) == 0);
        if (!first)
            continue;
        const pcf_unit *u = unit_at(o->meters, at(m, r, cu));
        if (!u)
            continue;
        double total = 0, v;
        for (size_t k = r; k < m->n_rows; k++)
            if (strcmp(at(m, k, cm)->text, name) == 0 &&
                strcmp(at(m, k, cu)->text, at(m, r, cu)->text) == 0 &&
                number_at(o->meters, at(m, k, ca), "amount", 1, &v))
                total += v;
        st->lines++;
        char what[256];
        snprintf(what, sizeof what, "%s (%s:%d)", name, o->meters, m->line[r]);
        char nb1[32], nb2[32], nm[512];
        snprintf(nm, sizeof nm,
                 zh ? "%s(全厂合计 %s %s,按%s分摊 %s)"
                    : "%s (site total %s %s, allocated by %s: %s)",
                 name, cli_num(total, nb1), pcf_unit_symbol(u),
                 zh ? (!strcmp(o->allocate, "units")  ? "件数"
                       : !strcmp(o->allocate, "mass") ? "质量"
                                                      : "收入")
                    : o->allocate,
                 cli_num(share, nb2));
        FILE *act = open_memstream(&abuf, &abuf_n);
        if (!act)
            return;
        fputs("{\"name\": ", act);
        cli_json_str(act, nm);
        fputs(", \"amount\": ", act);
        json_num(act, total * share / prod);
        fputs(", \"unit\": ", act);
        cli_json_str(act, pcf_unit_symbol(u));
        fputs(", \"primary\": true, \"x-allocation\": {\"basis\": ", act);
        cli_json_str(act, o->allocate);
        fputs(", \"share\": ", act);
        json_num(act, share);
        fputs(", \"site_total\": ", act);
        json_num(act, total);
        fputs(", \"product_output\": ", act);
        json_num(act, prod);
        fputs("}", act);
        pcf_suggestion_list *s = NULL;
        pcf_error err;
        int bound = 0;
        if (pcf_factor_suggest(db, name, pcf_unit_symbol(u), o->region,
                               "electricity,fuel,heat,water", 3, &s, &err) != PCF_OK)
            row_error(o->meters, m->line[r], cm < 0 ? 1 : at(m, r, cm)->col, "%s", err.message);
        else
            bound = write_binding(act, s, o->lang, st, todo, zh, what);
        pcf_suggestion_list_destroy(s);
        place(act, &abuf, bound, f, &n_act, unb);
    }
}

static int parse_init_opts(int argc, char **argv, init_opts *o)
{
    enum {
        OPT_METERS = CLI_OPT_FIRST_FREE,
        OPT_ALLOCATE,
        OPT_REGION,
        OPT_PRODUCT,
        OPT_NAME,
        OPT_TODO,
        OPT_LANG
    };
    static const struct option longopts[] = {CLI_HELP_OPTION,
                                             CLI_DB_OPTIONS,
                                             {"output", required_argument, NULL, 'o'},
                                             {"meters", required_argument, NULL, OPT_METERS},
                                             {"allocate", required_argument, NULL, OPT_ALLOCATE},
                                             {"region", required_argument, NULL, OPT_REGION},
                                             {"product", required_argument, NULL, OPT_PRODUCT},
                                             {"name", required_argument, NULL, OPT_NAME},
                                             {"todo", required_argument, NULL, OPT_TODO},
                                             {"lang", required_argument, NULL, OPT_LANG},
                                             CLI_END_OPTIONS};
    int c;
    while ((c = cli_getopt("init", argc, argv, "ho:", longopts)) != -1) {
        int taken = c == '?' ? -1 : cli_db_option("init", c, optarg, &o->dba);
        if (taken < 0)
            return CLI_USAGE;
        if (taken)
            continue;
        switch (c) {
        case 'h':
            init_usage(stdout);
            return -1;
        case 'o':
            o->out = optarg;
            break;
        case OPT_METERS:
            o->meters = optarg;
            break;
        case OPT_ALLOCATE:
            if (strcmp(optarg, "units") && strcmp(optarg, "mass") && strcmp(optarg, "revenue"))
                return cli_usage_error("init", "--allocate is units, mass or revenue");
            o->allocate = optarg;
            break;
        case OPT_REGION:
            o->region = optarg;
            break;
        case OPT_PRODUCT:
            o->product = optarg;
            break;
        case OPT_NAME:
            o->name = optarg;
            break;
        case OPT_TODO:
            o->todo = optarg;
            break;
        case OPT_LANG:
            if (strcmp(optarg, "en") && strcmp(optarg, "zh"))
                return cli_usage_error("init", "--lang is en or zh");
            o->lang = optarg;
            break;
        default:
            return cli_usage_error("init", "unexpected option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("init", "needs one BOM.csv");
    if (!o->out)
        return cli_usage_error("init", "needs -o MODEL.json");
    o->bom = argv[optind];
    return CLI_OK;
}

int cmd_init(int argc, char **argv)
{
    init_opts o = {.region = "CN", .product = "product", .lang = "zh", .allocate = "units"};
    int rc = parse_init_opts(argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    n_errors = 0;
    csv bom, met;
    memset(&met, 0, sizeof met);
    if (!csv_read(o.bom, &bom))
        return CLI_FAIL;
    static const char *const need[][8] = {{"description", "description_zh", "description_en",
                                           "描述", "物料描述", "名称", "品名", NULL},
                                          {"quantity", "qty", "数量", "用量", NULL},
                                          {"unit", "单位", NULL}};
    for (size_t i = 0; i < 3; i++)
        if (column(&bom, need[i]) < 0)
            row_error(o.bom, 1, 1, "the header has no column \"%s\" (or %s)", need[i][0],
                      need[i][i == 0 ? 3 : 2]);
    if (o.meters && !csv_read(o.meters, &met)) {
        csv_free(&bom);
        return CLI_FAIL;
    }
    pcf_db *db = NULL;
    if (cli_open_db(&o.dba, &db) != CLI_OK) {
        csv_free(&bom);
        csv_free(&met);
        return CLI_FAIL;
    }
    char *mat = NULL, *leg = NULL, *prod = NULL, *todo_text = NULL, *unbound = NULL;
    size_t mat_n = 0, leg_n = 0, prod_n = 0, todo_n = 0, unb_n = 0;
    n_unbound = 0;
    FILE *fu = open_memstream(&unbound, &unb_n);
    FILE *fm = open_memstream(&mat, &mat_n), *fl = open_memstream(&leg, &leg_n),
         *fp = open_memstream(&prod, &prod_n), *ft = open_memstream(&todo_text, &todo_n);
    stats st = {0};
    double total_kg = 0;
    int zh = strcmp(o.lang, "zh") == 0;
    if (!fm || !fl || !fp || !ft || !fu) {
        fprintf(stderr, "pcf init: out of memory\n");
        return CLI_FAIL;
    }
    /* every row is checked, even after a malformed one, so that one run lists every problem */
    write_bom(fm, db, &bom, &o, &st, ft, &total_kg, fl, fu);
    if (o.meters)
        write_meters(fp, db, &met, &o, total_kg, &st, ft, fu);
    fclose(fm);
    fclose(fl);
    fclose(fp);
    fclose(ft);
    fclose(fu);
    pcf_db_close(db);
    int status = CLI_FAIL;
    if (n_errors) {
        fprintf(stderr, "pcf init: %d problem(s); nothing was written\n", n_errors);
        goto done;
    }
    char *doc = NULL;
    size_t doc_n = 0;
    FILE *f = open_memstream(&doc, &doc_n);
    if (!f)
        goto done;
    fputs("{\n  \"pcf_model\": 1,\n  \"description\": ", f);
    char desc[1024];
    snprintf(desc, sizeof desc,
             zh ? "草稿,由 pcf init 从 %s%s%s 生成:%zu 行中 %zu 行明确匹配因子,%zu 行暂用最佳候选"
                  "(x-provisional,候选见 x-candidates),%zu 行无因子、未计入。发布前请逐行核对。"
                : "Draft written by pcf init from %s%s%s: of %zu lines, %zu matched a factor "
                  "clearly, %zu are bound provisionally to the best candidate (x-provisional, "
                  "candidates in x-candidates) and %zu have no factor and are not counted. Check "
                  "every line before publishing.",
             o.bom, o.meters ? " + " : "", o.meters ? o.meters : "", st.lines, st.clear,
             st.provisional, st.unbound);
    cli_json_str(f, desc);
    fputs(",\n  \"boundary\": \"cradle-to-gate\",\n  \"region\": ", f);
    cli_json_str(f, o.region);
    fputs(",\n  \"products\": [\n    {\n      \"id\": ", f);
    cli_json_str(f, o.product);
    fputs(",\n      \"name\": ", f);
    cli_json_str(f, o.name ? o.name : o.product);
    fputs(",\n      \"declared_unit\": {\"amount\": 1, \"unit\": \"item\"},\n", f);
    if (total_kg > 0) {
        fputs("      \"mass\": ", f);
        json_num(f, total_kg);
        fputs(", \"mass_unit\": \"kg\",\n", f);
    }
    if (n_unbound)
        fprintf(f, "      \"x-unbound\": [%s\n      ],\n", unbound);
    fprintf(f, "      \"stages\": {\n        \"materials\": [%s\n        ],\n", mat ? mat : "");
    fprintf(f, "        \"production\": [%s\n        ],\n", prod ? prod : "");
    fprintf(f, "        \"transport\": [%s\n        ]\n      }\n    }\n  ]\n}\n", leg ? leg : "");
    fclose(f);
    /* the model must read back and validate */
    pcf_model *m = NULL;
    pcf_error err;
    if (pcf_model_read_string(doc, o.out, &m, &err) != PCF_OK) {
        cli_report("internal error: the written model does not read back", &err);
        free(doc);
        goto done;
    }
    pcf_model_destroy(m);
    char *tmp = NULL;
    FILE *of = cli_out_open(o.out, &tmp);
    if (of) {
        fputs(doc, of);
        status = cli_out_close(of, tmp, o.out, 1);
    }
    free(doc);
    if (status != CLI_OK)
        goto done;
    FILE *tf = o.todo ? fopen(o.todo, "w") : stdout;
    if (tf) {
        fprintf(tf,
                zh ? "# 待办:%s\n共 %zu 行,明确匹配 %zu 行(%.0f%%),暂定 %zu 行,无因子 %zu 行。\n"
                   : "# To do: %s\n%zu lines: %zu matched clearly (%.0f%%), %zu provisional, "
                     "%zu without a factor.\n",
                o.out, st.lines, st.clear,
                st.lines ? 100.0 * (double)st.clear / (double)st.lines : 0, st.provisional,
                st.unbound);
        fputs(todo_text ? todo_text : "", tf);
        if (tf != stdout)
            fclose(tf);
    }
done:
    free(mat);
    free(leg);
    free(prod);
    free(todo_text);
    free(unbound);
    csv_free(&bom);
    csv_free(&met);
    return status;
}
