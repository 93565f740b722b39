/*
 * SQLite fault injection: every read, write, sync, lock, truncate and open that SQLite does on
 * behalf of the library fails in turn, through a test VFS registered as the default (it wraps the
 * platform's VFS and fails operation number N). Each step of opening, creating, importing,
 * attaching and querying is run once per operation it does, with that operation failing: the
 * call must return an error with a message (the library's SQL error path, pcf__db_sql_error, says
 * "SQLite error N"), nothing may crash or leak (ASan), and afterwards, with faults off, the file
 * must open and hold exactly what it held before (a failed import) or after (an import that
 * still succeeded). A second mode fails every operation from N on, as a disk that goes away or a
 * process killed mid-write would: the journal left behind must be rolled back by the next reader.
 * The LCI tables get the same: an openLCA import beside one already there (all of it or none),
 * opening and solving with the import summary, and the solved processes stored as factor rows
 * (both rows or none); LCI_DATA_DIR names the fixtures of tests/data/lci.
 * Usage: test_db_faults WORK_DIR
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>
#include "testutil.h"

static const char *g_work;

/* ---- the test VFS ------------------------------------------------------------------------- */

enum { OP_READ = 1, OP_WRITE = 2, OP_SYNC = 4, OP_LOCK = 8, OP_TRUNC = 16, OP_OPEN = 32 };
#define OP_ALL (OP_READ | OP_WRITE | OP_SYNC | OP_LOCK | OP_TRUNC | OP_OPEN)

static struct {
    long count;   /* operations seen since fault_arm() */
    long fail_at; /* the operation that fails (1-based), 0 = none */
    int sticky;   /* 1: every operation from fail_at on fails */
    int fired;    /* an operation failed */
} g_fault;

static sqlite3_vfs *g_real;

typedef struct {
    sqlite3_file base;
    sqlite3_file *real; /* the platform file, allocated right after this struct */
} fault_file;

static void fault_arm(long fail_at, int sticky)
{
    g_fault.count = 0;
    g_fault.fail_at = fail_at;
    g_fault.sticky = sticky;
    g_fault.fired = 0;
}

/* 1 when this operation shall fail */
static int fault_tick(void)
{
    if (g_fault.fail_at <= 0)
        return 0;
    g_fault.count++;
    if (g_fault.count == g_fault.fail_at || (g_fault.sticky && g_fault.count > g_fault.fail_at)) {
        g_fault.fired = 1;
        return 1;
    }
    return 0;
}

/* the operation that failed in the last run, for messages */
static long g_last_fault;

/* operations counted when nothing fails */
static long g_counted;

static int counted_tick(void)
{
    g_counted++;
    return fault_tick();
}

#define REAL(f) (((fault_file *)(f))->real)

static int ff_close(sqlite3_file *f)
{
    int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
    return rc;
}
static int ff_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    if (counted_tick())
        return SQLITE_IOERR_READ;
    return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}
static int ff_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    if (counted_tick())
        return SQLITE_FULL; /* the disk is full */
    return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}
static int ff_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    if (counted_tick())
        return SQLITE_IOERR_TRUNCATE;
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int ff_sync(sqlite3_file *f, int flags)
{
    if (counted_tick())
        return SQLITE_IOERR_FSYNC;
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int ff_size(sqlite3_file *f, sqlite3_int64 *size)
{
    if (counted_tick())
        return SQLITE_IOERR_FSTAT;
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int ff_lock(sqlite3_file *f, int level)
{
    if (counted_tick())
        return SQLITE_IOERR_LOCK;
    return REAL(f)->pMethods->xLock(REAL(f), level);
}
static int ff_unlock(sqlite3_file *f, int level)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), level);
}
static int ff_check_reserved(sqlite3_file *f, int *out)
{
    if (counted_tick())
        return SQLITE_IOERR_CHECKRESERVEDLOCK;
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int ff_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int ff_sector(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int ff_caps(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int ff_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
    if (counted_tick())
        return SQLITE_IOERR_SHMMAP;
    return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, out);
}
static int ff_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}
static void ff_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int ff_shm_unmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

