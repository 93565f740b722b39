/*
 * pcf site — a site's scope 1 and 2 and its products' gate-to-gate shares from its annual
 * figures (docs/site-format.md), as a disclosure (text, JSON, HTML in English or Chinese) and as
 * the production stage of a product model. GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void site_usage(FILE *f)
{
    fprintf(f,
            "usage: pcf site SITE.json [--format text|json|html] [--lang en|zh] [-o FILE]\n"
            "                [--allocate units|mass|revenue] [--db FILE] [--layer FILE]\n"
            "       pcf site SITE.json --stage PRODUCT\n"
            "       pcf site SITE.json --model MODEL.json --product PRODUCT -o OUT.json\n\n"
            "Reads a site's figures for one year (docs/site-format.md): electricity by source\n"
            "(grid, on-site PV, renewable certificates and PPAs), fuels, refrigerant top-ups,\n"
            "waste and each product's output. Computes scope 1 and scope 2 (GHG Protocol;\n"
            "location-based, and market-based when the site holds certificates or PPAs), waste\n"
            "apart, and each product's share of scope 1 + scope 2 (location-based) + waste,\n"
            "allocated by units, mass or revenue (the document's \"allocation\", or --allocate).\n"
            "Factors come from the factor database only.\n\n"
            "  --format F     text (the default), json, or html (a page a firm can publish)\n"
            "  --lang L       en (the default) or zh: the disclosure's language\n"
            "  -o FILE        write to FILE instead of standard output\n"
            "  --stage ID     print the production stage of product ID: model activities\n"
            "                 (docs/model-format.md) per one unit of its output\n"
            "  --model M --product ID\n"
            "                 replace the production stage of model M's main product with\n"
            "                 product ID's share (scaled to the model's reference flow) and\n"
            "                 write the model to -o (which may be M itself)\n\n"
            "A problem in the file is reported as FILE:LINE:COLUMN with its JSON path and the\n"
            "fix; exit status 1.\n");
}

typedef struct site_opts {
    const char *path, *format, *lang, *out, *allocate, *stage, *model, *product;
    cli_db_args dba;
} site_opts;

static int parse_site_opts(int argc, char **argv, site_opts *o)
{
    enum {
        OPT_FORMAT = CLI_OPT_FIRST_FREE,
        OPT_LANG,
        OPT_ALLOCATE,
        OPT_STAGE,
        OPT_MODEL,
        OPT_PRODUCT
    };
    static const struct option longopts[] = {CLI_HELP_OPTION,
                                             CLI_DB_OPTIONS,
                                             {"format", required_argument, NULL, OPT_FORMAT},
                                             {"lang", required_argument, NULL, OPT_LANG},
                                             {"output", required_argument, NULL, 'o'},
                                             {"allocate", required_argument, NULL, OPT_ALLOCATE},
                                             {"stage", required_argument, NULL, OPT_STAGE},
                                             {"model", required_argument, NULL, OPT_MODEL},
                                             {"product", required_argument, NULL, OPT_PRODUCT},
                                             CLI_END_OPTIONS};
    int c;
    while ((c = cli_getopt_db("site", argc, argv, "ho:", longopts, &o->dba)) != -1) {
        switch (c) {
        case 'h':
            site_usage(stdout);
            return -1;
        case 'o':
            o->out = optarg;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "text") && strcmp(optarg, "json") && strcmp(optarg, "html"))
                return cli_usage_error("site", "--format is text, json or html");
            o->format = optarg;
            break;
        case OPT_LANG:
            if (strcmp(optarg, "en") && strcmp(optarg, "zh"))
                return cli_usage_error("site", "--lang is en or zh");
            o->lang = optarg;
            break;
        case OPT_ALLOCATE:
            if (strcmp(optarg, "units") && strcmp(optarg, "mass") && strcmp(optarg, "revenue"))
                return cli_usage_error("site", "--allocate is units, mass or revenue");
            o->allocate = optarg;
            break;
        case OPT_STAGE:
            o->stage = optarg;
            break;
        case OPT_MODEL:
            o->model = optarg;
            break;
        case OPT_PRODUCT:
            o->product = optarg;
            break;
        default:
            return CLI_USAGE;
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("site", "one site file: pcf site SITE.json");
    o->path = argv[optind];
    if (!!o->model != !!o->product)
        return cli_usage_error("site", "--model and --product go together");
    if (o->model && !o->out)
        return cli_usage_error("site", "--model needs -o OUT.json (which may be the model)");
    if (o->model && o->stage)
        return cli_usage_error("site", "--stage and --model are two different outputs");
    return CLI_OK;
}

/* Writes text to -o FILE (atomically) or to standard output. */
static int emit(const site_opts *o, const char *text)
{
    if (!o->out) {
        fputs(text, stdout);
        return CLI_OK;
    }
    char *tmp = NULL;
    FILE *f = cli_out_open(o->out, &tmp);
    if (!f)
        return CLI_FAIL;
    int ok = fputs(text, f) >= 0;
    return cli_out_close(f, tmp, o->out, ok);
}

