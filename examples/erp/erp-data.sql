-- Illustrative ERP data of a fictional low-voltage equipment maker in Xiamen (NOT real company
-- data). Load after erp-schema.sql:  pcf-erp erp.db --init erp-schema.sql --init erp-data.sql
-- Factor codes refer to the shipped pcf factor database (data/factors-*.csv).

INSERT INTO suppliers (supplier_id, name, region) VALUES
  ('SUP-WZ', 'Illustrative RCCB supplier, Wenzhou', 'CN-ZJ');

INSERT INTO items (item_id, name, item_type, unit, mass_kg, factor_code, supplier_id,
                   supplier_pcf_kg_co2e, supplier_pcf_primary, updated_at) VALUES
  ('MCB-1P-C16', 'Miniature circuit breaker 1P C16 6 kA', 'finished', 'item', 0.134, NULL, NULL, NULL, 0, '2026-10-01'),
  ('MCB-3P-C32', 'Miniature circuit breaker 3P C32 6 kA', 'finished', 'item', 0.395, NULL, NULL, NULL, 0, '2026-10-01'),
  ('DB-12W', 'Distribution board, 12 ways, with 6 MCB 1P C16 and an RCCB', 'finished', 'item', 5.15, NULL, NULL, NULL, 0, '2026-10-01'),
  -- UK DESNZ 2025: Plastics: average plastic rigid - Primary material production (per tonne)
  ('MAT-PLASTIC', 'Thermoplastic moulding compound', 'material', 'kg', NULL, 'desnz-2025:19_505_5128_15_1', NULL, NULL, 0, '2026-01-15'),
  -- ADEME Base Carbone v22: Copper - virgin (per tonne)
  ('MAT-CU', 'Copper strip and wire', 'material', 'kg', NULL, 'ademe-base-carbone-v22:copper-virgin', NULL, NULL, 0, '2026-01-15'),
  -- ADEME Base Carbone v22: Steel or tinplate - virgin (per tonne)
  ('MAT-STEEL', 'Cold-rolled steel sheet and parts', 'material', 'kg', NULL, 'ademe-base-carbone-v22:steel-or-tinplate-virgin', NULL, NULL, 0, '2026-01-15'),
  -- UK DESNZ 2025: Paper and board: board - Primary material production (per tonne)
  ('MAT-BOARD', 'Corrugated board packaging', 'material', 'kg', NULL, 'desnz-2025:19_506_5156_15_1', NULL, NULL, 0, '2026-01-15'),
  -- Purchased with the supplier's PCF (ILLUSTRATIVE primary data)
  ('RCCB-2P-40', 'Residual current circuit breaker 2P 40 A 30 mA', 'purchased', 'item', 0.21, NULL, 'SUP-WZ', 3.8, 1, '2026-09-20');

INSERT INTO bom_lines (parent_id, child_id, quantity, updated_at) VALUES
  ('MCB-1P-C16', 'MAT-PLASTIC', 0.055, '2026-01-15'),
  ('MCB-1P-C16', 'MAT-CU', 0.030, '2026-01-15'),
  ('MCB-1P-C16', 'MAT-STEEL', 0.037, '2026-01-15'),
  ('MCB-1P-C16', 'MAT-BOARD', 0.012, '2026-01-15'),
  ('MCB-3P-C32', 'MAT-PLASTIC', 0.165, '2026-01-15'),
  ('MCB-3P-C32', 'MAT-CU', 0.095, '2026-01-15'),
  ('MCB-3P-C32', 'MAT-STEEL', 0.110, '2026-01-15'),
  ('MCB-3P-C32', 'MAT-BOARD', 0.025, '2026-01-15'),
  ('DB-12W', 'MCB-1P-C16', 6, '2026-03-02'),
  ('DB-12W', 'RCCB-2P-40', 1, '2026-03-02'),
  ('DB-12W', 'MAT-STEEL', 3.2, '2026-03-02'),
  ('DB-12W', 'MAT-PLASTIC', 0.45, '2026-03-02'),
  ('DB-12W', 'MAT-CU', 0.25, '2026-03-02'),
  ('DB-12W', 'MAT-BOARD', 0.35, '2026-03-02');

-- China MEE/NBS/NEA: national average electricity carbon footprint factor 2023 (life cycle)
INSERT INTO energy_meters (meter_id, item_id, carrier, factor_code, period, reading, reading_unit,
                           units_produced, updated_at) VALUES
  ('M-MCB1', 'MCB-1P-C16', 'electricity', 'cn-mee:china-national-average-electricity-carbon-footprint-factor-2023-life-cyc', '2026-10', 42000, 'kWh', 120000, '2026-11-01'),
  ('M-MCB3', 'MCB-3P-C32', 'electricity', 'cn-mee:china-national-average-electricity-carbon-footprint-factor-2023-life-cyc', '2026-10', 19500, 'kWh', 30000, '2026-11-01'),
  ('M-DB', 'DB-12W', 'electricity', 'cn-mee:china-national-average-electricity-carbon-footprint-factor-2023-life-cyc', '2026-10', 2600, 'kWh', 5200, '2026-11-01');

-- UK DESNZ 2025: HGV (all diesel) - All HGVs - Average laden (per tonne-km), TTW and WTT
INSERT INTO shipments (shipment_id, item_id, description, factor_code, wtt_factor_code, distance_km, updated_at) VALUES
  ('SH-1', 'MCB-1P-C16', 'Truck Xiamen → Shanghai distribution centre', 'desnz-2025:27_304_3140_14_1', 'desnz-2025:28_907_3140_14_1', 1050, '2026-10-05'),
  ('SH-2', 'MCB-3P-C32', 'Truck Xiamen → Shanghai distribution centre', 'desnz-2025:27_304_3140_14_1', 'desnz-2025:28_907_3140_14_1', 1050, '2026-10-05'),
  ('SH-3', 'DB-12W', 'Truck Xiamen → Guangzhou distribution centre', 'desnz-2025:27_304_3140_14_1', 'desnz-2025:28_907_3140_14_1', 700, '2026-10-05');
