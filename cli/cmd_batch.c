/*
 * pcf command line — `pcf batch`: JSON Lines of models in, one result record per line out
 * (the work is pcf_batch_run(), include/pcf/batch.h). GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void batch_usage(FILE *f)
{
    fprintf(
        f,
        "usage: pcf batch [INPUT] [--output FILE [--resume]] [--threads T]\n"
        "                 [--db FILE] [--layer FILE]... [--gwp AR4|AR5|AR6]\n"
        "                 [--mc N [--seed S]] [--sync-every N] [--quiet]\n\n"
        "Computes many models: INPUT (default: standard input) is JSON Lines, one model per\n"
        "line, either the model document itself or {\"path\": \"model.json\"} (relative to the\n"
        "directory of INPUT). Writes one record per input line, in input order:\n"
        "  {\"line\":N,\"id\":\"<main product id>\",\"status\":\"ok\",\"result\":{...}}\n"
        "where result is the document `pcf calc MODEL --format json` prints, on one line, or\n"
        "  {\"line\":N,\"id\":...,\"status\":\"error\",\"error\":{\"code\":...,\"message\":...}}\n"
        "for a line that cannot be computed; the batch goes on after it.\n"
        "  --output FILE, -o FILE  write the records there (default: standard output)\n"
        "  --resume     keep the records already in --output FILE (an earlier run of the same\n"
        "               input, interrupted) and compute only the lines after them\n"
        "  --threads T  worker threads, each with its own read-only database (default 1);\n"
        "               the records are the same at any T\n"
        "  --db FILE    factor database (default: $PCF_DB, else the installed factors.db)\n"
        "  --layer FILE a company factor database laid over it (repeatable, the last wins)\n"
        "  --gwp SET    GWP100 set of every model (default: each model's, else AR6)\n"
        "  --mc N       N Monte Carlo iterations per model; each model's seed is derived from\n"
        "               S and its id (the record's \"seed\"), so `pcf calc MODEL --mc N --seed\n"
        "               <seed>` gives the same numbers, whatever the order of the lines\n"
        "  --seed S     base seed of --mc (default 1)\n"
        "  --sync-every N  fsync the output every N records (default 10000; 0: at the end)\n"
        "  --quiet      no summary on stderr (progress shows only when stderr is a terminal)\n"
        "Every record is flushed as soon as its turn comes, so a killed run loses only the lines\n"
        "being computed; rerun with --resume to finish it.\n"
        "Exit status: 0 every line computed, 1 a line failed (in this run or, with --resume, in\n"
        "the earlier one) or the run stopped, 2 misuse.\n");
}

typedef struct progress {
    int tty;
    struct timespec last;
} progress;

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int on_progress(void *user, const pcf_batch_stats *s)
{
    progress *p = user;
    if (p->tty && seconds_since(&p->last) >= 0.2) {
        clock_gettime(CLOCK_MONOTONIC, &p->last);
        fprintf(stderr, "\rpcf batch: %llu lines, %llu ok, %llu failed",
                (unsigned long long)s->lines, (unsigned long long)s->ok,
                (unsigned long long)s->failed);
        fflush(stderr);
    }
    return 0;
}

static const cli_db_args *opener_args;

static pcf_status open_db(void *user, pcf_db **out, pcf_error *err)
{
    (void)user;
    if (cli_open_db(opener_args, out) != CLI_OK) {
        pcf_error_clear(err);
        if (err) {
            err->code = PCF_ERR_DATABASE;
            snprintf(err->message, sizeof err->message, "cannot open the factor database");
        }
        return PCF_ERR_DATABASE;
    }
    return PCF_OK;
}

/* --resume: cuts a torn last line off the output (a kill can leave one), so that the file ends
 * after its last complete record. CLI_OK or CLI_FAIL (printed). */
