/*
 * pcf — streaming batch: JSON Lines of models in, one result record per line out.
 * GPL-3.0-or-later; see LICENSE.
 *
 * The calling thread reads lines into a ring of slots and writes finished records in input
 * order; worker threads, each with its own database handle, compute the slots in turn. The
 * ring bounds memory (4 x threads + 4 lines) however long the input is.
 */
#include "pcf/batch.h"
#include "pcf/calc.h"
#include "pcf/mc.h"
#include "pcf/model.h"
#include "pcf/system.h"

#include "internal.h"
#include "model_internal.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH_MAX_THREADS 256
/* pcf calc's rule (cli/calc_mc.c), kept so that a record's "monte_carlo" is what
 * `pcf calc --mc N --threads 1` writes: no sensitivity ranking past 50 million draws (uncertain
 * parameters x iterations). The rule bounds time: the ranking sorts every parameter's samples,
 * and past 256 MiB of them (33.5 million draws; lib/mc.c keeps them only below that and within
 * the memory limit) it draws them all again first, about as much work again as the run. Memory is
 * not what it guards: the Monte Carlo run checks its own needs against the memory limit. */
#define BATCH_SENSITIVITY_LIMIT 50000000u

struct pcf_batch_options {
    char *db_path;
    pcf_batch_open_fn open_fn;
    void *open_user;
    size_t threads;
    pcf_gwp_set gwp;
    size_t mc_iterations;
    uint64_t mc_seed;
    char *base_dir;
    char *input_name;
    uint64_t sync_every;
    pcf_batch_progress_fn progress;
    void *progress_user;
};

void pcf_batch_stats_init(pcf_batch_stats *stats)
{
    if (!stats)
        return;
    memset(stats, 0, sizeof *stats);
    stats->struct_size = sizeof *stats;
}

size_t pcf_batch_max_threads(void)
{
    return BATCH_MAX_THREADS;
}

pcf_status pcf_batch_options_create(pcf_batch_options **out, pcf_error *err)
{
    if (!out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_batch_options_create: NULL argument");
    *out = NULL;
    pcf_batch_options *o = calloc(1, sizeof *o);
    if (o) {
        o->db_path = pcf__strdup(pcf_db_default_path());
        o->input_name = pcf__strdup("input");
    }
    if (!o || !o->db_path || !o->input_name) {
        pcf_batch_options_destroy(o);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory creating batch options");
    }
    o->threads = 1;
    o->mc_seed = 1;
    o->sync_every = 10000;
    *out = o;
    return pcf__ok(err);
}

void pcf_batch_options_destroy(pcf_batch_options *o)
{
    if (!o)
        return;
    free(o->db_path);
    free(o->base_dir);
    free(o->input_name);
    free(o);
}

/* Replaces *slot with a copy of s (NULL allowed when nullable). */
static pcf_status set_text(char **slot, const char *s, int nullable, const char *fn, pcf_error *err)
{
    if (!s && !nullable)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "%s: NULL argument", fn);
    char *copy = NULL;
    if (s && !(copy = pcf__strdup(s)))
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory in %s", fn);
    free(*slot);
    *slot = copy;
    return pcf__ok(err);
}

pcf_status pcf_batch_options_set_db(pcf_batch_options *o, const char *path, pcf_error *err)
{
    if (!o)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_batch_options_set_db: NULL argument");
    return set_text(&o->db_path, path, 0, "pcf_batch_options_set_db", err);
}

pcf_status pcf_batch_options_set_db_opener(pcf_batch_options *o, pcf_batch_open_fn fn, void *user,
                                           pcf_error *err)
{
    if (!o)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_batch_options_set_db_opener: NULL argument");
    o->open_fn = fn;
    o->open_user = fn ? user : NULL;
    return pcf__ok(err);
}

pcf_status pcf_batch_options_set_threads(pcf_batch_options *o, size_t threads, pcf_error *err)
{
    if (!o)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_batch_options_set_threads: NULL argument");
    if (threads < 1 || threads > BATCH_MAX_THREADS)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "batch threads must be from 1 to %d, not %zu; use fewer threads",
                          BATCH_MAX_THREADS, threads);
    o->threads = threads;
    return pcf__ok(err);
}

