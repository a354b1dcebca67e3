package uk.contactpoint.matching;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import uk.contactpoint.generator.Identifiers;

/** Hand-made linkage records for unit tests: a default child, changed one field at a time. */
final class Records {
    private static final SplittableRandom IDS = new SplittableRandom(20261125L);

    private Records() {}

    static Builder child() {
        return new Builder();
    }

    /** A valid NHS number from the generator's test range. */
    static String nhs() {
        synchronized (IDS) {
            return Identifiers.nhsNumber(IDS).value();
        }
    }

    static String upn() {
        synchronized (IDS) {
            return Identifiers.upn(IDS).value();
        }
    }

    static final class Builder {
        private String key = "nhs-pds/1";
        private String source = "nhs-pds";
        private String given = "Amelia Rose";
        private String family = "O'Brien";
        private List<String> former = List.of();
        private LocalDate dob = LocalDate.of(2016, 3, 9);
        private String gender = "female";
        private String postcode = "LS6 2AB";
        private String line1 = "12 Mill Lane";
        private String line2 = null;
        private String nhs = null;
        private String upn = null;
        private boolean shielded = false;

        Builder from(String source, String id) {
            this.source = source;
            this.key = source + "/" + id;
            return this;
        }

        Builder given(String v) {
            given = v;
            return this;
        }

        Builder family(String v) {
            family = v;
            return this;
        }

        Builder former(String... v) {
            former = List.of(v);
            return this;
        }

        Builder born(String v) {
            dob = v == null ? null : LocalDate.parse(v);
            return this;
        }

        Builder gender(String v) {
            gender = v;
            return this;
        }

        Builder postcode(String v) {
            postcode = v;
            return this;
        }

        Builder address(String l1, String l2) {
            line1 = l1;
            line2 = l2;
            return this;
        }

        Builder nhs(String v) {
            nhs = v;
            return this;
        }

        Builder upn(String v) {
            upn = v;
            return this;
        }

        Builder shielded() {
            shielded = true;
            return this;
        }

        LinkageRecord build() {
            return new LinkageRecord(
                    key, source, given, family, former, dob, gender, postcode, line1, line2, nhs, upn, shielded);
        }

        Prepared prepared() {
            return STANDARDISER.prepare(build());
        }
    }

    static final Standardiser STANDARDISER = new Standardiser(NameVariants.standard());
}
