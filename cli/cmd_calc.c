/*
 * pcf command line — `pcf calc MODEL` (footprint of a model) and `pcf validate MODEL` (every
 * problem of a model in one run). GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void calc_usage(FILE *f)
{
    fprintf(
        f,
        "usage: pcf calc MODEL [--db FILE] [--layer FILE]... [--gwp AR4|AR5|AR6]\n"
        "                      [--format text|json|csv|pact|html|declaration] [--top N]\n"
        "                      [--quiet]\n"
        "                      [--mc N [--seed S] [--threads T] [--samples FILE]\n"
        "                              [--mc-memory BYTES]]\n"
        "                      [--pact-version 2.3|3.0] [--pact-fields FILE] [--lang en|zh]\n"
        "                      [--regime iso14067|cbam|eu-battery] [--allow-out-of-regime]\n\n"
        "Computes the carbon footprint of the model (docs/model-format.md) per declared unit:\n"
        "a table by life-cycle stage, fossil/biogenic/dLUC/aircraft apart, the top N\n"
        "contributors (default 10) and the audit trail of every factor used. MODEL - reads\n"
        "the model from standard input. An option's value may also follow '=' (--format=json).\n"
        "  --db FILE    factor database (default: $PCF_DB, else the installed factors.db)\n"
        "  --layer FILE a company factor database laid over it; its factors win lookups and\n"
        "               the audit trail names the layer (repeatable, the last wins)\n"
        "  --gwp SET    GWP100 set to report in (default: the model's, else AR6)\n"
        "  --format F   text (default), json (every figure), csv (one row per audit line),\n"
        "               pact (a PACT ProductFootprint; company, product ids and reference\n"
        "               period from the model's \"pact\" object) or html (a report with charts)\n"
        "  --pact-version V  PACT data model 2.3 or 3.0 (default 3.0)\n"
        "  --pact-fields FILE  a JSON file {\"pact\": {...}} whose PACT fields (company,\n"
        "               product ids, reference period...) add to or override the model's\n"
        "  --lang L     language of the HTML report: en (default) or zh\n"
        "  -q, --quiet  print only errors on stderr: no warnings, notes or progress bar\n"
        "  --mc N       also run N Monte Carlo iterations (text: an uncertainty table and the\n"
        "               parameters that drive it, before the audit trail; json: a\n"
        "               \"monte_carlo\" member; html: the interval, a histogram and a table by\n"
        "               stage); a progress bar shows on a terminal unless --quiet\n"
        "               Factors that are processes of an LCI database (pcf lci solve) are\n"
        "               sampled from that database once per iteration, shared by every\n"
        "               activity that uses them (docs/lci.md)\n"
        "  --seed S     seed of the Monte Carlo run (default 1); the same seed gives the same\n"
        "               numbers at any --threads\n"
        "  --threads T  threads sampling (default 1)\n"
        "  --samples FILE  write every iteration's total and stage totals as CSV\n"
        "  --mc-memory BYTES  the most memory the Monte Carlo buffers may take (512M, 2G:\n"
        "               k, M, G, T are powers of 1000; default the physical memory); a run\n"
        "               that needs more is refused before it starts (exit 1)\n"
        "  --regime R   the calculation's rules (default: the model's \"regime\", else\n"
        "               iso14067): eu-battery declares a battery (Regulation (EU) 2023/1542;\n"
        "               --format declaration: the Battery Pass carbon-footprint attributes;\n"
        "               text and html add the declaration's section to the report); cbam\n"
        "               takes an installation document as MODEL (as pcf cbam calc)\n"
        "  --allow-out-of-regime  use a factor outside the regime (a CBAM default value in a\n"
        "               footprint) with a warning recorded in the result instead of an error\n"
        "Exit status: 0 success, 1 the model or a factor has a problem, 2 misuse.\n");
}

static void validate_usage(FILE *f)
{
    fprintf(f, "usage: pcf validate MODEL [--db FILE] [--layer FILE]... [--no-db]\n"
               "                          [--regime iso14067|cbam|eu-battery] "
               "[--allow-out-of-regime]\n\n"
               "Checks every rule of the model format and lists every problem at once, with its\n"
               "JSON path, line and column; then resolves every factor and unit against the\n"
               "factor database, as pcf calc does, so a model that validates also calculates.\n"
               "MODEL - reads the model from standard input.\n"
               "  --db FILE    factor database (default: $PCF_DB, else the installed factors.db)\n"
               "  --layer FILE a company factor database laid over it (repeatable)\n"
               "  --no-db      check the model alone, without a factor database\n"
               "  --regime R   check the rules of regime R too (default: the model's); cbam\n"
               "               checks an installation document (pcf cbam validate)\n"
               "  --allow-out-of-regime  factors outside the regime give warnings, not errors\n"
               "Exit status: 0 valid (warnings allowed), 1 problems found, 2 misuse.\n");
}

/* Prints the diagnostics: quiet > 0 errors only, 0 errors and warnings (calc: fallbacks and the
 * like are in the audit trail already), < 0 everything, notes included (validate). */
