package uk.contactpoint.feeds;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit FNV-1a hash of a record id. Duplicates within a file are found by hash, which keeps memory at eight bytes
 * a row; two different ids in one file collide with odds of about n^2 / 2^65 (10 million rows: 1 in 370,000).
 */
final class RecordIdHash {
    private RecordIdHash() {}

    static long of(String recordId) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : recordId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
