package uk.contactpoint.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import uk.contactpoint.feeds.FeedRow;
import uk.contactpoint.feeds.SourceRecordView;
import uk.contactpoint.kernel.Gender;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.Postcode;
import uk.contactpoint.kernel.Upn;
import uk.contactpoint.matching.Standardise;

/**
 * Builds the one record of a child from its source records. Identity fields come from the most authoritative source
 * that has them (health, then schools, local authorities, practitioners, births, benefits); the address from the
 * most recently changed record that has one; carers, former names and services from all of them. See
 * docs/adr/0008-assembling-a-child.md.
 */
final class ChildAssembler {

    private final Function<String, Integer> sourceRank;

    /** @param sourceRank lower is more authoritative for names and dates */
    ChildAssembler(Function<String, Integer> sourceRank) {
        this.sourceRank = sourceRank;
    }

    static String matchKey(String familyName, String givenNames, java.time.LocalDate dateOfBirth) {
        return Standardise.nameKey(familyName) + "|" + Standardise.nameKey(Standardise.firstGivenName(givenNames)) + "|"
                + dateOfBirth;
    }

    /** The fields the team can say which source to take from (a data quality query's resolution). */
    enum Field {
        NAME,
        DATE_OF_BIRTH,
        GENDER,
        ADDRESS
    }

    /** Empty when none of the records is active: the caller keeps the last known record. */
    Optional<AssembledChild> assemble(List<SourceRecordView> records) {
        return assemble(records, Map.of());
    }

    /**
     * As {@link #assemble(List)}, except that a field with a preferred source takes that source's active record's value
     * when it has one (the team decided the usual order was wrong for this child).
     */
    Optional<AssembledChild> assemble(List<SourceRecordView> records, Map<Field, String> preferred) {
        List<SourceRecordView> active = records.stream()
                .filter(SourceRecordView::active)
                .sorted(Comparator.comparing((SourceRecordView r) -> sourceRank.apply(r.source()))
                        .thenComparing(SourceRecordView::id))
                .toList();
        if (active.isEmpty()) {
            return Optional.empty();
        }
        FeedRow named = preferredOr(active, preferred.get(Field.NAME), active.getFirst())
                .data();
        FeedRow born = preferredOr(active, preferred.get(Field.DATE_OF_BIRTH), active.getFirst())
                .data();
        String nhs = first(active, r -> r.nhsNumber().map(NhsNumber::value).orElse(null));
        String upn = first(active, r -> r.upn().map(Upn::value).orElse(null));
        String gender = preferredRecord(active, preferred.get(Field.GENDER))
                .flatMap(r -> r.data().gender())
                .map(Gender::name)
                .orElseGet(() -> first(active, r -> r.gender().map(Gender::name).orElse(null)));

        var addressed = preferredRecord(active, preferred.get(Field.ADDRESS))
                .filter(r -> r.data().noFixedAbode() || !r.data().address().isEmpty())
                .or(() -> active.stream()
                        .filter(r ->
                                r.data().noFixedAbode() || !r.data().address().isEmpty())
                        .max(Comparator.comparing(SourceRecordView::updatedAt)
                                .thenComparing(r -> -sourceRank.apply(r.source()))));
        String status = "NO_KNOWN_ADDRESS";
        FeedRow.Address address = null;
        if (addressed.isPresent() && !addressed.get().data().noFixedAbode()) {
            status = "CURRENT";
            address = addressed.get().data().address();
        }

        String familyKey = Standardise.nameKey(named.familyName());
        Set<String> former = new LinkedHashSet<>();
        Set<String> formerKeys = new LinkedHashSet<>();
        for (SourceRecordView record : active) {
            List<String> names = new ArrayList<>(record.data().formerFamilyNames());
            names.add(record.data().familyName());
            for (String name : names) {
                String key = Standardise.nameKey(name);
                if (!key.isEmpty() && !key.equals(familyKey) && formerKeys.add(key)) {
                    former.add(name);
                }
            }
        }

        Map<String, AssembledChild.Carer> carers = new LinkedHashMap<>();
        List<AssembledChild.Involvement> involvements = new ArrayList<>();
        for (SourceRecordView record : active) {
            for (FeedRow.Carer carer : record.data().carers()) {
                carers.putIfAbsent(
                        Standardise.nameKey(carer.name()),
                        new AssembledChild.Carer(
                                carer.name(), carer.relationship(), carer.phone(), carer.email(), record.id()));
            }
            record.data()
                    .service()
                    .ifPresent(s -> involvements.add(new AssembledChild.Involvement(
                            s.type(),
                            s.organisationCode(),
                            s.name(),
                            s.practitionerName(),
                            s.practitionerPhone(),
                            s.practitionerEmail(),
                            s.startDate().orElse(null),
                            s.leadProfessional(),
                            s.cafCompletedDate().orElse(null),
                            record.data().consentRecorded(),
                            record.id())));
        }
        var death = active.stream()
                .map(r -> r.data().dateOfDeath())
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(null);
        return Optional.of(new AssembledChild(
                named.givenNames(),
                named.familyName(),
                born.dateOfBirth(),
                gender == null ? Gender.NOT_SPECIFIED.name() : gender,
                nhs,
                upn,
                matchKey(named.familyName(), named.givenNames(), born.dateOfBirth()),
                status,
                address == null ? null : address.line1(),
                address == null ? null : address.line2(),
                address == null ? null : address.town(),
                address == null ? null : address.postcode().map(Postcode::value).orElse(null),
                address == null ? null : address.uprn(),
                death,
                List.copyOf(former),
                List.copyOf(carers.values()),
                List.copyOf(involvements)));
    }

    /** The most recently changed active record of the preferred source, if any. */
    private static Optional<SourceRecordView> preferredRecord(List<SourceRecordView> active, String source) {
        return source == null
                ? Optional.empty()
                : active.stream()
                        .filter(r -> r.source().equals(source))
                        .max(Comparator.comparing(SourceRecordView::updatedAt));
    }

    private static SourceRecordView preferredOr(
            List<SourceRecordView> active, String source, SourceRecordView otherwise) {
        return preferredRecord(active, source).orElse(otherwise);
    }

    private static String first(List<SourceRecordView> records, Function<FeedRow, String> field) {
        return records.stream()
                .map(r -> field.apply(r.data()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }
}
