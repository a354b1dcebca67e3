-- audit: the log is append-only in the database itself (the H2 twin of the PostgreSQL trigger; same rules).
create trigger audit_event_append_only before update, delete on audit_event
    for each row call 'uk.contactpoint.audit.AppendOnlyTrigger';
