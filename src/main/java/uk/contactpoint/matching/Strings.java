package uk.contactpoint.matching;

/**
 * The string measures the comparison levels use, written for speed because the batch scores millions of pairs: a
 * bounded optimal-string-alignment distance (Damerau-Levenshtein where a transposed pair of neighbours counts as one
 * edit; commons-text has none) and Jaro-Winkler without allocation (commons-text allocates on every call).
 */
final class Strings {
    private Strings() {}

    /**
     * Whether the optimal-string-alignment distance between two strings is at most {@code max} (0, 1 or 2). Works on
     * the diagonal band only, so it costs O(length x max).
     */
    static boolean withinEdits(String a, String b, int max) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > max) {
            return false;
        }
        if (max == 1) {
            return withinOneEdit(a, b);
        }
        return distance(a, b, max + 1) <= max;
    }

    private static boolean withinOneEdit(String a, String b) {
        int la = a.length();
        int lb = b.length();
        int i = 0;
        int shorter = Math.min(la, lb);
        while (i < shorter && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == la && i == lb) {
            return true;
        }
        if (la == lb) {
            // One substitution, or one transposition of neighbours.
            if (a.regionMatches(i + 1, b, i + 1, la - i - 1)) {
                return true;
            }
            return i + 1 < la
                    && a.charAt(i) == b.charAt(i + 1)
                    && a.charAt(i + 1) == b.charAt(i)
                    && a.regionMatches(i + 2, b, i + 2, la - i - 2);
        }
        // One insertion or deletion.
        return la > lb ? a.regionMatches(i + 1, b, i, lb - i) : b.regionMatches(i + 1, a, i, la - i);
    }

    /** Optimal string alignment distance, stopping early at {@code cap} (returns cap when the distance is larger). */
    static int distance(String a, String b, int cap) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) >= cap) {
            return cap;
        }
        int[] prev2 = new int[lb + 1];
        int[] prev = new int[lb + 1];
        int[] cur = new int[lb + 1];
        for (int j = 0; j <= lb; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= la; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= lb; j++) {
                char cb = b.charAt(j - 1);
                int cost = ca == cb ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin >= cap) {
                return cap;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[lb], cap);
    }

    /** Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters), as commons-text computes it. */
    static double jaroWinkler(String a, String b) {
        if (a.equals(b)) {
            return 1.0;
        }
        int la = a.length();
        int lb = b.length();
        if (la == 0 || lb == 0) {
            return 0.0;
        }
        String s1 = la >= lb ? a : b; // longer
        String s2 = la >= lb ? b : a;
        int l1 = s1.length();
        int l2 = s2.length();
        int range = Math.max(l1 / 2 - 1, 0);
        long used1 = 0; // bitsets for names of up to 64 characters; longer ones fall back to arrays
        if (l1 > 64 || l2 > 64) {
            return new org.apache.commons.text.similarity.JaroWinklerSimilarity().apply(a, b);
        }
        long used2 = 0;
        int matches = 0;
        for (int i = 0; i < l2; i++) {
            char c = s2.charAt(i);
            int from = Math.max(i - range, 0);
            int to = Math.min(i + range + 1, l1);
            for (int j = from; j < to; j++) {
                if ((used1 & (1L << j)) == 0 && c == s1.charAt(j)) {
                    used1 |= 1L << j;
                    used2 |= 1L << i;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0.0;
        }
        int transpositions = 0;
        int j = 0;
        for (int i = 0; i < l2; i++) {
            if ((used2 & (1L << i)) != 0) {
                while ((used1 & (1L << j)) == 0) {
                    j++;
                }
                if (s2.charAt(i) != s1.charAt(j)) {
                    transpositions++;
                }
                j++;
            }
        }
        int prefix = 0;
        int maxPrefix = Math.min(4, l2);
        while (prefix < maxPrefix && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        double m = matches;
        double jaro = (m / l1 + m / l2 + (m - transpositions / 2.0) / m) / 3.0;
        return jaro < 0.7 ? jaro : jaro + 0.1 * prefix * (1.0 - jaro);
    }
}
