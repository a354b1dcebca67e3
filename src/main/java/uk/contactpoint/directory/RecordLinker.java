package uk.contactpoint.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import uk.contactpoint.feeds.SourceRecordView;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.feeds.SourceRecordsChanged;
import uk.contactpoint.matching.BlockingKeys;
import uk.contactpoint.matching.Decision;
import uk.contactpoint.matching.InMemoryCandidateFinder;
import uk.contactpoint.matching.IncrementalLinker;
import uk.contactpoint.matching.LinkageRecord;
import uk.contactpoint.matching.MatchModel;
import uk.contactpoint.matching.Shortlist;

/**
 * Links changed source records to children with the matching engine, inside the transaction that changed them, so
 * that records, links and children commit together or not at all (docs/adr/0017-linkage-in-the-directory.md).
 *
 * <p>For each batch: the new (or changed) records' blocking keys find the records that share a key; those that can
 * change a decision ({@link Shortlist}, docs/adr/0039-shortlisted-candidates.md) give their children, whole, to an
 * {@link IncrementalLinker} with the active model, which links the batch's records
 * one by one under the engine's constraints (one record per source, conflicting NHS numbers, twins, shielding). Each
 * resulting cluster is then written back: a cluster of new records only is a new child; one that reaches an existing
 * child joins it. A person's decision (a MANUAL link) is never changed here.
 */
@Component
class RecordLinker {

    private static final Logger log = LoggerFactory.getLogger(RecordLinker.class);

    private final SourceRecords sourceRecords;
    private final Children children;
    private final SourceLinks links;
    private final LinkKeys keys;
    private final MatchModels models;
    private final LinkageSettings settings;
    private final LinkWriter writer;
    private final CandidateRecords candidateRecords;

    RecordLinker(
            SourceRecords sourceRecords,
            Children children,
            SourceLinks links,
            LinkKeys keys,
            MatchModels models,
            LinkageSettings settings,
            LinkWriter writer,
            CandidateRecords candidateRecords) {
        this.sourceRecords = sourceRecords;
        this.children = children;
        this.links = links;
        this.keys = keys;
        this.models = models;
        this.settings = settings;
        this.writer = writer;
        this.candidateRecords = candidateRecords;
    }

    /** Runs inside the transaction that changed the records. */
    @EventListener
    public void on(SourceRecordsChanged event) {
        long started = System.nanoTime();
        List<SourceRecordView> records = new ArrayList<>(sourceRecords.findByIds(event.sourceRecordIds()));
        records.sort(Comparator.comparingLong(SourceRecordView::id));
        Set<Long> affected = new LinkedHashSet<>();
        List<SourceRecordView> toLink = new ArrayList<>();
        List<SourceRecordView> kept = new ArrayList<>();
        Map<Long, SourceLinks.Match> matches =
                links.matchesOf(records.stream().map(SourceRecordView::id).toList());
        Set<Long> matchedChildren =
                matches.values().stream().map(SourceLinks.Match::childId).collect(Collectors.toSet());
        Set<Long> decidedByPerson = links.withManualMatches(matchedChildren);
        Set<Long> archived = children.archived(matchedChildren);
        Map<Long, List<Long>> activeOfMatched = links.activeMembers(matchedChildren);
        for (SourceRecordView record : records) {
            var match = Optional.ofNullable(matches.get(record.id()));
            if (match.isPresent()) {
                long child = match.get().childId();
                affected.add(child);
                if (!record.active()) {
                    continue; // an ended record stays linked, for the history, but is nobody's candidate any more
                }
                if (match.get().manual()
                        || decidedByPerson.contains(child)
                        || archived.contains(child)
                        || onlyActiveRecord(activeOfMatched, child, record.id())) {
                    // Kept where it is: a person put it there, or put another record with it (their decision was
                    // about the child as it stood), or its child is archived (a record past retention never comes
                    // back as a new live child), or moving it would leave its child empty.
                    kept.add(record);
                    continue;
                }
            } else if (!record.active()) {
                continue;
            }
            // New, or changed since the engine linked it: decided afresh.
            toLink.add(record);
        }
        links.removeAutomatic(toLink.stream().map(SourceRecordView::id).toList());
        // Every record's keys go, and those of the records kept or linked come back: a record waiting for review has
        // keys too, which would otherwise be written twice.
        keys.remove(records.stream().map(SourceRecordView::id).toList());
        if (!kept.isEmpty()) {
            MatchModel model = models.active();
            Map<Long, long[]> keptKeys = new LinkedHashMap<>();
            kept.forEach(r -> keptKeys.put(r.id(), BlockingKeys.of(model, input(r, false))));
            keys.add(keptKeys);
        }
        Map<Long, SourceRecordView> known = new HashMap<>();
        records.forEach(r -> known.put(r.id(), r));
        long sorted = System.nanoTime();
        Set<Long> created = toLink.isEmpty() ? Set.of() : link(toLink, affected, known);
        long linked = System.nanoTime();
        writer.settle(created, affected, known);
        if (log.isDebugEnabled()) {
            log.debug(
                    "batch of {} records ({} to link, {} kept): {} ms (their links {} ms, linking {} ms, rebuilt {} ms)",
                    records.size(),
                    toLink.size(),
                    kept.size(),
                    (System.nanoTime() - started) / 1_000_000,
                    (sorted - started) / 1_000_000,
                    (linked - sorted) / 1_000_000,
                    (System.nanoTime() - linked) / 1_000_000);
        }
    }

