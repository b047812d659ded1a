-- What is about to run: the admission webhook records the containers of each Pod or workload controller it lets
-- into a cluster (allowed, warned or break-glass; never a denied or dry-run request). Such a container is about to
-- run, not yet seen running: seen_running stays false until a snapshot shows it, and until then it counts for where
-- an image runs (the gate, drift) but not for what ran at a past time (recovery). A complete snapshot that does not
-- show it stops it as usual (the Pod never started, or was replaced).
alter table workload_container
    add column admitted_at  timestamptz,
    add column seen_running boolean not null default true;
