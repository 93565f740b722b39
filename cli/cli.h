/*
 * pcf command line — shared declarations of the subcommands.
 * GPL-3.0-or-later; see LICENSE.
 *
 * The CLI is an ordinary user of the library: it includes only <pcf/pcf.h>. Exit codes: 0 on
 * success, 1 on a calculation or input error, 2 on misuse (bad options).
 */
#ifndef PCF_CLI_H
#define PCF_CLI_H

#include <pcf/pcf.h>

#include <getopt.h>
#include <stdio.h>

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Codes of long options without a short letter, shared by the commands (past any char value). */
enum {
    CLI_OPT_DB = 0x100, /* --db FILE */
    CLI_OPT_LAYER,      /* --layer FILE */
    CLI_OPT_MC,         /* --mc N */
    CLI_OPT_SEED,       /* --seed S */
    CLI_OPT_THREADS,    /* --threads T */
    CLI_OPT_SAMPLES,    /* --samples FILE */
    CLI_OPT_MC_MEMORY,  /* --mc-memory BYTES */
    CLI_OPT_FIRST_FREE  /* a command numbers its own long-only options from here */
};

/* Entries of a `struct option` table: --help (as 'h'), --db and --layer, the Monte Carlo ones. */
#define CLI_HELP_OPTION                                                                            \
    {                                                                                              \
        "help", no_argument, NULL, 'h'                                                             \
    }
#define CLI_DB_OPTIONS                                                                             \
    {"db", required_argument, NULL, CLI_OPT_DB},                                                   \
    {                                                                                              \
        "layer", required_argument, NULL, CLI_OPT_LAYER                                            \
    }
#define CLI_MC_OPTIONS                                                                             \
    {"mc", required_argument, NULL, CLI_OPT_MC}, {"seed", required_argument, NULL, CLI_OPT_SEED},  \
        {"threads", required_argument, NULL, CLI_OPT_THREADS},                                     \
        {"samples", required_argument, NULL, CLI_OPT_SAMPLES},                                     \
    {                                                                                              \
        "mc-memory", required_argument, NULL, CLI_OPT_MC_MEMORY                                    \
    }
#define CLI_END_OPTIONS                                                                            \
    {                                                                                              \
        NULL, 0, NULL, 0                                                                           \
    }

/* getopt_long(3) over a command's argv (argv[0] its name) with the CLI's own messages: returns
 * the next option (its letter, or its CLI_OPT_* code), -1 when none is left, or '?' after
 * printing a usage error (the command then returns CLI_USAGE). Options and operands may come in
 * any order ("--format=json" and "--format json" alike); after -1 the operands are
 * argv[optind..argc-1] in their order, and "-" is an operand (standard input). shortopts is as
 * for getopt(3), without a leading ':'. main() resets getopt's state once before it runs a
 * command, so a command parses its argv once. */
int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
               const struct option *longopts);

/* Before reading the model file at path: when it is big, grows the heap once by what reading
 * it will take and asks for that range in transparent huge pages (cli/heap.c); does nothing
 * for small files, standard input, or where that is unavailable. cli_heap_after_model(), called
 * after the read whatever its outcome, gives malloc back its usual trimming. */
void cli_heap_for_model(const char *path);
void cli_heap_after_model(void);

/* A subcommand: argv[0] is the subcommand's own name. */
typedef int (*cli_fn)(int argc, char **argv);

/* Prints "pcf: <message>" with the error's location to stderr; returns CLI_FAIL. */
int cli_report(const char *what, const pcf_error *err);

/* Prints a usage error to stderr with a pointer to --help; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Flushes and closes stdout after a command: when anything written to it failed (ENOSPC, EPIPE,
 * /dev/full), prints why and turns a success rc into CLI_FAIL. main() calls it once. */
int cli_finish_stdout(int rc);

/* When stdout or stderr is a terminal, replaces it with a stream that shows control characters
 * as text ("\x1B"), so an escape sequence in a model or a PACT file cannot act on the terminal
 * (cli/term.c). main() calls it once. cli_raw_stderr() is the unfiltered stderr, for the CLI's own
 * terminal control (clearing a progress line). */
void cli_term_filter(void);
FILE *cli_raw_stderr(void);

/* An output file written safely: cli_out_open() creates "PATH.tmp-XXXXXX" beside PATH (NULL after
 * printing why); cli_out_close() checks every write and the close, then renames the file over
 * PATH, or removes it when anything failed or ok is 0, so PATH is either the whole new file or
 * untouched. Returns CLI_OK, or CLI_FAIL after printing the error (when ok is 0 the caller has
 * reported already). Frees tmp. The file gets the mode a new file gets (0666 less the umask). */
FILE *cli_out_open(const char *path, char **tmp_out);
int cli_out_close(FILE *f, char *tmp, const char *path, int ok);

/* Formats a number the way the library does (shortest exact, '.' decimal mark). */
const char *cli_num(double v, char buf[32]);

/* ---- pcf calc --mc (cli/calc_mc.c) ---- */

