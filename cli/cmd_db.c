/*
 * pcf factors search|show|resolve and pcf db build|import|export|info — the factor database from
 * the command line.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#ifndef PCF_DB_BUILD_PATH
#define PCF_DB_BUILD_PATH ""
#endif

static int file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

const char *cli_db_path(const char *opt)
{
    if (opt && opt[0])
        return opt;
    const char *env = getenv("PCF_DB");
    if (env && env[0])
        return env;
    const char *installed = pcf_db_default_path();
    if (file_exists(installed))
        return installed;
    /* Not installed: the build tree's database, so that build/cli/pcf works in place. */
    if (PCF_DB_BUILD_PATH[0] && file_exists(PCF_DB_BUILD_PATH))
        return PCF_DB_BUILD_PATH;
    return installed;
}

/* Attaches the factor database at path over db as a layer the library names after the file. */
static int attach_layer(pcf_db *db, const char *path)
{
    pcf_error err;
    if (pcf_db_attach(db, path, NULL, &err) != PCF_OK)
        return cli_report("cannot attach the layer", &err);
    return CLI_OK;
}

int cli_db_option(const char *cmd, int opt, const char *value, cli_db_args *args)
{
    if (opt == CLI_OPT_DB) {
        args->db = value;
        return 1;
    }
    if (opt != CLI_OPT_LAYER)
        return 0;
    if (args->n_layers == CLI_MAX_LAYERS) {
        cli_usage_error(cmd, "at most %d --layer options", CLI_MAX_LAYERS);
        return -1;
    }
    args->layers[args->n_layers++] = value;
    return 1;
}

int cli_getopt_db(const char *cmd, int argc, char **argv, const char *shortopts,
                  const struct option *longopts, cli_db_args *args)
{
    int c;
    while ((c = cli_getopt(cmd, argc, argv, shortopts, longopts)) != -1) {
        int taken = c == '?' ? -1 : cli_db_option(cmd, c, optarg, args);
        if (taken < 0)
            return '?';
        if (!taken)
            return c;
    }
    return -1;
}

int cli_open_db(const cli_db_args *args, pcf_db **out)
{
    pcf_error err;
    *out = NULL;
    pcf_db *db = NULL;
    if (pcf_db_open(cli_db_path(args->db), PCF_DB_READ_ONLY, &db, &err) != PCF_OK)
        return cli_report("cannot open the factor database", &err);
    for (size_t i = 0; i < args->n_layers; i++) {
        if (attach_layer(db, args->layers[i]) != CLI_OK) {
            pcf_db_close(db);
            return CLI_FAIL;
        }
    }
    *out = db;
    return CLI_OK;
}

void cli_json_str(FILE *f, const char *s)
{
    char *q = NULL;
    if (pcf_json_quote(s, &q, NULL) != PCF_OK) {
        fputs("null", f); /* out of memory: still a well-formed document */
        return;
    }
    fputs(q, f);
    pcf_free(q);
}

static void json_kv(const char *key, const char *value, int comma)
{
    printf("%s", comma ? ", " : "");
    cli_json_str(stdout, key);
    printf(": ");
    cli_json_str(stdout, value);
}

/* One factor as the library writes it (pcf_factor_to_json). CLI_OK or CLI_FAIL (reported). */
static int factor_json(const pcf_factor *f)
{
    char *text = NULL;
    pcf_error err;
    if (pcf_factor_to_json(f, &text, &err) != PCF_OK)
        return cli_report("cannot write the factor as JSON", &err);
    fputs(text, stdout);
    pcf_free(text);
    return CLI_OK;
}