void cli_print_diag(const pcf_diag *diag, int quiet)
{
    for (size_t i = 0; i < pcf_diag_count(diag); i++) {
        pcf_severity sev = pcf_diag_severity_at(diag, i);
        if (sev == PCF_SEVERITY_NOTE && quiet >= 0)
            continue;
        if (quiet > 0 && sev != PCF_SEVERITY_ERROR)
            continue;
        const pcf_error *e = pcf_diag_at(diag, i);
        const char *label = sev == PCF_SEVERITY_ERROR     ? "error"
                            : sev == PCF_SEVERITY_WARNING ? "warning"
                                                          : "note";
        if (e->file[0])
            fprintf(stderr, "%s:", e->file);
        if (e->line)
            fprintf(stderr, "%d:%d:", (int)e->line, (int)e->column);
        fprintf(stderr, "%s%s: %s", e->file[0] || e->line ? " " : "", label, e->message);
        if (e->path[0])
            fprintf(stderr, " [%s]", e->path);
        fprintf(stderr, "\n");
    }
}

/* --format pact: the fields a calculation cannot know come from the model's "pact" object
 * (and from --pact-fields). */
static pcf_status write_pact(const pcf_model *model, const char *fields_path,
                             const pcf_result *result, int version, char **out, pcf_error *err)
{
    pcf_error_clear(err);
    char *text = NULL;
    pcf_pact_options *opts = NULL;
    pcf_status st = pcf_pact_options_create(&opts);
    if (st == PCF_OK)
        st = pcf_pact_options_from_model(opts, model, err);
    if (st == PCF_OK && fields_path) {
        text = cli_read_file(fields_path, err);
        st = text ? pcf_pact_options_from_model_json(opts, text, fields_path, err) : PCF_ERR_IO;
    }
    if (st == PCF_OK)
        st = pcf_pact_write(result, opts, version, out, err);
    if (st == PCF_OK) {
        /* a JSON document ends with a newline on the terminal and in files */
        size_t n = strlen(*out);
        char *p = realloc(*out, n + 2);
        if (p) {
            p[n] = '\n';
            p[n + 1] = '\0';
            *out = p;
        }
    }
    pcf_pact_options_destroy(opts);
    free(text);
    return st;
}

/* Reads the model at path, "-" meaning standard input. CLI_OK or CLI_FAIL (reported). */
static int read_model(const char *path, pcf_model **model)
{
    pcf_error err;
    pcf_error_clear(&err);
    pcf_status st;
    if (strcmp(path, "-") == 0) {
        char *text = cli_read_file(path, &err);
        if (!text)
            return cli_report("cannot read the model", &err);
        st = pcf_model_read_string(text, "<stdin>", model, &err);
        free(text);
    } else {
        cli_heap_for_model(path);
        st = pcf_model_read_file(path, model, &err);
        cli_heap_after_model();
    }
    return st == PCF_OK ? CLI_OK : cli_report("cannot read the model", &err);
}

/* pcf_model_calculate(), with the model taken by the resolver (*model set to NULL), which frees
 * it as it goes, unless keep_model: the system holds all the calculation needs. */