/* Monte Carlo options of `pcf calc`; zero-initialise. iterations 0 means no Monte Carlo. */
typedef struct cli_mc_args {
    size_t iterations; /* --mc N */
    uint64_t seed;     /* --seed S (1 when not given) */
    int seed_given;
    size_t threads;           /* --threads T (0: not given, runs on 1) */
    const char *samples_path; /* --samples FILE: per-iteration totals as CSV */
    size_t memory_limit;      /* --mc-memory BYTES (0: not given, the physical memory) */
} cli_mc_args;

/* Takes option opt (a cli_getopt result) with its value when it is --mc, --seed, --threads,
 * --samples or --mc-memory: 1 when taken, 0 when opt is another option, -1 after printing a usage
 * error. */
int cli_mc_option(const char *cmd, int opt, const char *value, cli_mc_args *a);

/* After parsing: CLI_USAGE (message printed) when --seed/--threads/--samples/--mc-memory come
 * without --mc. */
int cli_mc_check(const char *cmd, const cli_mc_args *a);

/* Runs Monte Carlo on sys, with a progress bar on stderr when stderr is a terminal and quiet is 0.
 * The LCI databases whose solved processes sys uses are opened from db (its layers) and sampled
 * once per iteration (pcf_mc_options_open_lci). Returns CLI_OK with *out set (free with
 * pcf_mc_destroy) or CLI_FAIL after printing the error. */
int cli_mc_run(const pcf_system *sys, pcf_db *db, const cli_mc_args *a, int quiet, pcf_mc **out);

/* Writes the samples CSV (iteration, total, six stages). CLI_OK or CLI_FAIL (printed). */
int cli_mc_write_samples(const pcf_mc *mc, const char *path);

int cmd_units(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_gwp(int argc, char **argv);
int cmd_pact(int argc, char **argv);

/* Reads a whole file ("-" for stdin); NULL with err->message set on failure. Free with free(). */
char *cli_read_file(const char *path, pcf_error *err);

/* db: the factor database (cmd_db.c). */
int cmd_factors(int argc, char **argv);
/* pcf factors suggest (cmd_suggest.c); argv[0] is "suggest". */
int cmd_factors_suggest(int argc, char **argv);
/* pcf init: a first model from a BOM and meter readings (cmd_init.c). */
int cmd_init(int argc, char **argv);
int cmd_db(int argc, char **argv);
/* The database path the CLI uses: opt (--db) when given, else $PCF_DB, else the installed
 * factors.db, else the build tree's data/factors.db. */
const char *cli_db_path(const char *opt);
/* The factor database a command works on: --db FILE and up to CLI_MAX_LAYERS --layer FILE
 * (company layers laid over it, the last one winning lookups). */
#define CLI_MAX_LAYERS 8
typedef struct cli_db_args {
    const char *db;
    const char *layers[CLI_MAX_LAYERS];
    size_t n_layers;
} cli_db_args;

/* Takes option opt (a cli_getopt result) with its value when it is --db or --layer: 1 when
 * taken, 0 when opt is another option, -1 after reporting a usage error (exit CLI_USAGE). */
int cli_db_option(const char *cmd, int opt, const char *value, cli_db_args *args);

/* cli_getopt for a command that takes --db and --layer (CLI_DB_OPTIONS in longopts): those go
 * into args and are not returned; returns the next other option, -1 when none is left, or '?'
 * after printing a usage error (the command then returns CLI_USAGE). */
int cli_getopt_db(const char *cmd, int argc, char **argv, const char *shortopts,
                  const struct option *longopts, cli_db_args *args);

/* Opens cli_db_path(args->db) read-only and attaches args' layers over it, each named after its
 * file; reports and returns CLI_FAIL on failure (then *out is NULL). */
int cli_open_db(const cli_db_args *args, pcf_db **out);

/* Writes s as a JSON string (quoted and escaped). */
void cli_json_str(FILE *f, const char *s);

/* calc: footprints of models (cmd_calc.c). */
int cmd_calc(int argc, char **argv);
/* lci: life-cycle inventory databases (cmd_lci.c). */
int cmd_lci(int argc, char **argv);
int cmd_validate(int argc, char **argv);
/* Prints a diagnostics list to stderr ("file:line:col: error: message [path]"); quiet < 0 prints
 * notes too, quiet > 0 only errors. */
void cli_print_diag(const pcf_diag *diag, int quiet);

/* Exporters' regimes: pcf cbam (cmd_cbam.c). */
int cmd_cbam(int argc, char **argv);
/* pcf cbam calc / validate of one document, for pcf calc|validate --regime cbam. */
int cli_cbam_calc(const char *path, const cli_db_args *dba, int year, const char *format,
                  const char *lang);
int cli_cbam_validate(const char *path);

/* report: the CFP study report as HTML or PDF (cmd_report.c). */
int cmd_report(int argc, char **argv);

/* batch: JSON Lines of models (cmd_batch.c). */
int cmd_batch(int argc, char **argv);

/* site: a site's scope 1 and 2 and its products' shares (cmd_site.c). */
int cmd_site(int argc, char **argv);

#endif
