-- directory: the trained matching models, and the blocking keys that find a new record's candidates.

-- Every model the directory has linked with, so that each link's model_version can be read back. One is active.
create table match_model (
    version    varchar(40) primary key,
    body       varchar(10000000) not null,
    -- Where the model came from: TRAINED on this directory's records, or the BUNDLED starting model.
    origin     varchar(10) not null check (origin in ('TRAINED', 'BUNDLED')),
    trained_on bigint not null,
    created_at timestamp with time zone not null,
    active     boolean not null
);

-- The blocking keys of each linked source record (one row per rule that gives the record a key). A new record's
-- candidates are the records sharing any key with it: the same pairs the batch linker's blocking makes. Written in
-- the transaction that links the record, so a record loaded a moment ago is already a candidate.
create table link_key (
    block_key        bigint not null,
    source_record_id bigint not null references source_record (id)
);

create index link_key_block on link_key (block_key);
create index link_key_record on link_key (source_record_id);
