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

#include <stdio.h>

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

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

/* 1 when arg is "-h" or "--help". */
int cli_is_help(const char *arg);

/* Formats a number the way the library does (shortest exact, '.' decimal mark). */
const char *cli_num(double v, char buf[32]);

int cmd_units(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_gwp(int argc, char **argv);

/* db: the factor database (cmd_db.c). */
int cmd_factors(int argc, char **argv);
int cmd_db(int argc, char **argv);
/* The database path the CLI uses: opt (--db) when given, else $PCF_DB, else the installed
 * factors.db, else the build tree's data/factors.db. */
const char *cli_db_path(const char *opt);
/* Opens cli_db_path(opt) read-only; reports and returns CLI_FAIL on failure. */
int cli_open_db(const char *opt, pcf_db **out);
/* Writes s as a JSON string (quoted and escaped). */
void cli_json_str(FILE *f, const char *s);

/* calc: footprints of models (cmd_calc.c). */
int cmd_calc(int argc, char **argv);
int cmd_validate(int argc, char **argv);

#endif
