-- The zone a person reads times in (an IANA id such as Europe/Berlin); null: the browser's own.
alter table app_user add column time_zone text check (time_zone is null or length(time_zone) between 1 and 64);
