/*
 * pcf — finding factors by words: pcf_db_search() (every factor that matches all words) and
 * pcf_factor_suggest() (factors ranked by how well they fit a BOM line, with the reason), both on
 * the synonym and abbreviation table data/synonyms.csv (compiled in by tools/gen_synonyms.py).
 * docs/matching.md describes the scoring.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "db_internal.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the synonym table ------------------------------------------------------------------- */

enum { PCF__SYN_WORD, PCF__SYN_ABBR, PCF__SYN_CLASS, PCF__SYN_REGION, PCF__SYN_NOISE };

typedef struct pcf__syn_row {
    const char *term;
    int kind;
    const char *alts; /* ';'-separated; a leading '~' marks a proxy (a stand-in, never clear) */
    const char *category;
    const char *prefer; /* name_en of the factor preferred for this word, or "" */
} pcf__syn_row;

#include "synonym_table.h"

#define N_SYN (sizeof pcf__syn_rows / sizeof pcf__syn_rows[0])

/* The best suggestion is clear when it beats the second by at least this much (docs/matching.md).
 */
#define PCF__CLEAR_MARGIN 0.05

/* The row whose term is word[0..n) (ASCII case folded), or NULL. */
static const pcf__syn_row *syn_find(const char *word, size_t n)
{
    for (size_t i = 0; i < N_SYN; i++) {
        const char *t = pcf__syn_rows[i].term;
        size_t k = 0;
        while (k < n && t[k] && pcf__ascii_lower(t[k]) == pcf__ascii_lower(word[k]))
            k++;
        if (k == n && !t[k])
            return &pcf__syn_rows[i];
    }
    return NULL;
}

const char *pcf__syn_region_code(const char *word)
{
    const pcf__syn_row *r = syn_find(word, strlen(word));
    return r && r->kind == PCF__SYN_REGION ? r->alts : NULL;
}

/* ---- traditional characters --------------------------------------------------------------- */

/* Traditional Chinese characters common in material, energy and transport names, with their
 * simplified forms (the CSV names are simplified): "鋼" finds "钢". */
static const char *const trad_simp[][2] = {
    {"鋼", "钢"}, {"鐵", "铁"}, {"鋁", "铝"}, {"銅", "铜"},     {"鋅", "锌"}, {"錫", "锡"},
    {"鎳", "镍"}, {"鉛", "铅"}, {"鈦", "钛"}, {"鎂", "镁"},     {"鎢", "钨"}, {"鋰", "锂"},
    {"鉻", "铬"}, {"錳", "锰"}, {"鈷", "钴"}, {"矽", "硅"},     {"紙", "纸"}, {"膠", "胶"},
    {"電", "电"}, {"氣", "气"}, {"運", "运"}, {"輸", "输"},     {"廢", "废"}, {"棄", "弃"},
    {"線", "线"}, {"車", "车"}, {"燒", "烧"}, {"熱", "热"},     {"環", "环"}, {"紡", "纺"},
    {"織", "织"}, {"纖", "纤"}, {"維", "维"}, {"類", "类"},     {"裝", "装"}, {"廠", "厂"},
    {"產", "产"}, {"發", "发"}, {"網", "网"}, {"區", "区"},     {"華", "华"}, {"東", "东"},
    {"陝", "陕"}, {"寧", "宁"}, {"遼", "辽"}, {"龍", "龙"},     {"廣", "广"}, {"雲", "云"},
    {"貴", "贵"}, {"陽", "阳"}, {"蘇", "苏"}, {"島", "岛"},     {"輕", "轻"}, {"質", "质"},
    {"煉", "炼"}, {"爐", "炉"}, {"礦", "矿"}, {"銷", "销"},     {"貨", "货"}, {"櫃", "柜"},
    {"機", "机"}, {"飛", "飞"}, {"麵", "面"}, {"塊", "块"},     {"磚", "砖"}, {"鹼", "碱"},
    {"氫", "氢"}, {"燈", "灯"}, {"漿", "浆"}, {"處", "处"},     {"壓", "压"}, {"縮", "缩"},
    {"鍍", "镀"}, {"鑄", "铸"}, {"鍛", "锻"}, {"軋", "轧"},     {"層", "层"}, {"綿", "绵"},
    {"絲", "丝"}, {"組", "组"}, {"瓶", "瓶"}, {"箱", "箱"},     {"膜", "膜"}, {"袋", "袋"},
    {"鮮", "鲜"}, {"葉", "叶"}, {"來", "来"}, {"鐵路", "铁路"}, {"汙", "污"}, {"塑", "塑"},
};

