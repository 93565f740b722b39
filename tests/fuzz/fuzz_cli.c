/*
 * Fuzz target for the command line's argument parsing: the CLI is linked
 * in-process (its main() renamed pcf_cli_main) and each input is one command line, an argument a
 * line: "convert\n2.5\nt\nlb" is `pcf convert 2.5 t lb`. Only commands that read and print run
 * (units, convert, gwp, factors, pact part|show|validate, db info, help, --version); an argument
 * with '/' or one that is "-" (a path, standard input) ends the input unused, so nothing outside
 * the work folder is read and nothing is written. What must hold: no crash or sanitizer report,
 * and the exit status is 0, 1 or 2 (the CLI's documented codes).
 * GPL-3.0-or-later; see LICENSE.
 */
#define _GNU_SOURCE /* fopencookie */
#include "fuzz.h"

#include <pcf/pcf.h>

#include <getopt.h>
#include <string.h>

int pcf_cli_main(int argc, char **argv);

enum { MAX_ARGS = 24 };

/* stdout for one run: discards what is written and notes whether the CLI closed it */
static int g_closed;

static ssize_t sink_write(void *cookie, const char *buf, size_t size)
{
    (void)cookie;
    (void)buf;
    return (ssize_t)size;
}

static int sink_close(void *cookie)
{
    (void)cookie;
    g_closed = 1;
    return 0;
}

static int allowed(int argc, char **argv)
{
    static const char *const read_only[] = {"units",  "convert", "gwp", "factors",  "help",
                                            "--help", "-h",      "-V",  "--version"};
    if (argc < 2)
        return 1;
    for (size_t i = 0; i < sizeof read_only / sizeof read_only[0]; i++)
        if (strcmp(argv[1], read_only[i]) == 0)
            return 1;
    if (strcmp(argv[1], "db") == 0)
        return argc >= 3 && strcmp(argv[2], "info") == 0;
    if (strcmp(argv[1], "pact") == 0)
        for (int i = 2; i < argc; i++)
            if (strcmp(argv[i], "part") == 0 || strcmp(argv[i], "show") == 0 ||
                strcmp(argv[i], "validate") == 0)
                return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096 || memchr(data, '\0', size))
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char prog[] = "pcf";
    char *argv[MAX_ARGS + 2] = {prog};
    int argc = 1;
    for (char *p = size ? text : NULL; p && argc <= MAX_ARGS;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (strchr(p, '/') || strcmp(p, "-") == 0) {
            free(text);
            return 0;
        }
        argv[argc++] = p;
        p = nl ? nl + 1 : NULL;
    }
    argv[argc] = NULL;
    if (!allowed(argc, argv)) {
        free(text);
        return 0;
    }
    /* the CLI closes stdout when a command ends: a fresh one for each run */
    cookie_io_functions_t sink = {NULL, sink_write, NULL, sink_close};
    g_closed = 0;
    FILE *real_stdout = stdout;
    stdout = fopencookie(NULL, "w", sink);
    if (!stdout)
        abort();
    int rc = pcf_cli_main(argc, argv);
    if (rc < 0 || rc > 2)
        abort();
    if (!g_closed)
        fclose(stdout); /* a usage error returns before main() closes it */
    stdout = real_stdout;
    free(text);
    return 0;
}

int fuzz_init(int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return 2;
    /* the CLI's messages go nowhere; sanitizer reports still reach file descriptor 2 */
    FILE *null = fopen("/dev/null", "w");
    if (!null)
        return 2;
    stderr = null;
    return 0;
}
