/*
 * pcf command line — `pcf pact`: check and convert PACT ProductFootprint documents.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void pact_usage(FILE *f)
{
    fprintf(f, "usage: pcf pact validate FILE...\n"
               "       pcf pact convert FILE --pact-version 2.3|3.0 [--pact-fields FILE]\n"
               "       pcf pact show FILE\n"
               "       pcf pact part FILE [QUANTITY UNIT]\n\n"
               "validate  check PACT ProductFootprints (v2.x or v3.x, by their specVersion) and\n"
               "          list every rule broken, with its JSON path\n"
               "convert   write the footprint(s) again as PACT v2.3 or v3.0 (a response\n"
               "          {\"data\": [...]} stays a response); fields the target version needs\n"
               "          and the source lacks come from --pact-fields ({\"pact\": {...}})\n"
               "show      print the footprint's numbers per declared unit\n"
               "part      print a model component (docs/model-format.md, \"supplier_pcf\") that\n"
               "          uses the footprint as a purchased part, per one declared unit\n");
}

char *cli_read_file(const char *path, pcf_error *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(err->message, sizeof err->message, "cannot open %s", path);
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 >= cap) {
            char *p = realloc(buf, cap *= 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
        }
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    if (f != stdin)
        fclose(f);
    if (!buf)
        snprintf(err->message, sizeof err->message, "out of memory reading %s", path);
    else
        buf[len] = '\0';
    return buf;
}

static int parse_version(const char *v)
{
    if (strcmp(v, "2.3") == 0 || strcmp(v, "2") == 0)
        return 2;
    if (strcmp(v, "3.0") == 0 || strcmp(v, "3") == 0)
        return 3;
    return 0;
}

/*
 * A part counted in another kind of unit than the supplier's declared unit: by mass, through the
 * footprint's productMassPerDeclaredUnit (v2: per one declared unit; v3: per declaredUnitAmount
 * units), every figure becomes per kilogram; any other mismatch is refused here, so `pact part`
 * never prints a component that pcf calc would refuse.
 */
static int part_to_mass(const pcf_pact_footprint *fp, pcf_supplier_pcf *s, const char *file,
                        const char *unit)
{
    const pcf_unit *want = NULL, *have = NULL;
    if (pcf_unit_parse(unit, &want, NULL) != PCF_OK) {
        fprintf(stderr, "pcf pact part: unknown unit \"%s\" (pcf units lists them)\n", unit);
        return CLI_FAIL;
    }
    if (pcf_unit_parse(s->declared_unit, &have, NULL) != PCF_OK ||
        pcf_unit_dimension(want) == pcf_unit_dimension(have))
        return CLI_OK;
    double mass = 0, amount = 1;
    int has_mass = pcf_pact_footprint_get(fp, PCF_PACT_PRODUCT_MASS_KG, &mass, NULL) == PCF_OK;
    if (pcf_pact_footprint_spec_major(fp) >= 3 &&
        pcf_pact_footprint_get(fp, PCF_PACT_DECLARED_UNIT_AMOUNT, &amount, NULL) != PCF_OK)
        amount = 1;
    double per_unit = mass / amount; /* kg of product per one declared unit */
    if (pcf_unit_dimension(want) != PCF_DIM_MASS || !has_mass || !(per_unit > 0)) {
        fprintf(stderr,
                "pcf pact part: %s: the supplier's PCF is per %s, and the part is counted in %s; "
                "%s\n",
                file, s->declared_unit, unit,
                pcf_unit_dimension(want) == PCF_DIM_MASS
                    ? "the footprint gives no productMassPerDeclaredUnit to turn it into a mass: "
                      "count the part in the supplier's unit"
                    : "count the part in the supplier's unit (or by mass, when the footprint "
                      "gives productMassPerDeclaredUnit)");
        return CLI_FAIL;
    }
    double *v[] = {&s->kg_co2e_per_unit, &s->fossil, &s->biogenic,
                   &s->biogenic_removal, &s->dluc,   &s->aircraft,
                   &s->biogenic_carbon};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (*v[i] == *v[i]) /* not NaN */
            *v[i] /= per_unit;
    s->declared_unit = "kg";
    return CLI_OK;
}

