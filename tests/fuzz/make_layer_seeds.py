#!/usr/bin/python3
"""Writes the seed corpus of fuzz_layer (tests/fuzz/corpus/layer/): small factor databases made
from data/schema.sql with 512-byte pages, a few real rows copied from a built factors.db, and the
hostile variants a layer sent by someone else may be (negative and absurd values, a distribution
code out of range, a recursive view in place of the factors table, a region loop, user_version -1
and 99, WAL mode, not SQLite at all).
Usage: make_layer_seeds.py SCHEMA_SQL FACTORS_DB OUT_DIR
GPL-3.0-or-later; see LICENSE."""
import os
import sqlite3
import sys

schema_sql, factors_db, out = sys.argv[1:4]
schema = open(schema_sql, encoding='utf-8').read()
CODES = ("desnz-2025:1_100_1000_15_1",)


def make(name, edit=None, rows=3, schema_text=schema):
    path = os.path.join(out, name)
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute('PRAGMA page_size = 512')
    db.executescript(schema_text)
    db.execute('ATTACH ? AS src', (factors_db,))
    db.execute('INSERT INTO factors SELECT * FROM src.factors WHERE category = "electricity" '
               'ORDER BY code LIMIT ?', (rows,))
    db.execute('INSERT INTO datasets SELECT * FROM src.datasets WHERE dataset IN '
               '(SELECT dataset FROM factors)')
    db.execute('INSERT INTO regions SELECT * FROM src.regions WHERE region IN '
               '(SELECT region FROM factors) OR region = "GLO"')
    db.execute('INSERT INTO factors_fts SELECT code, name_en, name_zh FROM factors')
    db.commit()
    db.execute('DETACH src')
    if edit:
        db.execute('PRAGMA ignore_check_constraints = 1')
        db.executescript(edit)
        db.commit()
    db.execute('VACUUM')
    db.close()


def raw(name, data):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)


os.makedirs(out, exist_ok=True)
v1_schema = schema.split('-- @upgrade-to 2')[0].replace('version 2', 'version 1') + \
    '\nPRAGMA user_version = 1;\n'
make('valid')
make('one-row', rows=1)
make('empty-tables', rows=0)
make('schema-v1', schema_text=v1_schema)
make('negative-value', 'UPDATE factors SET kg_co2e = -5;')
make('absurd-value', 'UPDATE factors SET kg_co2e = 1e300;')
make('text-value', "UPDATE factors SET kg_co2e = 'abc';")
make('null-value', 'PRAGMA writable_schema = 1;'
     "UPDATE factors SET value = '1e999', gases = 'co2_fossil=1e999 kg';")
make('dist-9', 'UPDATE factors SET dist = 9;')
make('dist-negative', 'UPDATE factors SET dist = -1, p1 = -1, p2 = 0;')
make('gas-kg-bad', "UPDATE factors SET gas_kg = 'co2_fossil=abc;;=;ch4=1e400';")
make('per-unit-bad', "UPDATE factors SET per_unit = 'parsec', per_dim = 99;")
make('per-dim-neg', 'UPDATE factors SET per_dim = -3;')
make('gwp-odd', 'UPDATE factors SET gwp = 77, co2_only = 5, year_num = -20000;')
make('control-chars', "UPDATE factors SET name_en = 'grid' || char(27) || '[2J' || char(7);")
make('long-name', "UPDATE factors SET name_en = printf('%.2000c', 'x');")
make('region-loop', "INSERT OR REPLACE INTO regions VALUES ('CN-FJ', 'CN', '', '');"
     "INSERT OR REPLACE INTO regions VALUES ('CN', 'CN-FJ', '', '');"
     "INSERT OR REPLACE INTO regions VALUES ('GLO', 'CN', '', '');")
make('missing-dataset', 'DELETE FROM datasets;')
make('user-version-neg', 'PRAGMA user_version = -1;')
make('user-version-99', 'PRAGMA user_version = 99;')
make('user-version-0', 'PRAGMA user_version = 0;')
make('recursive-view', 'DROP TABLE factors;'
     'CREATE VIEW factors AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) '
     "SELECT 'c' || n AS code, '' AS dataset, 'electricity' AS category, 'grid electricity' AS "
     "name_en, '' AS name_zh, 'GLO' AS region, '1' AS value, 'kgCO2e/kWh' AS unit, '' AS scope, "
     "'' AS gwp_set, '' AS year, '' AS gases, '' AS uncertainty, '' AS unc_p1, '' AS unc_p2, "
     "'' AS unc_p3, '' AS dq, 's' AS source, 'l' AS license, '' AS notes, 1.0 AS kg_co2e, "
     "'kWh' AS per_unit, 2 AS per_dim, '' AS unit_qualifier, 0 AS co2_only, 6 AS gwp, "
     "0 AS year_num, 0 AS dist, 0.0 AS p1, 0.0 AS p2, 0.0 AS p3, '' AS gas_kg FROM r;")
make('no-fts', 'DROP TABLE factors_fts;')
make('extra-table', 'CREATE TABLE x (a); INSERT INTO x VALUES (1);')
make('fts-mismatch', "DELETE FROM factors_fts; INSERT INTO factors_fts VALUES ('nope', 'grid', '');")
make('wal', 'PRAGMA journal_mode = WAL;')
raw('empty', b'')
raw('not-sqlite', b'code,value\nx,1\n')
raw('header-only', b'SQLite format 3\x00' + b'\x02\x00' + b'\x01\x01' + b'\x00' * 80)
print(len(os.listdir(out)), 'seeds,', sum(os.path.getsize(os.path.join(out, f))
                                          for f in os.listdir(out)), 'bytes')
