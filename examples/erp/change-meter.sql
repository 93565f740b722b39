-- A new month's reading on the 3-pole line's meter: only MCB-3P-C32 changes.
UPDATE energy_meters SET period = '2026-11', reading = 18200, units_produced = 31000,
       updated_at = '2026-12-01' WHERE meter_id = 'M-MCB3';