/* Appends text to b with traditional characters replaced by simplified ones. */
static void put_simplified(pcf__buf *b, const char *p, size_t n)
{
    const char *end = p + n;
    while (p < end) {
        int hit = 0;
        if ((unsigned char)*p >= 0x80) {
            for (size_t i = 0; i < sizeof trad_simp / sizeof trad_simp[0]; i++) {
                size_t k = strlen(trad_simp[i][0]);
                if ((size_t)(end - p) >= k && memcmp(p, trad_simp[i][0], k) == 0) {
                    pcf__buf_puts(b, trad_simp[i][1]);
                    p += k;
                    hit = 1;
                    break;
                }
            }
        }
        if (!hit)
            pcf__buf_append(b, p++, 1);
    }
}

/* ---- splitting a query into words --------------------------------------------------------- */

/* One word of a query and what counts as a match for it. */
typedef struct group {
    const char *word;        /* the word as typed (simplified), NUL-terminated in the arena */
    const pcf__syn_row *syn; /* its row in the synonym table, or NULL (then `word` is matched) */
} group;

typedef struct query {
    group g[PCF_SEARCH_MAX_TERMS];
    size_t n;
    pcf__buf arena; /* the words, each NUL-terminated */
    size_t offs[PCF_SEARCH_MAX_TERMS];
} query;

static int is_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Separators between words: ASCII blanks and punctuation a BOM uses between words, and the CJK
 * full-width ones. '-', '%', '.' and '"' stay inside words (names say "Diesel (100% mineral)"). */
static size_t separator_len(const char *p)
{
    static const char *const wide[] = {"，", "、", "；", "：", "（", "）", "。", "　", "／"};
    unsigned char c = (unsigned char)*p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '(' ||
        c == ')' || c == '/' || c == ':' || c == '[' || c == ']' || c == '+')
        return 1;
    if (c >= 0x80)
        for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
            if (strncmp(p, wide[i], strlen(wide[i])) == 0)
                return strlen(wide[i]);
    return 0;
}

static size_t utf8_len(const char *p)
{
    unsigned char c = (unsigned char)*p;
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

/* Adds word[0..n) to the query; duplicates are dropped. PCF_ERR_INVALID_ARG past the limit. */
static pcf_status add_word(query *q, const char *w, size_t n, size_t *typed, pcf_error *err)
{
    if (!n)
        return PCF_OK;
    ++*typed;
    for (size_t i = 0; i < q->n; i++)
        if (strlen(q->arena.data + q->offs[i]) == n &&
            memcmp(q->arena.data + q->offs[i], w, n) == 0)
            return PCF_OK;
    if (q->n == PCF_SEARCH_MAX_TERMS)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "the text has more than %d different words, the most one search takes "
                          "(PCF_SEARCH_MAX_TERMS); use fewer words and --category/--region",
                          PCF_SEARCH_MAX_TERMS);
    q->offs[q->n] = q->arena.len;
    pcf__buf_append(&q->arena, w, n);
    pcf__buf_append(&q->arena, "", 1);
    if (q->arena.failed)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory building a search");
    q->g[q->n].syn = syn_find(w, n);
    q->n++;
    return PCF_OK;
}

/* A run of CJK text is cut into the longest terms of the synonym table it contains ("福建电力" ->
 * "福建" "电力", "PP颗粒" -> "PP" "颗粒"); the characters between known terms stay one word. */
static pcf_status add_cjk_run(query *q, const char *p, size_t n, size_t *typed, pcf_error *err)
{
    size_t i = 0, pending = 0;
    while (i < n) {
        size_t best = 0;
        for (size_t r = 0; r < N_SYN; r++) {
            const char *t = pcf__syn_rows[r].term;
            size_t k = strlen(t);
            if ((unsigned char)t[0] >= 0x80 && k > best && k <= n - i && memcmp(p + i, t, k) == 0)
                best = k;
        }
        if (!best) {
            i += utf8_len(p + i);
            if (i > n)
                i = n;
            continue;
        }
        pcf_status s = add_word(q, p + pending, i - pending, typed, err);
        if (s == PCF_OK)
            s = add_word(q, p + i, best, typed, err);
        if (s != PCF_OK)
            return s;
        i += best;
        pending = i;
    }
    return add_word(q, p + pending, n - pending, typed, err);
}

