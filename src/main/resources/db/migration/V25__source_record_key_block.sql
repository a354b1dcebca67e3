-- feeds: new source records take their ids from blocks of a thousand, as children do (V16), so that a batch is
-- written without reading its generated keys back (ADR 38). Above any id the identity column gave out before.
create sequence source_record_key_block start with 1000000000000 increment by 1000;
