/*
 * pcf command line — `pcf calc MODEL` (footprint of a model) and `pcf validate MODEL` (every
 * problem of a model in one run). GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void calc_usage(FILE *f)
{
    fprintf(f,
            "usage: pcf calc MODEL [--db FILE] [--gwp AR4|AR5|AR6] [--format text|json|csv]\n"
            "                      [--top N] [--quiet]\n\n"
            "Computes the carbon footprint of the model (docs/model-format.md) per declared unit:\n"
            "a table by life-cycle stage, fossil/biogenic/dLUC/aircraft apart, the top N\n"
            "contributors (default 10) and the audit trail of every factor used.\n"
            "  --db FILE    factor database (default: $PCF_DB, else the installed factors.db)\n"
            "  --gwp SET    GWP100 set to report in (default: the model's, else AR6)\n"
            "  --format F   text (default), json (every figure) or csv (one row per audit line)\n"
            "  --quiet      do not print warnings and notes on stderr\n"
            "Exit status: 0 success, 1 the model or a factor has a problem, 2 misuse.\n");
}

static void validate_usage(FILE *f)
{
    fprintf(f, "usage: pcf validate MODEL [--db FILE]\n\n"
               "Checks every rule of the model format and lists every problem at once, with its\n"
               "JSON path, line and column. With --db it also resolves every factor and unit.\n"
               "Exit status: 0 valid (warnings allowed), 1 problems found, 2 misuse.\n");
}

/* Prints the diagnostics; errors always, warnings and notes unless quiet. */
static void print_diag(const pcf_diag *diag, int quiet)
{
    for (size_t i = 0; i < pcf_diag_count(diag); i++) {
        pcf_severity sev = pcf_diag_severity_at(diag, i);
        if (quiet && sev != PCF_SEVERITY_ERROR)
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

int cmd_calc(int argc, char **argv)
{
    const char *model_path = NULL, *db_opt = NULL, *format = "text";
    pcf_gwp_set gwp = (pcf_gwp_set)0;
    long top = 10;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            calc_usage(stdout);
            return CLI_OK;
        } else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
            db_opt = argv[++i];
        } else if (strcmp(a, "--gwp") == 0 && i + 1 < argc) {
            pcf_error err;
            if (pcf_gwp_set_parse(argv[++i], &gwp, &err) != PCF_OK)
                return cli_usage_error("calc", "--gwp: %s", err.message);
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            format = argv[++i];
            if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "csv"))
                return cli_usage_error("calc", "--format must be text, json or csv, not \"%s\"",
                                       format);
        } else if (strcmp(a, "--top") == 0 && i + 1 < argc) {
            char *end = NULL;
            top = strtol(argv[++i], &end, 10);
            if (!end || *end || top < 0 || top > 1000)
                return cli_usage_error("calc", "--top takes a number from 0 to 1000");
        } else if (strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("calc", "unknown option \"%s\" (or a missing value)", a);
        } else if (!model_path) {
            model_path = a;
        } else {
            return cli_usage_error("calc", "one model at a time (got \"%s\" too)", a);
        }
    }
    if (!model_path)
        return cli_usage_error("calc", "which model? pcf calc MODEL");

    pcf_error err;
    pcf_model *model = NULL;
    if (pcf_model_read_file(model_path, &model, &err) != PCF_OK)
        return cli_report("cannot read the model", &err);
    pcf_db *db = NULL;
    if (cli_open_db(db_opt, &db) != CLI_OK) {
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
    pcf_status st = pcf_model_calculate(model, db, gwp, diag, &result, &err);
    print_diag(diag, quiet);
    int rc = CLI_OK;
    if (st != PCF_OK) {
        fprintf(stderr, "pcf calc: %zu problem(s) in %s; nothing was calculated\n",
                pcf_diag_error_count(diag), model_path);
        rc = CLI_FAIL;
    } else {
        char *text = NULL;
        if (strcmp(format, "json") == 0)
            st = pcf_report_json(result, &text, &err);
        else if (strcmp(format, "csv") == 0)
            st = pcf_report_csv(result, &text, &err);
        else
            st = pcf_report_text(result, (size_t)top, &text, &err);
        if (st != PCF_OK) {
            rc = cli_report("cannot write the report", &err);
        } else {
            fputs(text, stdout);
            if (fflush(stdout) != 0) {
                fprintf(stderr, "pcf calc: cannot write the output\n");
                rc = CLI_FAIL;
            }
        }
        pcf_free(text);
    }
    pcf_result_destroy(result);
    pcf_diag_destroy(diag);
    pcf_db_close(db);
    pcf_model_destroy(model);
    return rc;
}

int cmd_validate(int argc, char **argv)
{
    const char *model_path = NULL, *db_opt = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            validate_usage(stdout);
            return CLI_OK;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db_opt = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("validate", "unknown option \"%s\"", argv[i]);
        } else if (!model_path) {
            model_path = argv[i];
        } else {
            return cli_usage_error("validate", "one model at a time");
        }
    }
    if (!model_path)
        return cli_usage_error("validate", "which model? pcf validate MODEL");
    pcf_error err;
    pcf_model *model = NULL;
    if (pcf_model_read_file(model_path, &model, &err) != PCF_OK)
        return cli_report("cannot read the model", &err);
    pcf_diag *diag = NULL;
    if (pcf_diag_create(&diag) != PCF_OK) {
        pcf_model_destroy(model);
        return CLI_FAIL;
    }
    pcf_status st = pcf_model_validate(model, diag, &err);
    if (st == PCF_OK && db_opt) {
        pcf_db *db = NULL;
        if (cli_open_db(db_opt, &db) != CLI_OK) {
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
    print_diag(diag, 0);
    size_t n = pcf_diag_error_count(diag);
    if (st == PCF_OK)
        printf("%s: valid (%zu warning(s) or note(s))\n", model_path, pcf_diag_count(diag));
    else
        printf("%s: %zu problem(s)\n", model_path, n ? n : 1);
    pcf_diag_destroy(diag);
    pcf_model_destroy(model);
    return st == PCF_OK ? CLI_OK : CLI_FAIL;
}
