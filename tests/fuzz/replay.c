/*
 * Corpus replay for the fuzz targets, so they run under `meson test` (and ASan)
 * without libFuzzer: every file of each corpus folder, every prefix of it, and single-byte
 * substitutions at every 11th position go through the target's LLVMFuzzerTestOneInput. A target
 * whose single run is slow (a database file) is built with -DFUZZ_REPLAY_STRIDE=N: then only every
 * Nth prefix and every (11·N)th position is tried, besides the first 64 prefixes.
 * Usage: TARGET CORPUS_DIR... [-- ARGS...]; the target's fuzz_init() gets ARGS.
 * Built with -DPCF_FUZZING, libFuzzer supplies main() and this file gives it
 * LLVMFuzzerInitialize, which calls fuzz_init() without arguments (the target's defaults).
 * GPL-3.0-or-later; see LICENSE.
 */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The target's set-up: argc/argv are the arguments after "--". 0 when usable. */
int fuzz_init(int argc, char **argv);

#ifdef PCF_FUZZING
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return fuzz_init(0, NULL);
}
#else
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#ifndef FUZZ_REPLAY_STRIDE
#define FUZZ_REPLAY_STRIDE 1
#endif

static size_t replay_dir(const char *dir, size_t *runs)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "cannot open the corpus folder %s\n", dir);
        return 0;
    }
    static const uint8_t subst[] = {'-', '0', '"', '}', ']', ',', 'e', 0xff};
    static uint8_t buf[1 << 17];
    size_t files = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        files++;
        for (size_t len = 0; len <= n; len += len < 64 ? 1 : FUZZ_REPLAY_STRIDE, (*runs)++)
            LLVMFuzzerTestOneInput(buf, len);
        if (n > 0) {
            LLVMFuzzerTestOneInput(buf, n); /* the whole file, whatever the stride */
            (*runs)++;
        }
        for (size_t i = 0; i < n; i += 11 * FUZZ_REPLAY_STRIDE) {
            uint8_t keep = buf[i];
            for (size_t k = 0; k < sizeof subst; k++, (*runs)++) {
                buf[i] = subst[k];
                LLVMFuzzerTestOneInput(buf, n);
            }
            buf[i] = keep;
        }
    }
    closedir(d);
    return files;
}

int main(int argc, char **argv)
{
    int dirs = 1;
    while (dirs < argc && strcmp(argv[dirs], "--") != 0)
        dirs++;
    int rest = dirs < argc ? dirs + 1 : argc;
    if (dirs < 2 || fuzz_init(argc - rest, argv + rest) != 0) {
        fprintf(stderr, "usage: %s CORPUS_DIR... [-- ARGS...] (see the target's comment)\n",
                argv[0]);
        return 2;
    }
    size_t files = 0, runs = 0;
    for (int i = 1; i < dirs; i++) {
        size_t n = replay_dir(argv[i], &runs);
        if (n == 0) {
            fprintf(stderr, "%s: no input in %s\n", argv[0], argv[i]);
            return 1;
        }
        files += n;
    }
    printf("%s: replayed %zu files, %zu inputs\n", argv[0], files, runs);
    return 0;
}
#endif