pcf_status pcf_batch_options_set_gwp(pcf_batch_options *o, pcf_gwp_set gwp, pcf_error *err)
{
    if (!o)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_batch_options_set_gwp: NULL argument");
    if ((int)gwp != 0 && !pcf_gwp_set_name(gwp))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "unknown GWP set %d; use PCF_GWP_AR4, PCF_GWP_AR5, PCF_GWP_AR6 or 0",
                          (int)gwp);
    o->gwp = gwp;
    return pcf__ok(err);
}

pcf_status pcf_batch_options_set_mc(pcf_batch_options *o, size_t iterations, uint64_t seed,
                                    pcf_error *err)
{
    if (!o)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_batch_options_set_mc: NULL argument");
    if (iterations > pcf_mc_max_iterations())
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "at most %zu Monte Carlo iterations per model, not %zu",
                          pcf_mc_max_iterations(), iterations);
    o->mc_iterations = iterations;
    o->mc_seed = seed;
    return pcf__ok(err);
}

pcf_status pcf_batch_options_set_base_dir(pcf_batch_options *o, const char *dir, pcf_error *err)
{
    if (!o)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_batch_options_set_base_dir: NULL argument");
    return set_text(&o->base_dir, dir, 1, "pcf_batch_options_set_base_dir", err);
}

pcf_status pcf_batch_options_set_input_name(pcf_batch_options *o, const char *name, pcf_error *err)
{
    if (!o)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_batch_options_set_input_name: NULL argument");
    return set_text(&o->input_name, name, 0, "pcf_batch_options_set_input_name", err);
}

pcf_status pcf_batch_options_set_sync_every(pcf_batch_options *o, uint64_t records, pcf_error *err)
{
    if (!o)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_batch_options_set_sync_every: NULL argument");
    o->sync_every = records;
    return pcf__ok(err);
}

pcf_status pcf_batch_options_set_progress(pcf_batch_options *o, pcf_batch_progress_fn fn,
                                          void *user, pcf_error *err)
{
    if (!o)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_batch_options_set_progress: NULL argument");
    o->progress = fn;
    o->progress_user = fn ? user : NULL;
    return pcf__ok(err);
}

uint64_t pcf_batch_model_seed(uint64_t seed, const char *id)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a offset basis */
    for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p; p++) {
        h ^= *p;
        h *= 0x100000001b3u; /* FNV prime */
    }
    uint64_t z = h ^ seed; /* SplitMix64 finaliser (Steele, Lea & Flood 2014) */
    z += 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* ---- one line ----------------------------------------------------------------------------- */

/* A JSON string or null. */
static void put_json_string(pcf__buf *b, const char *s)
{
    if (s)
        pcf__buf_json_str(b, s);
    else
        pcf__buf_puts(b, "null");
}

static void put_head(pcf__buf *b, uint64_t line_no, const char *id, const char *status)
{
    pcf__buf_printf(b, "{\"line\":%llu,\"id\":", (unsigned long long)line_no);
    put_json_string(b, id);
    pcf__buf_printf(b, ",\"status\":\"%s\"", status);
}

/* Where an inline model's text lies: its own line 1 is line `line` of the input `file`. */
typedef struct inline_at {
    const char *file;
    int32_t line;
} inline_at;

