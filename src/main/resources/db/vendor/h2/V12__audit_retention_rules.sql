-- audit: the H2 twin of the PostgreSQL retention rules (the trigger class checks the tombstone and the purge date).
create trigger audit_tombstone_append_only before update, delete on audit_tombstone
    for each row call 'uk.contactpoint.audit.AppendOnlyTrigger$Always';
create trigger audit_purged_child_append_only before update, delete on audit_purged_child
    for each row call 'uk.contactpoint.audit.AppendOnlyTrigger$Always';
