-- audit: retention (issue 7). The audit about a child is kept for 6 years after the child's record is purged, then a
-- job removes it. Each removed entry leaves a tombstone with its chain position and hash, so the chain still verifies
-- across the hole and the removal itself is evidence. Both tables are append-only (vendor triggers, V12).

-- The children whose records the directory has purged, and when.
create table audit_purged_child (
    child_id  varchar(11) primary key,
    purged_at timestamp with time zone not null
);

create table audit_tombstone (
    chain_pos        bigint primary key,
    seq              bigint not null,
    subject_child_id varchar(11) not null,
    entry_hash       varchar(64) not null,
    removed_at       timestamp with time zone not null,
    -- The RETENTION audit event that reports the run which removed it.
    run_seq          bigint not null
);