static json_t *error_json(const pcf_error *e, const char *severity, const inline_at *at)
{
    json_t *o = json_object();
    int bad = 0; /* a member that could not be made or added: NULL, not an entry without it */
    if (severity)
        pcf__jset(&bad, o, "severity", json_string(severity));
    if (e->code != PCF_OK)
        pcf__jset(&bad, o, "code", json_string(pcf_status_name(e->code)));
    pcf__jset(&bad, o, "message", json_string(e->message));
    if (e->file[0])
        pcf__jset(&bad, o, "file", json_string(e->file));
    if (e->path[0])
        pcf__jset(&bad, o, "path", json_string(e->path));
    int32_t line = e->line;
    if (at && at->file && line && strcmp(e->file, at->file) == 0)
        line = at->line;
    if (line)
        pcf__jset(&bad, o, "line", json_integer(line));
    if (e->column)
        pcf__jset(&bad, o, "column", json_integer(e->column));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The diag entries of the given severities as an array ({} entries like error_json); NULL when
 * out of memory (pcf_diag_at() makes the entry it hands out). */
static json_t *diag_json(const pcf_diag *diag, int with_errors, const inline_at *at)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < pcf_diag_count(diag); i++) {
        pcf_severity sev = pcf_diag_severity_at(diag, i);
        if (sev == PCF_SEVERITY_NOTE || (sev == PCF_SEVERITY_ERROR && !with_errors))
            continue;
        const pcf_error *e = pcf_diag_at(diag, i);
        if (!e) {
            json_decref(a);
            return NULL;
        }
        if (json_array_append_new(
                a, error_json(e, sev == PCF_SEVERITY_ERROR ? "error" : "warning", at)) != 0) {
            json_decref(a); /* a record without one of its problems would hide it */
            return NULL;
        }
    }
    return a;
}

static void put_json_value(pcf__buf *b, json_t *v)
{
    if (v)
        pcf__json_write(b, v, -1); /* compact */
    else
        b->failed = 1;
}

static void put_error_record(pcf__buf *b, uint64_t line_no, const char *id, const pcf_error *e,
                             const pcf_diag *diag, const inline_at *at)
{
    put_head(b, line_no, id, "error");
    json_t *o = error_json(e, NULL, at);
    json_t *problems = diag_json(diag, 1, at);
    if (!problems)
        b->failed = 1;
    if (json_array_size(problems) && json_object_set(o, "problems", problems) != 0)
        b->failed = 1;
    json_decref(problems);
    pcf__buf_puts(b, ",\"error\":");
    put_json_value(b, o);
    json_decref(o);
    pcf__buf_puts(b, "}");
}

/* Reads the model of one line: an inline document or {"path": ...}. */
static pcf_status read_line_model(const pcf_batch_options *o, const char *text, size_t len,
                                  pcf_model **out, int *is_inline, pcf_error *err)
{
    *out = NULL;
    *is_inline = 1;
    if (len == 0)
        return pcf__error(err, PCF_ERR_PARSE,
                          "empty line: each line holds a model document or {\"path\": FILE}");
    if (!strstr(text, "\"pcf_model\"")) {
        /* pcf's reader, not json_loadb: under an allocation failure jansson's returned NULL (the
         * line then went to the model reader and became an error record) or a path one character
         * short. Text it refuses goes to the model reader, which names the syntax error. */
        json_t *j = NULL;
        if (pcf__json_parse(text, len, &j) == PCF_ERR_NOMEM)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading the line");
        json_t *p = json_is_object(j) ? json_object_get(j, "path") : NULL;
        if (p) {
            pcf_status st;
            *is_inline = 0;
            const char *path = json_string_value(p);
            if (!path || !*path) {
                st = pcf__error(err, PCF_ERR_PARSE,
                                "\"path\" must be a non-empty string naming a model file");
                pcf__error_where(err, NULL, "$.path", 0, 0);
            } else if (path[0] == '/' || !o->base_dir) {
                st = pcf_model_read_file(path, out, err);
            } else {
                size_t n = strlen(o->base_dir) + strlen(path) + 2;
                char *full = malloc(n);
                if (!full) {
                    st = pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a model path");
                } else {
                    snprintf(full, n, "%s/%s", o->base_dir, path);
                    st = pcf_model_read_file(full, out, err);
                    free(full);
                }
            }
            json_decref(j);
            return st;
        }
        json_decref(j);
    }
    return pcf_model_read_string(text, o->input_name, out, err);
}

