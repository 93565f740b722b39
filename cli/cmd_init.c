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

/* Appends ch to the growing field (*field, *len, *cap); 0 when out of memory. */
static int field_put(char **field, size_t *len, size_t *cap, char ch)
{
    if (*len + 2 > *cap) {
        *cap = *cap ? *cap * 2 : 32;
        char *grown = realloc(*field, *cap);
        if (!grown) {
            free(*field);
            *field = NULL;
            return 0;
        }
        *field = grown;
    }
    (*field)[(*len)++] = ch;
    return 1;
}

/* Reads one field at *pp (quoted or not), counting newlines inside quotes in *line; an unclosed
 * quote is reported at (row_line, fcol) and sets *bad. Returns the field with the blanks around
 * it trimmed, or NULL when out of memory. */
static char *read_field(const char *file, const char **pp, int *line, int row_line, int fcol,
                        int *bad)
{
    const char *p = *pp;
    char *field = NULL;
    size_t len = 0, cap = 0;
    if (*p == '"') {
        p++;
        for (;;) {
            if (!*p) {
                row_error(file, row_line, fcol, "a quoted field is not closed");
                *bad = 1;
                break;
            }
            if (*p == '"' && p[1] != '"') {
                p++;
                break;
            }
            if (*p == '"')
                p++;
            if (*p == '\n')
                (*line)++;
            if (!field_put(&field, &len, &cap, *p++))
                return NULL;
        }
    } else {
        while (*p && *p != ',' && *p != '\n' && *p != '\r')
            if (!field_put(&field, &len, &cap, *p++))
                return NULL;
    }
    *pp = p;
    if (!field)
        field = calloc(1, 1);
    else
        field[len] = '\0';
    if (!field)
        return NULL;
    /* trim blanks, which spreadsheets leave */
    size_t s = 0, e = strlen(field);
    while (field[s] == ' ')
        s++;
    while (e > s && field[e - 1] == ' ')
        e--;
    memmove(field, field + s, e - s);
    field[e - s] = '\0';
    return field;
}

/* Keeps a complete row: the header's names, or a data row with as many fields as the header
 * (else reported and dropped). 0 when out of memory. */
