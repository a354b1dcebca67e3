package uk.contactpoint.matching;

/** 64-bit hashes for blocking keys. Never 0, so that 0 can mean "no key". */
final class Hashing {
    private Hashing() {}

    static long of(int rule, String value) {
        long h = 0xcbf29ce484222325L ^ rule;
        for (int i = 0; i < value.length(); i++) {
            h = (h ^ value.charAt(i)) * 0x100000001b3L;
        }
        return nonZero(mix(h));
    }

    static long of(String a, String b) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < a.length(); i++) {
            h = (h ^ a.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ '|') * 0x100000001b3L;
        for (int i = 0; i < b.length(); i++) {
            h = (h ^ b.charAt(i)) * 0x100000001b3L;
        }
        return mix(h);
    }

    static long of(int rule, long x, long y) {
        return nonZero(mix(mix(rule * 0x9E3779B97F4A7C15L + x) ^ (y * 0xC2B2AE3D27D4EB4FL)));
    }

    /** MurmurHash3's 64-bit finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static long nonZero(long h) {
        return h == 0 ? 1 : h;
    }
}