/* Monte Carlo of one model, as `pcf calc --mc N --seed <derived> --threads 1` runs it. */
static pcf_status run_mc(const pcf_batch_options *o, const pcf_system *sys, uint64_t seed,
                         pcf_mc **mc, pcf_error *err)
{
    pcf_mc_options *mo = NULL;
    size_t np = pcf_system_param_count(sys);
    pcf_status st = pcf_mc_options_create(&mo, err);
    if (st == PCF_OK)
        st = pcf_mc_options_set_iterations(mo, o->mc_iterations, err);
    if (st == PCF_OK)
        st = pcf_mc_options_set_seed(mo, seed, err);
    if (st == PCF_OK)
        st = pcf_mc_options_set_threads(mo, 1, err);
    if (st == PCF_OK && np > 0 && o->mc_iterations > BATCH_SENSITIVITY_LIMIT / np)
        st = pcf_mc_options_set_sensitivity(mo, 0, err);
    if (st == PCF_OK)
        st = pcf_mc_run(sys, mo, mc, err);
    pcf_mc_options_destroy(mo);
    return st;
}

/* The ok record: head, seed, warnings, then the result document (and Monte Carlo) compacted. */
static pcf_status compute_model(const pcf_batch_options *o, pcf_db *db, const pcf_model *m,
                                uint64_t line_no, const inline_at *at, pcf__buf *b, pcf_diag *diag,
                                pcf_error *err)
{
    pcf_system *sys = NULL;
    pcf_result *res = NULL;
    char *rj = NULL;
    pcf_mc *mc = NULL;
    const char *id = pcf_model_product_count(m) ? pcf_model_product_id(m, 0) : NULL;
    uint64_t seed = pcf_batch_model_seed(o->mc_seed, id);
    pcf_status st = pcf_system_resolve(m, db, o->gwp, diag, &sys, err);
    if (st == PCF_OK)
        st = pcf_calculate(sys, &res, err);
    if (st == PCF_OK && o->mc_iterations)
        st = run_mc(o, sys, seed, &mc, err);
    if (st == PCF_OK) /* the pcf calc --format json document (with "monte_carlo"), compact */
        st = pcf__report_json_mc(res, mc, -1, &rj, err);
    if (st == PCF_OK) {
        put_head(b, line_no, id, "ok");
        if (o->mc_iterations)
            pcf__buf_printf(b, ",\"seed\":\"%llu\"", (unsigned long long)seed); /* as mc JSON */
        json_t *w = diag_json(diag, 0, at);
        if (!w)
            b->failed = 1;
        if (json_array_size(w)) {
            pcf__buf_puts(b, ",\"warnings\":");
            put_json_value(b, w);
        }
        json_decref(w);
        pcf__buf_puts(b, ",\"result\":");
        pcf__buf_puts(b, rj);
        pcf__buf_puts(b, "}");
    }
    pcf_mc_destroy(mc);
    pcf_free(rj);
    pcf_result_destroy(res);
    pcf_system_destroy(sys);
    return st;
}

