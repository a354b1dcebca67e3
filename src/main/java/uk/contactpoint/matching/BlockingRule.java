package uk.contactpoint.matching;

import java.util.List;

/**
 * The blocking rules: two records become a candidate pair when any rule gives them the same key. Each rule is a
 * hashed key (0 when the record lacks a value the rule needs). The union is designed so that each kind of error the
 * sources make leaves at least one rule intact; see docs/adr/0015-blocking-and-em.md.
 */
enum BlockingRule {
    NHS_NUMBER("NHS number") {
        @Override
        long key(Prepared p) {
            return p.nhs == null ? 0 : Hashing.of(1, p.nhs);
        }
    },
    UPN("UPN") {
        @Override
        long key(Prepared p) {
            return p.upn == null ? 0 : Hashing.of(2, p.upn);
        }
    },
    DOB_FAMILY_INITIAL("date of birth + family name initial") {
        @Override
        long key(Prepared p) {
            return !p.hasDob() || p.family == null ? 0 : Hashing.of(3, p.dobEpochDay, p.family.charAt(0));
        }
    },
    DOB_GIVEN_INITIAL("date of birth + given name initial") {
        @Override
        long key(Prepared p) {
            // Survives a changed or hyphenated family name.
            return !p.hasDob() || p.first == null ? 0 : Hashing.of(4, p.dobEpochDay, p.first.charAt(0));
        }
    },
    PHONETIC_NAME_BIRTH_MONTH("phonetic given and family name + birth year and month") {
        @Override
        long key(Prepared p) {
            // Survives a wrong day, and spelling that sounds the same.
            return !p.hasDob() || p.firstPhonetic == null || p.familyPhonetic == null
                    ? 0
                    : Hashing.of(5, p.year * 100 + p.month, Hashing.of(p.firstPhonetic, p.familyPhonetic));
        }
    },
    POSTCODE_GIVEN_INITIAL("postcode + given name initial") {
        @Override
        long key(Prepared p) {
            // Survives a wrong date of birth.
            return p.postcode == null || p.first == null
                    ? 0
                    : Hashing.of(6, p.first.charAt(0), Hashing.of(p.postcode, ""));
        }
    },
    TRANSPOSED_DOB_GIVEN_INITIAL("birth year + day and month in either order + given initial") {
        @Override
        long key(Prepared p) {
            // The same key for 2015-03-07 and 2015-07-03: survives a day/month transposition.
            if (!p.hasDob() || p.first == null) {
                return 0;
            }
            int lo = Math.min(p.day, p.month);
            int hi = Math.max(p.day, p.month);
            return Hashing.of(7, p.year * 10_000 + lo * 100 + hi, p.first.charAt(0));
        }
    },
    PHONETIC_NAME_DAY_MONTH("phonetic given and family name + day and month") {
        @Override
        long key(Prepared p) {
            // Survives a wrong year of birth.
            return !p.hasDob() || p.firstPhonetic == null || p.familyPhonetic == null
                    ? 0
                    : Hashing.of(8, p.month * 100 + p.day, Hashing.of(p.firstPhonetic, p.familyPhonetic));
        }
    };

    static final List<BlockingRule> ALL = List.of(values());

    final String description;

    BlockingRule(String description) {
        this.description = description;
    }

    abstract long key(Prepared p);
}