/* pcf pact convert FILE --pact-version V [--pact-fields FILE]: every footprint of FILE. */
static int pact_convert(int argc, char **argv, int version, const char *fields_path)
{
    if (argc != 3)
        return cli_usage_error("pact", "convert needs one FILE");
    if (!version)
        return cli_usage_error("pact", "convert needs --pact-version 2.3 or 3.0");
    pcf_error err;
    pcf_error_clear(&err);
    pcf_pact_options *fields = NULL;
    if (fields_path) {
        char *text = cli_read_file(fields_path, &err);
        if (!text)
            return cli_report(fields_path, &err);
        pcf_status st = pcf_pact_options_create(&fields);
        if (st == PCF_OK)
            st = pcf_pact_options_from_model_json(fields, text, fields_path, &err);
        free(text);
        if (st != PCF_OK) {
            pcf_pact_options_destroy(fields);
            return cli_report(fields_path, &err);
        }
    }
    char *doc = cli_read_file(argv[2], &err);
    int rc = CLI_OK;
    if (!doc) {
        rc = cli_report(argv[2], &err);
    } else {
        char *out = NULL;
        if (pcf_pact_convert(doc, fields, version, &out, &err) != PCF_OK) {
            rc = cli_report(argv[2], &err);
        } else {
            printf("%s\n", out);
            pcf_free(out);
        }
    }
    free(doc);
    pcf_pact_options_destroy(fields);
    return rc;
}

/* pcf pact validate FILE...: every rule broken, per file. */
static int pact_validate(int argc, char **argv)
{
    if (argc < 3)
        return cli_usage_error("pact", "validate needs a FILE");
    int bad = 0;
    for (int i = 2; i < argc; i++) {
        pcf_error err;
        pcf_error_clear(&err);
        char *doc = cli_read_file(argv[i], &err);
        if (!doc) {
            cli_report(argv[i], &err);
            bad = 1;
            continue;
        }
        pcf_diag *d = NULL;
        if (pcf_diag_create(&d) != PCF_OK) {
            free(doc);
            return CLI_FAIL;
        }
        int ok = pcf_pact_validate(doc, d, &err) == PCF_OK;
        for (size_t k = 0; k < pcf_diag_count(d); k++) {
            const pcf_error *e = pcf_diag_at(d, k);
            fprintf(stderr, "%s: %s%s", argv[i],
                    pcf_diag_severity_at(d, k) == PCF_SEVERITY_ERROR ? "" : "warning: ", e->path);
            if (e->line)
                fprintf(stderr, " (line %d, column %d)", (int)e->line, (int)e->column);
            fprintf(stderr, ": %s\n", e->message);
        }
        if (ok) {
            printf("%s: valid PACT ProductFootprint%s\n", argv[i],
                   pcf_diag_count(d) ? " (see the warnings)" : "");
        } else {
            bad = 1;
            size_t n = pcf_diag_error_count(d);
            fprintf(stderr, "%s: %zu problem%s\n", argv[i], n, n == 1 ? "" : "s");
        }
        pcf_diag_destroy(d);
        free(doc);
    }
    return bad ? CLI_FAIL : CLI_OK;
}

/* Reads the one footprint of file. CLI_OK with *fp set, or CLI_FAIL (reported). */
static int read_footprint(const char *file, pcf_pact_footprint **fp)
{
    pcf_error err;
    pcf_error_clear(&err);
    char *doc = cli_read_file(file, &err);
    if (!doc)
        return cli_report(file, &err);
    pcf_status st = pcf_pact_read(doc, NULL, fp, &err);
    free(doc);
    return st == PCF_OK ? CLI_OK : cli_report(file, &err);
}

/* The component pcf pact part prints: {"name", "quantity", "unit", "supplier_pcf": {...}}. */
static void print_part(const pcf_pact_footprint *fp, const pcf_supplier_pcf *s, double quantity,
                       const char *unit)
{
    char nb[32];
    printf("{\"name\": ");
    cli_json_str(stdout, pcf_pact_footprint_text(fp, "productNameCompany"));
    printf(", \"quantity\": %s, \"unit\": ", cli_num(quantity, nb));
    cli_json_str(stdout, unit);
    printf(",\n \"supplier_pcf\": {\"kg_co2e\": %s, \"declared_unit\": ",
           cli_num(s->kg_co2e_per_unit, nb));
    cli_json_str(stdout, s->declared_unit);
    const struct {
        const char *key;
        double v;
    } parts[] = {{"biogenic", s->biogenic},
                 {"biogenic_removal", s->biogenic_removal},
                 {"dluc", s->dluc},
                 {"aircraft", s->aircraft},
                 {"primary_data_share", s->primary_data_share},
                 {"biogenic_carbon", s->biogenic_carbon}};
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
        if (parts[k].v == parts[k].v) /* not NaN */
            printf(", \"%s\": %s", parts[k].key, cli_num(parts[k].v, nb));
    if (s->supplier) {
        printf(",\n                  \"supplier\": ");
        cli_json_str(stdout, s->supplier);
    }
    if (s->source) {
        printf(", \"source\": ");
        cli_json_str(stdout, s->source);
    }
    printf("}}\n");
}