    private static boolean onlyActiveRecord(Map<Long, List<Long>> activeMembers, long child, long record) {
        List<Long> members = activeMembers.getOrDefault(child, List.of());
        return members.size() == 1 && members.getFirst() == record;
    }

    /**
     * Links the records; returns the children it created and adds the existing children it changed to affected. The
     * candidates' records it reads are added to known.
     */
    private Set<Long> link(List<SourceRecordView> toLink, Set<Long> affected, Map<Long, SourceRecordView> known) {
        MatchModel model = models.active();
        Map<Long, LinkageRecord> probes = new LinkedHashMap<>();
        Map<Long, long[]> probeKeys = new LinkedHashMap<>();
        Set<Long> allKeys = new TreeSet<>();
        for (SourceRecordView record : toLink) {
            LinkageRecord probe = input(record, false);
            probes.put(record.id(), probe);
            long[] k = BlockingKeys.of(model, probe);
            probeKeys.put(record.id(), k);
            for (long key : k) {
                allKeys.add(key);
            }
        }
        long started = System.nanoTime();
        // Every record sharing a key, weighed against the batch; then only the children of those that can change a
        // decision (Shortlist), whole: the engine checks its constraints against every record of a child.
        // The batch's own records hold no keys here (on removed them): each is a probe, never a candidate.
        Set<Long> sharing = keys.sharing(allKeys);
        long shared = System.nanoTime();
        // Read a part at a time, each part prepared for weighing while the next is read.
        Shortlist shortlist = new Shortlist(model, settings.thresholds());
        Map<Long, String> keyOfSharing = new HashMap<>();
        Map<String, Long> idOfSharing = new HashMap<>();
        for (List<Long> part : SourceLinks.partition(sharing)) {
            List<CandidateRecords.Candidate> read = candidateRecords.read(part);
            for (CandidateRecords.Candidate c : read) {
                keyOfSharing.put(c.id(), c.input().key());
                idOfSharing.put(c.input().key(), c.id());
            }
            shortlist.consider(
                    () -> read.stream().map(CandidateRecords.Candidate::input).toList());
        }
        long sharedRead = System.nanoTime();
        Map<Long, Long> candidates = new HashMap<>();
        Set<String> shortlisted = shortlist.of(probes.values(), ask -> {
            Map<Long, Long> usable =
                    keys.matchedChildren(ask.stream().map(idOfSharing::get).toList());
            candidates.putAll(usable);
            Set<String> usableKeys = new HashSet<>();
            usable.keySet().forEach(id -> usableKeys.add(keyOfSharing.get(id)));
            return usableKeys;
        });
        long found = System.nanoTime();
        Set<Long> candidateChildren = new TreeSet<>(candidates.values());
        Map<Long, List<Long>> members = links.activeMembers(candidateChildren);
        Set<Long> shielded = children.neverLinkedAutomatically(candidateChildren);
        Map<Long, SourceRecordView> memberRecords = new HashMap<>();
        sourceRecords
                .findByIds(members.values().stream().flatMap(List::stream).toList())
                .forEach(r -> memberRecords.put(r.id(), r));
        known.putAll(memberRecords);
        long read = System.nanoTime();

        IncrementalLinker linker = new IncrementalLinker(model, settings.thresholds(), new InMemoryCandidateFinder());
        Map<String, Long> childOfKey = new HashMap<>();
        members.forEach((child, ids) -> {
            List<LinkageRecord> cluster = new ArrayList<>();
            for (long id : ids) {
                LinkageRecord r = input(memberRecords.get(id), shielded.contains(child));
                cluster.add(r);
                childOfKey.put(r.key(), child);
            }
            linker.addCluster(cluster);
        });
        Map<Long, String> keyOf = new HashMap<>();
        toLink.forEach(r -> keyOf.put(r.id(), keyOf(r)));
        memberRecords.values().forEach(r -> keyOf.put(r.id(), keyOf(r)));
        LinkWriter.Apart apart = writer.apart(
                links.heldApart(keyOf.keySet()),
                toLink.stream().map(SourceRecordView::id).toList(),
                keyOf,
                members);
        apart.decisions().forEach(linker::apply);
        long prepared = System.nanoTime();
        Map<Long, Decision> decisions = new LinkedHashMap<>();
        Map<String, Long> idOfKey = new HashMap<>();
        for (SourceRecordView record : toLink) {
            decisions.put(record.id(), linker.link(probes.get(record.id())));
            idOfKey.put(keyOf.get(record.id()), record.id());
        }
        // A record of this batch that a later one made ambiguous was taken back out of its cluster: it waits for the
        // team. The directory's own children are held together, so only this batch's records are ever taken back.
        for (Decision revised : linker.takenBack()) {
            decisions.put(
                    Objects.requireNonNull(
                            idOfKey.get(revised.recordKey()), () -> "taken back: " + revised.recordKey()),
                    revised);
        }
        keys.add(probeKeys);
        long decided = System.nanoTime();
        Set<Long> created = writer.write(
                new LinkWriter.Verdict(
                        model,
                        toLink.stream().map(SourceRecordView::id).toList(),
                        keyOf,
                        decisions::get,
                        linker::clusterOf,
                        childOfKey,
                        shielded,
                        apart.parkedOnShielded(),
                        known),
                affected,
                children::takenIds);
        if (log.isDebugEnabled()) { // the sum walks every member list: not on each batch unless asked for
            log.debug(
                    "linked {} records: {} keys, {} records sharing one, {} shortlisted ({} usable) of {} children with {}"
                            + " records; shortlist {} ms (keys {} ms, records {} ms), their children's records {} ms,"
                            + " engine prepared {} ms, decided {} ms, written {} ms",
                    toLink.size(),
                    allKeys.size(),
                    sharing.size(),
                    shortlisted.size(),
                    candidates.size(),
                    candidateChildren.size(),
                    members.values().stream().mapToInt(List::size).sum(),
                    (found - started) / 1_000_000,
                    (shared - started) / 1_000_000,
                    (sharedRead - shared) / 1_000_000,
                    (read - found) / 1_000_000,
                    (prepared - read) / 1_000_000,
                    (decided - prepared) / 1_000_000,
                    (System.nanoTime() - decided) / 1_000_000);
        }
        return created;
    }

    private static String keyOf(SourceRecordView record) {
        return LinkageRecord.keyOf(record.source(), record.recordId());
    }

    private static LinkageRecord input(SourceRecordView record, boolean shielded) {
        return LinkageInput.of(record.source(), record.data(), shielded);
    }
}
