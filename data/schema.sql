-- pcf factor database schema, version 3 (PRAGMA user_version = 3).
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


-- @upgrade-to 2
-- Version 2 adds imported life-cycle inventory databases (pcf lci import, docs/lci.md). A
-- version-1 file opened for writing is upgraded by running the statements from the line above to
-- the end of this file; a version-1 file opened read-only keeps working without them.
-- Every table is keyed by the imported database's name (`lcidb`, "uslci"), so one factor
-- database can hold several. Amounts are as published, plus the amount converted to the flow's
-- reference unit (`amount_ref`), which is what the matrices use.

CREATE TABLE lci_databases (
    lcidb      TEXT PRIMARY KEY NOT NULL,   -- the name given to `pcf lci import` ("uslci")
    source     TEXT NOT NULL,               -- the file or folder imported, as given
    format     TEXT NOT NULL,               -- "openLCA JSON-LD"
    processes  INTEGER NOT NULL,
    flows      INTEGER NOT NULL,
    exchanges  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE lci_unit_groups (
    lcidb TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
    ref_unit TEXT NOT NULL,                 -- name of the group's reference unit
    PRIMARY KEY (lcidb, id)
) WITHOUT ROWID;

CREATE TABLE lci_units (
    lcidb TEXT NOT NULL, id TEXT NOT NULL, unit_group TEXT NOT NULL, name TEXT NOT NULL,
    factor REAL NOT NULL,                   -- reference units per 1 of this unit
    PRIMARY KEY (lcidb, id)
) WITHOUT ROWID;

CREATE TABLE lci_flow_properties (
    lcidb TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, unit_group TEXT NOT NULL,
    PRIMARY KEY (lcidb, id)
) WITHOUT ROWID;

CREATE TABLE lci_flows (
    lcidb       TEXT NOT NULL,
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,              -- as published (trailing spaces kept)
    type        TEXT NOT NULL,              -- ELEMENTARY_FLOW, PRODUCT_FLOW, WASTE_FLOW
    compartment TEXT NOT NULL DEFAULT '',   -- category path ("air/unspecified")
    ref_property TEXT NOT NULL,             -- reference flow property
    ref_unit    TEXT NOT NULL,              -- reference unit of that property's unit group
    PRIMARY KEY (lcidb, id)
) WITHOUT ROWID;

-- How much of each flow property one reference unit of the flow has.
CREATE TABLE lci_flow_factors (
    lcidb TEXT NOT NULL, flow TEXT NOT NULL, property TEXT NOT NULL,
    factor REAL NOT NULL,                   -- units of `property` per 1 of the reference property
    PRIMARY KEY (lcidb, flow, property)
) WITHOUT ROWID;

CREATE TABLE lci_processes (
    lcidb     TEXT NOT NULL,
    id        TEXT NOT NULL,
    idx       INTEGER NOT NULL,             -- column of the technology matrix (0-based)
    name      TEXT NOT NULL,
    location  TEXT NOT NULL DEFAULT '',
    category  TEXT NOT NULL DEFAULT '',
    ref_flow  TEXT NOT NULL,                -- flow of the quantitative reference
    ref_amount REAL NOT NULL,               -- its amount, as published
    ref_unit  TEXT NOT NULL,                -- its unit, as published
    ref_to_flow_unit REAL NOT NULL,         -- 1 ref_unit in the flow's reference unit
    allocation REAL NOT NULL DEFAULT 1,     -- allocation factor applied to every input/emission
    file      TEXT NOT NULL DEFAULT '',     -- the file it was read from, for error messages
    allocation_listed INTEGER NOT NULL DEFAULT 0, -- 1: allocation factors given but not applied
    PRIMARY KEY (lcidb, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX lci_processes_idx ON lci_processes (lcidb, idx);

CREATE TABLE lci_exchanges (
    lcidb      TEXT NOT NULL,
    process    TEXT NOT NULL,
    n          INTEGER NOT NULL,            -- position in the process's exchange list
    id         TEXT NOT NULL DEFAULT '',    -- the exchange's @id
    flow       TEXT NOT NULL,
    input      INTEGER NOT NULL,            -- 1 input, 0 output
    amount     REAL NOT NULL,               -- as published
    unit       TEXT NOT NULL,               -- as published (the unit's name)
    unit_id    TEXT NOT NULL,
    property   TEXT NOT NULL,               -- the exchange's flow property
    amount_ref REAL NOT NULL,               -- in the flow's reference unit, allocation applied
    role       TEXT NOT NULL,               -- reference, linked, cutoff, coproduct, elementary
    provider   TEXT NOT NULL DEFAULT '',    -- linked: the providing process
    link_factor REAL NOT NULL DEFAULT 1,    -- linked: 1 unit of this exchange in the provider's
                                            -- reference unit, when the units differ
    dist       TEXT NOT NULL DEFAULT '',    -- uncertainty as published (LOG_NORMAL_DISTRIBUTION...)
    u1 REAL, u2 REAL, u3 REAL,              -- its parameters as published
    pedigree   TEXT NOT NULL DEFAULT '',    -- "(1;2;1;1;3)" as published
    PRIMARY KEY (lcidb, process, n)
) WITHOUT ROWID;

-- Everything the linker decided that a user should see (`pcf lci info`): ambiguous providers
-- with the one chosen, cut-off inputs, unit conversions on links, ignored co-products,
-- allocation lists that were not applied.
CREATE TABLE lci_notes (
    lcidb   TEXT NOT NULL,
    kind    TEXT NOT NULL,                  -- ambiguous, cutoff, conversion, coproduct, allocation
    process TEXT NOT NULL DEFAULT '',
    flow    TEXT NOT NULL DEFAULT '',
    detail  TEXT NOT NULL
);
CREATE INDEX lci_notes_by_db ON lci_notes (lcidb, kind);

PRAGMA user_version = 2;

-- @upgrade-to 3
-- Version 3 keeps each dataset's number of factor rows in the datasets table, so that opening a
-- file reads them instead of counting the factors table (a scan per dataset). Triggers keep the
-- count right whoever writes the factors (CSV import, LCI import, removal of LCI factors).
-- A version-2 file opened for writing is upgraded (the counts are taken once); opened
-- read-only it keeps working and its datasets are counted at open as before.

ALTER TABLE datasets ADD COLUMN factor_count INTEGER NOT NULL DEFAULT 0;
UPDATE datasets SET factor_count = (SELECT count(*) FROM factors f WHERE f.dataset = datasets.dataset);
CREATE TRIGGER datasets_count AFTER INSERT ON datasets BEGIN
    UPDATE datasets SET factor_count = (SELECT count(*) FROM factors f WHERE f.dataset = NEW.dataset)
    WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER factors_count_insert AFTER INSERT ON factors BEGIN
    UPDATE datasets SET factor_count = factor_count + 1 WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER factors_count_delete AFTER DELETE ON factors BEGIN
    UPDATE datasets SET factor_count = factor_count - 1 WHERE dataset = OLD.dataset;
END;
CREATE TRIGGER factors_count_update AFTER UPDATE OF dataset ON factors BEGIN
    UPDATE datasets SET factor_count = factor_count - 1 WHERE dataset = OLD.dataset;
    UPDATE datasets SET factor_count = factor_count + 1 WHERE dataset = NEW.dataset;
END;

PRAGMA user_version = 3;
