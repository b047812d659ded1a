-- What the lead who approved, rejected or revoked an exception said about it (optional); the audit
-- log keeps it too, with the decision.
alter table finding_exception add column decision_comment text check (length(decision_comment) between 1 and 4000);