/* Splits text into words: at separators, and where ASCII letters or digits meet CJK characters. */
static pcf_status query_build(const char *text, query *q, pcf_error *err)
{
    memset(q->g, 0, sizeof q->g);
    q->n = 0;
    pcf__buf_init(&q->arena);
    size_t len = strlen(text);
    if (len > PCF_SEARCH_MAX_TEXT)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "the text is %zu bytes long; a search takes at most %d "
                          "(PCF_SEARCH_MAX_TEXT)",
                          len, PCF_SEARCH_MAX_TEXT);
    pcf__buf simple;
    pcf__buf_init(&simple);
    put_simplified(&simple, text, len);
    pcf__buf_append(&simple, "", 1);
    if (simple.failed) {
        pcf__buf_free(&simple);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory building a search");
    }
    const char *p = simple.data;
    size_t typed = 0;
    pcf_status s = PCF_OK;
    while (*p && s == PCF_OK) {
        size_t sep = separator_len(p);
        if (sep) {
            p += sep;
            continue;
        }
        /* a word: up to the next separator, cut where ASCII meets CJK */
        const char *start = p;
        int cjk = (unsigned char)*p >= 0x80;
        while (*p && !separator_len(p) && ((unsigned char)*p >= 0x80) == cjk)
            p += utf8_len(p);
        size_t n = (size_t)(p - start);
        s = cjk ? add_cjk_run(q, start, n, &typed, err) : add_word(q, start, n, &typed, err);
    }
    pcf__buf_free(&simple);
    if (s != PCF_OK)
        return s;
    for (size_t i = 0; i < q->n; i++)
        q->g[i].word = q->arena.data + q->offs[i];
    /* Noise words ("颗粒", "resin") are dropped, unless they are all there is. */
    size_t informative = 0;
    for (size_t i = 0; i < q->n; i++)
        informative += !(q->g[i].syn && q->g[i].syn->kind == PCF__SYN_NOISE);
    if (informative) {
        size_t k = 0;
        for (size_t i = 0; i < q->n; i++)
            if (!(q->g[i].syn && q->g[i].syn->kind == PCF__SYN_NOISE))
                q->g[k++] = q->g[i];
        q->n = k;
    } else {
        for (size_t i = 0; i < q->n; i++)
            q->g[i].syn = NULL; /* searched as typed */
    }
    return PCF_OK;
}

static void query_free(query *q)
{
    pcf__buf_free(&q->arena);
}

/* ---- matching one factor ------------------------------------------------------------------ */

/* The searchable fields of a factor row. The names are ASCII-lowercased copies. */
typedef struct row {
    char name_en[512], name_zh[512];
    const char *category, *region, *name_en_orig;
} row;

static void lower_copy(char *dst, size_t size, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < size; i++)
        dst[i] = pcf__ascii_lower(src[i]);
    dst[i] = '\0';
}

/* Whether an ASCII word is matched as a whole word rather than as a substring: short words and
 * upper-case abbreviations, so that "PP" does not match "Copper" nor "PET" "Petrol" or "Carpet",
 * while "alumin" still finds "Aluminium". */
static int whole_word_rule(const char *w, size_t n)
{
    int upper = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (!is_ascii_alnum(c))
            return 0;
        if (c >= 'a' && c <= 'z')
            upper = 0;
    }
    return n <= 3 || (upper && n <= 6);
}

/* How a word is found in a name. */
enum { FIND_PART, FIND_WORD, FIND_PREFIX };

/* Finds lowered needle[0..n) in hay (lowered): anywhere (FIND_PART), as a whole word bounded by
 * non-alphanumerics (FIND_WORD; a Chinese character counts as a boundary), or at the start of a
 * word (FIND_PREFIX). */
static int find_in(const char *hay, const char *needle, size_t n, int mode)
{
    if (!n)
        return 0;
    for (const char *p = hay; (p = strchr(p, needle[0])) != NULL; p++) {
        if (strncmp(p, needle, n) != 0)
            continue;
        if (mode == FIND_PART)
            return 1;
        int before = p == hay || !is_ascii_alnum((unsigned char)p[-1]);
        int after = mode == FIND_PREFIX || !is_ascii_alnum((unsigned char)p[n]);
        if (before && after)
            return 1;
    }
    return 0;
}

/* Whether a[0..n) matches the row's names. A word as typed (table 0) is found as a whole word
 * by whole_word_rule(), else anywhere. An alternative of the synonym table (table 1) in ASCII is
 * found as a whole word or phrase, or at the start of a word when it ends in '*' ("alumin*");
 * one in Chinese anywhere. */
static int alt_matches(const row *r, const char *a, size_t n, int table)
{
    char low[256];
    int mode = FIND_PART;
    if (table) {
        int ascii = 1;
        for (size_t i = 0; i < n; i++)
            ascii = ascii && (unsigned char)a[i] < 0x80;
        if (ascii && n && a[n - 1] == '*') {
            mode = FIND_PREFIX;
            n--;
        } else if (ascii) {
            mode = FIND_WORD;
        }
    } else if (whole_word_rule(a, n)) {
        mode = FIND_WORD;
    }
    if (n >= sizeof low)
        n = sizeof low - 1;
    for (size_t i = 0; i < n; i++)
        low[i] = pcf__ascii_lower(a[i]);
    low[n] = '\0';
    return find_in(r->name_en, low, n, mode) || find_in(r->name_zh, low, n, mode);
}

