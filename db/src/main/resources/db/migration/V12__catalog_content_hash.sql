-- Most catalog entries an import describes are already stored exactly as the report states them
-- (the same CVE in every image of a project). Each row remembers a hash of the entry that last
-- wrote it, so an import first asks which (id, hash) pairs are already there and sends only the
-- rest, instead of every description to be compared. Applying the same entry twice is a no-op
-- (the merge keeps non-null values), so skipping it changes nothing.
alter table vulnerability add column content_hash text;
