/*
 * pcf calc --mc: Monte Carlo options, the run with a progress bar, and the samples file (the
 * uncertainty table and the JSON member are the library's: pcf_report_text_mc, _json_mc).
 * cmd_calc.c calls these; they use only the public API (<pcf/pcf.h>).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return 0;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || !end || *end)
        return 0;
    *out = (uint64_t)v;
    return 1;
}

/* A byte count: digits with an optional decimal suffix k/K (10^3), M (10^6), G (10^9) or T
 * (10^12), optionally followed by B ("512M", "2GB", "1500000000"): the same megabytes as the
 * library's refusal message, which prints MB of 10^6 bytes. 0 when malformed, zero or past
 * SIZE_MAX. */
static int parse_bytes(const char *s, size_t *out)
{
    if (!s || !*s || *s < '0' || *s > '9')
        return 0;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || !end)
        return 0;
    unsigned long long scale = 1;
    switch (*end) {
    case 'k':
    case 'K':
        scale = 1000ULL;
        break;
    case 'M':
        scale = 1000000ULL;
        break;
    case 'G':
        scale = 1000000000ULL;
        break;
    case 'T':
        scale = 1000000000000ULL;
        break;
    default:
        break;
    }
    if (scale > 1)
        end++;
    if (*end == 'B')
        end++;
    if (*end || v == 0 || v > SIZE_MAX / scale)
        return 0;
    *out = (size_t)(v * scale);
    return 1;
}

int cli_mc_option(const char *cmd, int opt, const char *val, cli_mc_args *a)
{
    if (opt == CLI_OPT_MC_MEMORY) {
        if (!parse_bytes(val, &a->memory_limit)) {
            cli_usage_error(cmd,
                            "--mc-memory expects a byte count above 0 such as 512M or 2G "
                            "(k, M, G, T: powers of 1000), not \"%s\"",
                            val);
            return -1;
        }
        return 1;
    }

    const char *name = opt == CLI_OPT_MC        ? "--mc"
                       : opt == CLI_OPT_SEED    ? "--seed"
                       : opt == CLI_OPT_THREADS ? "--threads"
                       : opt == CLI_OPT_SAMPLES ? "--samples"
                                                : NULL;
    if (!name)
        return 0;
    uint64_t v = 0;
    if (opt == CLI_OPT_SAMPLES) {
        a->samples_path = val;
        return 1;
    }
    if (!parse_u64(val, &v)) {
        cli_usage_error(cmd, "%s expects a whole number >= 0, not \"%s\"", name, val);
        return -1;
    }
    if (opt == CLI_OPT_MC) {
        if (v < 2 || v > pcf_mc_max_iterations()) {
            cli_usage_error(cmd, "--mc %s is out of range: use 2 to %zu (10000 is usual)", val,
                            pcf_mc_max_iterations());
            return -1;
        }
        a->iterations = (size_t)v;
    } else if (opt == CLI_OPT_SEED) {
        a->seed = v;
        a->seed_given = 1;
    } else {
        if (v < 1 || v > pcf_mc_max_threads()) {
            cli_usage_error(cmd, "--threads %s is out of range: use 1 to %zu", val,
                            pcf_mc_max_threads());
            return -1;
        }
        a->threads = (size_t)v;
    }
    return 1;
}

int cli_mc_check(const char *cmd, const cli_mc_args *a)
{
    if (a->iterations == 0 && (a->seed_given || a->threads || a->samples_path || a->memory_limit))
        return cli_usage_error(cmd, "--seed, --threads, --samples and --mc-memory need --mc N");
    return CLI_OK;
}

/* A bar on stderr, redrawn when the whole percent changes. */
typedef struct bar {
    int last;
} bar;

static int on_progress(size_t done, size_t total, void *userdata)
{
    bar *b = userdata;
    int pct = total ? (int)(100.0 * (double)done / (double)total) : 100;
    if (pct == b->last)
        return 0;
    b->last = pct;
    int filled = pct * 30 / 100;
    fprintf(stderr, "\rMonte Carlo [%.*s%*s] %3d%%", filled, "##############################",
            30 - filled, "", pct);
    if (done == total)
        fprintf(stderr, "\n");
    fflush(stderr);
    return 0;
}

