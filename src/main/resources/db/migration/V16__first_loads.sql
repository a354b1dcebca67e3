-- feeds: how each run links its records (ADR 28). A source's first file is staged in batches, then linked in one
-- transaction by the batch linker (BULK); later files are linked batch by batch (INCREMENTAL). A run cut off while
-- BULK leaves staged records without links, and the next run of that source links them in bulk too.
alter table feed_run add column linkage varchar(11) default 'INCREMENTAL' not null;
alter table feed_run add constraint feed_run_linkage check (linkage in ('BULK', 'INCREMENTAL'));

-- A batch finds its rows' stored records by record_id. H2 does not use the second column of the
-- (source_code, record_id) unique index for an IN list, so each lookup scanned the source's records and a first load
-- slowed down as it grew; an index led by record_id serves the lookup on both databases.
create index source_record_record_id on source_record (record_id);

-- directory: new children take their ids from blocks of a thousand, so that a batch of new children is inserted
-- without asking the database for each generated key (on PostgreSQL that costs a round trip a row). Above any id the
-- identity column gave out before.
create sequence child_key_block start with 1000000000000 increment by 1000;