static void factor_text(const pcf_factor *f)
{
    char nb[32];
    printf("code:      %s\n", pcf_factor_code(f));
    printf("name:      %s\n", pcf_factor_name_en(f));
    if (pcf_factor_name_zh(f)[0])
        printf("名称:      %s\n", pcf_factor_name_zh(f));
    printf("category:  %s\n", pcf_factor_category(f));
    printf("regimes:   %s\n", pcf_factor_regimes_text(f));
    printf("region:    %s", pcf_factor_region(f));
    if (pcf_factor_fallback_taken(f))
        printf(" (fallback from %s)", pcf_factor_region_requested(f));
    printf("\n");
    printf("value:     %s\n", pcf_factor_published_value(f));
    printf("unit:      %s\n", pcf_factor_published_unit(f));
    printf("           = %s kg %s per %s", cli_num(pcf_factor_kg_co2e(f), nb),
           pcf_factor_co2_only(f) ? "CO2" : "CO2e", pcf_unit_symbol(pcf_factor_unit(f)));
    if (pcf_factor_unit_qualifier(f)[0])
        printf(" (%s)", pcf_factor_unit_qualifier(f));
    printf("\n");
    for (size_t i = 0; i < pcf_factor_gas_count(f); i++)
        printf("           %s: %s kg per %s\n", pcf_gas_key(pcf_factor_gas_at(f, i)),
               cli_num(pcf_factor_gas_kg_at(f, i), nb), pcf_unit_symbol(pcf_factor_unit(f)));
    printf("year:      %s\n", pcf_factor_year_text(f));
    printf("scope:     %s\n", pcf_factor_scope(f));
    printf("GWP:       %s\n", pcf_factor_gwp_text(f));
    pcf_dist kind;
    double p1, p2, p3;
    pcf_factor_uncertainty(f, &kind, &p1, &p2, &p3);
    if (kind == PCF_DIST_FIXED) {
        printf("uncertainty: none given by the source\n");
    } else {
        char b2[32], b3[32];
        printf("uncertainty: %s %s %s %s\n", pcf_dist_name(kind), cli_num(p1, nb), cli_num(p2, b2),
               cli_num(p3, b3));
    }
    if (pcf_factor_dq(f)[0])
        printf("data quality: %s\n", pcf_factor_dq(f));
    printf("dataset:   %s", pcf_factor_dataset(f));
    if (pcf_factor_dataset_name(f)[0])
        printf(" (%s, %s)", pcf_factor_dataset_name(f), pcf_factor_dataset_version(f));
    printf("\n");
    printf("source:    %s\n", pcf_factor_source(f));
    printf("licence:   %s\n", pcf_factor_license(f));
    if (pcf_factor_notes(f)[0])
        printf("notes:     %s\n", pcf_factor_notes(f));
    printf("layer:     %s\n", pcf_factor_layer(f));
}

static int parse_dim(const char *text, pcf_dimension *out)
{
    for (int d = 1; (size_t)d <= pcf_dimension_count(); d++) {
        if (strcmp(text, pcf_dimension_name((pcf_dimension)d)) == 0) {
            *out = (pcf_dimension)d;
            return 1;
        }
    }
    const pcf_unit *u;
    pcf_error err;
    if (pcf_unit_parse(text, &u, &err) == PCF_OK) {
        *out = pcf_unit_dimension(u);
        return 1;
    }
    return 0;
}

static void factors_usage(FILE *f)
{
    fprintf(f, "usage: pcf factors search TEXT [--category C] [--region R] [--dim D] [--limit N]\n"
               "                              [--json] [--db FILE]\n"
               "       pcf factors suggest TEXT [--unit U] [--region R] [--category C,...]\n"
               "       pcf factors show CODE [--json] [--db FILE]\n"
               "       pcf factors resolve CATEGORY NAME [--region R] [--dim D] [--json] [--db "
               "FILE]\n\n"
               "search  finds factors by English or Chinese name (\"steel\", \"alumin\", \"钢\", "
               "\"鋼\");\n"
               "        --region R keeps R and its sub-regions; --dim keeps factors per a unit of\n"
               "        that dimension (mass, energy, freight, ... or a unit such as kg). Words\n"
               "        go through the synonym table (卡车 finds HGVs, PP polypropylene as a\n"
               "        whole word); the last line says how many matched (\"50 of 96 shown\").\n"
               "        Each row shows the regimes it is valid in (docs/regimes.md): cbam for\n"
               "        CBAM default values, iso14067,eu-battery for footprint factors.\n"
               "suggest ranks the factors that fit one BOM line, with score and reason\n"
               "        (`pcf factors suggest --help`).\n"
               "show    prints one factor: value, unit, region, year and source exactly as\n"
               "        published, and kg CO2e per unit.\n"
               "resolve finds the factor a model would use, with the region fallback chain\n"
               "        (CN-FJ -> CN-GRID-EAST -> CN -> GLO).\n\n"
               "The database is --db FILE, else $PCF_DB, else the installed factors.db. Each\n"
               "--layer FILE lays a company database over it (the last one wins lookups); results\n"
               "say which layer served them.\n");
}

