/*
 * pcf lci import | info | solve | show | mc — life-cycle inventory databases from the command line.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void lci_usage(FILE *f)
{
    fprintf(
        f,
        "usage: pcf lci import DB SOURCE [--name NAME] [--choices FILE] [--replace]\n"
        "       pcf lci info DB [--name NAME]\n"
        "       pcf lci solve DB --license TEXT [--name NAME] [--gwp AR4|AR5|AR6] "
        "[--no-store] [--format text|csv]\n"
        "       pcf lci show DB PROCESS [--name NAME] [--gwp SET] [--top N] "
        "[--inventory FLOW] [--format text|json|csv]\n"
        "       pcf lci mc DB PROCESS [--name NAME] [--gwp SET] [--iterations N] [--seed S]\n"
        "                             [--threads T] [--format text|json|csv]\n\n"
        "import  reads an openLCA JSON-LD export (zip or folder) into the factor database DB\n"
        "        (created when missing) under NAME (default \"lci\"), links it and stores\n"
        "        what it decided; --choices FILE is a CSV `flow,process` of @ids that picks\n"
        "        the provider of a product flow several processes make.\n"
        "info    lists (as JSON) the counts, ambiguous providers (and the one chosen), cut-off "
        "inputs,\n"
        "        unit conversions on links, allocation factors not applied, and the\n"
        "        elementary flows that look like greenhouse gases but are not counted.\n"
        "solve   factorises the technology matrix once, computes every process's cradle-to-\n"
        "        gate kg CO2e per unit of its reference flow and stores each as a factor\n"
        "        \"NAME:<process id>\" (category lci) that models, `pcf factors search` and\n"
        "        the audit trail use like any other; --license is the data's licence.\n"
        "        --format csv prints every process's result (total, parts, kg per gas).\n"
        "show    one process (by @id or exact name): total, parts, gases, the --top N\n"
        "        upstream processes by contribution (default 10) and the remainder, and with\n"
        "        --inventory FLOW the cumulative amount of that elementary flow (@id).\n"
        "mc      Monte Carlo over the exchanges' uncertainties (lognormal, normal, triangle,\n"
        "        uniform; pedigree where no distribution is given): N iterations (default\n"
        "        1000), each refactorising the technology matrix with the symbolic analysis\n"
        "        reused; mean, sd, median and 2.5/97.5 percentiles of the process's kg CO2e per\n"
        "        unit (csv: one line per iteration). The same --seed S (default 1) gives the\n"
        "        same numbers at any --threads T (default 1).\n"
        "docs/lci.md describes the linking rules and the flow map.\n");
}

typedef struct lci_opts {
    const char *name, *choices, *license, *inventory, *format;
    int replace, no_store;
    size_t top, iterations;
    cli_mc_args mc; /* --seed, --threads */
    pcf_gwp_set set;
} lci_opts;

/* Parses the options (anywhere on the line); the operands, subcommand first, are left in
 * argv[optind..]. Returns CLI_OK, CLI_USAGE (printed), or -1 after printing the help. */
