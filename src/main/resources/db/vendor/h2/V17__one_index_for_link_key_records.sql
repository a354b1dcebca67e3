-- H2 gave link_key's foreign key its own index on source_record_id before V9 created link_key_record on the same
-- column, so every key written updated both. The foreign key's index serves the lookups alone. PostgreSQL makes no
-- index for a foreign key, so there link_key_record is the only one and stays.
drop index link_key_record;