/* The options of pcf factors search|show|resolve, as parsed. */
typedef struct factors_opts {
    cli_db_args dba;
    const char *category, *region;
    size_t limit;
    int json;
    pcf_dimension dim;
} factors_opts;

/* Parses the options: -1 to go on, else the exit status. */
static int factors_parse(int argc, char **argv, factors_opts *o)
{
    enum { OPT_JSON = CLI_OPT_FIRST_FREE, OPT_CATEGORY, OPT_REGION, OPT_DIM, OPT_LIMIT };
    static const struct option longopts[] = {CLI_HELP_OPTION,
                                             CLI_DB_OPTIONS,
                                             {"json", no_argument, NULL, OPT_JSON},
                                             {"category", required_argument, NULL, OPT_CATEGORY},
                                             {"region", required_argument, NULL, OPT_REGION},
                                             {"dim", required_argument, NULL, OPT_DIM},
                                             {"limit", required_argument, NULL, OPT_LIMIT},
                                             CLI_END_OPTIONS};
    int c;
    while ((c = cli_getopt_db("factors", argc, argv, "h", longopts, &o->dba)) != -1) {
        switch (c) {
        case '?':
            return CLI_USAGE;
        case 'h':
            factors_usage(stdout);
            return CLI_OK;
        case OPT_JSON:
            o->json = 1;
            break;
        case OPT_CATEGORY:
            o->category = optarg;
            break;
        case OPT_REGION:
            o->region = optarg;
            break;
        case OPT_DIM:
            if (!parse_dim(optarg, &o->dim))
                return cli_usage_error("factors", "unknown dimension or unit \"%s\"", optarg);
            break;
        case OPT_LIMIT: {
            char *end;
            unsigned long v = strtoul(optarg, &end, 10);
            if (*end || end == optarg || optarg[0] == '-')
                return cli_usage_error("factors", "--limit needs a whole number, not \"%s\"",
                                       optarg);
            o->limit = (size_t)v;
            break;
        }
        default:
            return cli_usage_error("factors", "unexpected option");
        }
    }
    return -1;
}

/* pcf factors search TEXT: a table (or a JSON array) of the matches and how many there are. */
static int factors_search(pcf_db *db, const factors_opts *o, const char *text)
{
    pcf_error err;
    pcf_factor_list *list = NULL;
    if (pcf_db_search(db, text, o->category, o->region, o->dim, o->limit, &list, &err) != PCF_OK)
        return cli_report("search failed", &err);
    size_t n = pcf_factor_list_count(list);
    int rc = n ? CLI_OK : CLI_FAIL;
    if (o->json) {
        printf("[");
        for (size_t i = 0; i < n && rc == CLI_OK; i++) {
            printf("%s\n  ", i ? "," : "");
            rc = factor_json(pcf_factor_list_at(list, i));
        }
        printf("%s]\n", n ? "\n" : "");
        if (n < pcf_factor_list_total(list))
            fprintf(stderr, "pcf: %zu of %zu shown; --limit N for more, --limit 0 for all\n", n,
                    pcf_factor_list_total(list));
    } else {
        for (size_t i = 0; i < n; i++) {
            const pcf_factor *f = pcf_factor_list_at(list, i);
            printf("%-44s %-8s %-24s %12s %-22s %s", pcf_factor_code(f), pcf_factor_region(f),
                   pcf_factor_regimes_text(f), pcf_factor_published_value(f),
                   pcf_factor_published_unit(f), pcf_factor_name_en(f));
            if (pcf_factor_name_zh(f)[0])
                printf(" | %s", pcf_factor_name_zh(f));
            printf("\n");
        }
        if (n == 0)
            fprintf(stderr, "pcf: no factor matches \"%s\"\n", text);
        else if (n < pcf_factor_list_total(list))
            printf("%zu of %zu shown; --limit N for more, --limit 0 for all\n", n,
                   pcf_factor_list_total(list));
        else
            printf("%zu found\n", n);
    }
    pcf_factor_list_destroy(list);
    return rc;
}

