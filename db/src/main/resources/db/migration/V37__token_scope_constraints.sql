-- The scopes tokens may carry, now with metrics:read (the token a Prometheus job scrapes /actuator/prometheus
-- with), and the scopes a token bound to a cluster may carry: V28 (recovery:write) and V29 (admission:review) each
-- redefined that constraint without the other's scope, so after both a cluster's recovery token was refused.
alter table api_token drop constraint api_token_scopes_check;
alter table api_token add constraint api_token_scopes_check
    check (cardinality(scopes) > 0
           and scopes <@ array['scans:write', 'alerts:write', 'signatures:write', 'recovery:write',
                               'inventory:write', 'projects:write', 'read', 'admin', 'admission:review',
                               'metrics:read']::text[]);
alter table api_token drop constraint api_token_cluster_scopes;
alter table api_token
    add constraint api_token_cluster_scopes
        check (cluster_id is null or (team_id is null
            and scopes <@ array['inventory:write', 'alerts:write', 'recovery:write', 'admission:review']::text[]));