static pcf_status calculate(pcf_model **model, int keep_model, pcf_db *db, pcf_gwp_set gwp,
                            pcf_diag *diag, pcf_result **result, pcf_error *err)
{
    pcf_system *sys = NULL;
    pcf_status st;
    if (keep_model) {
        st = pcf_system_resolve(*model, db, gwp, diag, &sys, err);
    } else {
        st = pcf_system_resolve_take(*model, db, gwp, diag, &sys, err);
        *model = NULL;
    }
    if (st != PCF_OK)
        return st;
    st = pcf_calculate(sys, result, err);
    pcf_system_destroy(sys);
    return st;
}

/* --regime and --allow-out-of-regime: written into the model, which the library reads. */
static int apply_regime(pcf_model *model, int regime, int allow_out)
{
    if (regime < 0 && !allow_out)
        return CLI_OK;
    pcf_error err;
    pcf_regime r = regime < 0 ? pcf_model_regime(model) : (pcf_regime)regime;
    if (pcf_model_set_regime(model, r, allow_out, &err) != PCF_OK)
        return cli_report("--regime", &err);
    return CLI_OK;
}

/* The one MODEL operand after the options, or NULL after a usage error. */
static const char *model_operand(const char *cmd, int argc, char **argv)
{
    if (optind >= argc) {
        cli_usage_error(cmd, "which model? pcf %s MODEL (- reads standard input)", cmd);
        return NULL;
    }
    if (argc - optind > 1) {
        cli_usage_error(cmd, "one model at a time (got \"%s\" too)", argv[optind + 1]);
        return NULL;
    }
    return argv[optind];
}

/* The options of pcf calc, as parsed. */
typedef struct calc_opts {
    const char *format;
    cli_db_args dba;
    pcf_gwp_set gwp;
    long top;
    int quiet;
    cli_mc_args mca;
    int pact_version;
    const char *pact_fields;
    const char *lang;
    int regime, allow_out;
} calc_opts;

/* The eu-battery regime's output for --format F: the declaration (declaration), the HTML
 * report with the declaration's section (html), or the footprint report followed by the
 * declaration's section (text, in English as the text report is). CLI_OK with *text set, or
 * CLI_FAIL after printing. */
static int battery_output(const pcf_model *model, const pcf_result *result, const pcf_mc *mc,
                          pcf_db *db, pcf_diag *diag, const calc_opts *o, char **text)
{
    pcf_error err;
    pcf_battery_decl *d = NULL;
    pcf_diag_clear(diag);
    pcf_status st = pcf_battery_declare(model, result, db, diag, &d, &err);
    cli_print_diag(diag, o->quiet);
    if (st != PCF_OK)
        return cli_report("eu-battery declaration", &err);
    char *report = NULL, *section = NULL;
    if (strcmp(o->format, "declaration") == 0)
        st = pcf_battery_decl_to_json(d, text, &err);
    else if (strcmp(o->format, "html") == 0)
        st = pcf_report_html_decl(result, mc, db, d, o->lang, text, &err);
    else if ((st = pcf_report_text_mc(result, mc, (size_t)o->top, &report, &err)) == PCF_OK &&
             (st = pcf_battery_decl_report_text(d, "en", &section, &err)) == PCF_OK) {
        fputs(report, stdout);
        fputs(section, stdout);
        *text = NULL;
    }
    pcf_free(report);
    pcf_free(section);
    pcf_battery_decl_destroy(d);
    return st == PCF_OK ? CLI_OK : cli_report("cannot write the declaration", &err);
}

enum {
    CALC_GWP = CLI_OPT_FIRST_FREE,
    CALC_FORMAT,
    CALC_PACT_VERSION,
    CALC_PACT_FIELDS,
    CALC_LANG,
    CALC_TOP,
    CALC_REGIME,
    CALC_ALLOW_OUT
};

/* One option of pcf calc that is not --db, --layer or a Monte Carlo option: -1 when taken, else
 * the exit status (help printed, or a usage error). */