pcf_status pcf_batch_compute_line(const pcf_batch_options *o, pcf_db *db, const char *text,
                                  size_t len, uint64_t line_no, char **out, int *failed,
                                  pcf_error *err)
{
    if (out)
        *out = NULL;
    if (failed)
        *failed = 0;
    if (!o || !db || !text || !out || !failed)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_batch_compute_line: NULL argument");
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    char *line = malloc(len + 1);
    pcf_diag *diag = NULL;
    if (!line || pcf_diag_create(&diag) != PCF_OK) {
        free(line);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory computing line %llu",
                          (unsigned long long)line_no);
    }
    memcpy(line, text, len);
    line[len] = '\0';

    pcf__buf b;
    pcf__buf_init(&b);
    pcf_error e;
    pcf_model *m = NULL;
    int is_inline = 1;
    pcf_status st = strlen(line) != len
                        ? pcf__error(&e, PCF_ERR_PARSE, "the line holds a NUL byte; JSON has none")
                        : read_line_model(o, line, len, &m, &is_inline, &e);
    /* an inline model's text is line 1 of itself: errors name the input's line instead */
    inline_at at = {is_inline ? o->input_name : NULL, (int32_t)(line_no > INT32_MAX ? 0 : line_no)};
    if (st == PCF_OK)
        st = compute_model(o, db, m, line_no, &at, &b, diag, &e);
    if (st == PCF_ERR_NOMEM) {
        /* running out of memory is the call's error, not the line's: an error record would be
         * final (a resumed run skips it) for a model that is fine */
        pcf_model_destroy(m);
        pcf_diag_destroy(diag);
        free(line);
        pcf__buf_free(&b);
        return pcf__error(err, PCF_ERR_NOMEM, "line %llu: %s", (unsigned long long)line_no,
                          e.message);
    }
    if (st != PCF_OK && is_inline && !e.file[0])
        pcf__strlcpy_utf8(e.file, o->input_name, sizeof e.file);
    if (st != PCF_OK) {
        const char *id = m && pcf_model_product_count(m) ? pcf_model_product_id(m, 0) : NULL;
        b.len = 0; /* drop a half-written ok record */
        if (b.data)
            b.data[0] = '\0';
        put_error_record(&b, line_no, id, &e, diag, &at);
        *failed = 1;
    }
    pcf_model_destroy(m);
    pcf_diag_destroy(diag);
    free(line);
    if (b.failed) {
        pcf__buf_free(&b);
        *failed = 0;
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the record of line %llu",
                          (unsigned long long)line_no);
    }
    *out = pcf__buf_steal(&b);
    return pcf__ok(err);
}

/* errno as text, thread-safe (strerror's buffer is shared). */
typedef struct errtext {
    char s[128];
} errtext;

static const char *errno_text(errtext *t, int e)
{
    if (strerror_r(e, t->s, sizeof t->s) != 0)
        snprintf(t->s, sizeof t->s, "error %d", e);
    return t->s;
}

/* ---- the run ------------------------------------------------------------------------------ */

enum { SLOT_READY, SLOT_DONE };

typedef struct slot {
    int state;
    uint64_t line_no;
    char *text; /* the input line (getline's buffer, owned) */
    size_t text_cap;
    size_t len;
    int check;        /* resume: only compare the id with expect_id */
    int was_error;    /* resume: the earlier record is an error record */
    char *expect_id;  /* NULL: the earlier record had "id": null */
    char *record;     /* the output line, or NULL for a skipped one */
    int failed;       /* an error record */
    pcf_status fatal; /* the run must stop (out of memory, resume mismatch) */
    pcf_error fatal_err;
} slot;

typedef struct run {
    const pcf_batch_options *o;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
    slot *slots;
    size_t n_slots;
    uint64_t next_take; /* the next sequence number a worker takes */
    uint64_t next_read; /* sequence numbers below this are read */
    int eof;            /* no more lines will be read */
    int stop;           /* workers quit */
} run;

typedef struct worker {
    run *r;
    pcf_db *db;
} worker;

/* The main product id of a line's model (NULL when it cannot be read); *nomem on allocation. */
static char *line_id(const pcf_batch_options *o, const char *text, size_t len, int *nomem)
{
    char *id = NULL;
    char *line = malloc(len + 1);
    *nomem = !line;
    if (!line)
        return NULL;
    memcpy(line, text, len);
    line[len] = '\0';
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    pcf_model *m = NULL;
    int is_inline;
    pcf_status st =
        strlen(line) == len ? read_line_model(o, line, len, &m, &is_inline, NULL) : PCF_ERR_PARSE;
    if (st == PCF_OK && pcf_model_product_count(m)) {
        id = pcf__strdup(pcf_model_product_id(m, 0));
        *nomem = !id;
    }
    *nomem |= st == PCF_ERR_NOMEM; /* not a line without an id: a resume would stop on it */
    pcf_model_destroy(m);
    free(line);
    return id;
}