static int ascii_eq_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (pcf__ascii_lower(a[i]) != pcf__ascii_lower(b[i]))
            return 0;
    return 1;
}

static int region_within(const char *region, const char *code)
{
    size_t n = strlen(code);
    return pcf__ascii_casecmp(region, code) == 0 ||
           (strncmp(region, code, n) == 0 && region[n] == '-');
}

/* How a group matched a row. */
enum { M_NONE, M_LITERAL, M_SYNONYM, M_CLASS, M_REGION, M_PROXY };

/* Score of group g for row r in [0, 1], and how it matched (*how) and through which
 * alternative (*via, *via_len). */
static double group_score(const group *g, const row *r, int *how, const char **via, size_t *via_n)
{
    *how = M_NONE;
    *via = NULL;
    *via_n = 0;
    if (!g->syn) {
        if (alt_matches(r, g->word, strlen(g->word), 0)) {
            *how = M_LITERAL;
            return 1.0;
        }
        return 0.0;
    }
    const pcf__syn_row *s = g->syn;
    if (s->kind == PCF__SYN_REGION) {
        if (region_within(r->region, s->alts) || alt_matches(r, g->word, strlen(g->word), 0)) {
            *how = M_REGION;
            *via = s->alts;
            *via_n = strlen(s->alts);
            return 1.0;
        }
        return 0.0;
    }
    double best = 0.0;
    for (const char *a = s->alts; *a;) {
        const char *e = strchr(a, ';');
        size_t n = e ? (size_t)(e - a) : strlen(a);
        int proxy = a[0] == '~';
        const char *t = a + proxy;
        size_t tn = n - (size_t)proxy;
        /* the word itself 1, another alternative 0.9, a stand-in 0.5 */
        double sc = proxy ? 0.5 : 0.9;
        if (!proxy && tn == strlen(g->word) && ascii_eq_n(t, g->word, tn))
            sc = 1.0;
        if (sc > best && alt_matches(r, t, tn, 1)) {
            best = sc;
            *how = proxy ? M_PROXY : M_SYNONYM;
            *via = t;
            *via_n = tn;
        }
        a += n + (e != NULL);
    }
    if (s->category[0] && strcmp(r->category, s->category) == 0) {
        if (best < 0.5 && s->kind == PCF__SYN_CLASS) {
            best = 0.5;
            *how = M_CLASS;
            *via = s->category;
            *via_n = strlen(s->category);
        }
        if (best > 0)
            best += 0.1; /* the word belongs to this category: its factors before namesakes */
    }
    return best;
}

/* Whether the row's English name is the one the table prefers for a word of the query. */
static const group *preferred_by(const query *q, const row *r)
{
    for (size_t i = 0; i < q->n; i++)
        if (q->g[i].syn && q->g[i].syn->prefer[0] &&
            pcf__ascii_casecmp(q->g[i].syn->prefer, r->name_en_orig) == 0)
            return &q->g[i];
    return NULL;
}

/* ---- reading the candidate rows ----------------------------------------------------------- */

/* A row that matched, kept until the winners are read in full by code. */
typedef struct hit {
    char *code;
    size_t layer;
    double score;
    int year;
    uint64_t mask, proxy_mask; /* groups matched; groups matched only through a proxy */
    int preferred, region_rank;
} hit;

typedef struct hits {
    hit *v;
    size_t n, cap;
} hits;

static void hits_free(hits *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->v[i].code);
    free(h->v);
}

static pcf_status hits_push(hits *h, const hit *x, pcf_error *err)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        hit *p = realloc(h->v, cap * sizeof *p);
        if (!p)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory collecting search results");
        h->v = p;
        h->cap = cap;
    }
    h->v[h->n] = *x;
    if (!(h->v[h->n].code = pcf__strdup(x->code)))
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory collecting search results");
    h->n++;
    return PCF_OK;
}

/* What a scan keeps and how it scores. */
typedef struct scan {
    const query *q;
    int all_words;        /* search: every word must match */
    const char *category; /* search: one category, or NULL */
    const char *cats[8];  /* suggest: any of these categories */
    size_t n_cats;
    const char *region;                          /* search: region and sub-regions, or NULL */
    char chain[PCF__CHAIN_MAX][PCF__REGION_MAX]; /* suggest: fallback chain of the region */
    size_t n_chain;
    pcf_dimension dim;
} scan;

/* Reads the light columns of every row of every layer that passes the filters and keeps those
 * that match, top layer first, each code once. */
