/*
 * pcf units | convert | gwp — the units and GWP modules from the command line.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "cli.h"

#include <string.h>

static const struct option help_only[] = {CLI_HELP_OPTION, CLI_END_OPTIONS};

int cmd_units(int argc, char **argv)
{
    int c = cli_getopt("units", argc, argv, "h", help_only);
    if (c == 'h') {
        printf("usage: pcf units\n\nLists every unit with its dimension and its size in the "
               "dimension's base unit.\n");
        return CLI_OK;
    }
    if (c != -1)
        return CLI_USAGE;
    if (optind < argc)
        return cli_usage_error("units", "unexpected argument \"%s\"", argv[optind]);
    char nb[32];
    printf("%-16s %-24s %-36s %s\n", "symbol", "dimension", "name", "in base unit");
    for (size_t i = 0; i < pcf_unit_count(); i++) {
        const pcf_unit *u = pcf_unit_at(i);
        pcf_dimension d = pcf_unit_dimension(u);
        printf("%-16s %-24s %-36s %s %s\n", pcf_unit_symbol(u), pcf_dimension_name(d),
               pcf_unit_name(u), cli_num(pcf_unit_to_base(u), nb),
               pcf_unit_symbol(pcf_dimension_base(d)));
    }
    return CLI_OK;
}

int cmd_convert(int argc, char **argv)
{
    pcf_error err;
    double v, out;
    /* A negative VALUE ("-5") reads as an option to getopt: take VALUE FROM TO as they are. */
    int plain = argc == 4 && pcf_number_parse(argv[1], &v, &err) == PCF_OK;
    if (!plain) {
        int c = cli_getopt("convert", argc, argv, "h", help_only);
        if (c == 'h') {
            printf("usage: pcf convert VALUE FROM TO\n\nConverts VALUE from unit FROM to unit "
                   "TO, e.g. `pcf convert 2.5 t lb`.\nUnits of different dimensions (kWh and kg) "
                   "are refused.\n");
            return CLI_OK;
        }
        if (c != -1)
            return CLI_USAGE;
        argv += optind - 1;
        argc -= optind - 1;
    }
    if (argc != 4)
        return cli_usage_error("convert", "expected VALUE FROM TO, got %d argument(s)", argc - 1);
    if (pcf_number_parse(argv[1], &v, &err) != PCF_OK)
        return cli_report("convert", &err);
    if (pcf_unit_convert(v, argv[2], argv[3], &out, &err) != PCF_OK)
        return cli_report("convert", &err);
    char nb[32];
    const pcf_unit *to;
    if (pcf_unit_parse(argv[3], &to, &err) != PCF_OK)
        return cli_report("convert", &err);
    printf("%s %s\n", cli_num(out, nb), pcf_unit_symbol(to));
    return CLI_OK;
}

int cmd_gwp(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_HELP_OPTION, {"sources", no_argument, NULL, 's'}, CLI_END_OPTIONS};
    pcf_gwp_set set = PCF_GWP_DEFAULT;
    int sources = 0;
    pcf_error err;
    int c;
    while ((c = cli_getopt("gwp", argc, argv, "h", longopts)) != -1) {
        if (c == 'h') {
            printf("usage: pcf gwp [AR4|AR5|AR6] [--sources]\n\nLists the 100-year global "
                   "warming potentials of a set (AR6 by default), and with --sources where each "
                   "comes from.\n");
            return CLI_OK;
        }
        if (c != 's')
            return CLI_USAGE;
        sources = 1;
    }
    if (argc - optind > 1)
        return cli_usage_error("gwp", "one GWP set at a time (got \"%s\" too)", argv[optind + 1]);
    if (optind < argc && pcf_gwp_set_parse(argv[optind], &set, &err) != PCF_OK)
        return cli_usage_error("gwp", "%s", err.message);
    char nb[32];
    printf("%-14s %-16s %-26s %s GWP100\n", "key", "formula", "name", pcf_gwp_set_name(set));
    for (size_t i = 0; i < pcf_gas_count(); i++) {
        double v;
        if (pcf_gwp_value(set, (pcf_gas)i, &v, &err) != PCF_OK)
            return cli_report("gwp", &err);
        printf("%-14s %-16s %-26s %s\n", pcf_gas_key((pcf_gas)i), pcf_gas_formula((pcf_gas)i),
               pcf_gas_name((pcf_gas)i), cli_num(v, nb));
        if (sources)
            printf("    source: %s\n", pcf_gwp_source(set, (pcf_gas)i));
    }
    return CLI_OK;
}