static void work_slot(const pcf_batch_options *o, pcf_db *db, slot *s)
{
    if (s->check) {
        int nomem = 0;
        char *id = line_id(o, s->text, s->len, &nomem);
        if (nomem) {
            s->fatal = pcf__error(&s->fatal_err, PCF_ERR_NOMEM, "out of memory on line %llu",
                                  (unsigned long long)s->line_no);
        } else if ((id == NULL) != (s->expect_id == NULL) ||
                   (id && strcmp(id, s->expect_id) != 0)) {
            s->fatal = pcf__error(
                &s->fatal_err, PCF_ERR_INVALID_ARG,
                "cannot resume: line %llu of the output has id %s%s%s but the input's line %llu "
                "has %s%s%s; the output file belongs to another input (write to a new file)",
                (unsigned long long)s->line_no, s->expect_id ? "\"" : "",
                s->expect_id ? s->expect_id : "null", s->expect_id ? "\"" : "",
                (unsigned long long)s->line_no, id ? "\"" : "", id ? id : "null", id ? "\"" : "");
        }
        free(id);
        return;
    }
    s->fatal = pcf_batch_compute_line(o, db, s->text, s->len, s->line_no, &s->record, &s->failed,
                                      &s->fatal_err);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    run *r = w->r;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->stop && r->next_take == r->next_read && !r->eof)
            pthread_cond_wait(&r->work_cv, &r->mu);
        if (r->stop || r->next_take == r->next_read)
            break;
        slot *s = &r->slots[r->next_take % r->n_slots];
        r->next_take++;
        pthread_mutex_unlock(&r->mu);
        work_slot(r->o, w->db, s);
        pthread_mutex_lock(&r->mu);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&r->done_cv);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* Reads the next record of an earlier output (resume): 1 with *line_no and *id (malloc'ed, NULL
 * for "id": null), 0 at its end, or an error status as a negative number. */
static int next_done(FILE *done, char **buf, size_t *cap, uint64_t *line_no, char **id,
                     int *was_error, pcf_status *st, pcf_error *err)
{
    errtext et;
    *id = NULL;
    ssize_t n = getline(buf, cap, done);
    if (n < 0) {
        if (ferror(done)) {
            *st = pcf__error(err, PCF_ERR_IO, "cannot read the earlier output: %s",
                             errno_text(&et, errno));
            return -1;
        }
        return 0;
    }
    if ((*buf)[n - 1] != '\n') /* a torn last line: not a record */
        return 0;
    /* pcf's reader (jansson's names a syntax error): under an allocation failure json_loadb
     * returned NULL (a "not a batch record" refusal) or an id one character short (a resume
     * stopped as if the output belonged to another input) */
    json_error_t je;
    json_t *j = NULL;
    if (pcf__json_load_text(*buf, (size_t)n, &j, &je) == PCF_ERR_NOMEM) {
        *st = pcf__error(err, PCF_ERR_NOMEM, "out of memory reading the earlier output");
        return -1;
    }
    json_t *ln = json_object_get(j, "line"), *jid = json_object_get(j, "id");
    if (!json_is_integer(ln) || !(json_is_string(jid) || json_is_null(jid))) {
        json_decref(j);
        *st = pcf__error(err, PCF_ERR_PARSE,
                         "cannot resume: a line of the earlier output is not a batch record "
                         "with \"line\" and \"id\" (%s)",
                         j ? "members missing" : je.text);
        return -1;
    }
    *line_no = (uint64_t)json_integer_value(ln);
    *was_error = json_is_string(json_object_get(j, "status")) &&
                 strcmp(json_string_value(json_object_get(j, "status")), "error") == 0;
    if (json_is_string(jid) && !(*id = pcf__strdup(json_string_value(jid)))) {
        json_decref(j);
        *st = pcf__error(err, PCF_ERR_NOMEM, "out of memory reading the earlier output");
        return -1;
    }
    json_decref(j);
    return 1;
}

