package uk.contactpoint.matching;

/**
 * A record that cannot tell two records of one other source apart must not choose between them. That is the case when
 * it compares the same with both on every field but the given name, its given name is, by the twin rule's own test
 * ({@link Comparisons#sameGivenName}), the same name as both, and it is spelled like both or like neither: twins named
 * Muhammad and Muhammed in the school census against a health record's Mohammed. (Two records of one source with the
 * same first name, date of birth, family name and home are one child twice, since twins are never given one name: then
 * either is right, and the other is a possible duplicate as before.) Linking it to either is a guess, and a wrong
 * guess shows one child's services on another's record, so such a record is never linked automatically: it goes to
 * the team's review, as a shielded one does. A record spelled like one of them and not the other, or that differs from
 * them on any other field, decides as usual. See docs/adr/0034-a-record-that-cannot-tell-two-children-apart.md.
 */
final class Ambiguity {

    private static final int ALL_BUT_GIVEN = ~Field.GIVEN_NAME.pack(0xF);

    private Ambiguity() {}

    /**
     * Whether {@code self} is ambiguous, given its partners at or above the match threshold and their packed comparison
     * levels ({@link Comparisons#compare}), the first {@code count} entries.
     */
    static boolean of(Prepared self, Prepared[] partners, int[] levels, int count) {
        for (int i = 0; i < count; i++) {
            if (partners[i].source.equals(self.source) || !Comparisons.sameGivenName(self, partners[i])) {
                continue;
            }
            for (int j = i + 1; j < count; j++) {
                if ((levels[j] & ALL_BUT_GIVEN) == (levels[i] & ALL_BUT_GIVEN)
                        && spelledTheSame(levels[j]) == spelledTheSame(levels[i])
                        && partners[j].source.equals(partners[i].source)
                        && Comparisons.sameGivenName(self, partners[j])
                        && !spelledTheSame(Field.GIVEN_NAME.pack(Comparisons.given(partners[i], partners[j])))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean spelledTheSame(int packed) {
        int given = Field.GIVEN_NAME.of(packed);
        return given == Field.GIVEN_ALL_EXACT
                || given == Field.GIVEN_EXACT
                || given == Field.GIVEN_EXACT_MIDDLE_DIFFERS;
    }
}