static int calc_option(int c, const char *v, calc_opts *o)
{
    switch (c) {
    case 'h':
        calc_usage(stdout);
        return CLI_OK;
    case 'q':
        o->quiet = 1;
        return -1;
    case CALC_GWP: {
        pcf_error err;
        if (pcf_gwp_set_parse(v, &o->gwp, &err) != PCF_OK)
            return cli_usage_error("calc", "--gwp: %s", err.message);
        return -1;
    }
    case CALC_FORMAT:
        o->format = v;
        if (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "csv") && strcmp(v, "pact") &&
            strcmp(v, "html") && strcmp(v, "declaration"))
            return cli_usage_error("calc",
                                   "--format must be text, json, csv, pact, html or "
                                   "declaration, not \"%s\"",
                                   v);
        return -1;
    case CALC_PACT_VERSION:
        o->pact_version = strcmp(v, "2.3") == 0 ? 2 : strcmp(v, "3.0") == 0 ? 3 : 0;
        if (!o->pact_version)
            return cli_usage_error("calc", "--pact-version takes 2.3 or 3.0, not \"%s\"", v);
        return -1;
    case CALC_PACT_FIELDS:
        o->pact_fields = v;
        return -1;
    case CALC_LANG:
        o->lang = v;
        if (strcmp(v, "en") && strcmp(v, "zh"))
            return cli_usage_error("calc", "--lang takes en or zh, not \"%s\"", v);
        return -1;
    case CALC_TOP: {
        char *end = NULL;
        o->top = strtol(v, &end, 10);
        if (!end || end == v || *end || o->top < 0 || o->top > 1000)
            return cli_usage_error("calc", "--top takes a number from 0 to 1000");
        return -1;
    }
    case CALC_REGIME: {
        pcf_error err;
        pcf_regime r;
        if (pcf_regime_parse(v, &r, &err) != PCF_OK)
            return cli_usage_error("calc", "--regime: %s", err.message);
        o->regime = (int)r;
        return -1;
    }
    case CALC_ALLOW_OUT:
        o->allow_out = 1;
        return -1;
    default:
        return cli_usage_error("calc", "unexpected option");
    }
}

/* Parses pcf calc's options into o: -1 to go on, else the exit status. */
static int calc_parse(int argc, char **argv, calc_opts *o)
{
    static const struct option longopts[] = {
        CLI_HELP_OPTION,
        CLI_DB_OPTIONS,
        CLI_MC_OPTIONS,
        {"gwp", required_argument, NULL, CALC_GWP},
        {"format", required_argument, NULL, CALC_FORMAT},
        {"pact-version", required_argument, NULL, CALC_PACT_VERSION},
        {"pact-fields", required_argument, NULL, CALC_PACT_FIELDS},
        {"lang", required_argument, NULL, CALC_LANG},
        {"top", required_argument, NULL, CALC_TOP},
        {"regime", required_argument, NULL, CALC_REGIME},
        {"allow-out-of-regime", no_argument, NULL, CALC_ALLOW_OUT},
        {"quiet", no_argument, NULL, 'q'},
        CLI_END_OPTIONS};
    int c;
    while ((c = cli_getopt_db("calc", argc, argv, "hq", longopts, &o->dba)) != -1) {
        if (c == '?')
            return CLI_USAGE;
        int taken = cli_mc_option("calc", c, optarg, &o->mca);
        if (taken < 0)
            return CLI_USAGE;
        if (taken)
            continue;
        int rc = calc_option(c, optarg, o);
        if (rc >= 0)
            return rc;
    }
    return -1;
}

/* Runs Monte Carlo when asked, then writes the result in o->format to standard output (and the
 * --samples file). CLI_OK or CLI_FAIL (reported). */
