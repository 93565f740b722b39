/*
 * Corpus replay for the fuzz targets, so they run under `meson test` (and ASan)
 * without libFuzzer: every file of CORPUS_DIR, every prefix of it, and single-byte substitutions
 * at every 11th position go through the target's LLVMFuzzerTestOneInput. Built with
 * -DPCF_FUZZING, libFuzzer supplies main() and this file is empty.
 * Usage: TARGET CORPUS_DIR [ARGS...]; the target's fuzz_init() gets ARGS.
 * GPL-3.0-or-later; see LICENSE.
 */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The target's set-up: argc/argv are the arguments after the corpus folder. 0 when usable. */
int fuzz_init(int argc, char **argv);

#ifndef PCF_FUZZING
#include <dirent.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc < 2 || fuzz_init(argc - 2, argv + 2) != 0) {
        fprintf(stderr, "usage: %s CORPUS_DIR [ARGS...] (see the target's comment)\n", argv[0]);
        return 2;
    }
    DIR *d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "%s: cannot open the corpus folder %s\n", argv[0], argv[1]);
        return 1;
    }
    static const uint8_t subst[] = {'-', '0', '"', '}', ']', ',', 'e', 0xff};
    static uint8_t buf[1 << 16];
    size_t files = 0, runs = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        files++;
        for (size_t len = 0; len <= n; len++, runs++)
            LLVMFuzzerTestOneInput(buf, len);
        for (size_t i = 0; i < n; i += 11) {
            uint8_t keep = buf[i];
            for (size_t k = 0; k < sizeof subst; k++, runs++) {
                buf[i] = subst[k];
                LLVMFuzzerTestOneInput(buf, n);
            }
            buf[i] = keep;
        }
    }
    closedir(d);
    printf("%s: replayed %zu files, %zu inputs\n", argv[0], files, runs);
    return files ? 0 : 1;
}
#endif