static int keep_row(const char *file, csv *c, cell *row, size_t n, int row_line, int *is_header)
{
    if (*is_header) {
        c->n_cols = n;
        for (size_t i = 0; i < n; i++)
            c->header[i] = row[i].text;
        *is_header = 0;
        return 1;
    }
    if (n != c->n_cols || c->n_rows == MAX_ROWS) {
        if (n != c->n_cols)
            row_error(file, row_line, 1, "the row has %zu fields, the header has %zu", n,
                      c->n_cols);
        else
            row_error(file, row_line, 1, "more than %d rows", MAX_ROWS);
        for (size_t i = 0; i < n; i++)
            free(row[i].text);
        return 1;
    }
    cell *g = realloc(c->cells, (c->n_rows + 1) * c->n_cols * sizeof *g);
    if (!g)
        return 0;
    c->cells = g;
    memcpy(c->cells + c->n_rows * c->n_cols, row, n * sizeof row[0]);
    c->line[c->n_rows++] = row_line;
    return 1;
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
        int row_line = line, bad = 0;
        for (;;) {
            int fcol = (int)n + 1; /* column = field number */
            char *field = read_field(file, &p, &line, row_line, fcol, &bad);
            if (!field) {
                for (size_t i = 0; i < n; i++)
                    free(row[i].text);
                free(buf);
                return 0;
            }
            if (n < MAX_COLS)
                row[n++] = (cell){field, row_line, fcol};
            else
                free(field);
            if (*p != ',')
                break;
            p++;
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
        if (!keep_row(file, c, row, n, row_line, &is_header)) {
            for (size_t i = 0; i < n; i++)
                free(row[i].text);
            free(buf);
            return 0;
        }
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

/* An activity's JSON object, written in memory until it is placed. */
typedef struct activity {
    FILE *f;
    char *text;
    size_t n;
} activity;

/* Starts the activity's object, up to its "name" key's value: a->f, or NULL when out of memory. */
static FILE *open_activity(activity *a)
{
    a->text = NULL;
    a->n = 0;
    a->f = open_memstream(&a->text, &a->n);
    if (a->f)
        fputs("{\"name\": ", a->f);
    return a->f;
}

/* Closes activity a and puts it into its stage (f, numbering with *n) when bound, else into
 * "x-unbound". */
static void place(activity *a, int bound, FILE *f, size_t *n, FILE *unb)
{
    fputs("}", a->f);
    fclose(a->f);
    if (bound)
        fprintf(f, "%s\n          %s", (*n)++ ? "," : "", a->text);
    else
        put_unbound(unb, a->text);
    free(a->text);
    a->text = NULL;
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

/* What every writer of activities needs. */
typedef struct init_ctx {
    pcf_db *db;
    const init_opts *o;
    stats *st;
    FILE *todo; /* the to-do report's lines */
    FILE *unb;  /* the product's "x-unbound" list */
    int zh;
} init_ctx;

/* The BOM's columns (-1 when absent). */
typedef struct bom_cols {
    int item, desc, qty, unit, mass, supplier, origin, mode, dist, factor;
} bom_cols;

static bom_cols bom_columns(const csv *b)
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
    bom_cols k = {column(b, c_item), column(b, c_desc), column(b, c_qty),  column(b, c_unit),
                  column(b, c_mass), column(b, c_sup),  column(b, c_orig), column(b, c_mode),
                  column(b, c_dist), column(b, c_fac)};
    return k;
}

/* One BOM line, read and checked. */
typedef struct bom_line {
    const char *desc, *mode_text, *mode, *region, *unit_sym;
    double dist, amount, kg; /* kg: the line's mass, NAN when unknown */
} bom_line;

/* Reads row r of the BOM into l; 0 after reporting every malformed cell of the row. */
static int read_bom_line(const init_ctx *x, const csv *b, size_t r, const bom_cols *k, bom_line *l)
{
    const char *file = x->o->bom;
    double qty, mass;
    l->desc = at(b, r, k->desc)->text;
    int ok = number_at(file, at(b, r, k->qty), "quantity", 1, &qty);
    const pcf_unit *u = unit_at(file, at(b, r, k->unit));
    ok = number_at(file, at(b, r, k->mass), "mass", 0, &mass) && ok && u;
    ok = number_at(file, at(b, r, k->dist), "distance", 0, &l->dist) && ok;
    const cell *mc = at(b, r, k->mode);
    l->mode_text = mc->text;
    l->mode = l->mode_text[0] ? mode_of(l->mode_text) : NULL;
    if (l->mode_text[0] && !l->mode) {
        row_error(file, mc->line, mc->col,
                  "unknown transport mode \"%s\" (公路, 铁路, 海运, 空运, 内河, road, rail, sea, "
                  "air)",
                  l->mode_text);
        ok = 0;
    }
    if (l->mode && isnan(l->dist)) {
        row_error(file, mc->line, mc->col, "a transport mode needs a distance");
        ok = 0;
    }
    if (!l->desc[0]) {
        row_error(file, b->line[r], k->desc < 0 ? 1 : at(b, r, k->desc)->col,
                  "the description is empty");
        ok = 0;
    }
    if (!ok)
        return 0;
    /* the amount in the product: mass units as given, counts × mass per piece */
    l->unit_sym = pcf_unit_symbol(u);
    l->amount = qty;
    l->kg = NAN;
    if (pcf_unit_dimension(u) == PCF_DIM_MASS) {
        pcf_error err;
        if (pcf_unit_convert(qty, l->unit_sym, "kg", &l->kg, &err) != PCF_OK)
            l->kg = NAN;
    } else if (pcf_unit_dimension(u) == PCF_DIM_ITEMS && !isnan(mass)) {
        l->kg = qty * mass;
        l->amount = l->kg;
        l->unit_sym = "kg";
    }
    l->region = at(b, r, k->origin)->text[0] ? at(b, r, k->origin)->text : x->o->region;
    return 1;
}

/* The material of a BOM line, with its factor (the line's own code, else a suggestion), into f
 * (numbering with *n) or "x-unbound". 0, or -1 when out of memory. */
static int write_material(const init_ctx *x, FILE *f, size_t *n, const csv *b, size_t r,
                          const bom_cols *k, const bom_line *l)
{
    x->st->lines++;
    char what[512];
    snprintf(what, sizeof what, "%s %s (%s:%d)", at(b, r, k->item)->text, l->desc, x->o->bom,
             b->line[r]);
    activity a;
    FILE *act = open_activity(&a);
    if (!act)
        return -1;
    int bound = 0;
    cli_json_str(act, l->desc);
    fputs(", \"amount\": ", act);
    json_num(act, l->amount);
    fputs(", \"unit\": ", act);
    cli_json_str(act, l->unit_sym);
    if (at(b, r, k->item)->text[0]) {
        fputs(", \"x-item\": ", act);
        cli_json_str(act, at(b, r, k->item)->text);
    }
    if (at(b, r, k->supplier)->text[0]) {
        fputs(", \"x-supplier\": ", act);
        cli_json_str(act, at(b, r, k->supplier)->text);
    }
    const cell *code = at(b, r, k->factor);
    pcf_error err;
    if (code->text[0]) {
        pcf_factor *fa = NULL;
        if (pcf_db_get_factor(x->db, code->text, &fa, &err) != PCF_OK) {
            row_error(x->o->bom, code->line, code->col, "%s", err.message);
        } else {
            fputs(", \"factor\": ", act);
            cli_json_str(act, code->text);
            x->st->clear++;
            bound = 1;
        }
        pcf_factor_destroy(fa);
    } else {
        pcf_suggestion_list *s = NULL;
        if (pcf_factor_suggest(x->db, l->desc, l->unit_sym, l->region,
                               "material,packaging,agriculture", 3, &s, &err) != PCF_OK)
            row_error(x->o->bom, at(b, r, k->desc)->line, at(b, r, k->desc)->col, "%s",
                      err.message);
        else
            bound = write_binding(act, s, x->o->lang, x->st, x->todo, x->zh, what);
        pcf_suggestion_list_destroy(s);
    }
    place(&a, bound, f, n, x->unb);
    return 0;
}

/* The leg from the supplier of a BOM line that gives a transport mode and distance, into
 * transport (numbering with *n) or "x-unbound". 0, or -1 when out of memory. */
static int write_leg(const init_ctx *x, FILE *transport, size_t *n, const csv *b, size_t r,
                     const bom_cols *k, const bom_line *l)
{
    x->st->lines++;
    char what[512];
    snprintf(what, sizeof what, "%s %s: %s %s km (%s:%d)", at(b, r, k->item)->text, l->desc,
             l->mode_text, at(b, r, k->dist)->text, x->o->bom, b->line[r]);
    activity a;
    FILE *act = open_activity(&a);
    if (!act)
        return -1;
    int bound = 0;
    char name[512];
    snprintf(name, sizeof name, x->zh ? "%s 运输(%s)" : "%s transport (%s)", l->desc, l->mode_text);
    cli_json_str(act, name);
    fprintf(act, ", \"mode\": \"%s\", \"distance\": ", l->mode);
    json_num(act, l->dist);
    fputs(", \"distance_unit\": \"km\"", act);
    if (isnan(l->kg)) {
        fclose(act);
        free(a.text);
        row_error(x->o->bom, at(b, r, k->unit)->line, at(b, r, k->unit)->col,
                  "a transport leg needs the line's mass: give the unit in kg or t, or a "
                  "mass per piece");
        return 0;
    }
    fputs(", \"mass\": ", act);
    json_num(act, l->kg);
    fputs(", \"mass_unit\": \"kg\"", act);
    pcf_suggestion_list *s = NULL;
    pcf_error err;
    if (pcf_factor_suggest(x->db, l->mode_text, "tkm", l->region, "transport", 3, &s, &err) !=
        PCF_OK) {
        row_error(x->o->bom, at(b, r, k->mode)->line, at(b, r, k->mode)->col, "%s", err.message);
    } else if ((bound = write_binding(act, s, x->o->lang, x->st, x->todo, x->zh, what))) {
        /* DESNZ freight rows are tank-to-wheel with a "WTT - <name>" row beside them */
        const pcf_factor *top = pcf_suggestion_factor(s, 0);
        char wtt[512];
        snprintf(wtt, sizeof wtt, "WTT - %s", pcf_factor_name_en(top));
        pcf_factor *w = NULL;
        if (pcf_db_resolve_dim(x->db, "transport", wtt, pcf_factor_region(top), PCF_DIM_FREIGHT, &w,
                               &err) == PCF_OK) {
            fputs(", \"factor_scope\": \"ttw\", \"wtt_factor\": ", act);
            cli_json_str(act, pcf_factor_code(w));
        }
        pcf_factor_destroy(w);
    }
    pcf_suggestion_list_destroy(s);
    place(&a, bound, transport, n, x->unb);
    return 0;
}

/* Writes the BOM's materials into f and transport legs into transport; adds the lines' mass to
 * *total_kg. */
static void write_bom(const init_ctx *x, FILE *f, const csv *b, double *total_kg, FILE *transport)
{
    bom_cols k = bom_columns(b);
    size_t n_mat = 0, n_leg = 0;
    for (size_t r = 0; r < b->n_rows; r++) {
        bom_line l;
        if (!read_bom_line(x, b, r, &k, &l))
            continue;
        if (!isnan(l.kg))
            *total_kg += l.kg;
        if (write_material(x, f, &n_mat, b, r, &k, &l) != 0)
            return;
        if (l.mode && write_leg(x, transport, &n_leg, b, r, &k, &l) != 0)
            return;
    }
}

/* The meter readings' columns (-1 when absent). */
typedef struct meter_cols {
    int meter, amount, unit;
} meter_cols;

/* Rows that give output or revenue for the allocation, not energy. */
static int is_allocation_row(const char *name)
{
    return !strcmp(name, "产量") || !strcasecmp(name, "production") || !strcmp(name, "本品产量") ||
           !strcasecmp(name, "product_production") || !strcmp(name, "收入") ||
           !strcasecmp(name, "revenue") || !strcmp(name, "本品收入") ||
           !strcasecmp(name, "product_revenue");
}

/* The product's share of the site's energy by --allocate, and its output in pieces (*prod_out);
 * NAN after reporting what is missing. */
static double allocation_share(const csv *m, const meter_cols *k, const init_opts *o,
                               double product_kg, double *prod_out)
{
    /* totals: site output, product output, revenues */
    double site = 0, prod = 0, rev = 0, prev = 0;
    const char *site_unit = "";
    for (size_t r = 0; r < m->n_rows; r++) {
        const char *name = at(m, r, k->meter)->text;
        double v;
        if (!number_at(o->meters, at(m, r, k->amount), "amount", 1, &v))
            continue;
        if (!strcmp(name, "产量") || !strcasecmp(name, "production")) {
            site += v;
            site_unit = at(m, r, k->unit)->text;
        } else if (!strcmp(name, "本品产量") || !strcasecmp(name, "product_production")) {
            prod += v;
        } else if (!strcmp(name, "收入") || !strcasecmp(name, "revenue")) {
            rev += v;
        } else if (!strcmp(name, "本品收入") || !strcasecmp(name, "product_revenue")) {
            prev += v;
        }
    }
    *prod_out = prod;
    double share = NAN;
    if (!(prod > 0)) {
        row_error(o->meters, 1, 1,
                  "a row 本品产量/product_production (this product's output in "
                  "pieces) is needed to put energy per product");
        return NAN;
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
        return NAN;
    }
    return share;
}

/* The activity of one meter (and unit), total over the periods, allocated by share per piece of
 * the prod pieces, into f (numbering with *n) or "x-unbound". 0, or -1 when out of memory. */
static int write_meter(const init_ctx *x, FILE *f, size_t *n, const csv *m, size_t r,
                       const meter_cols *k, const pcf_unit *u, double total, double share,
                       double prod)
{
    const init_opts *o = x->o;
    const char *name = at(m, r, k->meter)->text;
    x->st->lines++;
    char what[256];
    snprintf(what, sizeof what, "%s (%s:%d)", name, o->meters, m->line[r]);
    char nb1[32], nb2[32], nm[512];
    snprintf(nm, sizeof nm,
             x->zh ? "%s(全厂合计 %s %s,按%s分摊 %s)"
                   : "%s (site total %s %s, allocated by %s: %s)",
             name, cli_num(total, nb1), pcf_unit_symbol(u),
             x->zh ? (!strcmp(o->allocate, "units")  ? "件数"
                      : !strcmp(o->allocate, "mass") ? "质量"
                                                     : "收入")
                   : o->allocate,
             cli_num(share, nb2));
    activity a;
    FILE *act = open_activity(&a);
    if (!act)
        return -1;
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
    if (pcf_factor_suggest(x->db, name, pcf_unit_symbol(u), o->region,
                           "electricity,fuel,heat,water", 3, &s, &err) != PCF_OK)
        row_error(o->meters, m->line[r], k->meter < 0 ? 1 : at(m, r, k->meter)->col, "%s",
                  err.message);
    else
        bound = write_binding(act, s, o->lang, x->st, x->todo, x->zh, what);
    pcf_suggestion_list_destroy(s);
    place(&a, bound, f, n, x->unb);
    return 0;
}

/* Writes the production stage from the meter readings, allocated to the product. */
static void write_meters(const init_ctx *x, FILE *f, const csv *m, double product_kg)
{
    static const char *const c_met[] = {"meter", "energy", "能源", "表计", "项目", NULL};
    static const char *const c_amt[] = {"amount", "用量", "数量", NULL};
    static const char *const c_unit[] = {"unit", "单位", NULL};
    /* the period (期间) only labels a row: readings are summed over the periods */
    meter_cols k = {column(m, c_met), column(m, c_amt), column(m, c_unit)};
    const init_opts *o = x->o;
    double prod = 0;
    double share = allocation_share(m, &k, o, product_kg, &prod);
    if (isnan(share))
        return;
    /* one activity per meter and unit, summed over the periods */
    size_t n_act = 0;
    for (size_t r = 0; r < m->n_rows; r++) {
        const char *name = at(m, r, k.meter)->text;
        if (is_allocation_row(name))
            continue;
        int first = 1;
        for (size_t q = 0; q < r && first; q++)
            first = !(strcmp(at(m, q, k.meter)->text, name) == 0 &&
                      strcmp(at(m, q, k.unit)->text, at(m, r, k.unit)->text) == 0);
        if (!first)
            continue;
        const pcf_unit *u = unit_at(o->meters, at(m, r, k.unit));
        if (!u)
            continue;
        double total = 0, v;
        for (size_t q = r; q < m->n_rows; q++)
            if (strcmp(at(m, q, k.meter)->text, name) == 0 &&
                strcmp(at(m, q, k.unit)->text, at(m, r, k.unit)->text) == 0 &&
                number_at(o->meters, at(m, q, k.amount), "amount", 1, &v))
                total += v;
        if (write_meter(x, f, &n_act, m, r, &k, u, total, share, prod) != 0)
            return;
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
    while ((c = cli_getopt_db("init", argc, argv, "ho:", longopts, &o->dba)) != -1) {
        switch (c) {
        case '?':
            return CLI_USAGE;
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

/* The parts of the model that the writers fill, as text. */
typedef struct parts {
    char *mat, *leg, *prod, *todo, *unbound;
    size_t mat_n, leg_n, prod_n, todo_n, unb_n;
} parts;

/* Reads the BOM and meter readings and writes every activity into p. CLI_OK, or CLI_FAIL with
 * every problem reported. */
static int fill_parts(const init_opts *o, stats *st, double *total_kg, parts *p)
{
    csv bom, met;
    memset(&met, 0, sizeof met);
    if (!csv_read(o->bom, &bom))
        return CLI_FAIL;
    static const char *const need[][8] = {{"description", "description_zh", "description_en",
                                           "描述", "物料描述", "名称", "品名", NULL},
                                          {"quantity", "qty", "数量", "用量", NULL},
                                          {"unit", "单位", NULL}};
    for (size_t i = 0; i < 3; i++)
        if (column(&bom, need[i]) < 0)
            row_error(o->bom, 1, 1, "the header has no column \"%s\" (or %s)", need[i][0],
                      need[i][i == 0 ? 3 : 2]);
    pcf_db *db = NULL;
    if ((o->meters && !csv_read(o->meters, &met)) || cli_open_db(&o->dba, &db) != CLI_OK) {
        csv_free(&bom);
        csv_free(&met);
        return CLI_FAIL;
    }
    n_unbound = 0;
    FILE *fu = open_memstream(&p->unbound, &p->unb_n);
    FILE *fm = open_memstream(&p->mat, &p->mat_n), *fl = open_memstream(&p->leg, &p->leg_n),
         *fp = open_memstream(&p->prod, &p->prod_n), *ft = open_memstream(&p->todo, &p->todo_n);
    int rc = CLI_OK;
    if (!fm || !fl || !fp || !ft || !fu) {
        fprintf(stderr, "pcf init: out of memory\n");
        rc = CLI_FAIL;
    } else {
        init_ctx x = {db, o, st, ft, fu, strcmp(o->lang, "zh") == 0};
        /* every row is checked, even after a malformed one, so that one run lists every
         * problem */
        write_bom(&x, fm, &bom, total_kg, fl);
        if (o->meters)
            write_meters(&x, fp, &met, *total_kg);
    }
    FILE *all[] = {fm, fl, fp, ft, fu};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i])
            fclose(all[i]);
    pcf_db_close(db);
    csv_free(&bom);
    csv_free(&met);
    return rc;
}

/* The model document from its parts. NULL when out of memory. */
static char *write_document(const init_opts *o, const stats *st, double total_kg, const parts *p)
{
    char *doc = NULL;
    size_t doc_n = 0;
    FILE *f = open_memstream(&doc, &doc_n);
    if (!f)
        return NULL;
    int zh = strcmp(o->lang, "zh") == 0;
    fputs("{\n  \"pcf_model\": 1,\n  \"description\": ", f);
    char desc[1024];
    snprintf(desc, sizeof desc,
             zh ? "草稿,由 pcf init 从 %s%s%s 生成:%zu 行中 %zu 行明确匹配因子,%zu 行暂用最佳候选"
                  "(x-provisional,候选见 x-candidates),%zu 行无因子、未计入。发布前请逐行核对。"
                : "Draft written by pcf init from %s%s%s: of %zu lines, %zu matched a factor "
                  "clearly, %zu are bound provisionally to the best candidate (x-provisional, "
                  "candidates in x-candidates) and %zu have no factor and are not counted. Check "
                  "every line before publishing.",
             o->bom, o->meters ? " + " : "", o->meters ? o->meters : "", st->lines, st->clear,
             st->provisional, st->unbound);
    cli_json_str(f, desc);
    fputs(",\n  \"boundary\": \"cradle-to-gate\",\n  \"region\": ", f);
    cli_json_str(f, o->region);
    fputs(",\n  \"products\": [\n    {\n      \"id\": ", f);
    cli_json_str(f, o->product);
    fputs(",\n      \"name\": ", f);
    cli_json_str(f, o->name ? o->name : o->product);
    fputs(",\n      \"declared_unit\": {\"amount\": 1, \"unit\": \"item\"},\n", f);
    if (total_kg > 0) {
        fputs("      \"mass\": ", f);
        json_num(f, total_kg);
        fputs(", \"mass_unit\": \"kg\",\n", f);
    }
    if (n_unbound)
        fprintf(f, "      \"x-unbound\": [%s\n      ],\n", p->unbound);
    fprintf(f, "      \"stages\": {\n        \"materials\": [%s\n        ],\n",
            p->mat ? p->mat : "");
    fprintf(f, "        \"production\": [%s\n        ],\n", p->prod ? p->prod : "");
    fprintf(f, "        \"transport\": [%s\n        ]\n      }\n    }\n  ]\n}\n",
            p->leg ? p->leg : "");
    if (fclose(f) != 0) {
        free(doc);
        return NULL;
    }
    return doc;
}

/* The to-do report: a summary line, then every line to check. */
static void write_todo(FILE *tf, const init_opts *o, const stats *st, const char *todo_text)
{
    int zh = strcmp(o->lang, "zh") == 0;
    fprintf(tf,
            zh ? "# 待办:%s\n共 %zu 行,明确匹配 %zu 行(%.0f%%),暂定 %zu 行,无因子 %zu 行。\n"
               : "# To do: %s\n%zu lines: %zu matched clearly (%.0f%%), %zu provisional, "
                 "%zu without a factor.\n",
            o->out, st->lines, st->clear,
            st->lines ? 100.0 * (double)st->clear / (double)st->lines : 0, st->provisional,
            st->unbound);
    fputs(todo_text ? todo_text : "", tf);
}

/* Writes the model to -o and the to-do report to --todo (else standard output). Both files are
 * written under temporary names and renamed into place when complete (cli_out_open), so a
 * failure leaves neither half-written; a --todo file that cannot be created writes nothing. */
static int write_outputs(const init_opts *o, const char *doc, const stats *st,
                         const char *todo_text)
{
    char *tmp = NULL, *todo_tmp = NULL;
    FILE *of = cli_out_open(o->out, &tmp);
    if (!of)
        return CLI_FAIL;
    FILE *tf = o->todo ? cli_out_open(o->todo, &todo_tmp) : stdout;
    if (!tf) {
        cli_out_close(of, tmp, o->out, 0);
        return CLI_FAIL;
    }
    fputs(doc, of);
    int status = cli_out_close(of, tmp, o->out, 1);
    if (!o->todo) {
        if (status == CLI_OK)
            write_todo(stdout, o, st, todo_text);
        return status;
    }
    write_todo(tf, o, st, todo_text);
    if (cli_out_close(tf, todo_tmp, o->todo, status == CLI_OK) != CLI_OK)
        status = CLI_FAIL;
    return status;
}

int cmd_init(int argc, char **argv)
{
    init_opts o = {.region = "CN", .product = "product", .lang = "zh", .allocate = "units"};
    int rc = parse_init_opts(argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    n_errors = 0;
    parts p = {0};
    stats st = {0};
    double total_kg = 0;
    int status = fill_parts(&o, &st, &total_kg, &p);
    if (status == CLI_OK && n_errors) {
        fprintf(stderr, "pcf init: %d problem(s); nothing was written\n", n_errors);
        status = CLI_FAIL;
    }
    char *doc = status == CLI_OK ? write_document(&o, &st, total_kg, &p) : NULL;
    if (status == CLI_OK && !doc) {
        fprintf(stderr, "pcf init: out of memory\n");
        status = CLI_FAIL;
    }
    /* the model must read back and validate */
    pcf_model *m = NULL;
    pcf_error err;
    if (status == CLI_OK && pcf_model_read_string(doc, o.out, &m, &err) != PCF_OK)
        status = cli_report("internal error: the written model does not read back", &err);
    pcf_model_destroy(m);
    if (status == CLI_OK)
        status = write_outputs(&o, doc, &st, p.todo);
    free(doc);
    free(p.mat);
    free(p.leg);
    free(p.prod);
    free(p.todo);
    free(p.unbound);
    return status;
}
