/*
 * pcf command line — `pcf cbam`: CBAM specific embedded emissions of an installation's goods
 * (docs/cbam-format.md). GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: pcf cbam calc FILE [--year Y] [--format json|csv] [--db FILE] [--layer FILE]\n"
            "       pcf cbam validate FILE\n\n"
            "The EU CBAM regime: specific embedded emissions (t CO2e per tonne) of an\n"
            "installation's goods, direct and indirect apart, by Implementing Regulation (EU)\n"
            "2023/1773 Annex III; precursors recursively; default values with the mark-up of\n"
            "the year. FILE is a CBAM input document (docs/cbam-format.md).\n\n"
            "calc prints the data of the communication template to the installation's\n"
            "customers: JSON (default) or CSV, one row per good (CN code).\n"
            "  --year Y      the year whose mark-up applies to default values (default: the\n"
            "                document's \"year\")\n"
            "  --format F    json or csv\n"
            "  --db, --layer the factor database (grid factors, cbam-cn-2026 default values)\n"
            "validate lists every problem of the document, with its JSON path.\n");
}

static int print_result(const pcf_cbam_result *r, int csv)
{
    char *text = NULL;
    pcf_error err;
    pcf_status st =
        csv ? pcf_cbam_result_to_csv(r, &text, &err) : pcf_cbam_result_to_json(r, &text, &err);
    if (st != PCF_OK)
        return cli_report("cannot write the result", &err);
    fputs(text, stdout);
    pcf_free(text);
    return CLI_OK;
}

int cmd_cbam(int argc, char **argv)
{
    enum { OPT_YEAR = CLI_OPT_FIRST_FREE, OPT_FORMAT };
    static const struct option longopts[] = {CLI_HELP_OPTION,
                                             CLI_DB_OPTIONS,
                                             {"year", required_argument, NULL, OPT_YEAR},
                                             {"format", required_argument, NULL, OPT_FORMAT},
                                             CLI_END_OPTIONS};
    int year = 0, csv = 0, c;
    cli_db_args dba = {0};
    while ((c = cli_getopt_db("cbam", argc, argv, "h", longopts, &dba)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return CLI_OK;
        } else if (c == OPT_YEAR) {
            char *end = NULL;
            long y = strtol(optarg, &end, 10);
            if (!*optarg || *end || y < 1900 || y > 9999)
                return cli_usage_error("cbam", "--year wants a year such as 2026");
            year = (int)y;
        } else if (c == OPT_FORMAT) {
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "csv") != 0)
                return cli_usage_error("cbam", "--format is json or csv");
            csv = strcmp(optarg, "csv") == 0;
        } else {
            return CLI_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *sub = argv[optind];
    int is_calc = strcmp(sub, "calc") == 0, is_validate = strcmp(sub, "validate") == 0;
    if (!is_calc && !is_validate)
        return cli_usage_error("cbam", "unknown subcommand \"%s\" (calc or validate)", sub);
    if (optind + 2 != argc)
        return cli_usage_error("cbam", "one CBAM input document: pcf cbam %s FILE", sub);
    const char *path = argv[optind + 1];
    return is_validate ? cli_cbam_validate(path) : cli_cbam_calc(path, &dba, year, csv);
}

/* Reads the document; NULL after printing the error. */
static pcf_cbam *read_doc(const char *path)
{
    pcf_error err;
    pcf_cbam *doc = NULL;
    if (pcf_cbam_read_file(path, &doc, &err) != PCF_OK)
        cli_report("cannot read the CBAM document", &err);
    return doc;
}

int cli_cbam_validate(const char *path)
{
    pcf_cbam *doc = read_doc(path);
    pcf_diag *diag = NULL;
    if (!doc || pcf_diag_create(&diag) != PCF_OK) {
        pcf_cbam_destroy(doc);
        return CLI_FAIL;
    }
    pcf_error err;
    pcf_status st = pcf_cbam_validate(doc, diag, &err);
    cli_print_diag(diag, -1);
    if (st == PCF_OK)
        printf("%s: valid\n", path);
    else
        printf("%s: %zu problem(s)\n", path, pcf_diag_error_count(diag));
    pcf_diag_destroy(diag);
    pcf_cbam_destroy(doc);
    return st == PCF_OK ? CLI_OK : CLI_FAIL;
}

int cli_cbam_calc(const char *path, const cli_db_args *dba, int year, int csv)
{
    pcf_cbam *doc = read_doc(path);
    pcf_diag *diag = NULL;
    if (!doc || pcf_diag_create(&diag) != PCF_OK) {
        pcf_cbam_destroy(doc);
        return CLI_FAIL;
    }
    pcf_db *db = NULL;
    int rc = cli_open_db(dba, &db);
    pcf_cbam_result *r = NULL;
    if (rc == CLI_OK) {
        pcf_error err;
        pcf_status st = pcf_cbam_calculate(doc, db, year, diag, &r, &err);
        cli_print_diag(diag, 0);
        rc = st == PCF_OK ? print_result(r, csv) : cli_report("CBAM calculation failed", &err);
    }
    pcf_cbam_result_destroy(r);
    pcf_db_close(db);
    pcf_diag_destroy(diag);
    pcf_cbam_destroy(doc);
    return rc;
}
