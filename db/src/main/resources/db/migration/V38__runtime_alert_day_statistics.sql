-- The alerts chart groups alerts by the UTC days of their first and last event. Without statistics on those
-- expressions PostgreSQL expects as many groups as alerts and sorts them all; with them it hashes a few dozen groups.
-- The expressions must stay exactly those of runtime.alerts.AlertQueries.perDay.
create statistics runtime_alert_days on
    (floor(date_part('epoch', first_seen) / 86400)), (floor(date_part('epoch', last_seen) / 86400)), priority_rank
    from runtime_alert;
analyze runtime_alert;
