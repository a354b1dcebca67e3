-- audit: the misuse scan reads each event once, in chain order, and keeps per user and day the counts its day rules
-- need, instead of re-reading every event of the day on each scan (ADR 29).
create table misuse_tally (
    user_id           bigint       not null,
    tally_day         date         not null,
    username          varchar(100) not null,
    organisation      varchar(20),
    searches          integer      not null,
    views             integer      not null,
    out_of_area_views integer      not null,
    primary key (user_id, tally_day)
);

-- The scan's position is now a chain position (given by the one chainer, in order, only to committed events), not a
-- sequence number (taken at insert, so a later number can commit first). The first scan reads the log once from the
-- start; the alerts already raised are not raised again (one per user, rule and day).
alter table misuse_scan add column last_chain_pos bigint not null default 0;
alter table misuse_scan drop column last_seq;