static int calc_output(const calc_opts *o, const pcf_model *model, pcf_db *db,
                       const pcf_result *result, pcf_diag *diag)
{
    pcf_error err;
    pcf_error_clear(&err);
    pcf_status st = PCF_OK;
    int rc = CLI_OK;
    int html = strcmp(o->format, "html") == 0;
    /* Monte Carlo runs first, so a failure prints nothing half-done. */
    pcf_mc *mc = NULL;
    if (o->mca.iterations > 0) {
        /* the HTML histogram needs the samples: cli_mc_run keeps them when samples_path is
         * set, and only the caller's own --samples is written out below */
        cli_mc_args run = o->mca;
        if (html && !run.samples_path)
            run.samples_path = "";
        /* the system the result was calculated from: no second resolve */
        rc = cli_mc_run(pcf_result_system(result), db, &run, o->quiet, &mc);
    }
    char *text = NULL;
    if (rc != CLI_OK)
        st = PCF_OK;
    else if (pcf_model_regime(model) == PCF_REGIME_EU_BATTERY &&
             (strcmp(o->format, "declaration") == 0 || strcmp(o->format, "text") == 0 || html))
        rc = battery_output(model, result, mc, db, diag, o, &text);
    else if (strcmp(o->format, "declaration") == 0)
        rc = cli_usage_error("calc", "--format declaration belongs to the eu-battery regime");
    else if (strcmp(o->format, "pact") == 0)
        st = write_pact(model, o->pact_fields, result, o->pact_version, &text, &err);
    else if (html)
        st = pcf_report_html_db(result, mc, db, o->lang, &text, &err);
    else if (strcmp(o->format, "json") == 0)
        st = pcf_report_json_mc(result, mc, &text, &err);
    else if (strcmp(o->format, "csv") == 0)
        st = pcf_report_csv(result, &text, &err);
    else /* the text report goes to stdout as it is made: no copy of it in memory */
        st = pcf_report_text_write(result, mc, (size_t)o->top, stdout, &err);
    if (st != PCF_OK) {
        rc = cli_report("cannot write the report", &err);
    } else if (rc == CLI_OK) {
        if (text)
            fputs(text, stdout);
        if (fflush(stdout) != 0) {
            fprintf(stderr, "pcf calc: cannot write the output\n");
            rc = CLI_FAIL;
        }
        if (rc == CLI_OK && mc && o->mca.samples_path)
            rc = cli_mc_write_samples(mc, o->mca.samples_path);
    }
    pcf_free(text);
    pcf_mc_destroy(mc);
    return rc;
}

/* Reads the model, opens the factors, calculates and writes the output. */
static int calc_model(const calc_opts *o, const char *model_path)
{
    pcf_error err;
    pcf_model *model = NULL;
    if (read_model(model_path, &model) != CLI_OK)
        return CLI_FAIL;
    if (apply_regime(model, o->regime, o->allow_out) != CLI_OK) {
        pcf_model_destroy(model);
        return CLI_FAIL;
    }
    pcf_db *db = NULL;
    if (cli_open_db(&o->dba, &db) != CLI_OK) {
        pcf_model_destroy(model);
        return CLI_FAIL;
    }
    pcf_diag *diag = NULL;
    if (pcf_diag_create(&diag) != PCF_OK) {
        pcf_db_close(db);
        pcf_model_destroy(model);
        fprintf(stderr, "pcf: out of memory\n");
        return CLI_FAIL;
    }
    pcf_result *result = NULL;
    /* The battery declaration and PACT read the model again; otherwise it goes as soon as it is
     * resolved, so its JSON tree and the result are never in memory together (Monte Carlo
     * samples the system the result holds) */
    int keep_model =
        pcf_model_regime(model) == PCF_REGIME_EU_BATTERY || strcmp(o->format, "pact") == 0;
    pcf_status st = calculate(&model, keep_model, db, o->gwp, diag, &result, &err);
    cli_print_diag(diag, o->quiet);
    int rc;
    if (st != PCF_OK) {
        /* Problems found while resolving are in the list (printed above); a failure of the
         * calculation itself (an overflow, memory) is in err alone: print it, with the file. */
        if (pcf_diag_error_count(diag) == 0) {
            if (!err.file[0])
                snprintf(err.file, sizeof err.file, "%s", model_path);
            cli_report("nothing was calculated", &err);
        } else {
            fprintf(stderr, "pcf calc: %zu problem(s) in %s; nothing was calculated\n",
                    pcf_diag_error_count(diag), model_path);
        }
        rc = CLI_FAIL;
    } else {
        rc = calc_output(o, model, db, result, diag);
    }
    pcf_result_destroy(result);
    pcf_diag_destroy(diag);
    pcf_db_close(db);
    pcf_model_destroy(model);
    return rc;
}

