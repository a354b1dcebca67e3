-- The records of a first load's chunk being linked (ADR 36): written and emptied inside the load's transaction, so
-- that the candidate query joins them rather than listing thousands of ids. Never holds anything between loads.
create table link_probe (
    source_record_id bigint primary key
);
