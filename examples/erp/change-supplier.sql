-- The RCCB supplier sends an updated PCF: only the distribution board uses that part.
UPDATE items SET supplier_pcf_kg_co2e = 3.1, updated_at = '2026-12-02' WHERE item_id = 'RCCB-2P-40';