/* pcf factors show CODE (pos[0]) or resolve CATEGORY NAME (pos[0], pos[1]): one factor. */
static int factors_one(pcf_db *db, const factors_opts *o, int is_show, const char *const *pos)
{
    pcf_error err;
    pcf_factor *f = NULL;
    pcf_status st = is_show ? pcf_db_get_factor(db, pos[0], &f, &err)
                            : pcf_db_resolve_dim(db, pos[0], pos[1], o->region, o->dim, &f, &err);
    if (st != PCF_OK)
        return cli_report(is_show ? "show" : "resolve", &err);
    int rc = CLI_OK;
    if (o->json) {
        rc = factor_json(f);
        printf("\n");
    } else {
        factor_text(f);
    }
    pcf_factor_destroy(f);
    return rc;
}

int cmd_factors(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "suggest") == 0)
        return cmd_factors_suggest(argc - 1, argv + 1);
    factors_opts o = {0};
    o.limit = 50;
    o.dim = PCF_DIM_NONE;
    int rc = factors_parse(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (optind >= argc) {
        factors_usage(stderr);
        return CLI_USAGE;
    }
    const char *sub = argv[optind];
    const char *const *pos = (const char *const *)argv + optind + 1;
    int n_pos = argc - optind - 1;
    int is_search = strcmp(sub, "search") == 0, is_show = strcmp(sub, "show") == 0,
        is_resolve = strcmp(sub, "resolve") == 0;
    if (!is_search && !is_show && !is_resolve)
        return cli_usage_error("factors", "unknown subcommand \"%s\"", sub);
    if ((is_search || is_show) && n_pos != 1)
        return cli_usage_error("factors", "%s needs exactly one argument", sub);

    if (is_resolve && n_pos != 2)
        return cli_usage_error("factors", "resolve needs CATEGORY and NAME");

    pcf_db *db = NULL;
    if (cli_open_db(&o.dba, &db) != CLI_OK)
        return CLI_FAIL;
    rc = is_search ? factors_search(db, &o, pos[0]) : factors_one(db, &o, is_show, pos);
    pcf_db_close(db);
    return rc;
}

static void db_usage(FILE *f)
{
    fprintf(f,
            "usage: pcf db build OUT CSV...     build a new factor database from CSV files\n"
            "       pcf db import DB CSV         add the rows of CSV (- for stdin) to DB (all or "
            "nothing)\n"
            "       pcf db export DB [OUT] [--table factors|datasets|regions]\n"
            "                                    write a table of DB as CSV (stdout by "
            "default)\n"
            "       pcf db info [--json] [--db FILE] [--layer FILE]...\n"
            "                                    list the datasets with licence and "
            "attribution\n\n"
            "A CSV holds factors (header starting \"code,\"), datasets (\"dataset,\") or\n"
            "regions (\"region,\"); see data/README.md. A bad row stops the import with its\n"
            "line and column, and the database is left unchanged.\n");
}

/* Options of a db subcommand that takes --help alone; returns -1 to go on, else the exit code. */
static int db_no_options(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_HELP_OPTION, CLI_END_OPTIONS};
    int c = cli_getopt("db", argc, argv, "h", longopts);
    if (c == 'h') {
        db_usage(stdout);
        return CLI_OK;
    }
    return c == -1 ? -1 : CLI_USAGE;
}