static int parse(int argc, char **argv, lci_opts *o)
{
    enum {
        O_NAME = CLI_OPT_FIRST_FREE,
        O_CHOICES,
        O_REPLACE,
        O_LICENSE,
        O_GWP,
        O_NO_STORE,
        O_TOP,
        O_INVENTORY,
        O_FORMAT,
        O_ITERATIONS
    };
    static const struct option longopts[] = {{"name", required_argument, NULL, O_NAME},
                                             {"choices", required_argument, NULL, O_CHOICES},
                                             {"replace", no_argument, NULL, O_REPLACE},
                                             {"license", required_argument, NULL, O_LICENSE},
                                             {"gwp", required_argument, NULL, O_GWP},
                                             {"no-store", no_argument, NULL, O_NO_STORE},
                                             {"top", required_argument, NULL, O_TOP},
                                             {"inventory", required_argument, NULL, O_INVENTORY},
                                             {"format", required_argument, NULL, O_FORMAT},
                                             {"iterations", required_argument, NULL, O_ITERATIONS},
                                             {"seed", required_argument, NULL, CLI_OPT_SEED},
                                             {"threads", required_argument, NULL, CLI_OPT_THREADS},
                                             CLI_HELP_OPTION,
                                             CLI_END_OPTIONS};
    o->name = "lci";
    o->format = "text";
    o->top = 10;
    o->iterations = 1000;
    o->mc.seed = 1;
    o->mc.threads = 1;
    o->set = PCF_GWP_DEFAULT;
    int c;
    pcf_error err;
    while ((c = cli_getopt("lci", argc, argv, "h", longopts)) != -1) {
        switch (c) {
        case O_NAME:
            o->name = optarg;
            break;
        case O_CHOICES:
            o->choices = optarg;
            break;
        case O_REPLACE:
            o->replace = 1;
            break;
        case O_LICENSE:
            o->license = optarg;
            break;
        case O_NO_STORE:
            o->no_store = 1;
            break;
        case O_INVENTORY:
            o->inventory = optarg;
            break;
        case O_FORMAT:
            o->format = optarg;
            break;
        case O_GWP:
            if (pcf_gwp_set_parse(optarg, &o->set, &err) != PCF_OK)
                return cli_usage_error("lci", "%s", err.message);
            break;
        case O_TOP: {
            char *end;
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || optarg[0] == '-')
                return cli_usage_error("lci", "--top needs a whole number, got \"%s\"", optarg);
            o->top = (size_t)v;
            break;
        }
        case O_ITERATIONS: {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (!*optarg || *end || optarg[0] == '-' || v < 2 || v > pcf_mc_max_iterations())
                return cli_usage_error("lci",
                                       "--iterations needs a whole number 2..%zu, got \"%s\"",
                                       pcf_mc_max_iterations(), optarg);
            o->iterations = (size_t)v;
            break;
        }
        case CLI_OPT_SEED:
        case CLI_OPT_THREADS:
            if (cli_mc_option("lci", c, optarg, &o->mc) < 0)
                return CLI_USAGE;
            break;
        case 'h':
            lci_usage(stdout);
            return -1;
        default:
            return CLI_USAGE;
        }
    }
    if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0 &&
        strcmp(o->format, "csv") != 0)
        return cli_usage_error("lci", "--format must be text, json or csv");
    return CLI_OK;
}

static int open_db(const char *path, uint32_t flags, pcf_db **db)
{
    pcf_error err;
    if (pcf_db_open(path, flags, db, &err) != PCF_OK)
        return cli_report("lci", &err);
    return CLI_OK;
}

static int do_import(const lci_opts *o, char **pos)
{
    pcf_db *db;
    if (open_db(pos[0], PCF_DB_CREATE, &db) != CLI_OK)
        return CLI_FAIL;
    pcf_error err;
    pcf_status s =
        pcf_lci_import(db, o->name, pos[1], o->choices, o->replace ? PCF_LCI_REPLACE : 0, &err);
    char *info = NULL;
    if (s == PCF_OK)
        s = pcf_lci_info_json(db, o->name, &info, &err);
    pcf_db_close(db);
    if (s != PCF_OK)
        return cli_report("lci import", &err);
    pcf_free(info);
    printf("imported \"%s\" into %s as \"%s\"; `pcf lci info %s --name %s` lists what the "
           "linker decided\n",
           pos[1], pos[0], o->name, pos[0], o->name);
    return CLI_OK;
}

static int do_info(const lci_opts *o, char **pos)
{
    pcf_db *db;
    if (open_db(pos[0], PCF_DB_READ_ONLY, &db) != CLI_OK)
        return CLI_FAIL;
    pcf_error err;
    char *info = NULL;
    pcf_status s = pcf_lci_info_json(db, o->name, &info, &err);
    pcf_db_close(db);
    if (s != PCF_OK)
        return cli_report("lci info", &err);
    fputs(info, stdout);
    fputc('\n', stdout);
    pcf_free(info);
    return CLI_OK;
}