/* version 2: no xFetch, so SQLite reads every page through xRead */
static const sqlite3_io_methods fault_methods = {
    2,           ff_close,       ff_read,           ff_write,   ff_truncate, ff_sync, ff_size,
    ff_lock,     ff_unlock,      ff_check_reserved, ff_control, ff_sector,   ff_caps, ff_shm_map,
    ff_shm_lock, ff_shm_barrier, ff_shm_unmap,      NULL,       NULL,
};

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    fault_file *ff = (fault_file *)f;
    ff->base.pMethods = NULL;
    ff->real = (sqlite3_file *)(ff + 1);
    if (counted_tick())
        return SQLITE_CANTOPEN;
    int rc = g_real->xOpen(g_real, name, ff->real, flags, out_flags);
    if (ff->real->pMethods)
        ff->base.pMethods = &fault_methods;
    return rc;
}
static int fv_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
    (void)vfs;
    return g_real->xDelete(g_real, name, sync);
}
static int fv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return g_real->xAccess(g_real, name, flags, out);
}
static int fv_full(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return g_real->xFullPathname(g_real, name, n, out);
}
static int fv_random(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return g_real->xRandomness(g_real, n, out);
}
static int fv_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return g_real->xSleep(g_real, us);
}
static int fv_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return g_real->xCurrentTime(g_real, out);
}
static int fv_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return g_real->xGetLastError ? g_real->xGetLastError(g_real, n, out) : 0;
}
static int fv_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return g_real->xCurrentTimeInt64(g_real, out);
}

static sqlite3_vfs g_vfs;

static void vfs_install(void)
{
    g_real = sqlite3_vfs_find(NULL);
    assert_non_null(g_real);
    g_vfs.iVersion = 2;
    g_vfs.szOsFile = (int)sizeof(fault_file) + g_real->szOsFile;
    g_vfs.mxPathname = g_real->mxPathname;
    g_vfs.zName = "pcf-fault";
    g_vfs.xOpen = fv_open;
    g_vfs.xDelete = fv_delete;
    g_vfs.xAccess = fv_access;
    g_vfs.xFullPathname = fv_full;
    g_vfs.xRandomness = fv_random;
    g_vfs.xSleep = fv_sleep;
    g_vfs.xCurrentTime = fv_time;
    g_vfs.xGetLastError = fv_error;
    g_vfs.xCurrentTimeInt64 = fv_time64;
    assert_int_equal(sqlite3_vfs_register(&g_vfs, 1), SQLITE_OK);
}

/* ---- helpers ------------------------------------------------------------------------------ */

#define work_path(name)           testutil_path(g_work, (name))
#define write_file(path, data, n) testutil_write((path), (data), (n))
#define read_file(path, n)        testutil_read((path), (n))

/* removes PATH and the journal and WAL files beside it */
static void remove_db(const char *path)
{
    char side[1100];
    remove(path);
    snprintf(side, sizeof side, "%s-journal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);
}

#define HEADER                                                                                     \
    "code,dataset,category,name_en,name_zh,region,value,unit,scope,gwp_set,year,gases,"            \
    "uncertainty,unc_p1,unc_p2,unc_p3,dq,source,license,notes\n"

/* Two factors in the database before the import, three more in the CSV imported. */
static const char *const base_csv =
    HEADER "f:a,acme,material,Steel sheet,钢板,CN-FJ,2,tCO2e/t,,AR6,2025,,,,,,,measured,CC0,\n"
           "f:b,acme,electricity,Own PV,,CN-FJ,40,gCO2e/kWh,,,,,,,,,,meter,CC0,\n";
static const char *const more_csv =
    HEADER "f:c,acme,material,Copper wire,,CN,3.5,kgCO2e/kg,,AR6,2025,,,,,,,measured,CC0,\n"
           "f:d,acme,fuel,Diesel,,CN,2.7,kgCO2e/L,,AR6,2025,,,,,,,measured,CC0,\n"
           "f:e,acme,transport,Truck,,CN,0.1,kgCO2e/tkm,,AR6,2025,,,,,,,measured,CC0,\n";

static size_t factor_count(const char *path)
{
    pcf_db *db = NULL;
    pcf_error err;
    pcf_status st = pcf_db_open(path, PCF_DB_READ_ONLY, &db, &err);
    if (st != PCF_OK)
        fail_msg("%s does not open after the fault: %s", path, err.message);
    size_t n = 0;
    assert_int_equal(pcf_db_factor_count(db, 0, &n, &err), PCF_OK);
    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "f:a", &f, &err), PCF_OK);
    /* 2 tCO2e/t = 2000 kg CO2e per t, as imported */
    assert_true(pcf_factor_kg_co2e(f) == 2000.0);
    pcf_factor_destroy(f);
    pcf_db_close(db);
    return n;
}

