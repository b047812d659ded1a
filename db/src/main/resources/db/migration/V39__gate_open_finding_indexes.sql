-- The gate reads, for every image an admission names, its open findings counted by severity and its oldest open
-- critical with a fix. Through finding_image_idx that visits every finding row of the image (about a hundred, each on
-- its own page once imports and triage have scattered them) on every admission; these partial indexes answer both
-- from the index alone: the counts by an index-only scan of (image_id, severity), the oldest fixable critical by the
-- first entry in first-seen order (one row read). Open findings are those the gate counts: 'open' and 'in_progress'.
create index finding_gate_open_idx on finding (image_id, severity) where status in ('open', 'in_progress');

create index finding_gate_fixable_critical_idx on finding (image_id, first_seen, id)
    where status in ('open', 'in_progress') and severity = 'CRITICAL' and coalesce(fixed_version, '') <> '';
