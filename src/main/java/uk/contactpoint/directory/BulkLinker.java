package uk.contactpoint.directory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.feeds.SourceRecordsChanged;
import uk.contactpoint.feeds.SourceRecordsStaged;
import uk.contactpoint.kernel.SourceCode;
import uk.contactpoint.matching.BatchLinker;
import uk.contactpoint.matching.BlockingKeys;
import uk.contactpoint.matching.LinkageRecord;
import uk.contactpoint.matching.LinkageResult;
import uk.contactpoint.matching.ManualDecision;
import uk.contactpoint.matching.MatchModel;

/**
 * Links a source's first file in one go with the batch linker, inside one transaction, so that the load is in the
 * directory whole or not at all (docs/adr/0028-first-loads-in-bulk.md). The directory's live children go in as they
 * are, each held together; the source's records without a link go in beside them; the clusters come back through the
 * same {@link LinkWriter} as a feed's batch linked incrementally, so both modes make the same kind of children and
 * links.
 */
@Component
class BulkLinker {

    private static final Logger log = LoggerFactory.getLogger(BulkLinker.class);

    private final SourceRecords sourceRecords;
    private final Children children;
    private final SourceLinks links;
    private final LinkKeys keys;
    private final MatchModels models;
    private final LinkageSettings settings;
    private final LinkWriter writer;
    private final RecordLinker incremental;

    BulkLinker(
            SourceRecords sourceRecords,
            Children children,
            SourceLinks links,
            LinkKeys keys,
            MatchModels models,
            LinkageSettings settings,
            LinkWriter writer,
            RecordLinker incremental) {
        this.sourceRecords = sourceRecords;
        this.children = children;
        this.links = links;
        this.keys = keys;
        this.models = models;
        this.settings = settings;
        this.writer = writer;
        this.incremental = incremental;
    }

    /**
     * Runs inside the transaction that publishes the event. A first file much smaller than the directory (under a
     * tenth of its linked records: a local authority's few thousand beside a national file) is linked batch by batch
     * instead, still inside this one transaction: reading the whole directory for it would cost more than it saves.
     */
    @EventListener
    public void on(SourceRecordsStaged event) {
        long started = System.nanoTime();
        MatchModel model = models.active();
        Map<Long, Long> childOfRecord = links.liveMatches();
        Set<Long> decided = links.linkedRecordsOf(event.source());
        List<Long> waiting = sourceRecords.activeIds(new SourceCode(event.source())).stream()
                .filter(id -> !decided.contains(id))
                .toList();
        if (waiting.isEmpty()) {
            return;
        }
        if (waiting.size() * 10L < childOfRecord.size()) {
            for (int from = 0; from < waiting.size(); from += FeedLoader.BATCH) {
                incremental.on(new SourceRecordsChanged(
                        event.runId(), waiting.subList(from, Math.min(waiting.size(), from + FeedLoader.BATCH))));
            }
            log.info(
                    "linked {} records of {} batch by batch against {} linked records in {} ms",
                    waiting.size(),
                    event.source(),
                    childOfRecord.size(),
                    (System.nanoTime() - started) / 1_000_000);
            return;
        }
        Set<Long> shielded = children.neverLinkedAutomatically();

        // One pass over every active record: the live children's members, and the source's records to link.
        List<LinkageRecord> records = new ArrayList<>();
        Map<Long, String> keyOf = new HashMap<>();
        Map<Long, List<Long>> members = new LinkedHashMap<>();
        Map<String, Long> childOfKey = new HashMap<>();
        Set<Long> toLink = new HashSet<>(waiting);
        Map<Long, long[]> probeKeys = new LinkedHashMap<>();
        sourceRecords.forEachActive(r -> {
            Long child = childOfRecord.get(r.id());
            boolean linking = toLink.contains(r.id());
            if (child == null && !linking) {
                return; // held for review, or another source's record waiting for the team: not the engine's now
            }
            LinkageRecord input = LinkageInput.of(r.source(), r.data(), child != null && shielded.contains(child));
            records.add(input);
            keyOf.put(r.id(), input.key());
            if (linking) {
                probeKeys.put(r.id(), BlockingKeys.of(model, input));
            } else {
                members.computeIfAbsent(child, c -> new ArrayList<>()).add(r.id());
                childOfKey.put(input.key(), child);
            }
        });

        // Each live child stays one: its records are held together; the team's "not this child" decisions hold too.
        List<ManualDecision> manual = new ArrayList<>();
        members.values().forEach(ids -> {
            for (int i = 1; i < ids.size(); i++) {
                manual.add(ManualDecision.together(keyOf.get(ids.getFirst()), keyOf.get(ids.get(i))));
            }
        });
        Map<Long, List<SourceLinks.Apart>> decisions = links.heldApart();
        decisions.keySet().retainAll(keyOf.keySet());
        LinkWriter.Apart apart = writer.apart(decisions, waiting, keyOf, members);
        manual.addAll(apart.decisions());
        LinkageResult result =
                new BatchLinker(model, settings.thresholds(), BatchLinker.DEFAULT_MAX_BLOCK).link(records, manual);
        records.clear();
        long linked = System.nanoTime();

        Set<Long> affected = new LinkedHashSet<>();
        keys.add(probeKeys);
        long keyed = System.nanoTime();
        Set<Long> created = writer.write(
                new LinkWriter.Verdict(
                        model,
                        waiting,
                        keyOf,
                        id -> result.decision(keyOf.get(id)),
                        result::clusterOf,
                        childOfKey,
                        shielded,
                        apart.parkedOnShielded()),
                affected,
                children.everyTakenId());
        long written = System.nanoTime();
        writer.settle(created, affected);
        long rebuilt = System.nanoTime();
        log.info(
                "linked {} records of {} in bulk against {} children: {} new children, {} changed; engine {} ms, writes {} ms"
                        + " (keys {} ms, children and links {} ms, rebuilt {} ms); {}",
                waiting.size(),
                event.source(),
                members.size(),
                created.size(),
                affected.size(),
                (linked - started) / 1_000_000,
                (System.nanoTime() - linked) / 1_000_000,
                (keyed - linked) / 1_000_000,
                (written - keyed) / 1_000_000,
                (rebuilt - written) / 1_000_000,
                result.timings());
    }
}
