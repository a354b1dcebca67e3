-- directory: retention of children's records (docs/adr/0030-record-retention.md). When the record was archived: the
-- data-management window (1 year) and the purge (6 years) both count from it.
alter table child add column archived_at timestamp with time zone;
create index child_archived_at on child (archived_at);