static pcf_status scan_rows(pcf_db *db, const scan *sc, hits *out, pcf_error *err)
{
    /* the codes taken from higher layers, which hide the same codes below */
    pcf__smap seen = {0};
    pcf__arena seen_keys = {0};
    pcf_status s = PCF_OK;
    char *region_prefix = NULL;
    if (sc->region && sc->region[0] &&
        !(region_prefix = pcf__db_like_pattern("", sc->region, strlen(sc->region), "-%")))
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory building a search");
    row *r = malloc(sizeof *r);
    if (!r) {
        free(region_prefix);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory building a search");
    }
    size_t first_new = 0;
    for (size_t li = db->n_layers; s == PCF_OK && li-- > 0;) {
        pcf__buf q;
        pcf__buf_init(&q);
        pcf__buf_printf(&q,
                        "SELECT f.code, f.name_en, f.name_zh, f.category, f.region, f.year_num "
                        "FROM %s.factors f WHERE 1",
                        db->layers[li].schema);
        if (sc->category && sc->category[0])
            pcf__buf_puts(&q, " AND f.category = ?2");
        for (size_t i = 0; i < sc->n_cats; i++)
            pcf__buf_printf(&q, "%s?%zu", i ? ", " : " AND f.category IN (", 30 + i);
        if (sc->n_cats)
            pcf__buf_puts(&q, ")");
        if (region_prefix)
            pcf__buf_puts(&q,
                          " AND (f.region = ?3 COLLATE NOCASE OR f.region LIKE ?4 ESCAPE '\\')");
        if (sc->dim != PCF_DIM_NONE)
            pcf__buf_puts(&q, " AND f.per_dim = ?5");
        if (q.failed) {
            pcf__buf_free(&q);
            s = pcf__error(err, PCF_ERR_NOMEM, "out of memory building a search");
            break;
        }
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db->sql, q.data, -1, &st, NULL);
        pcf__buf_free(&q);
        if (rc != SQLITE_OK) {
            s = pcf__db_sql_error(db, rc, err, "searching factors");
            sqlite3_finalize(st);
            break;
        }
        if (sc->category && sc->category[0])
            sqlite3_bind_text(st, 2, sc->category, -1, SQLITE_STATIC);
        for (size_t i = 0; i < sc->n_cats; i++)
            sqlite3_bind_text(st, (int)(30 + i), sc->cats[i], -1, SQLITE_STATIC);
        if (region_prefix) {
            sqlite3_bind_text(st, 3, sc->region, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 4, region_prefix, -1, SQLITE_STATIC);
        }
        if (sc->dim != PCF_DIM_NONE)
            sqlite3_bind_int(st, 5, (int)sc->dim);
        while (s == PCF_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *code = (const char *)sqlite3_column_text(st, 0);
            uint32_t unused;
            if (!code || pcf__smap_get(&seen, code, &unused))
                continue; /* a higher layer already gave this code */
            const char *en = (const char *)sqlite3_column_text(st, 1);
            const char *zh = (const char *)sqlite3_column_text(st, 2);
            lower_copy(r->name_en, sizeof r->name_en, en ? en : "");
            lower_copy(r->name_zh, sizeof r->name_zh, zh ? zh : "");
            r->name_en_orig = en ? en : "";
            const char *cat = (const char *)sqlite3_column_text(st, 3);
            const char *reg = (const char *)sqlite3_column_text(st, 4);
            r->category = cat ? cat : "";
            r->region = reg ? reg : "";
            hit h = {0};
            h.code = (char *)code;
            h.layer = li;
            h.year = sqlite3_column_int(st, 5);
            int ok = 1;
            for (size_t g = 0; g < sc->q->n && ok; g++) {
                int how;
                const char *via;
                size_t via_n;
                double gs = group_score(&sc->q->g[g], r, &how, &via, &via_n);
                if (gs > 0) {
                    h.mask |= (uint64_t)1 << g;
                    if (how == M_PROXY)
                        h.proxy_mask |= (uint64_t)1 << g;
                    h.score += gs;
                } else if (sc->all_words) {
                    ok = 0; /* every word must match: stop at the first that does not */
                }
            }
            if (!ok || (!sc->all_words && !h.mask))
                continue;
            h.preferred = preferred_by(sc->q, r) != NULL;
            if (sc->all_words && h.preferred)
                h.score += 0.5; /* the table's default for a word comes first */
            h.region_rank = -1;
            for (size_t k = 0; k < sc->n_chain && h.region_rank < 0; k++)
                if (pcf__ascii_casecmp(sc->chain[k], r->region) == 0)
                    h.region_rank = (int)k;
            s = hits_push(out, &h, err);
        }
        if (s == PCF_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
            s = pcf__db_sql_error(db, rc, err, "searching factors");
        sqlite3_finalize(st);
        /* this layer's codes hide the same codes below */
        for (size_t i = first_new; s == PCF_OK && i < out->n; i++)
            if (!pcf__smap_put(&seen, &seen_keys, out->v[i].code, 0))
                s = pcf__error(err, PCF_ERR_NOMEM, "out of memory collecting search results");
        first_new = out->n;
    }
    pcf__smap_free(&seen);
    pcf__arena_free(&seen_keys);
    free(r);
    free(region_prefix);
    return s;
}