int cmd_calc(int argc, char **argv)
{
    calc_opts o = {0};
    o.format = "text";
    o.top = 10;
    o.mca.seed = 1; /* --mc, --seed, --threads, --samples (calc_mc.c) */
    o.pact_version = 3;
    o.lang = "en";
    o.regime = -1;
    int rc = calc_parse(argc, argv, &o);
    if (rc >= 0)
        return rc;
    const char *model_path = model_operand("calc", argc, argv);
    if (!model_path)
        return CLI_USAGE;
    if (o.regime == PCF_REGIME_CBAM) {
        /* CBAM takes an installation document, not a product model (cmd_cbam.c) */
        if (strcmp(o.format, "text") && strcmp(o.format, "json") && strcmp(o.format, "csv") &&
            strcmp(o.format, "html"))
            return cli_usage_error("calc", "--regime cbam writes json (default), csv or html");
        /* text, pcf calc's default, stays the template's JSON here */
        return cli_cbam_calc(model_path, &o.dba, 0, strcmp(o.format, "text") ? o.format : "json",
                             o.lang);
    }
    if (cli_mc_check("calc", &o.mca) != CLI_OK)
        return CLI_USAGE;
    if (o.mca.iterations > 0 && (strcmp(o.format, "csv") == 0 || strcmp(o.format, "pact") == 0))
        return cli_usage_error("calc", "--mc needs --format text, json or html (csv lists audit "
                                       "lines, pact has no uncertainty field; use --samples FILE "
                                       "for the iterations)");
    return calc_model(&o, model_path);
}

int cmd_validate(int argc, char **argv)
{
    enum { OPT_NO_DB = CLI_OPT_FIRST_FREE, OPT_REGIME, OPT_ALLOW_OUT };
    static const struct option longopts[] = {
        CLI_HELP_OPTION,
        CLI_DB_OPTIONS,
        {"no-db", no_argument, NULL, OPT_NO_DB},
        {"regime", required_argument, NULL, OPT_REGIME},
        {"allow-out-of-regime", no_argument, NULL, OPT_ALLOW_OUT},
        CLI_END_OPTIONS};
    cli_db_args dba = {0};
    int no_db = 0, c, regime = -1, allow_out = 0;
    while ((c = cli_getopt_db("validate", argc, argv, "h", longopts, &dba)) != -1) {
        if (c == '?')
            return CLI_USAGE;
        if (c == 'h') {
            validate_usage(stdout);
            return CLI_OK;
        }
        if (c == OPT_REGIME) {
            pcf_error err;
            pcf_regime r;
            if (pcf_regime_parse(optarg, &r, &err) != PCF_OK)
                return cli_usage_error("validate", "--regime: %s", err.message);
            regime = (int)r;
        } else if (c == OPT_ALLOW_OUT) {
            allow_out = 1;
        } else {
            no_db = 1; /* OPT_NO_DB */
        }
    }
    if (no_db && (dba.db || dba.n_layers))
        return cli_usage_error("validate", "--no-db and --db/--layer exclude each other");
    const char *model_path = model_operand("validate", argc, argv);
    if (!model_path)
        return CLI_USAGE;
    if (regime == PCF_REGIME_CBAM)
        return cli_cbam_validate(model_path);
    pcf_error err;
    pcf_model *model = NULL;
    if (read_model(model_path, &model) != CLI_OK)
        return CLI_FAIL;
    if (apply_regime(model, regime, allow_out) != CLI_OK) {
        pcf_model_destroy(model);
        return CLI_FAIL;
    }
    pcf_diag *diag = NULL;
    if (pcf_diag_create(&diag) != PCF_OK) {
        pcf_model_destroy(model);
        return CLI_FAIL;
    }
    pcf_status st = pcf_model_validate(model, diag, &err);
    if (st == PCF_OK && !no_db) {
        pcf_db *db = NULL;
        if (cli_open_db(&dba, &db) != CLI_OK) {
            pcf_diag_destroy(diag);
            pcf_model_destroy(model);
            return CLI_FAIL;
        }
        pcf_diag_clear(diag);
        pcf_system *sys = NULL;
        st = pcf_system_resolve(model, db, (pcf_gwp_set)0, diag, &sys, &err);
        pcf_system_destroy(sys);
        pcf_db_close(db);
    }
    cli_print_diag(diag, -1);
    size_t n = pcf_diag_error_count(diag);
    if (st == PCF_OK)
        printf("%s: valid (%zu warning(s) or note(s))\n", model_path, pcf_diag_count(diag));
    else
        printf("%s: %zu problem(s)\n", model_path, n ? n : 1);
    pcf_diag_destroy(diag);
    pcf_model_destroy(model);
    return st == PCF_OK ? CLI_OK : CLI_FAIL;
}
