-- directory: the archive date, the local authority and the UPN are absent for most children when a first load writes
-- them (nobody is archived yet, authorities are not yet filled, under-fives have no UPN). Every query on these columns
-- compares them with a value, which implies they are present, so indexes of the present values serve the same queries
-- while a first load of millions writes no index entry for an absent one (ADR 38). H2 has no partial indexes.
drop index child_archived_at;
create index child_archived_at on child (archived_at) where archived_at is not null;
drop index child_local_authority;
create index child_local_authority on child (local_authority_code) where local_authority_code is not null;
drop index child_upn;
create index child_upn on child (upn) where upn is not null;