/* The pristine database with the two base factors, kept as bytes to restore before each run. */
static char *g_base;
static size_t g_base_len;

static void make_base(void)
{
    const char *path = work_path("faults-base.db");
    const char *csv = work_path("faults-base.csv");
    remove_db(path);
    write_file(csv, base_csv, strlen(base_csv));
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(path, PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, &err), PCF_OK);
    assert_int_equal(pcf_db_import_csv(db, csv, NULL, &err), PCF_OK);
    pcf_db_close(db);
    g_base = read_file(path, &g_base_len);
    write_file(work_path("faults-more.csv"), more_csv, strlen(more_csv));
}

/* The base with the LCI system tests/data/lci/mcloop imported as "mcloop" (made by
 * make_lci_base), and whether run_faults restores it instead of the plain one. */
static char *g_lci_base;
static size_t g_lci_base_len;
static int g_use_lci;

static const char *restore_base(const char *name)
{
    const char *path = work_path(name);
    remove_db(path);
    if (g_use_lci)
        write_file(path, g_lci_base, g_lci_base_len);
    else
        write_file(path, g_base, g_base_len);
    return path;
}

/* A step under test: returns its status and fills err. */
typedef pcf_status (*step_fn)(const char *path, pcf_error *err);

/* The summary of running one step with each of its operations failing in turn. */
typedef struct {
    long ops;       /* operations the step does when nothing fails */
    long failed;    /* runs that returned an error */
    long sql_error; /* of those, errors from the SQL error path ("SQLite error") */
} fault_summary;

/* Runs step with no fault (it must succeed), then once per operation with that operation failing
 * (sticky: and every one after it). check(path, st) verifies the file afterwards. */
static fault_summary run_faults(const char *name, step_fn step,
                                void (*check)(const char *path, pcf_status st), int sticky)
{
    fault_summary s = {0, 0, 0};
    pcf_error err;
    const char *path = restore_base(name);
    g_counted = 0;
    fault_arm(0, 0);
    pcf_status st = step(path, &err);
    if (st != PCF_OK)
        fail_msg("%s without a fault: %s", name, err.message);
    s.ops = g_counted;
    check(path, st);
    assert_true(s.ops > 0);
    for (long k = 1; k <= s.ops; k++) {
        path = restore_base(name);
        pcf_error_clear(&err);
        fault_arm(k, sticky);
        st = step(path, &err);
        int fired = g_fault.fired;
        g_last_fault = k;
        if (getenv("FAULT_DEBUG") && st != PCF_OK)
            fprintf(stderr, "%ld: %s\n", k, err.message);
        fault_arm(0, 0);
        if (st != PCF_OK) {
            s.failed++;
            /* an error is caused by the fault and says what failed */
            if (!fired)
                fail_msg("%s: error without a fault at operation %ld: %s", name, k, err.message);
            if (err.message[0] == '\0')
                fail_msg("%s: operation %ld failed without a message", name, k);
            if (st != PCF_ERR_DATABASE && st != PCF_ERR_IO && st != PCF_ERR_READ_ONLY)
                fail_msg("%s: operation %ld gave status %d: %s", name, k, (int)st, err.message);
            if (strstr(err.message, "SQLite error"))
                s.sql_error++;
        }
        check(path, st);
    }
    printf("%s%s: %ld operations, %ld failed runs, %ld through the SQL error path\n", name,
           sticky ? " (sticky)" : "", s.ops, s.failed, s.sql_error);
    return s;
}

/* ---- steps -------------------------------------------------------------------------------- */

static pcf_status step_open_read(const char *path, pcf_error *err)
{
    pcf_db *db = NULL;
    pcf_status st = pcf_db_open(path, PCF_DB_READ_ONLY, &db, err);
    if (st == PCF_OK) {
        assert_non_null(db);
        pcf_db_close(db);
    } else {
        assert_null(db);
    }
    return st;
}

