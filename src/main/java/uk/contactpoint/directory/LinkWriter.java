package uk.contactpoint.directory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import uk.contactpoint.feeds.SourceRecordView;
import uk.contactpoint.matching.Decision;
import uk.contactpoint.matching.ManualDecision;
import uk.contactpoint.matching.MatchModel;
import uk.contactpoint.matching.Outcome;

/**
 * Writes what the engine decided back to the directory, the same way for both modes (a feed's batch, linked
 * incrementally, and a source's first file, linked in bulk): each final cluster of records being linked either joins
 * the existing child it reaches or becomes a new child, with the links a reviewer needs (ADRs 17, 25 and 28).
 */
@Component
class LinkWriter {

    private final ChildBuilds builds;
    private final SourceLinks links;
    private final Children children;
    private final ChangeLog changeLog;
    private final JsonMapper json;

    LinkWriter(ChildBuilds builds, SourceLinks links, Children children, ChangeLog changeLog, JsonMapper json) {
        this.builds = builds;
        this.links = links;
        this.children = children;
        this.changeLog = changeLog;
        this.json = json;
    }

    /**
     * Rebuilds the existing children the links changed, and logs every child created or changed for the index. Known
     * records (those the linker read already) are not read again.
     */
    void settle(Set<Long> created, Set<Long> affected, Map<Long, SourceRecordView> known) {
        affected.removeAll(created);
        builds.rebuild(affected, known);
        List<ChangeLog.Change> changes = new ArrayList<>();
        created.forEach(id -> changes.add(new ChangeLog.Change(id, ChangeLog.Kind.CREATED)));
        affected.forEach(id -> changes.add(new ChangeLog.Change(id, ChangeLog.Kind.UPDATED)));
        changeLog.append(changes);
    }

    /**
     * What the engine made of the records being linked.
     *
     * @param toLink the records being linked, in id order
     * @param keyOf each record's engine key ({@code source/recordId}), for the records being linked at least
     * @param decision the engine's decision for a record being linked, by id (computed on demand: in bulk there are
     *     millions, each with a waterfall)
     * @param clusterOf the engine's final cluster of a record key
     * @param childOfKey the existing child of each candidate record's key; the writer adds the records it links
     * @param shielded the existing children never linked automatically (shielded, or an identity closed)
     * @param parkedOnShielded records being linked that the team parked against a shielded child: they stay held
     * @param known the records the linker read already, by id: not read again to build the children
     */
    record Verdict(
            MatchModel model,
            List<Long> toLink,
            Map<Long, String> keyOf,
            Function<Long, Decision> decision,
            Function<String, String> clusterOf,
            Map<String, Long> childOfKey,
            Set<Long> shielded,
            Set<Long> parkedOnShielded,
            Map<Long, SourceRecordView> known) {}