/* --model: the model with the site's share as its main product's production stage. */
static int apply_to_model(const site_opts *o, const pcf_site_result *r)
{
    pcf_error err;
    pcf_model *m = NULL;
    if (pcf_model_read_file(o->model, &m, &err) != PCF_OK)
        return cli_report("cannot read the model", &err);
    char *text = NULL;
    int rc = CLI_FAIL;
    if (pcf_site_result_apply(r, o->product, m, 0, &err) != PCF_OK)
        rc = cli_report("cannot put the site's share into the model", &err);
    else if (pcf_model_write_string(m, &text, &err) != PCF_OK)
        rc = cli_report("cannot write the model", &err);
    else
        rc = emit(o, text);
    pcf_free(text);
    pcf_model_destroy(m);
    return rc;
}

static int output(const site_opts *o, const pcf_site_result *r, pcf_db *db)
{
    if (o->model)
        return apply_to_model(o, r);
    pcf_error err;
    char *text = NULL;
    pcf_status st;
    if (o->stage)
        st = pcf_site_result_stage_json(r, o->stage, &text, &err);
    else if (!strcmp(o->format, "json"))
        st = pcf_site_result_json(r, &text, &err);
    else if (!strcmp(o->format, "html"))
        st = pcf_site_result_html(r, db, o->lang, &text, &err);
    else
        st = pcf_site_result_text(r, o->lang, &text, &err);
    if (st != PCF_OK)
        return cli_report("cannot write the site result", &err);
    int rc = emit(o, text);
    pcf_free(text);
    return rc;
}

int cmd_site(int argc, char **argv)
{
    site_opts o = {NULL, "text", "en", NULL, NULL, NULL, NULL, NULL, {0}};
    int rc = parse_site_opts(argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    pcf_diag *diag = NULL;
    if (pcf_diag_create(&diag) != PCF_OK) {
        fprintf(stderr, "pcf site: out of memory\n");
        return CLI_FAIL;
    }
    pcf_error err;
    pcf_site *site = NULL;
    pcf_site_result *r = NULL;
    pcf_db *db = NULL;
    pcf_status st = pcf_site_read_file(o.path, &site, diag, &err);
    if (st == PCF_OK && o.allocate)
        st = pcf_site_set_allocation(site, o.allocate, &err);
    if (st == PCF_OK) {
        rc = cli_open_db(&o.dba, &db);
        if (rc == CLI_OK)
            st = pcf_site_calculate(site, db, diag, &r, &err);
    }
    if (st != PCF_OK) {
        if (pcf_diag_count(diag))
            cli_print_diag(diag, 0);
        else
            cli_report("cannot read the site file", &err);
        if (pcf_diag_error_count(diag) > 1)
            fprintf(stderr, "pcf site: %zu problems in %s\n", pcf_diag_error_count(diag), o.path);
        rc = CLI_FAIL;
    } else if (rc == CLI_OK) {
        rc = output(&o, r, db);
    }
    pcf_site_result_destroy(r);
    pcf_db_close(db);
    pcf_site_destroy(site);
    pcf_diag_destroy(diag);
    return rc;
}
