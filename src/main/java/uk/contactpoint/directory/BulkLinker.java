package uk.contactpoint.directory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.SourceRecordView;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.feeds.SourceRecordsChanged;
import uk.contactpoint.feeds.SourceRecordsStaged;
import uk.contactpoint.kernel.LongLongMap;
import uk.contactpoint.kernel.PlannerStatistics;
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
    private final JdbcClient jdbc;
    private final boolean postgres;

    BulkLinker(
            SourceRecords sourceRecords,
            Children children,
            SourceLinks links,
            LinkKeys keys,
            MatchModels models,
            LinkageSettings settings,
            LinkWriter writer,
            RecordLinker incremental,
            JdbcClient jdbc,
            @Value("${spring.datasource.url}") String databaseUrl) {
        this.sourceRecords = sourceRecords;
        this.children = children;
        this.links = links;
        this.keys = keys;
        this.models = models;
        this.settings = settings;
        this.writer = writer;
        this.incremental = incremental;
        this.jdbc = jdbc;
        this.postgres = databaseUrl.startsWith("jdbc:postgresql:");
    }

    /**
     * Runs inside the transaction that publishes the event. A first file of fewer than {@code small-first-file} records
     * is linked batch by batch instead, still inside this one transaction: below that, reading the directory's
     * keys and links into memory costs more than it saves (ADR 38). A larger one is linked in chunks of {@code bulk-chunk} records, each
     * with the live children whose records share a blocking key with it (ADR 36): memory is bounded by the chunk, not
     * by the directory, and a later chunk finds the children an earlier one made.
     */
    @EventListener
    public void on(SourceRecordsStaged event) {
        long started = System.nanoTime();
        long live = links.liveMatches();
        Set<Long> decided = links.linkedRecordsOf(event.source());
        SortedMap<Integer, List<Long>> byYear = sourceRecords.activeIdsByBirthYear(new SourceCode(event.source()));
        byYear.values().forEach(ids -> ids.removeIf(decided::contains));
        List<Long> waiting =
                byYear.values().stream().flatMap(List::stream).sorted().toList();
        if (waiting.isEmpty()) {
            return;
        }
        if (waiting.size() < settings.smallFirstFile()) {
            for (int from = 0; from < waiting.size(); from += FeedLoader.BATCH) {
                incremental.on(new SourceRecordsChanged(
                        event.runId(), waiting.subList(from, Math.min(waiting.size(), from + FeedLoader.BATCH))));
            }
            log.info(
                    "linked {} records of {} batch by batch against {} linked records in {} ms",
                    waiting.size(),
                    event.source(),
                    live,
                    (System.nanoTime() - started) / 1_000_000);
            return;
        }
        MatchModel model = models.active();
        Children.TakenIds taken = children.everyTakenId();
        long indexing = System.nanoTime();
        BlockIndex index = keys.index();
        LongLongMap childOf = keys.matchedChildrenOfAll();
        log.info(
                "read {} blocking keys and {} links of the directory in {} ms",
                index.size(),
                childOf.size(),
                (System.nanoTime() - indexing) / 1_000_000);
        // The chunks grow the linkage tables inside one transaction, out of autovacuum's sight: without fresh
        // statistics each chunk's id lists were planned as scans, and a 1,000,000-children health file slowed from
        // 21 to 201 s a chunk.
        PlannerStatistics statistics = new PlannerStatistics(live, 1_000);
        long linked = live;
        for (List<Long> chunk : chunks(byYear, settings.bulkChunk())) {
            link(event.source(), model, chunk, taken, index, childOf);
            linked += chunk.size();
            if (postgres && statistics.due(linked)) {
                jdbc.sql("analyze " + PlannerStatistics.LINKAGE).update();
            }
        }
        long writing = System.nanoTime();
        keys.addAll(index);
        log.info(
                "wrote the blocking keys of {} records of {} in key order in {} ms",
                waiting.size(),
                event.source(),
                (System.nanoTime() - writing) / 1_000_000);
    }

    /**
     * The waiting records in chunks of whole years of birth, as many years as fit in the chunk size (a year larger than
     * that is cut by id). Most blocking keys hold the year of birth, so a chunk's candidates are mostly the children
     * born in its years, not every child: chunks by id each reached nearly the whole directory (ADR 36).
     */
    static List<List<Long>> chunks(SortedMap<Integer, List<Long>> byYear, int size) {
        List<List<Long>> chunks = new ArrayList<>();
        List<Long> chunk = new ArrayList<>();
        for (List<Long> year : byYear.values()) {
            if (!chunk.isEmpty() && chunk.size() + year.size() > size) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
            }
            for (int from = 0; from < year.size(); from += size) {
                List<Long> part = year.subList(from, Math.min(year.size(), from + size));
                if (chunk.size() + part.size() > size) {
                    chunks.add(chunk);
                    chunk = new ArrayList<>();
                }
                chunk.addAll(part);
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /** Links one chunk of the source's waiting records, with the live children that resemble them. */
    private void link(
            String source,
            MatchModel model,
            List<Long> waiting,
            Children.TakenIds taken,
            BlockIndex index,
            LongLongMap childOf) {
        long started = System.nanoTime();
        Map<Long, SourceRecordView> known = new HashMap<>();
        sourceRecords.findByIds(waiting).forEach(r -> known.put(r.id(), r));
        List<LinkageRecord> records = new ArrayList<>();
        Map<Long, String> keyOf = new HashMap<>();
        Map<Long, long[]> probeKeys = new LinkedHashMap<>();
        for (long id : waiting) {
            SourceRecordView r = known.get(id);
            LinkageRecord input = LinkageInput.of(r.source(), r.data(), false);
            records.add(input);
            keyOf.put(id, input.key());
            probeKeys.put(id, BlockingKeys.of(model, input));
        }
        // The candidate children, whole: each stays one (its records held together); the team's decisions hold too.
        // Then the chunk's keys join the index, where a later chunk finds this one's children; link_key, where a
        // later load finds them, is written once the last chunk is linked.
        Set<Long> sharing = index.recordsSharing(probeKeys.values(), BatchLinker.DEFAULT_MAX_BLOCK);
        Set<Long> mapped = new HashSet<>();
        for (long record : sharing) {
            long child = childOf.get(record, 0);
            if (child != 0) {
                mapped.add(child);
            }
        }
        Children.Live live = children.live(mapped);
        Set<Long> candidates = live.children();
        Map<Long, List<Long>> members = links.activeMembers(candidates);
        // The engine holds the chunk's records and every candidate's: a chunk reaching too many (a small source's
        // file spans every year of birth in one chunk, and each of its children has records from every source by
        // then) is linked in halves, each half's children found by the next, rather than run out of memory.
        long engineRecords =
                waiting.size() + members.values().stream().mapToLong(List::size).sum();
        if (engineRecords > settings.bulkEngineRecords() && waiting.size() > 1) {
            log.info(
                    "{} records of {} with their {} candidates' {} records are more than bulk-engine-records ({}):"
                            + " linked in halves",
                    waiting.size(),
                    source,
                    members.size(),
                    engineRecords - waiting.size(),
                    settings.bulkEngineRecords());
            int half = waiting.size() / 2;
            link(source, model, waiting.subList(0, half), taken, index, childOf);
            link(source, model, waiting.subList(half, waiting.size()), taken, index, childOf);
            return;
        }
        index.add(probeKeys);
        long keyed = System.nanoTime();
        Set<Long> shielded = live.neverLinkedAutomatically();
        sourceRecords
                .findByIds(members.values().stream().flatMap(List::stream).toList())
                .forEach(r -> known.put(r.id(), r));
        Map<String, Long> childOfKey = new HashMap<>();
        List<ManualDecision> manual = new ArrayList<>();
        members.forEach((child, ids) -> {
            String first = null;
            for (long id : ids) {
                SourceRecordView r = known.get(id);
                LinkageRecord input = LinkageInput.of(r.source(), r.data(), shielded.contains(child));
                records.add(input);
                keyOf.put(id, input.key());
                childOfKey.put(input.key(), child);
                if (first == null) {
                    first = input.key();
                } else {
                    manual.add(ManualDecision.together(first, input.key()));
                }
            }
        });
        LinkWriter.Apart apart = writer.apart(links.heldApart(keyOf.keySet()), waiting, keyOf, members);
        manual.addAll(apart.decisions());
        long read = System.nanoTime();
        LinkageResult result =
                new BatchLinker(model, settings.thresholds(), BatchLinker.DEFAULT_MAX_BLOCK).link(records, manual);
        records.clear();
        long linked = System.nanoTime();

        Set<Long> affected = new LinkedHashSet<>();
        Set<Long> created = writer.write(
                new LinkWriter.Verdict(
                        model,
                        waiting,
                        keyOf,
                        id -> result.decision(keyOf.get(id)),
                        result::clusterOf,
                        childOfKey,
                        shielded,
                        apart.parkedOnShielded(),
                        known),
                affected,
                taken);
        // The chunk's links join the map (the writer put each linked record's child in childOfKey), where a later
        // chunk finds this one's children.
        for (long id : waiting) {
            Long child = childOfKey.get(keyOf.get(id));
            if (child != null) {
                childOf.put(id, child);
            }
        }
        long written = System.nanoTime();
        writer.settle(created, affected, known);
        long rebuilt = System.nanoTime();
        log.info(
                "linked {} records of {} in bulk against {} children ({} records sharing a key): {} new children, {}"
                        + " changed; {} ms (candidates {} ms, candidates' records {} ms, engine {} ms, children and links {} ms, rebuilt {} ms); {}",
                waiting.size(),
                source,
                members.size(),
                sharing.size(),
                created.size(),
                affected.size(),
                (rebuilt - started) / 1_000_000,
                (keyed - started) / 1_000_000,
                (read - keyed) / 1_000_000,
                (linked - read) / 1_000_000,
                (written - linked) / 1_000_000,
                (rebuilt - written) / 1_000_000,
                result.timings());
    }
}
