-- link_key is a derived index of source_record (the blocking keys of linked records), written millions of rows at a
-- time by first loads. Its foreign key cost a trigger query per row, half the time of writing the keys; a key whose
-- record has gone can only name a candidate that then joins no link, and a record is purged with its keys first
-- (RecordRetention). docs/adr/0035-bulk-writes-with-copy.md
alter table link_key drop constraint link_key_source_record_id_fkey;
