package uk.contactpoint.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import uk.contactpoint.feeds.SourceRecordView;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.feeds.SourceRecordsChanged;
import uk.contactpoint.matching.BlockingKeys;
import uk.contactpoint.matching.Decision;
import uk.contactpoint.matching.InMemoryCandidateFinder;
import uk.contactpoint.matching.IncrementalLinker;
import uk.contactpoint.matching.LinkageRecord;
import uk.contactpoint.matching.ManualDecision;
import uk.contactpoint.matching.MatchModel;
import uk.contactpoint.matching.Outcome;

/**
 * Links changed source records to children with the matching engine, inside the transaction that changed them, so
 * that records, links and children commit together or not at all (docs/adr/0017-linkage-in-the-directory.md).
 *
 * <p>For each batch: the new (or changed) records' blocking keys find the records already linked that share a key;
 * their children, whole, go into an {@link IncrementalLinker} with the active model, which links the batch's records
 * one by one under the engine's constraints (one record per source, conflicting NHS numbers, twins, shielding). Each
 * resulting cluster is then written back: a cluster of new records only is a new child; one that reaches an existing
 * child joins it. A person's decision (a MANUAL link) is never changed here.
 */
@Component
class RecordLinker {

    private final SourceRecords sourceRecords;
    private final Children children;
    private final ChildBuilds builds;
    private final SourceLinks links;
    private final LinkKeys keys;
    private final ChangeLog changeLog;
    private final MatchModels models;
    private final LinkageSettings settings;
    private final JsonMapper json;

    RecordLinker(
            SourceRecords sourceRecords,
            Children children,
            ChildBuilds builds,
            SourceLinks links,
            LinkKeys keys,
            ChangeLog changeLog,
            MatchModels models,
            LinkageSettings settings,
            JsonMapper json) {
        this.sourceRecords = sourceRecords;
        this.children = children;
        this.builds = builds;
        this.links = links;
        this.keys = keys;
        this.changeLog = changeLog;
        this.models = models;
        this.settings = settings;
        this.json = json;
    }

