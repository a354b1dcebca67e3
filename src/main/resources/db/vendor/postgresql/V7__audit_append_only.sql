-- audit: the log is append-only in the database itself. Rows may be inserted; the chainer may fill in the chain
-- fields of a row once (when they are still empty); nothing else may change or delete a row, nor truncate the table.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or tg_op = 'TRUNCATE' then
        raise exception 'audit_event is append-only: % refused', tg_op;
    end if;
    if old.entry_hash is not null or new.entry_hash is null
        or (new.seq, new.occurred_at, new.actor_user_id, new.actor_username, new.actor_organisation, new.actor_role,
            new.client_address, new.user_agent, new.action, new.subject_child_id, new.detail, new.reason, new.outcome)
           is distinct from
           (old.seq, old.occurred_at, old.actor_user_id, old.actor_username, old.actor_organisation, old.actor_role,
            old.client_address, old.user_agent, old.action, old.subject_child_id, old.detail, old.reason, old.outcome)
    then
        raise exception 'audit_event is append-only: UPDATE refused';
    end if;
    return new;
end
$$;

create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_append_only();

create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();
