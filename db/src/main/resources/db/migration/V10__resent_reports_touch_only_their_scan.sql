-- Re-sending a report already imported (same bytes, same project) changes nothing but "last seen".
-- Instead of rewriting last_seen on every finding the report shows (14,000 row versions for one
-- CI retry), the scan records when its bytes were sent again; a finding's last seen is the later
-- of its own last_seen and that time on the scan that saw it last (its last_scan_id).
alter table scan add column last_resent_at timestamptz;