/* pcf pact part FILE [QUANTITY UNIT]: the footprint as a purchased part of a model. */
static int pact_part(int argc, char **argv)
{
    if (argc != 3 && argc != 5)
        return cli_usage_error("pact", "part needs FILE [QUANTITY UNIT]");
    pcf_pact_footprint *fp = NULL;
    if (read_footprint(argv[2], &fp) != CLI_OK)
        return CLI_FAIL;
    pcf_error err;
    pcf_error_clear(&err);
    pcf_supplier_pcf s;
    int rc = CLI_OK;
    double quantity = 1;
    if (pcf_pact_footprint_supplier_pcf(fp, &s, &err) != PCF_OK)
        rc = cli_report(argv[2], &err);
    else if (argc == 5 && pcf_number_parse(argv[3], &quantity, &err) != PCF_OK)
        rc = cli_usage_error("pact", "QUANTITY: %s", err.message);
    else if (!(quantity > 0)) /* a part is a positive amount: -1 and 0 are typing mistakes */
        rc = cli_usage_error("pact", "QUANTITY must be greater than 0, not %s", argv[3]);
    else if (argc == 5 && part_to_mass(fp, &s, argv[2], argv[4]) != CLI_OK)
        rc = CLI_FAIL;
    else
        print_part(fp, &s, quantity, argc == 5 ? argv[4] : s.declared_unit);
    pcf_pact_footprint_destroy(fp);
    return rc;
}

/* pcf pact show FILE: the footprint's numbers per declared unit. */
static int pact_show(int argc, char **argv)
{
    if (argc > 3)
        return cli_usage_error("pact", "unexpected argument %s", argv[3]);
    if (argc < 3)
        return cli_usage_error("pact", "show needs a FILE");
    pcf_pact_footprint *fp = NULL;
    if (read_footprint(argv[2], &fp) != CLI_OK)
        return CLI_FAIL;
    printf("%s  PACT v%d  %s\n", pcf_pact_footprint_text(fp, "id"),
           pcf_pact_footprint_spec_major(fp), pcf_pact_footprint_text(fp, "productNameCompany"));
    double amount = 0;
    if (pcf_pact_footprint_get(fp, PCF_PACT_DECLARED_UNIT_AMOUNT, &amount, NULL) != PCF_OK)
        amount = 0;
    char nb[32];
    printf("per %s %s\n", cli_num(amount, nb),
           pcf_pact_footprint_text(fp, "declaredUnitOfMeasurement"));
    for (int v = PCF_PACT_PRODUCT_MASS_KG; v < PCF_PACT_VALUE_COUNT_; v++) {
        double x;
        if (pcf_pact_footprint_get(fp, (pcf_pact_value)v, &x, NULL) == PCF_OK)
            printf("  %-36s %s\n", pcf_pact_value_name((pcf_pact_value)v), cli_num(x, nb));
    }
    pcf_pact_footprint_destroy(fp);
    return CLI_OK;
}

int cmd_pact(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_HELP_OPTION,
                                             {"pact-version", required_argument, NULL, 'v'},
                                             {"pact-fields", required_argument, NULL, 'f'},
                                             CLI_END_OPTIONS};
    int version = 0, c;
    const char *fields_path = NULL;
    while ((c = cli_getopt("pact", argc, argv, "h", longopts)) != -1) {
        if (c == 'h') {
            pact_usage(stdout);
            return CLI_OK;
        }
        if (c == 'f') {
            fields_path = optarg;
            continue;
        }
        if (c != 'v')
            return CLI_USAGE;
        version = parse_version(optarg);
        if (!version)
            return cli_usage_error("pact", "--pact-version takes 2.3 or 3.0, not %s", optarg);
    }
    if (optind >= argc) {
        pact_usage(stderr);
        return CLI_USAGE;
    }
    /* the operands: SUBCOMMAND FILE... */
    argv += optind - 1;
    argc -= optind - 1;
    const char *sub = argv[1];
    if ((version || fields_path) && strcmp(sub, "convert") != 0)
        return cli_usage_error("pact", "--pact-version and --pact-fields belong to pact convert");
    if (strcmp(sub, "convert") == 0)
        return pact_convert(argc, argv, version, fields_path);
    if (strcmp(sub, "validate") == 0)
        return pact_validate(argc, argv);
    if (strcmp(sub, "part") == 0)
        return pact_part(argc, argv);
    if (strcmp(sub, "show") == 0)
        return pact_show(argc, argv);
    return cli_usage_error("pact", "unknown subcommand %s", sub);
}
