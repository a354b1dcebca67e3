package uk.contactpoint.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import uk.contactpoint.feeds.SourceRecordView;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.feeds.SourceRecordsChanged;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.Postcode;
import uk.contactpoint.kernel.SourceCode;
import uk.contactpoint.kernel.Upn;

/**
 * Links changed source records to children with exact rules only: the same NHS number, the same UPN, or the same
 * standardised family name, first given name and date of birth in the same postal district. Anything less certain
 * becomes a new child. This is the foundation's linker; the probabilistic engine of issue 4 replaces the decision
 * (see docs/adr/0009-deterministic-linkage-first.md). The safety rules hold already: a shielded child is never linked
 * automatically, conflicting NHS numbers never link, one source holds one record per child, and a link already made
 * (AUTO or MANUAL) is never changed by a later run.
 */
@Component
class DeterministicLinker {

    static final String MODEL_VERSION = "deterministic-1";

    private final SourceRecords sourceRecords;
    private final Sources sources;
    private final Children children;
    private final SourceLinks links;
    private final ChangeLog changeLog;
    private final ChildAssembler assembler;
    private final Map<String, Integer> ranks = new ConcurrentHashMap<>();

    DeterministicLinker(
            SourceRecords sourceRecords, Sources sources, Children children, SourceLinks links, ChangeLog changeLog) {
        this.sourceRecords = sourceRecords;
        this.sources = sources;
        this.children = children;
        this.links = links;
        this.changeLog = changeLog;
        this.assembler = new ChildAssembler(this::rank);
    }

    /** Runs inside the transaction that changed the records: links and child records commit with them, or not at all. */
    @EventListener
    public void on(SourceRecordsChanged event) {
        Set<Long> created = new LinkedHashSet<>();
        Set<Long> affected = new LinkedHashSet<>();
        List<SourceRecordView> records = new ArrayList<>(sourceRecords.findByIds(event.sourceRecordIds()));
        records.sort(Comparator.comparingLong(SourceRecordView::id));
        for (SourceRecordView record : records) {
            Optional<Long> linked = links.matchedChild(record.id());
            if (linked.isPresent()) {
                affected.add(linked.get());
                continue;
            }
            if (!record.active()) {
                continue;
            }
            var decision = decide(record);
            if (decision.candidate() == null) {
                long id = children.create(assembler.assemble(List.of(record)).orElseThrow());
                links.autoLink(record.id(), id, SourceLinks.Result.MATCH, "new child: no exact candidate");
                created.add(id);
            } else if (decision.candidate().shielded()) {
                // Never link a shielded child automatically, and never make a second, visible record of it.
                links.autoLink(
                        record.id(),
                        decision.candidate().id(),
                        SourceLinks.Result.POSSIBLE_MATCH,
                        decision.rule() + "; the child is shielded");
            } else {
                links.autoLink(record.id(), decision.candidate().id(), SourceLinks.Result.MATCH, decision.rule());
                affected.add(decision.candidate().id());
            }
        }
        affected.removeAll(created);
        for (long childId : affected) {
            var assembled = assembler.assemble(sourceRecords.findByIds(links.matchedRecords(childId)));
            if (assembled.isPresent()) {
                children.update(childId, assembled.get());
            } else {
                children.markUnknownToSources(childId);
            }
        }
        List<ChangeLog.Change> changes = new ArrayList<>();
        created.forEach(id -> changes.add(new ChangeLog.Change(id, ChangeLog.Kind.CREATED)));
        affected.forEach(id -> changes.add(new ChangeLog.Change(id, ChangeLog.Kind.UPDATED)));
        changeLog.append(changes);
    }

    private record Decision(Children.Candidate candidate, String rule) {}

    private Decision decide(SourceRecordView record) {
        var data = record.data();
        String nhs = data.nhsNumber().map(NhsNumber::value).orElse(null);
        String district = data.address().postcode().map(Postcode::district).orElse(null);
        if (nhs != null) {
            var found = children.byNhsNumber(nhs);
            if (found.size() == 1) {
                return checked(record, found.getFirst(), "same NHS number");
            }
        }
        if (data.upn().isPresent()) {
            var found = children.byUpn(data.upn().map(Upn::value).get()).stream()
                    .filter(c -> !conflicts(nhs, c))
                    .toList();
            if (found.size() == 1) {
                return checked(record, found.getFirst(), "same UPN");
            }
        }
        var found =
                children
                        .byMatchKey(ChildAssembler.matchKey(data.familyName(), data.givenNames(), data.dateOfBirth()))
                        .stream()
                        .filter(c -> !conflicts(nhs, c))
                        .filter(c -> district == null
                                || c.postcode() == null
                                || new Postcode(c.postcode()).district().equals(district))
                        .toList();
        if (found.size() == 1) {
            return checked(record, found.getFirst(), "same name, date of birth and postal district");
        }
        return new Decision(null, "no exact candidate");
    }

    /** One source never holds two records of one child: a second record from the same source is someone else. */
    private Decision checked(SourceRecordView record, Children.Candidate candidate, String rule) {
        if (links.childHasRecordFrom(candidate.id(), record.source(), record.id())) {
            return new Decision(null, "candidate already has a record from " + record.source());
        }
        return new Decision(candidate, rule);
    }

    private static boolean conflicts(String nhs, Children.Candidate candidate) {
        return nhs != null && candidate.nhsNumber() != null && !nhs.equals(candidate.nhsNumber());
    }

    private int rank(String source) {
        return ranks.computeIfAbsent(
                source,
                code -> sources.find(new SourceCode(code))
                        .map(s -> switch (s.kind()) {
                            case HEALTH -> 0;
                            case SCHOOL_CENSUS -> 1;
                            case LOCAL_AUTHORITY -> 2;
                            case PRACTITIONER -> 3;
                            case BIRTHS -> 4;
                            case BENEFIT -> 5;
                        })
                        .orElse(9));
    }
}