static pcf_status open_dbs(const pcf_batch_options *o, worker *w, size_t n, pcf_error *err)
{
    for (size_t i = 0; i < n; i++) {
        pcf_status st = o->open_fn ? o->open_fn(o->open_user, &w[i].db, err)
                                   : pcf_db_open(o->db_path, PCF_DB_READ_ONLY, &w[i].db, err);
        if (st != PCF_OK)
            return st;
        if (!w[i].db)
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "the batch's database opener returned "
                              "PCF_OK without a database");
    }
    return PCF_OK;
}

/* Writes the finished slot at the head of the ring; updates stats. */
static pcf_status write_slot(const pcf_batch_options *o, slot *s, FILE *out, pcf_batch_stats *stats,
                             pcf_error *err)
{
    errtext et;
    if (s->fatal != PCF_OK) {
        if (err)
            *err = s->fatal_err;
        return s->fatal;
    }
    if (!s->record) {
        stats->skipped++;
        stats->skipped_failed += s->was_error ? 1u : 0u;
        return PCF_OK;
    }
    size_t n = strlen(s->record);
    if (fwrite(s->record, 1, n, out) != n || fputc('\n', out) == EOF || fflush(out) != 0)
        return pcf__error(err, PCF_ERR_IO, "cannot write the record of line %llu: %s",
                          (unsigned long long)s->line_no, errno_text(&et, errno));
    if (s->failed)
        stats->failed++;
    else
        stats->ok++;
    uint64_t written = stats->ok + stats->failed;
    /* a stream without a file descriptor (fopencookie, fmemopen) has nothing to sync */
    if (o->sync_every && written % o->sync_every == 0 && fileno(out) >= 0 &&
        fsync(fileno(out)) != 0 && errno != EINVAL && errno != EROFS)
        return pcf__error(err, PCF_ERR_IO, "cannot fsync the output: %s", errno_text(&et, errno));
    return PCF_OK;
}

static void slot_reset(slot *s)
{
    free(s->record);
    free(s->expect_id);
    s->record = NULL;
    s->expect_id = NULL;
    s->check = 0;
    s->was_error = 0;
    s->failed = 0;
    s->fatal = PCF_OK;
}

/* Reads one input line into slot s (and its resume check); 1 read, 0 end of input, -1 error. */
static int read_slot(run *r, slot *s, uint64_t line_no, FILE *in, FILE **done, char **dbuf,
                     size_t *dcap, pcf_status *st, pcf_error *err)
{
    errtext et;
    ssize_t n = getline(&s->text, &s->text_cap, in);
    if (n < 0) {
        if (ferror(in)) {
            *st = pcf__error(err, PCF_ERR_IO, "cannot read line %llu of %s: %s",
                             (unsigned long long)line_no, r->o->input_name, errno_text(&et, errno));
            return -1;
        }
        return 0;
    }
    s->len = (size_t)n;
    s->line_no = line_no;
    s->state = SLOT_READY;
    if (*done) {
        uint64_t dl = 0;
        char *id = NULL;
        int k = next_done(*done, dbuf, dcap, &dl, &id, &s->was_error, st, err);
        if (k < 0)
            return -1;
        if (k == 0) {
            *done = NULL; /* computing starts here */
        } else if (dl != line_no) {
            free(id);
            *st = pcf__error(err, PCF_ERR_INVALID_ARG,
                             "cannot resume: record %llu of the earlier output is for line %llu; "
                             "the file belongs to another input (write to a new file)",
                             (unsigned long long)line_no, (unsigned long long)dl);
            return -1;
        } else {
            s->check = 1;
            s->expect_id = id;
        }
    }
    return 1;
}