static pcf_status step_create(const char *path, pcf_error *err)
{
    remove_db(path);
    pcf_db *db = NULL;
    pcf_status st = pcf_db_open(path, PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, err);
    pcf_db_close(db);
    return st;
}

static pcf_status step_import(const char *path, pcf_error *err)
{
    pcf_db *db = NULL;
    pcf_status st = pcf_db_open(path, PCF_DB_READ_WRITE, &db, err);
    size_t rows = 0;
    if (st == PCF_OK)
        st = pcf_db_import_csv(db, work_path("faults-more.csv"), &rows, err);
    if (st == PCF_OK)
        assert_int_equal(rows, 3);
    pcf_db_close(db);
    return st;
}

/* Queries of every kind on an open database: count, lookup, resolve, search, export. */
static pcf_status queries(pcf_db *db, size_t layer, pcf_error *err)
{
    size_t n = 0;
    pcf_status st = pcf_db_factor_count(db, layer, &n, err);
    if (st != PCF_OK)
        return st;
    assert_int_equal(n, 2);
    pcf_factor *f = NULL;
    if ((st = pcf_db_get_factor(db, "f:b", &f, err)) != PCF_OK)
        return st;
    /* 40 gCO2e/kWh = 0.04 kg CO2e per kWh */
    assert_true(pcf_factor_kg_co2e(f) == 0.04);
    pcf_factor_destroy(f);
    if ((st = pcf_db_resolve(db, "material", "steel sheet", "CN-FJ", &f, err)) != PCF_OK)
        return st;
    assert_string_equal(pcf_factor_code(f), "f:a");
    pcf_factor_destroy(f);
    pcf_factor_list *list = NULL;
    if ((st = pcf_db_search(db, "steel", NULL, NULL, PCF_DIM_NONE, 0, &list, err)) != PCF_OK)
        return st;
    assert_int_equal(pcf_factor_list_count(list), 1);
    pcf_factor_list_destroy(list);
    if (layer > 0)
        return PCF_OK; /* the export is of the default layer */
    char *csv = NULL;
    if ((st = pcf_db_export_csv(db, &csv, err)) != PCF_OK)
        return st;
    assert_non_null(strstr(csv, "f:a,acme,material,Steel sheet"));
    pcf_free(csv);
    return PCF_OK;
}

static pcf_status step_query(const char *path, pcf_error *err)
{
    pcf_db *db = NULL;
    pcf_status st = pcf_db_open(path, PCF_DB_READ_ONLY, &db, err);
    if (st == PCF_OK)
        st = queries(db, 0, err);
    pcf_db_close(db);
    return st;
}

/* Attaching over an in-memory database (which does no file operations), then querying: the
 * layer's reads are the only ones that fail. After a failed attach the database works as
 * before, with one layer. */
static pcf_status step_attach(const char *path, pcf_error *err)
{
    pcf_db *db = NULL;
    long keep = g_fault.fail_at;
    g_fault.fail_at = 0; /* the in-memory database opens without faults */
    pcf_error ignore;
    assert_int_equal(pcf_db_open(":memory:", PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, &ignore),
                     PCF_OK);
    g_fault.fail_at = keep;
    pcf_status st = pcf_db_attach(db, path, "acme", err);
    if (st == PCF_OK)
        st = queries(db, 1, err);
    else
        assert_int_equal(pcf_db_layer_count(db), 1);
    long fail_at = g_fault.fail_at;
    g_fault.fail_at = 0;
    /* whatever failed, the handle still answers */
    size_t n = 99;
    assert_int_equal(pcf_db_factor_count(db, 0, &n, &ignore), PCF_OK);
    assert_int_equal(n, 0);
    g_fault.fail_at = fail_at;
    pcf_db_close(db);
    return st;
}

/* ---- checks ------------------------------------------------------------------------------- */

/* the file is the pristine one: two factors */
static void check_unchanged(const char *path, pcf_status st)
{
    (void)st;
    assert_int_equal(factor_count(path), 2);
}

