-- metrics:read: the token a Prometheus job scrapes /actuator/prometheus with.
alter table api_token drop constraint api_token_scopes_check;
alter table api_token add constraint api_token_scopes_check
    check (cardinality(scopes) > 0
           and scopes <@ array['scans:write', 'alerts:write', 'signatures:write', 'recovery:write',
                               'inventory:write', 'projects:write', 'read', 'admin', 'admission:review',
                               'metrics:read']::text[]);