static int db_build(int argc, char **argv)
{
    int rc = db_no_options(argc, argv);
    if (rc >= 0)
        return rc;
    argv += optind - 1;
    argc -= optind - 1;
    if (argc < 3)
        return cli_usage_error("db", "build needs OUT and at least one CSV");
    const char *out = argv[1];
    size_t n = strlen(out);
    char *tmp = malloc(n + 5);
    if (!tmp)
        return cli_report("out of memory", NULL);
    memcpy(tmp, out, n);
    memcpy(tmp + n, ".tmp", 5);
    remove(tmp);
    pcf_error err;
    pcf_db *db = NULL;
    if (pcf_db_open(tmp, PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, &err) != PCF_OK) {
        remove(tmp);
        free(tmp);
        return cli_report("cannot create the database", &err);
    }
    size_t total = 0;
    for (int i = 2; i < argc; i++) {
        size_t rows = 0;
        if (pcf_db_import_csv(db, argv[i], &rows, &err) != PCF_OK) {
            pcf_db_close(db);
            remove(tmp);
            free(tmp);
            return cli_report("import failed", &err);
        }
        total += rows;
    }
    pcf_db_close(db);
    if (rename(tmp, out) != 0) {
        remove(tmp);
        free(tmp);
        fprintf(stderr, "pcf: cannot move the new database to \"%s\"\n", out);
        return CLI_FAIL;
    }
    free(tmp);
    fprintf(stderr, "pcf: built %s from %d file(s), %zu rows\n", out, argc - 2, total);
    return CLI_OK;
}

static int db_import(int argc, char **argv)
{
    int rc = db_no_options(argc, argv);
    if (rc >= 0)
        return rc;
    argv += optind - 1;
    argc -= optind - 1;
    if (argc != 3)
        return cli_usage_error("db", "import needs DB and CSV");
    pcf_error err;
    pcf_db *db = NULL;
    if (pcf_db_open(argv[1], PCF_DB_READ_WRITE, &db, &err) != PCF_OK)
        return cli_report("cannot open the database", &err);
    size_t rows = 0;
    /* "-" is standard input, as for pcf pact and pcf calc (the library reads it as a file) */
    const char *csv = strcmp(argv[2], "-") == 0 ? "/dev/stdin" : argv[2];
    pcf_status st = pcf_db_import_csv(db, csv, &rows, &err);
    pcf_db_close(db);
    if (st != PCF_OK)
        return cli_report("import failed, nothing was written", &err);
    fprintf(stderr, "pcf: imported %zu rows into %s\n", rows, argv[1]);
    return CLI_OK;
}

static int db_export(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_HELP_OPTION, {"table", required_argument, NULL, 't'}, CLI_END_OPTIONS};
    pcf_db_table table = PCF_DB_TABLE_FACTORS;
    int c;
    while ((c = cli_getopt("db", argc, argv, "ht:", longopts)) != -1) {
        if (c == 'h') {
            db_usage(stdout);
            return CLI_OK;
        }
        if (c != 't')
            return CLI_USAGE;
        if (strcmp(optarg, "factors") == 0)
            table = PCF_DB_TABLE_FACTORS;
        else if (strcmp(optarg, "datasets") == 0)
            table = PCF_DB_TABLE_DATASETS;
        else if (strcmp(optarg, "regions") == 0)
            table = PCF_DB_TABLE_REGIONS;
        else
            return cli_usage_error("db", "--table is factors, datasets or regions, not \"%s\"",
                                   optarg);
    }
    int n_pos = argc - optind;
    const char *pos[2] = {n_pos > 0 ? argv[optind] : NULL, n_pos > 1 ? argv[optind + 1] : NULL};
    if (n_pos > 2)
        return cli_usage_error("db", "export takes DB and optionally OUT");
    if (n_pos < 1)
        return cli_usage_error("db", "export needs DB and optionally OUT");
    pcf_error err;
    pcf_db *db = NULL;
    if (pcf_db_open(pos[0], PCF_DB_READ_ONLY, &db, &err) != PCF_OK)
        return cli_report("cannot open the database", &err);
    char *csv = NULL;
    pcf_status st = pcf_db_export_table_csv(db, table, &csv, &err);
    pcf_db_close(db);
    if (st != PCF_OK)
        return cli_report("export failed", &err);
    size_t n = strlen(csv);
    if (!pos[1]) { /* stdout: main() checks the write */
        fwrite(csv, 1, n, stdout);
        pcf_free(csv);
        return CLI_OK;
    }
    char *tmp;
    FILE *f = cli_out_open(pos[1], &tmp);
    if (f)
        fwrite(csv, 1, n, f);
    pcf_free(csv);
    return f ? cli_out_close(f, tmp, pos[1], 1) : CLI_FAIL;
}

