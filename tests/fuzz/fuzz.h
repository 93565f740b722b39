/*
 * What the fuzz targets share: the replay driver's entry points and where a target writes the
 * files it needs (an input as a file to import, a database to attach).
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_FUZZ_H
#define PCF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int fuzz_init(int argc, char **argv);

/* "<DIR>/pcf-fuzz-<pid>-<name>": DIR is the replay's WORK_DIR argument when given (argc 1), else
 * $TMPDIR or /tmp (libFuzzer). The pid keeps parallel libFuzzer jobs (-jobs=N) apart. */
static inline int fuzz_work_path(char *buf, size_t size, int argc, char **argv, const char *name)
{
    if (argc > 1)
        return 2;
    const char *dir = argc == 1 ? argv[0] : getenv("TMPDIR");
    if (!dir || !dir[0])
        dir = "/tmp";
    int n = snprintf(buf, size, "%s/pcf-fuzz-%ld-%s", dir, (long)getpid(), name);
    return n > 0 && (size_t)n < size ? 0 : 2;
}

/* Writes size bytes to path; 1 on success. */
static inline int fuzz_write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    int ok = fwrite(data, 1, size, f) == size;
    return (fclose(f) == 0) & ok;
}

#endif