static void csv_field(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static void solve_csv(pcf_lci *lci)
{
    char b[32];
    printf("process,name,unit,total,fossil,biogenic,dluc,removals");
    for (size_t g = 0; g < pcf_gas_count(); g++)
        printf(",%s", pcf_gas_key((pcf_gas)g));
    printf("\n");
    for (size_t i = 0; i < pcf_lci_process_count(lci); i++) {
        csv_field(pcf_lci_process_id(lci, i));
        putchar(',');
        csv_field(pcf_lci_process_name(lci, i));
        putchar(',');
        csv_field(pcf_lci_process_unit(lci, i));
        for (int k = 0; k < 5; k++)
            printf(",%s", cli_num(pcf_lci_co2e(lci, i, (pcf_lci_part)k), b));
        for (size_t g = 0; g < pcf_gas_count(); g++)
            printf(",%s", cli_num(pcf_lci_gas_kg(lci, i, (pcf_gas)g), b));
        printf("\n");
    }
}

static int do_solve(const lci_opts *o, char **pos)
{
    if (!o->no_store && !o->license)
        return cli_usage_error("lci", "solve stores factors and needs --license TEXT (the "
                                      "imported data's licence), or --no-store");
    pcf_db *db;
    if (open_db(pos[0], o->no_store ? PCF_DB_READ_ONLY : PCF_DB_READ_WRITE, &db) != CLI_OK)
        return CLI_FAIL;
    pcf_error err;
    pcf_lci *lci = NULL;
    size_t rows = 0, skipped = 0;
    pcf_status s = pcf_lci_open(db, o->name, o->set, &lci, &err);
    if (s == PCF_OK && !o->no_store)
        s = pcf_lci_store_factors(lci, db, o->license, &rows, &skipped, &err);
    if (s == PCF_OK && strcmp(o->format, "csv") == 0) {
        solve_csv(lci);
    } else if (s == PCF_OK) {
        printf("solved %zu processes of \"%s\" (%zu non-zeros in the technology matrix, GWP100 "
               "%s)\n",
               pcf_lci_process_count(lci), o->name, pcf_lci_matrix_nonzeros(lci),
               pcf_gwp_set_name(o->set));
        if (!o->no_store)
            printf("stored %zu factors \"%s:<process id>\" in %s; %zu processes skipped (a "
                   "reference unit pcf does not know, or a net removal, which a factor row cannot "
                   "hold: `--format csv` gives every result; docs/lci.md)\n",
                   rows, o->name, pos[0], skipped);
    }
    pcf_lci_destroy(lci);
    pcf_db_close(db);
    return s == PCF_OK ? CLI_OK : cli_report("lci solve", &err);
}

static void show_text(pcf_lci *lci, size_t p, const pcf_lci_contribution *c, size_t nc, double rest,
                      const char *flow, double inv)
{
    char b1[32], b2[32];
    printf("%s\n  @id %s, location %s, per 1 %s, GWP100 %s\n", pcf_lci_process_name(lci, p),
           pcf_lci_process_id(lci, p), pcf_lci_process_location(lci, p),
           pcf_lci_process_unit(lci, p), pcf_gwp_set_name(pcf_lci_gwp_set(lci)));
    static const char *const parts[] = {"total", "fossil", "biogenic", "dLUC", "removals"};
    for (int k = 0; k < 5; k++)
        printf("  %-9s %s kg CO2e\n", parts[k], cli_num(pcf_lci_co2e(lci, p, (pcf_lci_part)k), b1));
    printf("  gases (kg):\n");
    for (size_t g = 0; g < pcf_gas_count(); g++) {
        double v = pcf_lci_gas_kg(lci, p, (pcf_gas)g);
        if (v != 0)
            printf("    %-14s %s\n", pcf_gas_key((pcf_gas)g), cli_num(v, b1));
    }
    printf("  upstream contributions (kg CO2e, direct emissions × scaling):\n");
    for (size_t i = 0; i < nc; i++)
        printf("    %-14s %s  (scaling %s)\n", cli_num(c[i].kg_co2e, b1),
               pcf_lci_process_name(lci, c[i].process), cli_num(c[i].scaling, b2));
    printf("    %-14s (remainder)\n", cli_num(rest, b1));
    if (flow)
        printf("  inventory of %s: %s\n", flow, cli_num(inv, b1));
}

static void show_json(pcf_lci *lci, size_t p, const pcf_lci_contribution *c, size_t nc, double rest,
                      const char *flow, double inv)
{
    char b1[32], b2[32];
    printf("{\"process\": ");
    cli_json_str(stdout, pcf_lci_process_id(lci, p));
    printf(", \"name\": ");
    cli_json_str(stdout, pcf_lci_process_name(lci, p));
    printf(", \"location\": ");
    cli_json_str(stdout, pcf_lci_process_location(lci, p));
    printf(", \"unit\": ");
    cli_json_str(stdout, pcf_lci_process_unit(lci, p));
    printf(", \"gwp\": \"%s\"", pcf_gwp_set_name(pcf_lci_gwp_set(lci)));
    static const char *const parts[] = {"total", "fossil", "biogenic", "dluc", "removals"};
    for (int k = 0; k < 5; k++)
        printf(", \"%s\": %s", parts[k], cli_num(pcf_lci_co2e(lci, p, (pcf_lci_part)k), b1));
    printf(", \"gases\": {");
    int first = 1;
    for (size_t g = 0; g < pcf_gas_count(); g++) {
        double v = pcf_lci_gas_kg(lci, p, (pcf_gas)g);
        if (v != 0) {
            printf("%s\"%s\": %s", first ? "" : ", ", pcf_gas_key((pcf_gas)g), cli_num(v, b1));
            first = 0;
        }
    }
    printf("}, \"contributions\": [");
    for (size_t i = 0; i < nc; i++) {
        printf("%s{\"process\": ", i ? ", " : "");
        cli_json_str(stdout, pcf_lci_process_id(lci, c[i].process));
        printf(", \"name\": ");
        cli_json_str(stdout, pcf_lci_process_name(lci, c[i].process));
        printf(", \"scaling\": %s, \"kg_co2e\": %s}", cli_num(c[i].scaling, b1),
               cli_num(c[i].kg_co2e, b2));
    }
    printf("], \"remainder\": %s", cli_num(rest, b1));
    if (flow) {
        printf(", \"inventory\": {\"flow\": ");
        cli_json_str(stdout, flow);
        printf(", \"amount\": %s}", cli_num(inv, b1));
    }
    printf("}\n");
}

static void show_csv(pcf_lci *lci, const pcf_lci_contribution *c, size_t nc, double rest)
{
    char b1[32], b2[32];
    printf("process,name,scaling,kg_co2e\n");
    for (size_t i = 0; i < nc; i++) {
        csv_field(pcf_lci_process_id(lci, c[i].process));
        putchar(',');
        csv_field(pcf_lci_process_name(lci, c[i].process));
        printf(",%s,%s\n", cli_num(c[i].scaling, b1), cli_num(c[i].kg_co2e, b2));
    }
    printf(",(remainder),,%s\n", cli_num(rest, b1));
}

static int do_show(const lci_opts *o, char **pos)
{
    pcf_db *db;
    if (open_db(pos[0], PCF_DB_READ_ONLY, &db) != CLI_OK)
        return CLI_FAIL;
    pcf_error err;
    pcf_lci *lci = NULL;
    size_t p = 0, nc = 0;
    pcf_lci_contribution *c = NULL;
    double rest = 0, inv = 0, *all = NULL;
    pcf_status s = pcf_lci_open(db, o->name, o->set, &lci, &err);
    if (s == PCF_OK)
        s = pcf_lci_find(lci, pos[1], &p, &err);
    if (s == PCF_OK)
        s = pcf_lci_contributions(lci, p, o->top, &c, &nc, &rest, &err);
    if (s == PCF_OK && o->inventory) {
        all = malloc(pcf_lci_process_count(lci) * sizeof *all);
        s = all ? pcf_lci_inventory(lci, o->inventory, all, &err) : PCF_ERR_NOMEM;
        if (s == PCF_OK)
            inv = all[p];
    }
    if (s == PCF_OK) {
        if (strcmp(o->format, "json") == 0)
            show_json(lci, p, c, nc, rest, o->inventory, inv);
        else if (strcmp(o->format, "csv") == 0)
            show_csv(lci, c, nc, rest);
        else
            show_text(lci, p, c, nc, rest, o->inventory, inv);
    }
    free(all);
    pcf_free(c);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
    return s == PCF_OK ? CLI_OK : cli_report("lci show", &err);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The p-th percentile of sorted x by linear interpolation between order statistics (the
 * definition of gsl_stats_quantile_from_sorted_data). */
static double percentile(const double *x, size_t n, double p)
{
    double h = (n - 1) * p / 100;
    size_t i = (size_t)h;
    return i + 1 < n ? x[i] + (h - (double)i) * (x[i + 1] - x[i]) : x[n - 1];
}

static void mc_print(const lci_opts *o, pcf_lci *lci, size_t p, double *x, size_t n)
{
    char b[7][32];
    if (strcmp(o->format, "csv") == 0) {
        printf("iteration,kg_co2e\n");
        for (size_t i = 0; i < n; i++)
            printf("%zu,%s\n", i, cli_num(x[i], b[0]));
        return;
    }
    double mean = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        mean += x[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    double sd = sqrt(ss / (double)(n - 1));
    qsort(x, n, sizeof *x, cmp_double);
    cli_num(pcf_lci_co2e(lci, p, PCF_LCI_TOTAL), b[0]);
    cli_num(mean, b[1]);
    cli_num(sd, b[2]);
    cli_num(percentile(x, n, 50), b[3]);
    cli_num(percentile(x, n, 2.5), b[4]);
    cli_num(percentile(x, n, 97.5), b[5]);
    if (strcmp(o->format, "json") == 0) {
        printf("{\"process\": ");
        cli_json_str(stdout, pcf_lci_process_id(lci, p));
        printf(", \"name\": ");
        cli_json_str(stdout, pcf_lci_process_name(lci, p));
        printf(", \"unit\": ");
        cli_json_str(stdout, pcf_lci_process_unit(lci, p));
        printf(", \"gwp\": \"%s\", \"iterations\": %zu, \"seed\": %llu, \"parameters\": %zu, "
               "\"deterministic\": %s, \"mean\": %s, \"sd\": %s, \"median\": %s, \"p2_5\": %s, "
               "\"p97_5\": %s}\n",
               pcf_gwp_set_name(pcf_lci_gwp_set(lci)), n, (unsigned long long)o->mc.seed,
               pcf_lci_mc_parameter_count(lci), b[0], b[1], b[2], b[3], b[4], b[5]);
        return;
    }
    printf("%s\n  @id %s, kg CO2e per 1 %s, GWP100 %s\n", pcf_lci_process_name(lci, p),
           pcf_lci_process_id(lci, p), pcf_lci_process_unit(lci, p),
           pcf_gwp_set_name(pcf_lci_gwp_set(lci)));
    printf("  Monte Carlo: %zu iterations, seed %llu, %zu sampled exchanges\n", n,
           (unsigned long long)o->mc.seed, pcf_lci_mc_parameter_count(lci));
    printf("  deterministic %s\n  mean          %s\n  sd            %s\n  median        %s\n"
           "  2.5%%          %s\n  97.5%%         %s\n",
           b[0], b[1], b[2], b[3], b[4], b[5]);
}

static int do_mc(const lci_opts *o, char **pos)
{
    pcf_db *db;
    if (open_db(pos[0], PCF_DB_READ_ONLY, &db) != CLI_OK)
        return CLI_FAIL;
    pcf_error err;
    pcf_lci *lci = NULL;
    size_t p = 0;
    double *x = NULL;
    pcf_status s = pcf_lci_open(db, o->name, o->set, &lci, &err);
    if (s == PCF_OK)
        s = pcf_lci_find(lci, pos[1], &p, &err);
    int oom = s == PCF_OK && !(x = malloc(o->iterations * sizeof *x));
    if (s == PCF_OK && !oom)
        s = pcf_lci_mc(lci, p, o->iterations, o->mc.seed, o->mc.threads, x, &err);
    if (s == PCF_OK && !oom)
        mc_print(o, lci, p, x, o->iterations);
    free(x);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
    if (oom)
        fprintf(stderr, "pcf lci mc: out of memory for %zu samples\n", o->iterations);
    return oom ? CLI_FAIL : s == PCF_OK ? CLI_OK : cli_report("lci mc", &err);
}

int cmd_lci(int argc, char **argv)
{
    lci_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse(argc, argv, &o);
    if (rc == -1)
        return CLI_OK;
    if (rc != CLI_OK)
        return rc;
    if (optind >= argc) {
        lci_usage(stderr);
        return CLI_USAGE;
    }
    const char *sub = argv[optind];
    char **pos = argv + optind + 1;
    int npos = argc - optind - 1;
    if (strcmp(sub, "import") != 0 && strcmp(sub, "info") != 0 && strcmp(sub, "solve") != 0 &&
        strcmp(sub, "show") != 0 && strcmp(sub, "mc") != 0)
        return cli_usage_error("lci", "unknown subcommand \"%s\" (import, info, solve, show, mc)",
                               sub);
    int want = strcmp(sub, "info") == 0 || strcmp(sub, "solve") == 0 ? 1 : 2;
    if (npos != want)
        return cli_usage_error("lci", "%s expects %d argument(s), got %d", sub, want, npos);
    if (strcmp(sub, "import") == 0)
        return do_import(&o, pos);
    if (strcmp(sub, "info") == 0)
        return do_info(&o, pos);
    if (strcmp(sub, "solve") == 0)
        return do_solve(&o, pos);
    if (strcmp(sub, "mc") == 0)
        return do_mc(&o, pos);
    return do_show(&o, pos);
}
