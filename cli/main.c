/*
 * pcf command line — entry point and subcommand dispatch.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <string.h>

static const struct {
    const char *name;
    cli_fn fn;
    const char *summary;
} commands[] = {
    {"units", cmd_units, "list the units pcf understands, by dimension"},
    {"convert", cmd_convert, "convert an amount between units: pcf convert 2.5 t lb"},
    {"gwp", cmd_gwp, "list GWP100 values of a set: pcf gwp [AR4|AR5|AR6]"},
    {"pact", cmd_pact, "check, show or convert PACT ProductFootprints: pcf pact validate FILE"},
    {"factors", cmd_factors, "find emission factors: pcf factors search|show|resolve"},
    {"db", cmd_db, "manage factor databases: pcf db build|import|export|info"},
    {"calc", cmd_calc, "carbon footprint of a model: pcf calc MODEL [--format json|csv]"},
    {"validate", cmd_validate, "check a model and list every problem: pcf validate MODEL"},
    {"report", cmd_report, "CFP study report: pcf report MODEL --lang zh --format pdf -o R.pdf"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: pcf COMMAND [ARGS...]\n\n"
               "Product carbon footprints (ISO 14067, GB/T 24067-2024).\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n`pcf COMMAND --help` describes a command. `pcf --version` prints the version.\n"
               "Exit status: 0 success, 1 calculation or input error, 2 misuse.\n");
}

int cli_report(const char *what, const pcf_error *err)
{
    fprintf(stderr, "pcf: %s", what ? what : "error");
    if (err && err->message[0])
        fprintf(stderr, ": %s", err->message);
    if (err && (err->file[0] || err->path[0] || err->line)) {
        fprintf(stderr, " (");
        const char *sep = "";
        if (err->file[0]) {
            fprintf(stderr, "%s", err->file);
            sep = " ";
        }
        if (err->path[0]) {
            fprintf(stderr, "%s%s", sep, err->path);
            sep = " ";
        }
        if (err->line)
            fprintf(stderr, "%sline %d", sep, (int)err->line);
        if (err->column)
            fprintf(stderr, ", column %d", (int)err->column);
        fprintf(stderr, ")");
    }
    fprintf(stderr, "\n");
    return CLI_FAIL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "pcf %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry `pcf %s --help`.\n", cmd);
    va_end(ap);
    return CLI_USAGE;
}

int cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

const char *cli_num(double v, char buf[32])
{
    pcf_number_format(v, buf, 32);
    return buf;
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts the process; the library validates before calling GSL, and a
     * host program (this one) turns the handler off as the README asks. */
    gsl_set_error_handler_off();

    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (cli_is_help(argv[1])) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("pcf %s (library %s)\n", PCF_VERSION_STRING, pcf_version_string());
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "pcf: unknown command \"%s\"\n\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