int cli_mc_run(const pcf_system *sys, pcf_db *db, const cli_mc_args *a, int quiet, pcf_mc **out)
{
    pcf_mc_options *o = NULL;
    pcf_error err;
    bar b = {-1};
    *out = NULL;
    if (pcf_mc_options_create(&o, &err) != PCF_OK ||
        pcf_mc_options_set_iterations(o, a->iterations, &err) != PCF_OK ||
        pcf_mc_options_set_seed(o, a->seed_given ? a->seed : 1, &err) != PCF_OK ||
        pcf_mc_options_set_threads(o, a->threads ? a->threads : 1, &err) != PCF_OK ||
        pcf_mc_options_set_keep_samples(o, a->samples_path ? 1 : 0, &err) != PCF_OK ||
        pcf_mc_options_set_memory_limit(o, a->memory_limit, &err) != PCF_OK ||
        (!quiet && isatty(STDERR_FILENO) &&
         pcf_mc_options_set_progress(o, on_progress, &b, &err) != PCF_OK)) {
        pcf_mc_options_destroy(o);
        return cli_report("monte carlo", &err);
    }
    /* LCI factors: their database is sampled once per iteration, shared by every activity */
    size_t n_lci = 0;
    if (db && pcf_mc_options_open_lci(o, sys, db, &n_lci, &err) != PCF_OK) {
        pcf_mc_options_destroy(o);
        return cli_report("monte carlo", &err);
    }
    if (n_lci > 0 && !quiet)
        fprintf(stderr,
                "pcf: note: the LCI factors are sampled from their database%s (%zu) once per "
                "iteration, shared by every activity that uses them\n",
                n_lci > 1 ? "s" : "", n_lci);
    /* The ranking draws every parameter's samples again and sorts them, about as much work as
     * the run itself; past 50 million draws skip it and say so. */
    size_t np = pcf_system_param_count(sys);
    if (np > 0 && a->iterations > (size_t)50000000 / np) {
        if (!quiet)
            fprintf(stderr,
                    "pcf: note: no sensitivity ranking: %zu parameters x %zu iterations are past "
                    "the 50 million draws it is run for (it draws them again and sorts them); "
                    "run fewer iterations to get it\n",
                    np, a->iterations);
        if (pcf_mc_options_set_sensitivity(o, 0, &err) != PCF_OK) {
            pcf_mc_options_destroy(o);
            return cli_report("monte carlo", &err);
        }
    }
    pcf_status st = pcf_mc_run(sys, o, out, &err);
    pcf_mc_options_destroy(o);
    if (st != PCF_OK) {
        cli_report("monte carlo", &err);
        if (st == PCF_ERR_NOMEM && a->memory_limit)
            fprintf(stderr, "pcf: the limit is --mc-memory's; raise it or lower --mc\n");
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cli_mc_write_samples(const pcf_mc *mc, const char *path)
{
    char *tmp;
    FILE *f = cli_out_open(path, &tmp);
    if (!f)
        return CLI_FAIL;
    const double *tot = pcf_mc_total_samples(mc);
    const double *st[PCF_STAGE_COUNT];
    for (size_t s = 0; s < PCF_STAGE_COUNT; s++)
        st[s] = pcf_mc_stage_samples(mc, s);
    fprintf(f, "iteration,total_kg_co2e");
    for (size_t s = 0; s < PCF_STAGE_COUNT; s++)
        fprintf(f, ",%s_kg_co2e", pcf_stage_name((pcf_stage)s));
    fprintf(f, "\n");
    char nb[32];
    for (size_t i = 0; tot && i < pcf_mc_iterations(mc); i++) {
        fprintf(f, "%zu,%s", i, cli_num(tot[i], nb));
        for (size_t s = 0; s < PCF_STAGE_COUNT; s++)
            fprintf(f, ",%s", st[s] ? cli_num(st[s][i], nb) : "");
        fprintf(f, "\n");
    }
    return cli_out_close(f, tmp, path, 1);
}
