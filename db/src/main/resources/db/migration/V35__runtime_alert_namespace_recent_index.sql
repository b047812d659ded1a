-- An incident's candidate alerts are the newest of each of its namespaces: walked in this order, the read stops
-- after a page instead of sorting every alert the namespace ever had.
create index runtime_alert_namespace_recent_idx on runtime_alert (cluster_id, namespace, last_seen desc, id desc);