/* Search order: top layer first, then score, then code. */
static int cmp_search(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->layer != y->layer)
        return x->layer > y->layer ? -1 : 1;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->code, y->code);
}

pcf_status pcf_db_search(pcf_db *db, const char *text, const char *category, const char *region,
                         pcf_dimension dim, size_t limit, pcf_factor_list **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!db || !text || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_db_search: db, text and out must not be NULL");
    if (!pcf__utf8_valid(text, strlen(text)))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "the search text is not valid UTF-8");
    scan *sc = calloc(1, sizeof *sc);
    query *q = calloc(1, sizeof *q);
    pcf_factor_list *list = calloc(1, sizeof *list);
    hits h = {0};
    pcf_status s = sc && q && list
                       ? PCF_OK
                       : pcf__error(err, PCF_ERR_NOMEM, "out of memory building a search");
    if (s == PCF_OK)
        s = query_build(text, q, err);
    if (s == PCF_OK) {
        sc->q = q;
        sc->all_words = 1;
        sc->category = category;
        sc->region = region;
        sc->dim = dim;
        s = scan_rows(db, sc, &h, err);
    }
    if (s == PCF_OK) {
        if (h.n)
            qsort(h.v, h.n, sizeof *h.v, cmp_search);
        list->total = h.n;
        for (size_t i = 0; s == PCF_OK && i < h.n && (limit == 0 || i < limit); i++) {
            pcf_factor *f = NULL;
            s = pcf__db_fetch(db, h.v[i].layer, h.v[i].code, NULL, &f, err);
            if (s == PCF_ERR_NOT_FOUND)
                s = pcf__error(err, PCF_ERR_DATABASE, "factor %.200s vanished during a search",
                               h.v[i].code);
            if (s == PCF_OK)
                s = pcf__db_list_push(list, f, err);
        }
    }
    hits_free(&h);
    if (q)
        query_free(q);
    free(q);
    free(sc);
    if (s != PCF_OK) {
        pcf_factor_list_destroy(list);
        return s;
    }
    *out = list;
    return pcf__ok(err);
}

/* ---- suggestions -------------------------------------------------------------------------- */

struct pcf_suggestion_list {
    size_t n;
    pcf_factor **f;
    double *score;
    int *proxy;
    char **reason[2]; /* [0] English, [1] Chinese */
    int clear;
};

/* Suggestion order: score, then the latest year, then code. */
static int cmp_suggest(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->year != y->year)
        return x->year > y->year ? -1 : 1;
    return strcmp(x->code, y->code);
}

static int popcount64(uint64_t v)
{
    int c = 0;
    for (; v; v &= v - 1)
        c++;
    return c;
}

/* Why factor f was suggested, in English (lang 0) or Chinese (1). */
static void write_reason(pcf__buf *b, int zh, const query *q, uint64_t any, const pcf_factor *f,
                         const hit *h, const scan *sc, const char *unit)
{
    row *r = malloc(sizeof *r);
    if (!r) {
        b->failed = 1;
        return;
    }
    lower_copy(r->name_en, sizeof r->name_en, pcf_factor_name_en(f));
    lower_copy(r->name_zh, sizeof r->name_zh, pcf_factor_name_zh(f));
    r->name_en_orig = pcf_factor_name_en(f);
    r->category = pcf_factor_category(f);
    r->region = pcf_factor_region(f);
    const char *sep = zh ? ";" : "; ";
    for (size_t g = 0; g < q->n; g++) {
        int how;
        const char *via;
        size_t vn;
        group_score(&q->g[g], r, &how, &via, &vn);
        pcf__buf_printf(b, "%s\"%s\"%s", g ? sep : "", q->g[g].word, zh ? ":" : ": ");
        int vi = (int)(vn > 120 ? 120 : vn);
        switch (how) {
        case M_LITERAL:
            pcf__buf_puts(b, zh ? "名称中出现" : "in the name");
            break;
        case M_SYNONYM:
            if (strlen(q->g[g].word) == vn && strncmp(q->g[g].word, via, vn) == 0)
                pcf__buf_puts(b, zh ? "名称中出现" : "in the name");
            else
                pcf__buf_printf(b, zh ? "同义词 \"%.*s\"" : "synonym \"%.*s\"", vi, via);
            break;
        case M_CLASS:
            pcf__buf_printf(b, zh ? "类别 %.*s" : "category %.*s", vi, via);
            break;
        case M_REGION:
            pcf__buf_printf(b, zh ? "地区 %.*s" : "region %.*s", vi, via);
            break;
        case M_PROXY:
            pcf__buf_printf(
                b, zh ? "无专用因子,\"%.*s\" 仅为代用" : "no specific factor, \"%.*s\" is a proxy",
                vi, via);
            break;
        default:
            pcf__buf_puts(b, !(any >> g & 1) ? (zh ? "无因子含此词" : "no factor has it")
                                             : (zh ? "未匹配" : "not matched"));
        }
    }
    const group *pg = h->preferred ? preferred_by(q, r) : NULL;
    if (pg)
        pcf__buf_printf(b,
                        zh ? ";同义词表为 \"%s\" 指定的默认因子"
                           : "; the synonym table's default for \"%s\"",
                        pg->word);
    if (sc->n_chain) {
        pcf__buf_printf(b, zh ? ";地区 %s" : "; region %s", r->region);
        if (h->region_rank < 0) {
            pcf__buf_puts(b, zh ? "(不在回退链 " : " (outside ");
            for (size_t k = 0; k < sc->n_chain; k++)
                pcf__buf_printf(b, "%s%s", k ? " → " : "", sc->chain[k]);
            pcf__buf_puts(b, zh ? " 内)" : ")");
        } else if (h->region_rank > 0) {
            pcf__buf_printf(b, zh ? "(由 %s 回退)" : " (fallback from %s)", sc->chain[0]);
        }
    }
    if (unit && unit[0])
        pcf__buf_printf(b, zh ? ";每 %s,与 %s 相容" : "; per %s, fits %s",
                        pcf_unit_symbol(pcf_factor_unit(f)), unit);
    free(r);
}

