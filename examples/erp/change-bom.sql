-- Engineering change: less copper in the 1-pole breaker. MCB-1P-C16 changes, and so does the
-- distribution board that contains six of them.
UPDATE bom_lines SET quantity = 0.027, updated_at = '2026-12-03'
 WHERE parent_id = 'MCB-1P-C16' AND child_id = 'MAT-CU';
