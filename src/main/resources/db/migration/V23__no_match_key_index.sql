-- directory: child.match_key was indexed for a lookup that linkage replaced (link_key); no query reads it, and every
-- new child paid for the index in a first load of millions (ADR 38).
drop index child_match_key;