void pcf_suggestion_list_destroy(pcf_suggestion_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++) {
        pcf_factor_destroy(list->f[i]);
        free(list->reason[0][i]);
        free(list->reason[1][i]);
    }
    free(list->f);
    free(list->score);
    free(list->proxy);
    free(list->reason[0]);
    free(list->reason[1]);
    free(list);
}

/* Parses "material,packaging" into sc->cats (pointers into buf, which it cuts). */
static pcf_status parse_categories(char *buf, scan *sc, pcf_error *err)
{
    for (char *p = buf; p && *p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ')
            p++;
        if (*p) {
            if (sc->n_cats == sizeof sc->cats / sizeof sc->cats[0])
                return pcf__error(err, PCF_ERR_INVALID_ARG,
                                  "at most %zu categories, separated by commas",
                                  sizeof sc->cats / sizeof sc->cats[0]);
            sc->cats[sc->n_cats++] = p;
        }
        p = comma ? comma + 1 : NULL;
    }
    return PCF_OK;
}

/* Scores the hits of a suggestion scan (see docs/matching.md) and sorts them. */
static uint64_t rank_suggestions(hits *h, const scan *sc)
{
    uint64_t any = 0, classes = 0;
    for (size_t i = 0; i < h->n; i++)
        any |= h->v[i].mask;
    for (size_t g = 0; g < sc->q->n; g++)
        if (sc->q->g[g].syn && sc->q->g[g].syn->kind == PCF__SYN_CLASS)
            classes |= (uint64_t)1 << g;
    /* A word that only names a category ("包装", "运输") beside a more specific one ("LDPE袋")
     * does not have to match: the specific word decides. */
    if (any & ~classes)
        any &= ~classes;
    int n_any = popcount64(any);
    /* The table's preference yields to a region: when some factor matching every word is in the
     * request's fallback chain, a preferred factor from elsewhere is not preferred (a GB user's
     * electricity is GB's, not China's default). */
    int regional = 0;
    for (size_t i = 0; i < h->n && !regional; i++)
        regional = (h->v[i].mask & any) == any && h->v[i].region_rank >= 0;
    for (size_t i = 0; i < h->n; i++) {
        hit *x = &h->v[i];
        double coverage = n_any ? x->score / n_any : 0;
        int full = (x->mask & any) == any;
        int in_chain = !sc->n_chain || x->region_rank >= 0 || !regional;
        x->preferred = x->preferred && full && in_chain;
        double fit = x->region_rank >= 0 ? 1.0 - (double)x->region_rank / (double)sc->n_chain : 0;
        x->score = 0.6 * coverage + 0.25 * x->preferred + 0.15 * fit;
        if (!full)
            x->preferred = 0;
        x->mask = full ? 1 : 0; /* from here on: 1 when every word that matched anything matched */
    }
    if (h->n)
        qsort(h->v, h->n, sizeof *h->v, cmp_suggest);
    return any;
}

