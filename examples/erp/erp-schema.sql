-- An ERP-style database of a (fictional) low-voltage equipment maker in Xiamen, Fujian.
-- The tables look like what an ERP holds anyway: items, bills of materials, suppliers, shipments
-- and energy meters. pcf-erp reads them, builds each finished product's model through the pcf C
-- API and writes footprints back into pcf_results / pcf_result_stages.
--
-- All amounts are ILLUSTRATIVE (not a real company's data); emission factors are NOT stored here:
-- items and meters name a factor code of the pcf factor database (data/*.csv), except purchased
-- parts, which carry their supplier's PCF (illustrative primary data).
--
-- Create with:  pcf-erp erp.db --init erp-schema.sql --init erp-data.sql

PRAGMA foreign_keys = ON;

CREATE TABLE suppliers (
    supplier_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    region      TEXT NOT NULL
);

-- item_type: 'finished' (sold, gets a footprint), 'assembly' (made in-house from a BOM; may also
-- be finished), 'material' (bought by mass, has a factor code), 'purchased' (bought part with
-- a supplier PCF per item).
CREATE TABLE items (
    item_id        TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    item_type      TEXT NOT NULL CHECK (item_type IN ('finished', 'assembly', 'material', 'purchased')),
    unit           TEXT NOT NULL,           -- unit the item is counted in: 'kg' or 'item'
    mass_kg        REAL,                    -- mass of one unit (finished goods, purchased parts)
    factor_code    TEXT,                    -- materials: factor code in the pcf database
    supplier_id    TEXT REFERENCES suppliers (supplier_id),
    supplier_pcf_kg_co2e REAL,              -- purchased: supplier's cradle-to-gate PCF per item
    supplier_pcf_primary INTEGER DEFAULT 0, -- 1 when the supplier's PCF is primary data
    updated_at     TEXT NOT NULL
);

CREATE TABLE bom_lines (
    parent_id  TEXT NOT NULL REFERENCES items (item_id),
    child_id   TEXT NOT NULL REFERENCES items (item_id),
    quantity   REAL NOT NULL CHECK (quantity > 0), -- in the child's unit, per one parent
    updated_at TEXT NOT NULL,
    PRIMARY KEY (parent_id, child_id)
);

-- Outbound shipments to customers (distribution), per unit shipped.
CREATE TABLE shipments (
    shipment_id  TEXT PRIMARY KEY,
    item_id      TEXT NOT NULL REFERENCES items (item_id),
    description  TEXT NOT NULL,
    factor_code  TEXT NOT NULL,            -- transport factor per tonne-km, tank-to-wheel
    wtt_factor_code TEXT,                  -- its well-to-tank part (ISO 14083: report WTW)
    distance_km  REAL NOT NULL CHECK (distance_km >= 0),
    updated_at   TEXT NOT NULL
);

-- Sub-meters on production lines; energy per unit = reading / units_produced in the period.
CREATE TABLE energy_meters (
    meter_id       TEXT PRIMARY KEY,
    item_id        TEXT NOT NULL REFERENCES items (item_id),
    carrier        TEXT NOT NULL,          -- 'electricity', 'natural gas', ...
    factor_code    TEXT NOT NULL,
    period         TEXT NOT NULL,
    reading        REAL NOT NULL CHECK (reading >= 0),
    reading_unit   TEXT NOT NULL,          -- 'kWh', 'm3', ...
    units_produced INTEGER NOT NULL CHECK (units_produced > 0),
    updated_at     TEXT NOT NULL
);

-- The job looks meters and shipments up by item, once per product.
CREATE INDEX energy_meters_by_item ON energy_meters (item_id);
CREATE INDEX shipments_by_item ON shipments (item_id);

-- Written by pcf-erp, in one transaction per run.
CREATE TABLE pcf_results (
    item_id          TEXT PRIMARY KEY REFERENCES items (item_id),
    input_digest     TEXT NOT NULL,  -- SHA-256 of the model JSON + factor datasets it was built from
    declared_unit    TEXT NOT NULL,
    total_kg_co2e    REAL NOT NULL,
    fossil_kg_co2e   REAL NOT NULL,
    biogenic_kg_co2e REAL NOT NULL,
    library_version  TEXT NOT NULL,
    computed_at      TEXT NOT NULL
);

CREATE TABLE pcf_result_stages (
    item_id    TEXT NOT NULL REFERENCES pcf_results (item_id) ON DELETE CASCADE,
    stage      TEXT NOT NULL,
    kg_co2e    REAL NOT NULL,
    PRIMARY KEY (item_id, stage)
);