    /** Runs inside the transaction that changed the records. */
    @EventListener
    public void on(SourceRecordsChanged event) {
        List<SourceRecordView> records = new ArrayList<>(sourceRecords.findByIds(event.sourceRecordIds()));
        records.sort(Comparator.comparingLong(SourceRecordView::id));
        Set<Long> affected = new LinkedHashSet<>();
        List<SourceRecordView> toLink = new ArrayList<>();
        List<SourceRecordView> kept = new ArrayList<>();
        List<Long> unkeyed = new ArrayList<>();
        Map<Long, SourceLinks.Match> matches =
                links.matchesOf(records.stream().map(SourceRecordView::id).toList());
        Set<Long> decidedByPerson = links.withManualMatches(
                matches.values().stream().map(SourceLinks.Match::childId).collect(Collectors.toSet()));
        for (SourceRecordView record : records) {
            var match = Optional.ofNullable(matches.get(record.id()));
            if (match.isPresent()) {
                long child = match.get().childId();
                affected.add(child);
                unkeyed.add(record.id());
                if (!record.active()) {
                    continue; // an ended record stays linked, for the history, but is nobody's candidate any more
                }
                if (match.get().manual() || decidedByPerson.contains(child) || onlyActiveRecord(child, record.id())) {
                    // Kept where it is: a person put it there, or put another record with it (their decision was
                    // about the child as it stood), or moving it would leave its child empty.
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
        keys.remove(unkeyed);
        if (!kept.isEmpty()) {
            MatchModel model = models.active();
            Map<Long, long[]> keptKeys = new LinkedHashMap<>();
            kept.forEach(r -> keptKeys.put(r.id(), BlockingKeys.of(model, input(r, false))));
            keys.add(keptKeys);
        }
        Set<Long> created = toLink.isEmpty() ? Set.of() : link(toLink, affected);
        affected.removeAll(created);
        builds.rebuild(affected);
        List<ChangeLog.Change> changes = new ArrayList<>();
        created.forEach(id -> changes.add(new ChangeLog.Change(id, ChangeLog.Kind.CREATED)));
        affected.forEach(id -> changes.add(new ChangeLog.Change(id, ChangeLog.Kind.UPDATED)));
        changeLog.append(changes);
    }

    private boolean onlyActiveRecord(long child, long record) {
        List<Long> members = links.activeMembers(List.of(child)).getOrDefault(child, List.of());
        return members.size() == 1 && members.getFirst() == record;
    }

    /** Links the records; returns the children it created and adds the existing children it changed to affected. */
    private Set<Long> link(List<SourceRecordView> toLink, Set<Long> affected) {
        MatchModel model = models.active();
        Map<Long, long[]> probeKeys = new LinkedHashMap<>();
        Set<Long> allKeys = new TreeSet<>();
        for (SourceRecordView record : toLink) {
            long[] k = BlockingKeys.of(model, input(record, false));
            probeKeys.put(record.id(), k);
            for (long key : k) {
                allKeys.add(key);
            }
        }
        // The candidates' children, whole: the engine checks its constraints against every record of a child.
        Set<Long> candidateChildren = new TreeSet<>(keys.candidates(allKeys).values());
        Map<Long, List<Long>> members = links.activeMembers(candidateChildren);
        Set<Long> shielded = children.neverLinkedAutomatically(candidateChildren);
        Map<Long, SourceRecordView> memberRecords = new HashMap<>();
        sourceRecords
                .findByIds(members.values().stream().flatMap(List::stream).toList())
                .forEach(r -> memberRecords.put(r.id(), r));

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
        Set<Long> parkedOnShielded = holdToDecisionsApart(linker, toLink, members, memberRecords);
        Map<Long, Decision> decisions = new LinkedHashMap<>();
        Map<Long, String> keyOf = new HashMap<>();
        for (SourceRecordView record : toLink) {
            LinkageRecord probe = input(record, false);
            keyOf.put(record.id(), probe.key());
            decisions.put(record.id(), linker.link(probe));
        }
        keys.add(probeKeys);

        // Which existing children each final cluster reaches.
        Map<String, Set<Long>> childrenOfCluster = new HashMap<>();
        childOfKey.forEach((key, child) -> childrenOfCluster
                .computeIfAbsent(linker.clusterOf(key), c -> new TreeSet<>())
                .add(child));
        Map<String, List<SourceRecordView>> groups = new LinkedHashMap<>();
        for (SourceRecordView record : toLink) {
            groups.computeIfAbsent(linker.clusterOf(keyOf.get(record.id())), c -> new ArrayList<>())
                    .add(record);
        }

        // First every group's child, so that a review link to a record of this batch finds that record's child.
        Set<Long> created = new LinkedHashSet<>();
        Map<Long, Long> targetOf = new HashMap<>();
        for (var group : groups.entrySet()) {
            Set<Long> reached = childrenOfCluster.getOrDefault(group.getKey(), Set.of());
            List<SourceRecordView> held = new ArrayList<>();
            List<SourceRecordView> joining = new ArrayList<>();
            for (SourceRecordView record : group.getValue()) {
                boolean hold = parkedOnShielded.contains(record.id())
                        || heldForShieldedChild(decisions.get(record.id()), childOfKey, shielded);
                (hold ? held : joining).add(record);
            }
            Long target = null;
            if (!reached.isEmpty()) {
                target = strongest(group.getValue(), decisions, childOfKey, reached);
                affected.add(target);
            } else if (!joining.isEmpty()) {
                target = builds.create(joining);
                created.add(target);
            }
            for (SourceRecordView record : joining) {
                targetOf.put(record.id(), target);
                childOfKey.put(keyOf.get(record.id()), target);
            }
        }
        List<SourceLinks.AutoLink> made = new ArrayList<>();
        for (var group : groups.entrySet()) {
            Set<Long> reached = childrenOfCluster.getOrDefault(group.getKey(), Set.of());
            for (SourceRecordView record : group.getValue()) {
                Decision decision = decisions.get(record.id());
                SourceLinks.Evidence evidence = evidence(decision, model);
                Long target = targetOf.get(record.id());
                Long other = decision.evidence() == null ? null : childOfKey.get(otherKey(decision));
                if (target == null) {
                    // Never linked automatically to a shielded child, and never made a second, visible child. A
                    // record parked against one keeps its parked review and nothing else.
                    if (!parkedOnShielded.contains(record.id())) {
                        made.add(new SourceLinks.AutoLink(
                                record.id(), other, SourceLinks.Result.POSSIBLE_MATCH, evidence));
                    }
                    continue;
                }
                made.add(new SourceLinks.AutoLink(record.id(), target, SourceLinks.Result.MATCH, evidence));
                if ((decision.outcome() == Outcome.POSSIBLE_MATCH || decision.outcome() == Outcome.POSSIBLE_DUPLICATE)
                        && other != null
                        && !other.equals(target)) {
                    made.add(new SourceLinks.AutoLink(
                            record.id(),
                            other,
                            SourceLinks.Result.valueOf(decision.outcome().name()),
                            evidence));
                }
            }
            // A batch that joins two existing children would merge them: that is for a person to decide.
            Long target = targetOf.get(group.getValue().getFirst().id());
            for (long child : reached) {
                if (target != null && child != target) {
                    made.add(new SourceLinks.AutoLink(
                            group.getValue().getFirst().id(),
                            child,
                            SourceLinks.Result.POSSIBLE_DUPLICATE,
                            new SourceLinks.Evidence(
                                    null,
                                    null,
                                    model.version(),
                                    "this record matches two children: are they one child?")));
                }
            }
        }
        links.autoLink(made);
        return created;
    }

    /**
     * A person decided that a record is not a child (MANUAL NO_MATCH), or parked the pair for more information: the
     * engine keeps the record apart from every record of that child, whether the record is being linked again or is
     * already part of a candidate child, so that no automatic run, nor a third record matching both, ever puts them
     * together. Returns the records being linked that are parked against a shielded child: they stay held back, as
     * they were, rather than become a second, visible child.
     */
    private Set<Long> holdToDecisionsApart(
            IncrementalLinker linker,
            List<SourceRecordView> toLink,
            Map<Long, List<Long>> members,
            Map<Long, SourceRecordView> memberRecords) {
        Map<Long, String> keyOf = new HashMap<>();
        toLink.forEach(r -> keyOf.put(r.id(), LinkageRecord.keyOf(r.source(), r.recordId())));
        memberRecords.values().forEach(r -> keyOf.put(r.id(), LinkageRecord.keyOf(r.source(), r.recordId())));
        Map<Long, List<SourceLinks.Apart>> apart = links.heldApart(keyOf.keySet());
        apart.forEach((record, from) -> {
            for (SourceLinks.Apart a : from) {
                for (long member : members.getOrDefault(a.childId(), List.of())) {
                    if (member != record) {
                        linker.apply(ManualDecision.apart(keyOf.get(record), keyOf.get(member)));
                    }
                }
            }
        });
        Map<Long, Long> parked = new HashMap<>();
        for (SourceRecordView r : toLink) {
            apart.getOrDefault(r.id(), List.of()).stream()
                    .filter(SourceLinks.Apart::parked)
                    .forEach(a -> parked.put(r.id(), a.childId()));
        }
        Set<Long> shieldedChildren = children.neverLinkedAutomatically(parked.values());
        Set<Long> held = new HashSet<>();
        parked.forEach((record, child) -> {
            if (shieldedChildren.contains(child)) {
                held.add(record);
            }
        });
        return held;
    }

    /** A record held back because its best candidate is a shielded child. */
    private static boolean heldForShieldedChild(Decision d, Map<String, Long> childOfKey, Set<Long> shielded) {
        if (d.outcome() != Outcome.POSSIBLE_MATCH || d.evidence() == null) {
            return false;
        }
        Long other = childOfKey.get(otherKey(d));
        return other != null && shielded.contains(other);
    }

    /** Of the existing children a cluster reaches, the one its records' strongest evidence points at. */
    private static long strongest(
            List<SourceRecordView> group,
            Map<Long, Decision> decisions,
            Map<String, Long> childOfKey,
            Set<Long> reached) {
        Decision best = null;
        for (SourceRecordView record : group) {
            Decision d = decisions.get(record.id());
            if (d.outcome() == Outcome.MATCH
                    && d.evidence() != null
                    && reached.contains(childOfKey.get(otherKey(d)))
                    && (best == null || d.weight() > best.weight())) {
                best = d;
            }
        }
        return best != null
                ? childOfKey.get(otherKey(best))
                : reached.iterator().next();
    }

    private static String otherKey(Decision d) {
        return d.evidence().left().equals(d.recordKey())
                ? d.evidence().right()
                : d.evidence().left();
    }

    private SourceLinks.Evidence evidence(Decision decision, MatchModel model) {
        if (decision.evidence() == null) {
            return new SourceLinks.Evidence(null, null, model.version(), decision.reason());
        }
        var pair = decision.evidence();
        Map<String, Object> waterfall = new LinkedHashMap<>();
        waterfall.put("against", otherKey(decision));
        waterfall.put("weight", pair.weight());
        waterfall.put(
                "contributions",
                pair.contributions().stream()
                        .map(c -> Map.of("field", c.field(), "level", c.level(), "weight", c.weight()))
                        .toList());
        return new SourceLinks.Evidence(
                pair.weight(), json.writeValueAsString(waterfall), model.version(), decision.reason());
    }

    private static LinkageRecord input(SourceRecordView record, boolean shielded) {
        return LinkageInput.of(record.source(), record.data(), shielded);
    }
}