static int cut_torn_tail(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT, 0644);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fprintf(stderr, "pcf batch: cannot open %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return CLI_FAIL;
    }
    off_t end = st.st_size;
    char buf[4096];
    while (end > 0) {
        off_t from = end > (off_t)sizeof buf ? end - (off_t)sizeof buf : 0;
        ssize_t n = pread(fd, buf, (size_t)(end - from), from);
        if (n != end - from) {
            fprintf(stderr, "pcf batch: cannot read %s: %s\n", path, strerror(errno));
            close(fd);
            return CLI_FAIL;
        }
        ssize_t k = n - 1;
        while (k >= 0 && buf[k] != '\n')
            k--;
        if (k >= 0) {
            end = from + k + 1;
            break;
        }
        end = from;
    }
    int rc = CLI_OK;
    if (end != st.st_size) {
        fprintf(stderr, "pcf batch: %s: dropping a torn last line (%lld bytes)\n", path,
                (long long)(st.st_size - end));
        if (ftruncate(fd, end) != 0) {
            fprintf(stderr, "pcf batch: cannot truncate %s: %s\n", path, strerror(errno));
            rc = CLI_FAIL;
        }
    }
    close(fd);
    return rc;
}

/* The directory of the input, for relative {"path": ...} lines (NULL: the current one). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return NULL;
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

typedef struct batch_args {
    const char *input, *output;
    int resume, quiet;
    cli_db_args dba;
    pcf_gwp_set gwp;
    size_t threads, mc;
    uint64_t seed, sync_every;
} batch_args;

static int parse_count(const char *opt, const char *v, uint64_t max, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (!*v || *v == '-' || !end || *end || errno || n > max)
        return cli_usage_error("batch", "%s takes a whole number from 0 to %llu, not \"%s\"", opt,
                               (unsigned long long)max, v);
    *out = n;
    return CLI_OK;
}

static int parse_args(int argc, char **argv, batch_args *a)
{
    enum { OPT_GWP = CLI_OPT_FIRST_FREE, OPT_RESUME, OPT_SYNC };
    static const struct option longopts[] = {CLI_HELP_OPTION,
                                             CLI_DB_OPTIONS,
                                             {"output", required_argument, NULL, 'o'},
                                             {"gwp", required_argument, NULL, OPT_GWP},
                                             {"threads", required_argument, NULL, CLI_OPT_THREADS},
                                             {"mc", required_argument, NULL, CLI_OPT_MC},
                                             {"seed", required_argument, NULL, CLI_OPT_SEED},
                                             {"resume", no_argument, NULL, OPT_RESUME},
                                             {"sync-every", required_argument, NULL, OPT_SYNC},
                                             {"quiet", no_argument, NULL, 'q'},
                                             CLI_END_OPTIONS};
    cli_mc_args mca = {0, 1, 0, 0, NULL, 0};
    uint64_t v = 0;
    pcf_error err;
    int c;
    while ((c = cli_getopt_db("batch", argc, argv, "ho:q", longopts, &a->dba)) != -1) {
        if (c == '?')
            return CLI_USAGE;
        int taken = c == CLI_OPT_THREADS ? 0 : cli_mc_option("batch", c, optarg, &mca);
        if (taken < 0)
            return CLI_USAGE;
        if (taken)
            continue;
        switch (c) {
        case 'h':
            batch_usage(stdout);
            return -1;
        case 'o':
            a->output = optarg;
            break;
        case 'q':
            a->quiet = 1;
            break;
        case OPT_GWP:
            if (pcf_gwp_set_parse(optarg, &a->gwp, &err) != PCF_OK)
                return cli_usage_error("batch", "--gwp: %s", err.message);
            break;
        case CLI_OPT_THREADS:
            if (parse_count("--threads", optarg, pcf_batch_max_threads(), &v) != CLI_OK)
                return CLI_USAGE;
            if (v == 0)
                return cli_usage_error("batch", "--threads takes 1 or more");
            a->threads = (size_t)v;
            break;
        case OPT_RESUME:
            a->resume = 1;
            break;
        case OPT_SYNC:
            if (parse_count("--sync-every", optarg, UINT64_MAX, &a->sync_every) != CLI_OK)
                return CLI_USAGE;
            break;
        default:
            return cli_usage_error("batch", "unexpected option");
        }
    }
    a->mc = mca.iterations;
    a->seed = mca.seed;
    if (mca.seed_given && !mca.iterations)
        return cli_usage_error("batch", "--seed goes with --mc N");
    if (optind < argc)
        a->input = argv[optind++];
    if (optind < argc)
        return cli_usage_error("batch", "one input at a time (got \"%s\" too)", argv[optind]);
    if (a->resume && !a->output)
        return cli_usage_error("batch", "--resume needs --output FILE (the file to complete)");
    return CLI_OK;
}

static int set_options(const batch_args *a, pcf_batch_options *o, progress *pr, pcf_error *err)
{
    char *base = strcmp(a->input, "-") ? dir_of(a->input) : NULL;
    pcf_status st = pcf_batch_options_set_db_opener(o, open_db, NULL, err);
    if (st == PCF_OK)
        st = pcf_batch_options_set_threads(o, a->threads, err);
    if (st == PCF_OK)
        st = pcf_batch_options_set_gwp(o, a->gwp, err);
    if (st == PCF_OK)
        st = pcf_batch_options_set_mc(o, a->mc, a->seed, err);
    if (st == PCF_OK)
        st = pcf_batch_options_set_base_dir(o, base, err);
    if (st == PCF_OK)
        st = pcf_batch_options_set_input_name(o, strcmp(a->input, "-") ? a->input : "stdin", err);
    if (st == PCF_OK)
        st = pcf_batch_options_set_sync_every(o, a->sync_every, err);
    if (st == PCF_OK && pr->tty)
        st = pcf_batch_options_set_progress(o, on_progress, pr, err);
    free(base);
    return st == PCF_OK ? CLI_OK : cli_report("batch", err);
}

int cmd_batch(int argc, char **argv)
{
    batch_args a = {.input = "-", .threads = 1, .seed = 1, .sync_every = 10000};
    int rc = parse_args(argc, argv, &a);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    opener_args = &a.dba;

    FILE *in = strcmp(a.input, "-") ? fopen(a.input, "r") : stdin;
    if (!in) {
        fprintf(stderr, "pcf batch: cannot open %s: %s\n", a.input, strerror(errno));
        return CLI_FAIL;
    }
    FILE *out = stdout, *done = NULL;
    if (a.output && a.resume && cut_torn_tail(a.output) != CLI_OK)
        rc = CLI_FAIL;
    if (rc == CLI_OK && a.output && a.resume && !(done = fopen(a.output, "r")))
        rc = CLI_FAIL;
    if (rc == CLI_OK && a.output && !(out = fopen(a.output, a.resume ? "a" : "w")))
        rc = CLI_FAIL;
    if (rc != CLI_OK)
        fprintf(stderr, "pcf batch: cannot open %s: %s\n", a.output, strerror(errno));

    progress pr = {a.quiet ? 0 : isatty(STDERR_FILENO), {0, 0}};
    pcf_batch_options *o = NULL;
    pcf_error err;
    pcf_batch_stats stats;
    pcf_batch_stats_init(&stats);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (rc == CLI_OK && pcf_batch_options_create(&o, &err) != PCF_OK)
        rc = cli_report("batch", &err);
    if (rc == CLI_OK)
        rc = set_options(&a, o, &pr, &err);
    if (rc == CLI_OK && pcf_batch_run(o, in, out, done, &stats, &err) != PCF_OK)
        rc = cli_report("batch stopped", &err);
    double secs = seconds_since(&t0);
    if (pr.tty)
        fprintf(cli_raw_stderr(), "\r\033[K"); /* the CLI's own control: not filtered */
    if (!a.quiet && o) {
        uint64_t n = stats.ok + stats.failed;
        fprintf(stderr,
                "pcf batch: %llu line(s): %llu ok, %llu failed, %llu already done (%llu of them "
                "failed); %.2f s, %.0f models/s\n",
                (unsigned long long)stats.lines, (unsigned long long)stats.ok,
                (unsigned long long)stats.failed, (unsigned long long)stats.skipped,
                (unsigned long long)stats.skipped_failed, secs, secs > 0 ? (double)n / secs : 0.0);
    }
    if (rc == CLI_OK && (stats.failed || stats.skipped_failed))
        rc = CLI_FAIL;
    pcf_batch_options_destroy(o);
    if (done)
        fclose(done);
    if (out && out != stdout && fclose(out) != 0 && rc == CLI_OK) {
        fprintf(stderr, "pcf batch: cannot write %s: %s\n", a.output, strerror(errno));
        rc = CLI_FAIL;
    }
    if (in != stdin)
        fclose(in);
    return rc;
}
