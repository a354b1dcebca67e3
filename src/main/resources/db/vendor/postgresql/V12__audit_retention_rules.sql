-- audit: the only DELETE the append-only rule allows is retention's: a chained entry about a child purged more than
-- 6 years ago, whose tombstone (same position, same hash) is already written. Whatever the application is told, the
-- database refuses anything younger. Tombstones and purge records are themselves append-only.
create or replace function audit_event_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'TRUNCATE' then
        raise exception 'audit_event is append-only: TRUNCATE refused';
    end if;
    if tg_op = 'DELETE' then
        if old.chain_pos is not null and exists (
            select 1 from audit_tombstone t join audit_purged_child p on p.child_id = t.subject_child_id
            where t.chain_pos = old.chain_pos and t.entry_hash = old.entry_hash
              and t.subject_child_id = old.subject_child_id and p.purged_at < now() - interval '6 years') then
            return old;
        end if;
        raise exception 'audit_event is append-only: DELETE refused';
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

create function audit_retention_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op;
end
$$;

create trigger audit_tombstone_append_only before update or delete on audit_tombstone
    for each row execute function audit_retention_append_only();
create trigger audit_tombstone_no_truncate before truncate on audit_tombstone
    for each statement execute function audit_retention_append_only();
create trigger audit_purged_child_append_only before update or delete on audit_purged_child
    for each row execute function audit_retention_append_only();
create trigger audit_purged_child_no_truncate before truncate on audit_purged_child
    for each statement execute function audit_retention_append_only();