/* a failed import leaves two factors, a successful one five: nothing half-imported */
static void check_import(const char *path, pcf_status st)
{
    size_t n = factor_count(path);
    if (n != (st == PCF_OK ? 5u : 2u))
        fail_msg("import %s (operation %ld of the last run), but %zu factors are there",
                 st == PCF_OK ? "succeeded" : "failed", g_last_fault, n);
}

/* a created file either opens as an empty database or can be created again */
static void check_create(const char *path, pcf_status st)
{
    pcf_db *db = NULL;
    pcf_error err;
    pcf_status again = pcf_db_open(path, PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, &err);
    if (again != PCF_OK)
        fail_msg("after a fault in create (%d), %s does not open: %s", (int)st, path, err.message);
    size_t n = 99;
    assert_int_equal(pcf_db_factor_count(db, 0, &n, &err), PCF_OK);
    assert_int_equal(n, 0);
    pcf_db_close(db);
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_open_read(void **state)
{
    (void)state;
    fault_summary s = run_faults("faults-open.db", step_open_read, check_unchanged, 0);
    assert_true(s.failed > 0);
    assert_true(s.sql_error > 0); /* pcf__db_sql_error is reached and says so */
}

static void test_create(void **state)
{
    (void)state;
    fault_summary s = run_faults("faults-create.db", step_create, check_create, 0);
    assert_true(s.failed > 0);
    s = run_faults("faults-create.db", step_create, check_create, 1);
    assert_true(s.failed > 0);
}

static void test_import(void **state)
{
    (void)state;
    fault_summary s = run_faults("faults-import.db", step_import, check_import, 0);
    assert_true(s.failed > 0);
    assert_true(s.sql_error > 0);
    /* the disk goes away mid-import: the next reader rolls the journal back */
    s = run_faults("faults-import.db", step_import, check_import, 1);
    assert_true(s.failed > 0);
}

static void test_query(void **state)
{
    (void)state;
    fault_summary s = run_faults("faults-query.db", step_query, check_unchanged, 0);
    assert_true(s.failed > 0);
    assert_true(s.sql_error > 0);
}

static void test_attach(void **state)
{
    (void)state;
    fault_summary s = run_faults("faults-attach.db", step_attach, check_unchanged, 0);
    assert_true(s.failed > 0);
    assert_true(s.sql_error > 0);
}

/* ---- the LCI tables (lib/lci_import.c, lib/lci.c, lib/lci_info.c) ----------------------- */

static void make_lci_base(void)
{
    const char *path = work_path("faults-lci-base.db");
    remove_db(path);
    write_file(path, g_base, g_base_len);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(path, PCF_DB_READ_WRITE, &db, &err), PCF_OK);
    if (pcf_lci_import(db, "mcloop", LCI_DATA_DIR "/mcloop", NULL, 0, &err) != PCF_OK)
        fail_msg("import of mcloop: %s", err.message);
    pcf_db_close(db);
    g_lci_base = read_file(path, &g_lci_base_len);
}

/* The processes of LCI database name in path, 0 when it is not imported. */
static size_t lci_processes(const char *path, const char *name)
{
    pcf_db *db = NULL;
    pcf_error err;
    if (pcf_db_open(path, PCF_DB_READ_ONLY, &db, &err) != PCF_OK)
        fail_msg("%s does not open after the fault: %s", path, err.message);
    pcf_lci *lci = NULL;
    pcf_status st = pcf_lci_open(db, name, PCF_GWP_AR6, &lci, &err);
    size_t n = pcf_lci_process_count(lci);
    if (st != PCF_OK && st != PCF_ERR_NOT_FOUND)
        fail_msg("%s: LCI database %s does not open after the fault: %s", path, name, err.message);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
    return n;
}

/* Importing the three-process chain (a folder) beside mcloop. */
static pcf_status step_lci_import(const char *path, pcf_error *err)
{
    pcf_db *db = NULL;
    pcf_status st = pcf_db_open(path, PCF_DB_READ_WRITE, &db, err);
    if (st == PCF_OK)
        st = pcf_lci_import(db, "chain", LCI_DATA_DIR "/chain", NULL, 0, err);
    pcf_db_close(db);
    return st;
}

/* a failed LCI import leaves nothing of "chain", a successful one its three processes; mcloop
 * and the two factors are untouched either way */
