/*
 * Fuzz target for JSON-LD import (openLCA's format, pcf_lci_import). An input is
 * a small folder written as text: each file starts with a line "== FOLDER/NAME" where FOLDER is
 * one of categories, unit_groups, flow_properties, flows, processes, and the lines that follow,
 * up to the next "== " line, are its content. The folder is imported into an empty database,
 * then its summary is read, it is solved and each process's result is read. What must hold: no
 * crash or hang, every failure has a message, a failed import leaves the database without the
 * dataset, and every solved result is finite.
 * Usage (replay): fuzz_lci CORPUS_DIR -- WORK_DIR
 * GPL-3.0-or-later; see LICENSE.
 */
#include "fuzz.h"

#include <pcf/pcf.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

static const char *const folders[] = {"categories", "unit_groups", "flow_properties", "flows",
                                      "processes"};
enum { N_FOLDERS = 5, MAX_FILES = 64 };

static char g_dir[4096];

static void check(pcf_status st, const pcf_error *err)
{
    if (st != PCF_OK && err->message[0] == '\0')
        abort(); /* every error says why */
}

/* Empties the folder the previous input was written to. */
static void clean(void)
{
    for (int i = 0; i < N_FOLDERS; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", g_dir, folders[i]);
        DIR *d = opendir(path);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char file[8400];
            snprintf(file, sizeof file, "%s/%s", path, e->d_name);
            remove(file);
        }
        closedir(d);
        rmdir(path);
    }
}

/* "FOLDER/NAME" with a known folder and a plain name: the file's path in g_dir, else 0. */
static int file_path(const char *name, size_t len, char *out, size_t size)
{
    for (int i = 0; i < N_FOLDERS; i++) {
        size_t fl = strlen(folders[i]);
        if (len <= fl + 1 || len - fl - 1 > 64 || strncmp(name, folders[i], fl) != 0 ||
            name[fl] != '/')
            continue;
        const char *base = name + fl + 1;
        size_t bl = len - fl - 1;
        if (base[0] == '.')
            return 0;
        for (size_t k = 0; k < bl; k++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.",
                        base[k]))
                return 0;
        char dir[4200];
        snprintf(dir, sizeof dir, "%s/%s", g_dir, folders[i]);
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return 0;
        snprintf(out, size, "%s/%.*s", dir, (int)bl, base);
        return 1;
    }
    return 0;
}

/* Writes the input's files; 0 when it is not a folder written as above. */
static int unpack(const char *data, size_t size)
{
    const char *p = data, *end = data + size;
    int files = 0;
    if (size < 3 || strncmp(p, "== ", 3) != 0)
        return 0;
    while (p < end) {
        if (++files > MAX_FILES)
            return 0;
        const char *name = p + 3;
        const char *nl = memchr(name, '\n', (size_t)(end - name));
        if (!nl)
            return 0;
        const char *body = nl + 1, *next = body;
        while (next < end && !(next + 3 <= end && strncmp(next, "== ", 3) == 0 &&
                               (next == body || next[-1] == '\n')))
            next++;
        char path[8400];
        if (!file_path(name, (size_t)(nl - name), path, sizeof path) ||
            !fuzz_write_file(path, body, (size_t)(next - body)))
            return 0;
        p = next;
    }
    return 1;
}

static void solve(pcf_db *db)
{
    pcf_error err;
    char *info = NULL;
    pcf_status st = pcf_lci_info_json(db, "fz", &info, &err);
    check(st, &err);
    pcf_free(info);
    pcf_lci *lci = NULL;
    st = pcf_lci_open(db, "fz", PCF_GWP_AR6, &lci, &err);
    check(st, &err);
    if (st != PCF_OK)
        return;
    for (size_t i = 0; i < pcf_lci_process_count(lci); i++)
        for (int part = PCF_LCI_TOTAL; part <= PCF_LCI_REMOVALS; part++)
            if (!isfinite(pcf_lci_co2e(lci, i, (pcf_lci_part)part)))
                abort(); /* a solved result is a number */
    pcf_lci_destroy(lci);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_dir[0])
        abort(); /* fuzz_init() was not called */
    clean();
    if (!unpack((const char *)data, size))
        return 0;
    pcf_db *db = NULL;
    pcf_error err;
    if (pcf_db_open(":memory:", PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, &err) != PCF_OK)
        abort();
    pcf_status st = pcf_lci_import(db, "fz", g_dir, NULL, 0, &err);
    check(st, &err);
    if (st == PCF_OK) {
        solve(db);
    } else {
        char *info = NULL;
        if (pcf_lci_info_json(db, "fz", &info, NULL) != PCF_ERR_NOT_FOUND)
            abort(); /* a failed import leaves nothing behind */
    }
    pcf_db_close(db);
    return 0;
}

/* ARGS: [WORK_DIR], where each input is written as a folder. */
int fuzz_init(int argc, char **argv)
{
    if (fuzz_work_path(g_dir, sizeof g_dir, argc, argv, "lci") != 0)
        return 2;
    return mkdir(g_dir, 0700) == 0 || errno == EEXIST ? 0 : 2;
}
