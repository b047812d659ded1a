-- A trivy k8s cluster report names many images and is imported as one scan per image it can
-- identify, with the format 'trivy-k8s': a source of its own, so its silence closes only what an
-- earlier cluster report showed (a plain `trivy image` report never shows a workload's
-- misconfigurations, and must not close them).
alter table scan drop constraint scan_report_format_check;
alter table scan add constraint scan_report_format_check
    check (report_format in ('trivy', 'trivy-k8s', 'grype', 'sarif', 'cyclonedx', 'openvex'));

-- Those scans share one report. Its compressed bytes are kept once, on the first scan the import
-- wrote; the others name that scan instead of holding another copy of a report that can be large.
alter table scan alter column report_gzip drop not null;
alter table scan add column report_scan_id bigint references scan (id);
alter table scan add constraint scan_report_kept_once check ((report_gzip is null) = (report_scan_id is not null));
