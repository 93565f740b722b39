/*
 * Fuzz target for the PACT reader (STYLE.md rule 36). With libFuzzer (-DPCF_FUZZING) it is the
 * usual LLVMFuzzerTestOneInput; built normally, main() replays every file of a corpus folder and
 * every prefix of each file, so truncated documents are exercised under ASan in `meson test`.
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    pcf_diag *diag = NULL;
    if (pcf_diag_create(&diag) != PCF_OK) {
        free(text);
        return 0;
    }
    pcf_pact_footprint *fp = NULL;
    if (pcf_pact_read(text, diag, &fp, NULL) == PCF_OK) {
        for (int v = 2; v <= 3; v++) {
            char *out = NULL;
            if (pcf_pact_footprint_to_json(fp, v, &out, NULL) == PCF_OK) {
                /* What pcf writes, pcf must accept. */
                if (pcf_pact_validate(out, NULL, NULL) != PCF_OK)
                    abort();
                pcf_free(out);
            }
        }
        double x;
        if (pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 2, "kg", &x, NULL) !=
            PCF_OK)
            x = 0;
        (void)x;
        pcf_pact_footprint_destroy(fp);
    }
    pcf_diag_destroy(diag);
    free(text);
    return 0;
}

#ifndef PCF_FUZZING
int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz_pact CORPUS_DIR\n");
        return 2;
    }
    DIR *d = opendir(argv[1]);
    if (!d) {
        perror(argv[1]);
        return 1;
    }
    struct dirent *e;
    size_t files = 0;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        static uint8_t buf[1 << 16];
        size_t size = fread(buf, 1, sizeof buf, f);
        fclose(f);
        for (size_t len = 0; len <= size; len++)
            LLVMFuzzerTestOneInput(buf, len);
        files++;
    }
    closedir(d);
    printf("replayed %zu corpus files and all their prefixes\n", files);
    return files ? 0 : 1;
}
#endif