/* The reading, waiting and writing loop of the calling thread. */
static pcf_status main_loop(run *r, FILE *in, FILE *out, FILE *done, pcf_batch_stats *stats,
                            pcf_error *err)
{
    errtext et;
    const pcf_batch_options *o = r->o;
    uint64_t next_write = 0;
    char *dbuf = NULL;
    size_t dcap = 0;
    pcf_status st = PCF_OK;
    int eof = 0;
    for (;;) {
        while (!eof && r->next_read - next_write < r->n_slots) {
            slot *s = &r->slots[r->next_read % r->n_slots];
            int k = read_slot(r, s, r->next_read + 1, in, &done, &dbuf, &dcap, &st, err);
            pthread_mutex_lock(&r->mu);
            if (k > 0) {
                r->next_read++;
                stats->lines++;
                pthread_cond_signal(&r->work_cv);
            } else {
                eof = r->eof = 1;
                pthread_cond_broadcast(&r->work_cv);
            }
            pthread_mutex_unlock(&r->mu);
            if (k < 0)
                goto out;
        }
        if (next_write == r->next_read)
            break;
        slot *s = &r->slots[next_write % r->n_slots];
        pthread_mutex_lock(&r->mu);
        while (s->state != SLOT_DONE)
            pthread_cond_wait(&r->done_cv, &r->mu);
        pthread_mutex_unlock(&r->mu);
        st = write_slot(o, s, out, stats, err);
        slot_reset(s);
        next_write++;
        if (st != PCF_OK)
            goto out;
        if (o->progress && o->progress(o->progress_user, stats)) {
            st = pcf__error(err, PCF_ERR_CANCELLED, "the batch was stopped after line %llu",
                            (unsigned long long)next_write);
            goto out;
        }
    }
    if (stats->ok + stats->failed)
        if (fileno(out) >= 0 && fsync(fileno(out)) != 0 && errno != EINVAL && errno != EROFS)
            st = pcf__error(err, PCF_ERR_IO, "cannot fsync the output: %s", errno_text(&et, errno));
out:
    free(dbuf);
    return st;
}

pcf_status pcf_batch_run(const pcf_batch_options *o, FILE *in, FILE *out, FILE *done,
                         pcf_batch_stats *stats, pcf_error *err)
{
    if (!o || !in || !out || !stats)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_batch_run: NULL argument");
    if (stats->struct_size != sizeof *stats)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_batch_run: stats has struct_size %zu, not %zu; call "
                          "pcf_batch_stats_init() first",
                          stats->struct_size, sizeof *stats);
    pcf_batch_stats_init(stats);
    pcf_error_clear(err);
    run r;
    memset(&r, 0, sizeof r);
    r.o = o;
    r.n_slots = 4 * o->threads + 4;
    r.slots = calloc(r.n_slots, sizeof *r.slots);
    worker *w = calloc(o->threads, sizeof *w);
    pthread_t *tid = calloc(o->threads, sizeof *tid);
    if (!r.slots || !w || !tid) {
        free(r.slots);
        free(w);
        free(tid);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory starting the batch");
    }
    pcf_status st = open_dbs(o, w, o->threads, err);
    size_t started = 0;
    if (st == PCF_OK) {
        pthread_mutex_init(&r.mu, NULL);
        pthread_cond_init(&r.work_cv, NULL);
        pthread_cond_init(&r.done_cv, NULL);
        for (; started < o->threads; started++) {
            w[started].r = &r;
            if (pthread_create(&tid[started], NULL, worker_main, &w[started]) != 0)
                break;
        }
        if (started == 0)
            st = pcf__error(err, PCF_ERR_INTERNAL, "cannot start a batch thread");
        else
            st = main_loop(&r, in, out, done, stats, err);
        pthread_mutex_lock(&r.mu);
        r.stop = 1;
        pthread_cond_broadcast(&r.work_cv);
        pthread_mutex_unlock(&r.mu);
        for (size_t i = 0; i < started; i++)
            pthread_join(tid[i], NULL);
        pthread_cond_destroy(&r.done_cv);
        pthread_cond_destroy(&r.work_cv);
        pthread_mutex_destroy(&r.mu);
    }
    for (size_t i = 0; i < r.n_slots; i++) {
        slot_reset(&r.slots[i]);
        free(r.slots[i].text);
    }
    for (size_t i = 0; i < o->threads; i++)
        pcf_db_close(w[i].db);
    free(r.slots);
    free(w);
    free(tid);
    if (st == PCF_OK)
        pcf_error_clear(err);
    return st;
}