pcf_status pcf_factor_suggest(pcf_db *db, const char *text, const char *unit, const char *region,
                              const char *categories, size_t max, pcf_suggestion_list **out,
                              pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!db || !text || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_factor_suggest: db, text and out must not be NULL");
    if (!pcf__utf8_valid(text, strlen(text)))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "the text to match is not valid UTF-8");
    /* a region written as a word of the synonym table: "浙江" is CN-ZJ, "UK" GB */
    if (region && pcf__syn_region_code(region))
        region = pcf__syn_region_code(region);
    scan *sc = calloc(1, sizeof *sc);
    query *q = calloc(1, sizeof *q);
    pcf_suggestion_list *list = calloc(1, sizeof *list);
    char *cats = pcf__strdup(categories ? categories : "");
    hits h = {0};
    pcf_status s = sc && q && list && cats
                       ? PCF_OK
                       : pcf__error(err, PCF_ERR_NOMEM, "out of memory matching a factor");
    if (s == PCF_OK && unit && unit[0]) {
        const pcf_unit *u = NULL;
        s = pcf_unit_parse(unit, &u, err);
        if (s == PCF_OK)
            sc->dim = pcf_unit_dimension(u);
    }
    if (s == PCF_OK && region && region[0])
        s = pcf__db_region_chain(db, region, sc->chain, &sc->n_chain, err);
    if (s == PCF_OK)
        s = parse_categories(cats, sc, err);
    if (s == PCF_OK)
        s = query_build(text, q, err);
    if (s == PCF_OK && q->n == 0)
        s = pcf__error(err, PCF_ERR_INVALID_ARG, "nothing to match: the text has no words");
    if (s == PCF_OK) {
        sc->q = q;
        s = scan_rows(db, sc, &h, err);
    }
    uint64_t any = s == PCF_OK ? rank_suggestions(&h, sc) : 0;
    size_t n = max && max < h.n ? max : h.n;
    if (s == PCF_OK && n) {
        list->f = calloc(n, sizeof *list->f);
        list->score = calloc(n, sizeof *list->score);
        list->proxy = calloc(n, sizeof *list->proxy);
        list->reason[0] = calloc(n, sizeof(char *));
        list->reason[1] = calloc(n, sizeof(char *));
        if (!list->f || !list->score || !list->proxy || !list->reason[0] || !list->reason[1])
            s = pcf__error(err, PCF_ERR_NOMEM, "out of memory matching a factor");
    }
    for (size_t i = 0; s == PCF_OK && i < n; i++) {
        const hit *x = &h.v[i];
        s = pcf__db_fetch(db, x->layer, x->code, sc->n_chain ? sc->chain[0] : NULL, &list->f[i],
                          err);
        if (s == PCF_ERR_NOT_FOUND)
            s = pcf__error(err, PCF_ERR_DATABASE, "factor %.200s vanished while matching", x->code);
        if (s != PCF_OK)
            break;
        list->n = i + 1;
        list->score[i] = x->score;
        list->proxy[i] = x->proxy_mask != 0;
        for (int zh = 0; zh < 2 && s == PCF_OK; zh++) {
            pcf__buf b;
            pcf__buf_init(&b);
            write_reason(&b, zh, q, any, list->f[i], x, sc, unit);
            pcf__buf_append(&b, "", 0);
            if (b.failed || !(list->reason[zh][i] = pcf__buf_steal(&b))) {
                pcf__buf_free(&b);
                s = pcf__error(err, PCF_ERR_NOMEM, "out of memory matching a factor");
            }
        }
    }
    if (s == PCF_OK && list->n)
        list->clear = !list->proxy[0] && h.v[0].mask &&
                      (h.n == 1 || h.v[0].score - h.v[1].score >= PCF__CLEAR_MARGIN);
    hits_free(&h);
    if (q)
        query_free(q);
    free(q);
    free(sc);
    free(cats);
    if (s != PCF_OK) {
        pcf_suggestion_list_destroy(list);
        return s;
    }
    *out = list;
    return pcf__ok(err);
}

size_t pcf_suggestion_count(const pcf_suggestion_list *list)
{
    return list ? list->n : 0;
}

const pcf_factor *pcf_suggestion_factor(const pcf_suggestion_list *list, size_t index)
{
    return list && index < list->n ? list->f[index] : NULL;
}

double pcf_suggestion_score(const pcf_suggestion_list *list, size_t index)
{
    return list && index < list->n ? list->score[index] : 0.0;
}

int pcf_suggestion_is_proxy(const pcf_suggestion_list *list, size_t index)
{
    return list && index < list->n ? list->proxy[index] : 0;
}

const char *pcf_suggestion_reason(const pcf_suggestion_list *list, size_t index, const char *lang)
{
    if (!list || index >= list->n)
        return "";
    int zh = lang && (lang[0] == 'z' || lang[0] == 'Z') && (lang[1] == 'h' || lang[1] == 'H');
    return list->reason[zh][index];
}

int pcf_suggestion_clear(const pcf_suggestion_list *list)
{
    return list ? list->clear : 0;
}
