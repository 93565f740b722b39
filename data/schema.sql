-- pcf factor database schema, version 1 (PRAGMA user_version = 1).
-- GPL-3.0-or-later; see LICENSE. The library creates new databases from this file (it is
-- compiled in); pcf_db_open() refuses a file whose user_version is newer than the library's.
--
-- Published text (value, unit, year, ...) is kept exactly as in the imported CSV, so that
-- `pcf factors show` prints what the source printed and an export re-imports to identical rows.
-- Columns after `notes` are derived on import by the library and never edited by hand.

CREATE TABLE datasets (
    dataset     TEXT PRIMARY KEY NOT NULL,  -- key named by factor rows ("desnz-2025")
    name        TEXT NOT NULL,
    version     TEXT NOT NULL DEFAULT '',
    publisher   TEXT NOT NULL DEFAULT '',
    license     TEXT NOT NULL,
    url         TEXT NOT NULL DEFAULT '',
    date        TEXT NOT NULL DEFAULT '',   -- publication date as published
    attribution TEXT NOT NULL DEFAULT ''    -- text the licence asks users to show
) WITHOUT ROWID;

-- Regions form a tree rooted at GLO; resolution falls back from a region to its parent.
CREATE TABLE regions (
    region  TEXT PRIMARY KEY NOT NULL,      -- "CN-FJ", "CN-GRID-EAST", "US-CAMX", "GLO"
    parent  TEXT NOT NULL DEFAULT '',       -- '' only for GLO
    name_en TEXT NOT NULL DEFAULT '',
    name_zh TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE factors (
    code        TEXT PRIMARY KEY NOT NULL,  -- stable identifier ("desnz-2025:1_100_1000_15_1")
    dataset     TEXT NOT NULL DEFAULT '',   -- datasets.dataset
    category    TEXT NOT NULL,              -- electricity, fuel, material, cbam_default, ...
    name_en     TEXT NOT NULL,
    name_zh     TEXT NOT NULL DEFAULT '',
    region      TEXT NOT NULL,              -- regions.region
    value       TEXT NOT NULL,              -- as published ("3033.38067")
    unit        TEXT NOT NULL,              -- as published ("kgCO2e/tonne", "kgCO2e/kWh (net CV)")
    scope       TEXT NOT NULL DEFAULT '',   -- boundary: cradle-to-gate, TTW, WTT, ...
    gwp_set     TEXT NOT NULL DEFAULT '',   -- GWP basis as the source states it
    year        TEXT NOT NULL DEFAULT '',   -- reference year as published
    gases       TEXT NOT NULL DEFAULT '',   -- "co2_fossil=53.06 kg;ch4_fossil=1 g" per published unit
    uncertainty TEXT NOT NULL DEFAULT '',   -- pcf_dist_name(), '' = none given
    unc_p1      TEXT NOT NULL DEFAULT '',   -- parameters in the unit of value (GSD unitless)
    unc_p2      TEXT NOT NULL DEFAULT '',
    unc_p3      TEXT NOT NULL DEFAULT '',
    dq          TEXT NOT NULL DEFAULT '',   -- data-quality indicators as stated
    source      TEXT NOT NULL,
    license     TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    -- derived on import
    kg_co2e     REAL NOT NULL,              -- kg CO2e (or CO2) per ONE per_unit
    per_unit    TEXT NOT NULL,              -- pcf_unit_symbol() of the activity unit
    per_dim     INTEGER NOT NULL,           -- pcf_dimension of per_unit
    unit_qualifier TEXT NOT NULL DEFAULT '',-- "net CV", "product"
    co2_only    INTEGER NOT NULL,           -- 1: CO2 only, not CO2e
    gwp         INTEGER NOT NULL,           -- 4, 5, 6 or 0 (mixed, unstated, n/a)
    year_num    INTEGER NOT NULL,           -- first four digits of year, or 0
    dist        INTEGER NOT NULL,           -- pcf_dist
    p1          REAL NOT NULL,              -- in kg CO2e per ONE per_unit (GSD unitless)
    p2          REAL NOT NULL,
    p3          REAL NOT NULL,
    gas_kg      TEXT NOT NULL DEFAULT '',   -- "gas=kg;..." in kg per ONE per_unit
    -- Every stored number is finite and in range (the library checks the same on import and
    -- when it opens a file; these constraints stop any other writer).
    CHECK (kg_co2e >= 0 AND kg_co2e <= 1e12),
    CHECK (dist BETWEEN 0 AND 4),
    CHECK (p1 BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308),
    CHECK (p2 BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308),
    CHECK (p3 BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308)
) WITHOUT ROWID;

-- Resolution by name reads only these indexes (they cover per_dim, year_num and, as in every
-- index of a WITHOUT ROWID table, the code), never the wide rows.
CREATE INDEX factors_by_name_en ON factors (category, name_en COLLATE NOCASE, region, per_dim, year_num);
CREATE INDEX factors_by_name_zh ON factors (category, name_zh, region, per_dim, year_num);

-- Full-text index over both names; the trigram tokenizer matches any substring of three or more
-- characters, in English and Chinese alike ("alumin", "不锈钢").
CREATE VIRTUAL TABLE factors_fts USING fts5(code UNINDEXED, name_en, name_zh, tokenize = 'trigram');

PRAGMA user_version = 1;