static void check_lci_import(const char *path, pcf_status st)
{
    size_t n = lci_processes(path, "chain");
    if (n != (st == PCF_OK ? 3u : 0u))
        fail_msg("LCI import %s (operation %ld of the last run), but \"chain\" has %zu processes",
                 st == PCF_OK ? "succeeded" : "failed", g_last_fault, n);
    assert_int_equal(lci_processes(path, "mcloop"), 2);
    assert_int_equal(factor_count(path), 2);
}

/* Opening and solving mcloop, and its import summary. */
static pcf_status step_lci_query(const char *path, pcf_error *err)
{
    pcf_db *db = NULL;
    pcf_lci *lci = NULL;
    char *json = NULL;
    pcf_status st = pcf_db_open(path, PCF_DB_READ_ONLY, &db, err);
    if (st == PCF_OK)
        st = pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &lci, err);
    if (st == PCF_OK) {
        /* two processes, the four exchanges with an uncertainty sampled */
        assert_int_equal(pcf_lci_process_count(lci), 2);
        assert_int_equal(pcf_lci_mc_parameter_count(lci), 4);
        st = pcf_lci_info_json(db, "mcloop", &json, err);
    }
    if (st == PCF_OK)
        assert_contains(json, "\"name\": \"mcloop\"");
    else
        assert_null(json);
    pcf_free(json);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
    return st;
}

static void check_lci_unchanged(const char *path, pcf_status st)
{
    (void)st;
    assert_int_equal(lci_processes(path, "mcloop"), 2);
    assert_int_equal(factor_count(path), 2);
}

/* Storing mcloop's two solved processes as factor rows. */
static pcf_status step_lci_store(const char *path, pcf_error *err)
{
    pcf_db *db = NULL;
    pcf_lci *lci = NULL;
    size_t rows = 0;
    pcf_status st = pcf_db_open(path, PCF_DB_READ_WRITE, &db, err);
    if (st == PCF_OK)
        st = pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &lci, err);
    if (st == PCF_OK)
        st = pcf_lci_store_factors(lci, db, "CC0-1.0", &rows, NULL, err);
    assert_int_equal(rows, st == PCF_OK ? 2 : 0);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
    return st;
}

/* both rows or none */
static void check_lci_store(const char *path, pcf_status st)
{
    size_t n = factor_count(path);
    if (n != (st == PCF_OK ? 4u : 2u))
        fail_msg("storing the LCI rows %s (operation %ld of the last run), but %zu factors are "
                 "there",
                 st == PCF_OK ? "succeeded" : "failed", g_last_fault, n);
    assert_int_equal(lci_processes(path, "mcloop"), 2);
}

static fault_summary run_lci_faults(const char *name, step_fn step,
                                    void (*check)(const char *path, pcf_status st), int sticky)
{
    g_use_lci = 1;
    fault_summary s = run_faults(name, step, check, sticky);
    g_use_lci = 0;
    return s;
}

static void test_lci(void **state)
{
    (void)state;
    make_lci_base();
    fault_summary s = run_lci_faults("faults-lci-import.db", step_lci_import, check_lci_import, 0);
    assert_true(s.failed > 0);
    assert_true(s.sql_error > 0);
    s = run_lci_faults("faults-lci-import.db", step_lci_import, check_lci_import, 1);
    assert_true(s.failed > 0);
    s = run_lci_faults("faults-lci-query.db", step_lci_query, check_lci_unchanged, 0);
    assert_true(s.failed > 0);
    assert_true(s.sql_error > 0);
    s = run_lci_faults("faults-lci-store.db", step_lci_store, check_lci_store, 0);
    assert_true(s.failed > 0);
    assert_true(s.sql_error > 0);
    s = run_lci_faults("faults-lci-store.db", step_lci_store, check_lci_store, 1);
    assert_true(s.failed > 0);
    free(g_lci_base);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s WORK_DIR\n", argv[0]);
        return 2;
    }
    g_work = argv[1];
    vfs_install();
    make_base();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_read), cmocka_unit_test(test_create),
        cmocka_unit_test(test_import),    cmocka_unit_test(test_query),
        cmocka_unit_test(test_attach),    cmocka_unit_test(test_lci),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(g_base);
    return rc;
}
