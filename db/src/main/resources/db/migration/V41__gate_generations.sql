-- The gate remembers its verdicts (signing's GateService) and must never answer from a verdict older than what it
-- reads. Two generations say whether anything it reads has changed: gate_evidence_generation for what its one
-- statement per decision reads (image, scan, finding, image_signature and, through gate_waiver, finding_exception;
-- only the columns it reads), gate_policy_generation for gate_policy. Every statement that writes them moves the
-- generation on (statement-level triggers: a bulk import pays once, not per row), in its own transaction.
--
-- Why sequences and an advisory lock, not a counter row: a counter row updated by every writer would make all writers
-- of findings, scans, signatures and exceptions wait for each other until commit (and two rows, one per table, could
-- deadlock writers that touch them in different orders). nextval never waits, but it is not transactional: a
-- generation can be taken by a transaction that has not committed yet. So each writer also takes a shared
-- transaction-scoped advisory lock before it takes a generation, held until it commits or rolls back (shared locks do
-- not wait for each other). A replica keeps a verdict under generation g only if, after reading g and before reading
-- the data, it could take that lock exclusively for an instant: then every writer that took a generation <= g had
-- ended, and the data read includes it. A writer that takes a generation later makes g old before it commits, so the
-- verdict is only computed again, never used stale. A reader never waits: it only tries the lock.
--
-- Each sequence has been called once here, so its last_value changes with every nextval from now on.

create sequence gate_evidence_generation;
create sequence gate_policy_generation;
select nextval('gate_evidence_generation'), nextval('gate_policy_generation');

-- The advisory lock is hashtext('keelwatch.gate-generation') with 1 for evidence and 2 for policies (signing's
-- GateGenerations tries the same keys).
create function gate_generation_next(generation regclass, channel integer) returns void language plpgsql as $$
begin
    perform pg_advisory_xact_lock_shared(hashtext('keelwatch.gate-generation'), channel);
    perform nextval(generation);
end
$$;

-- tg_argv: the sequence, the lock's channel
create function gate_generation_changed() returns trigger language plpgsql as $$
begin
    perform gate_generation_next(cast(tg_argv[0] as regclass), cast(tg_argv[1] as integer));
    return null;
end
$$;

-- A new image row changes no verdict unless it arrives already scanned: without scans, findings or signatures (which
-- need the row first, and move the generation themselves) it reads as an image never seen. Images are upserted on
-- every scan import and admission, so only rows actually inserted scanned count.
create function gate_generation_image_inserted() returns trigger language plpgsql as $$
begin
    if exists (select 1 from inserted_image where last_scanned_at is not null) then
        perform gate_generation_next('gate_evidence_generation', 1);
    end if;
    return null;
end
$$;

create trigger gate_generation_insert after insert on image referencing new table as inserted_image
    for each statement execute function gate_generation_image_inserted();
create trigger gate_generation_change after update of id, repository, digest, last_scanned_at or delete or truncate on image
    for each statement execute function gate_generation_changed('gate_evidence_generation', '1');

create trigger gate_generation_change after insert or update of image_id, project_id or delete or truncate on scan
    for each statement execute function gate_generation_changed('gate_evidence_generation', '1');

create trigger gate_generation_change after insert
        or update of id, image_id, project_id, status, severity, fixed_version, first_seen, vulnerability_id, rule_id, title
        or delete or truncate on finding
    for each statement execute function gate_generation_changed('gate_evidence_generation', '1');

create trigger gate_generation_change after insert
        or update of id, project_id, image_id, status, key_id, identity_id, signer, reasons, verified_at
        or delete or truncate on image_signature
    for each statement execute function gate_generation_changed('gate_evidence_generation', '1');

create trigger gate_generation_change after insert or update or delete or truncate on finding_exception
    for each statement execute function gate_generation_changed('gate_evidence_generation', '1');

create trigger gate_generation_change after insert or update or delete or truncate on gate_policy
    for each statement execute function gate_generation_changed('gate_policy_generation', '2');