    /** Writes the verdict; returns the children it created and adds the existing children it changed to affected. */
    Set<Long> write(Verdict v, Set<Long> affected, Children.TakenIds taken) {
        // Which existing children each final cluster reaches.
        Map<String, Set<Long>> childrenOfCluster = new HashMap<>();
        v.childOfKey()
                .forEach((key, child) -> childrenOfCluster
                        .computeIfAbsent(v.clusterOf().apply(key), c -> new TreeSet<>())
                        .add(child));
        Map<String, List<Long>> groups = new LinkedHashMap<>();
        for (long record : v.toLink()) {
            groups.computeIfAbsent(v.clusterOf().apply(v.keyOf().get(record)), c -> new ArrayList<>())
                    .add(record);
        }

        // First every group's child, so that a review link to a record being linked finds that record's child.
        Map<Long, Long> targetOf = new HashMap<>();
        List<List<Long>> toCreate = new ArrayList<>();
        for (var group : groups.entrySet()) {
            Set<Long> reached = childrenOfCluster.getOrDefault(group.getKey(), Set.of());
            Map<Long, Decision> decided = new LinkedHashMap<>();
            group.getValue().forEach(r -> decided.put(r, v.decision().apply(r)));
            List<Long> joining = new ArrayList<>();
            for (var entry : decided.entrySet()) {
                boolean hold = v.parkedOnShielded().contains(entry.getKey())
                        || heldForShieldedChild(entry.getValue(), v.childOfKey(), v.shielded());
                if (!hold) {
                    joining.add(entry.getKey());
                }
            }
            if (!reached.isEmpty()) {
                long target = strongest(decided.values(), v.childOfKey(), reached);
                affected.add(target);
                joining.forEach(r -> targetOf.put(r, target));
            } else if (!joining.isEmpty()) {
                toCreate.add(joining);
            }
        }
        List<Long> createdIds = builds.createAll(toCreate, taken, v.known());
        for (int i = 0; i < toCreate.size(); i++) {
            for (long record : toCreate.get(i)) {
                targetOf.put(record, createdIds.get(i));
            }
        }
        targetOf.forEach((record, target) -> v.childOfKey().put(v.keyOf().get(record), target));

        List<SourceLinks.AutoLink> made = new ArrayList<>();
        for (var group : groups.entrySet()) {
            Set<Long> reached = childrenOfCluster.getOrDefault(group.getKey(), Set.of());
            for (long record : group.getValue()) {
                Decision decision = v.decision().apply(record);
                SourceLinks.Evidence evidence = evidence(decision, v.model());
                Long target = targetOf.get(record);
                Long other = decision.evidence() == null ? null : v.childOfKey().get(otherKey(decision));
                if (target == null) {
                    // Never linked automatically to a shielded child, and never made a second, visible child. A
                    // record parked against one keeps its parked review and nothing else.
                    if (!v.parkedOnShielded().contains(record)) {
                        made.add(new SourceLinks.AutoLink(record, other, SourceLinks.Result.POSSIBLE_MATCH, evidence));
                    }
                    continue;
                }
                made.add(new SourceLinks.AutoLink(record, target, SourceLinks.Result.MATCH, evidence));
                if ((decision.outcome() == Outcome.POSSIBLE_MATCH || decision.outcome() == Outcome.POSSIBLE_DUPLICATE)
                        && other != null
                        && !other.equals(target)) {
                    made.add(new SourceLinks.AutoLink(
                            record,
                            other,
                            SourceLinks.Result.valueOf(decision.outcome().name()),
                            evidence));
                }
            }
            // Records that join two existing children would merge them: that is for a person to decide.
            Long target = targetOf.get(group.getValue().getFirst());
            for (long child : reached) {
                if (target != null && child != target) {
                    made.add(new SourceLinks.AutoLink(
                            group.getValue().getFirst(),
                            child,
                            SourceLinks.Result.POSSIBLE_DUPLICATE,
                            new SourceLinks.Evidence(
                                    null,
                                    null,
                                    v.model().version(),
                                    "this record matches two children: are they one child?")));
                }
            }
        }
        links.autoLink(made);
        return new LinkedHashSet<>(createdIds);
    }

    /** The team's decisions the engine must hold to, and the records they keep held back. */
    record Apart(List<ManualDecision> decisions, Set<Long> parkedOnShielded) {}

    /**
     * A person decided that a record is not a child (MANUAL NO_MATCH), or parked the pair for more information: the
     * engine keeps the record apart from every record of that child, whether the record is being linked again or is
     * already part of a candidate child, so that no automatic run, nor a third record matching both, ever puts them
     * together. The records being linked that are parked against a shielded child stay held back, as they were, rather
     * than become a second, visible child.
     *
     * @param apart each record's decisions, for the records being linked and the candidates' records
     * @param keyOf the engine key of every record named in apart, and of every member
     * @param members the candidate children's active records
     */
    Apart apart(
            Map<Long, List<SourceLinks.Apart>> apart,
            List<Long> toLink,
            Map<Long, String> keyOf,
            Map<Long, List<Long>> members) {
        List<ManualDecision> decisions = new ArrayList<>();
        apart.forEach((record, from) -> {
            for (SourceLinks.Apart a : from) {
                for (long member : members.getOrDefault(a.childId(), List.of())) {
                    if (member != record) {
                        decisions.add(ManualDecision.apart(keyOf.get(record), keyOf.get(member)));
                    }
                }
            }
        });
        Map<Long, Long> parked = new HashMap<>();
        for (long r : toLink) {
            apart.getOrDefault(r, List.of()).stream()
                    .filter(SourceLinks.Apart::parked)
                    .forEach(a -> parked.put(r, a.childId()));
        }
        Set<Long> shieldedChildren = children.neverLinkedAutomatically(parked.values());
        Set<Long> held = new HashSet<>();
        parked.forEach((record, child) -> {
            if (shieldedChildren.contains(child)) {
                held.add(record);
            }
        });
        return new Apart(decisions, held);
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
    private static long strongest(Iterable<Decision> group, Map<String, Long> childOfKey, Set<Long> reached) {
        Decision best = null;
        for (Decision d : group) {
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
        // The engine's own records, written in their declared order: a map's order changed from run to run.
        waterfall.put("contributions", pair.contributions());
        return new SourceLinks.Evidence(
                pair.weight(), json.writeValueAsString(waterfall), model.version(), decision.reason());
    }
}
