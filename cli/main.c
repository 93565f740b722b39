/*
 * pcf command line — entry point and subcommand dispatch.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdlib.h>
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
    {"factors", cmd_factors, "find emission factors: pcf factors search|suggest|show|resolve"},
    {"db", cmd_db, "manage factor databases: pcf db build|import|export|info"},
    {"calc", cmd_calc, "carbon footprint of a model: pcf calc MODEL [--format json|csv]"},
    {"validate", cmd_validate, "check a model and list every problem: pcf validate MODEL"},
    {"lci", cmd_lci, "life-cycle inventory databases: pcf lci import|info|solve|show"},
    {"report", cmd_report, "CFP study report: pcf report MODEL --lang zh --format pdf -o R.pdf"},
    {"init", cmd_init,
     "a first model from an ERP bill of materials: pcf init BOM.csv -o MODEL.json"},
    {"cbam", cmd_cbam, "EU CBAM embedded emissions of goods: pcf cbam calc|validate FILE"},
    {"batch", cmd_batch, "compute many models, JSON Lines in and out: pcf batch IN -o OUT"},
    {"site", cmd_site, "a site's scope 1 and 2 and products' shares: pcf site SITE.json"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: pcf COMMAND [ARGS...]\n\n"
               "Product carbon footprints (ISO 14067, GB/T 24067-2024).\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n`pcf help COMMAND` (or `pcf COMMAND --help`) describes a command.\n"
               "`pcf --version` (-V) prints the version.\n"
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

/* The option as the user wrote it, for messages: "--name" of a long one, "-c" of a short one. */
static void option_text(int argc, char **argv, char *buf, size_t size)
{
    const char *arg = optind - 1 < argc && optind >= 1 ? argv[optind - 1] : "";
    if (strncmp(arg, "--", 2) == 0) {
        size_t n = strcspn(arg, "=");
        snprintf(buf, size, "%.*s", (int)n, arg);
    } else if (optopt > 0 && optopt < 0x100) {
        snprintf(buf, size, "-%c", optopt);
    } else {
        snprintf(buf, size, "%s", arg);
    }
}

int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
               const struct option *longopts)
{
    /* A leading ':' makes getopt_long tell a missing value (':') from an unknown option ('?'),
     * and opterr = 0 keeps its own messages off: the CLI prints its own, with the --help hint. */
    char spec[64];
    snprintf(spec, sizeof spec, ":%s", shortopts);
    opterr = 0;
    int c = getopt_long(argc, argv, spec, longopts, NULL);
    if (c != ':' && c != '?')
        return c;
    char name[64];
    option_text(argc, argv, name, sizeof name);
    if (c == ':') {
        cli_usage_error(cmd, "option %s needs a value", name);
        return '?';
    }
    /* '?': unknown, ambiguous, or a value given to an option that takes none */
    const char *arg = optind >= 1 && optind - 1 < argc ? argv[optind - 1] : "";
    if (strncmp(arg, "--", 2) == 0 && strchr(arg, '=')) {
        for (const struct option *o = longopts; o && o->name; o++)
            if (strcmp(o->name, name + 2) == 0 && o->has_arg == no_argument) {
                cli_usage_error(cmd, "option %s takes no value", name);
                return '?';
            }
    }
    cli_usage_error(cmd, "unknown option %s", name);
    return '?';
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
    cli_term_filter();

    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 ||
        (strcmp(name, "help") == 0 && argc == 2)) {
        usage(stdout);
        return cli_finish_stdout(CLI_OK);
    }
    if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("pcf %s (library %s)\n", PCF_VERSION_STRING, pcf_version_string());
        return cli_finish_stdout(CLI_OK);
    }
    /* `pcf help CMD` is `pcf CMD --help` */
    char help_opt[] = "--help";
    char *help_argv[4] = {argv[0], NULL, help_opt, NULL};
    if (strcmp(name, "help") == 0) {
        if (argc > 3) {
            fprintf(stderr, "pcf help: one command at a time: pcf help COMMAND\n");
            return CLI_USAGE;
        }
        name = help_argv[1] = argv[2];
        argc = 3;
        argv = help_argv;
    }
    /* getopt's state starts afresh for the command's own argv (GNU getopt: optind 0). */
    optind = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return cli_finish_stdout(commands[i].fn(argc - 1, argv + 1));
    fprintf(stderr, "pcf: unknown command \"%s\"\n\n", name);
    usage(stderr);
    return CLI_USAGE;
}