static int db_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_HELP_OPTION, CLI_DB_OPTIONS, {"json", no_argument, NULL, 'j'}, CLI_END_OPTIONS};
    cli_db_args dba = {0};
    int json = 0;
    int c;
    while ((c = cli_getopt_db("db", argc, argv, "h", longopts, &dba)) != -1) {
        if (c == '?')
            return CLI_USAGE;
        if (c == 'h') {
            db_usage(stdout);
            return CLI_OK;
        }
        json = 1; /* 'j' */
    }
    if (optind < argc)
        return cli_usage_error("db", "unexpected argument \"%s\"", argv[optind]);
    pcf_db *db = NULL;
    if (cli_open_db(&dba, &db) != CLI_OK)
        return CLI_FAIL;
    pcf_error err;
    size_t total = 0;
    if (pcf_db_factor_count(db, 0, &total, &err) != PCF_OK) {
        pcf_db_close(db);
        return cli_report("info", &err);
    }
    size_t n = pcf_db_dataset_count(db);
    if (json) {
        printf("{\"path\": ");
        cli_json_str(stdout, cli_db_path(dba.db));
        printf(", \"schema_version\": %d, \"factors\": %zu, \"layers\": [", pcf_db_schema_version(),
               total);
        for (size_t i = 0; i < pcf_db_layer_count(db); i++) {
            printf("%s", i ? ", " : "");
            cli_json_str(stdout, pcf_db_layer_name(db, i));
        }
        printf("], \"datasets\": [");
        for (size_t i = 0; i < n; i++) {
            const pcf_dataset *d = pcf_db_dataset_at(db, i);
            printf("%s\n  {", i ? "," : "");
            json_kv("dataset", pcf_dataset_key(d), 0);
            json_kv("name", pcf_dataset_name(d), 1);
            json_kv("version", pcf_dataset_version(d), 1);
            json_kv("publisher", pcf_dataset_publisher(d), 1);
            json_kv("license", pcf_dataset_license(d), 1);
            json_kv("url", pcf_dataset_url(d), 1);
            json_kv("date", pcf_dataset_date(d), 1);
            json_kv("attribution", pcf_dataset_attribution(d), 1);
            json_kv("layer", pcf_dataset_layer(d), 1);
            printf(", \"factors\": %zu}", pcf_dataset_factor_count(d));
        }
        printf("%s]}\n", n ? "\n" : "");
    } else {
        printf("factor database %s (schema %d): %zu factors\n", cli_db_path(dba.db),
               pcf_db_schema_version(), total);
        for (size_t i = 1; i < pcf_db_layer_count(db); i++) {
            size_t nf = 0;
            if (pcf_db_factor_count(db, i, &nf, &err) != PCF_OK)
                nf = 0;
            printf("layer %s over it: %zu factors (wins lookups)\n", pcf_db_layer_name(db, i), nf);
        }
        printf("\n");
        for (size_t i = 0; i < n; i++) {
            const pcf_dataset *d = pcf_db_dataset_at(db, i);
            printf("%s — %s, %s (%zu factors)\n", pcf_dataset_key(d), pcf_dataset_name(d),
                   pcf_dataset_version(d), pcf_dataset_factor_count(d));
            printf("  publisher:   %s\n", pcf_dataset_publisher(d));
            printf("  licence:     %s\n", pcf_dataset_license(d));
            if (pcf_dataset_url(d)[0])
                printf("  url:         %s\n", pcf_dataset_url(d));
            if (pcf_dataset_attribution(d)[0])
                printf("  attribution: %s\n", pcf_dataset_attribution(d));
            printf("\n");
        }
    }
    pcf_db_close(db);
    return CLI_OK;
}

int cmd_db(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        db_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    if (strcmp(argv[1], "build") == 0)
        return db_build(argc - 1, argv + 1);
    if (strcmp(argv[1], "import") == 0)
        return db_import(argc - 1, argv + 1);
    if (strcmp(argv[1], "export") == 0)
        return db_export(argc - 1, argv + 1);
    if (strcmp(argv[1], "info") == 0)
        return db_info(argc - 1, argv + 1);
    return cli_usage_error("db", "unknown subcommand \"%s\"", argv[1]);
}
