package uk.contactpoint.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import uk.contactpoint.directory.ChildIndexSource;
import uk.contactpoint.matching.NameVariants;

/**
 * This node's Lucene index of children: a derived copy of the directory that follows the change log. One thread
 * polls the log every {@code poll-interval}, re-indexes each changed child from its current state (idempotent, so a
 * change seen twice does no harm), and refreshes the near-real-time reader, so a change is searchable well within a
 * second of its commit. The position reached (and the gaps behind it) is stored in the index's commit data, so after
 * a crash the index replays the log from its last commit by itself. With no index at all it rebuilds one first. See
 * docs/adr/0020-search-index.md.
 */
@Component
public class SearchIndex implements SmartLifecycle {

    /** Changes read per query while catching up. */
    static final int BATCH = 5_000;
    /** How far behind its position a rebuild looks for sequence numbers not yet committed. */
    static final int GAP_WINDOW = 1_000;
    /** Gaps remembered at most; the oldest go first. */
    static final int MAX_GAPS = 1_000;
    /**
     * A gap is a sequence number taken by a transaction that had not committed when a later one had. It fills when
     * that transaction commits; one that rolled back never fills, so a gap is given up after this long.
     */
    static final Duration GAP_TTL = Duration.ofMinutes(10);

    static final String SEQ = "contactpoint.seq";
    static final String GAPS = "contactpoint.gaps";

    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);

    /** Told of a rebuild's progress. */
    public interface Progress {
        void indexed(long done, long total);
    }

    /** What a rebuild did. */
    public record Rebuilt(Path generation, long children, long indexed, long position, long millis) {}

    /** Signals that the index cannot answer yet (not opened, or still catching up). */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** The fields searched with typing slips ({@link SlipQuery}). */
    private static final List<String> SLIP_FIELDS = List.of(ChildDocuments.FAMILY, ChildDocuments.GIVEN);

    /**
     * Reads the name terms of each new segment before the searcher that first holds it serves (a merged segment's are
     * read by the merge, before it is published), so that no search pays for it.
     */
    private static final SearcherFactory WARMED = new SearcherFactory() {
        @Override
        public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) throws IOException {
            for (LeafReaderContext leaf : reader.leaves()) {
                SlipTerms.warm(leaf.reader(), SLIP_FIELDS);
            }
            return new IndexSearcher(reader);
        }
    };

    private record Live(Path generation, FSDirectory directory, IndexWriter writer, SearcherManager searchers) {}

    private final ChildIndexSource source;
    private final ChildDocuments documents;
    private final SearchProperties properties;
    private final IndexGenerations generations;
    private final Clock clock;

    private volatile Live live;
    private volatile boolean caughtUp;
    private volatile boolean running;
    private volatile long position;
    private ScheduledExecutorService follower;

    // Owned by the follower thread.
    private final TreeMap<Long, Instant> gaps = new TreeMap<>();
    private boolean dirty;
    private Instant lastCommit = Instant.EPOCH;
    private Instant lastWarning = Instant.EPOCH;

    SearchIndex(ChildIndexSource source, SearchProperties properties, Clock clock) {
        this.source = source;
        this.documents = new ChildDocuments(NameVariants.standard());
        this.properties = properties;
        this.generations = new IndexGenerations(properties.indexDir().toAbsolutePath());
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (!properties.follow()) {
            return;
        }
        follower = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "search-index-follower");
            t.setDaemon(true);
            return t;
        });
        follower.scheduleWithFixedDelay(this::poll, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        stopFollowing();
        Live current = live;
        if (current != null) {
            try {
                if (dirty) {
                    commit(current);
                }
                current.searchers().close();
                current.writer().close();
                current.directory().close();
            } catch (IOException e) {
                log.warn("closing the search index: {}", e.getMessage());
            }
        }
        live = null;
        running = false;
    }

    /** Stops as a crash would: nothing since the last commit is saved. For tests of recovery. */
    synchronized void halt() throws IOException {
        stopFollowing();
        Live current = live;
        if (current != null) {
            current.searchers().close();
            current.writer().rollback();
            current.directory().close();
        }
        live = null;
        running = false;
    }

    private void stopFollowing() {
        if (follower != null) {
            follower.shutdown();
            try {
                if (!follower.awaitTermination(30, TimeUnit.SECONDS)) {
                    follower.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            follower = null;
        }
        caughtUp = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The change-log position the index has applied. */
    public long position() {
        return position;
    }

    /** Whether the index has caught up with the change log since it was opened. */
    public boolean ready() {
        return live != null && caughtUp;
    }

    /** Runs a search on the current reader; refuses while the index is not ready. */
    <T> T search(SearcherFunction<T> function) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Live current = live;
            if (current == null || !caughtUp) {
                throw new UnavailableException(
                        "Search is starting up: the index is catching up with the directory. Try again in a minute.");
            }
            IndexSearcher searcher;
            try {
                searcher = current.searchers().acquire();
            } catch (AlreadyClosedException e) {
                if (attempt < 3) {
                    continue; // switched to a new generation meanwhile: take the new one
                }
                throw e;
            }
            try {
                return function.apply(searcher);
            } finally {
                current.searchers().release(searcher);
            }
        }
    }

    private void poll() {
        try {
            if (live == null) {
                open();
            }
            follow();
        } catch (RuntimeException | IOException e) {
            Instant now = clock.instant();
            if (lastWarning.plusSeconds(60).isBefore(now)) {
                log.warn("the search index could not follow the change log (will retry): {}", e.toString());
                lastWarning = now;
            }
        }
    }

    private void open() throws IOException {
        Path generation = generations.current().orElse(null);
        if (generation == null) {
            log.info("no search index under {}: building one", generations.root());
            Rebuilt rebuilt = rebuild((done, total) -> {});
            log.info("search index built: {} children in {} ms", rebuilt.indexed(), rebuilt.millis());
            generation = rebuilt.generation();
        }
        openLive(generation);
        generations.deleteOlderThan(generation);
    }

    private void openLive(Path generation) throws IOException {
        FSDirectory directory = FSDirectory.open(generation);
        IndexWriter writer;
        try {
            writer = new IndexWriter(
                    directory,
                    new IndexWriterConfig()
                            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                            .setMergedSegmentWarmer(reader -> SlipTerms.warm(reader, SLIP_FIELDS)));
        } catch (IOException e) {
            directory.close();
            throw e;
        }
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> commitData = writer.getLiveCommitData();
        if (commitData != null) {
            commitData.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        gaps.clear();
        Instant now = clock.instant();
        for (String gap : data.getOrDefault(GAPS, "").split(",")) {
            if (!gap.isBlank()) {
                gaps.put(Long.parseLong(gap), now);
            }
        }
        position = Long.parseLong(data.getOrDefault(SEQ, "0"));
        dirty = false;
        lastCommit = now;
        long opening = System.nanoTime();
        SearcherManager searchers = new SearcherManager(writer, WARMED);
        log.info(
                "opened the search index {} (its name terms read for typing slips in {} ms)",
                generation.getFileName(),
                (System.nanoTime() - opening) / 1_000_000);
        live = new Live(generation, directory, writer, searchers);
    }

    /** Applies every change committed since the last poll; switches to a newer generation if a rebuild made one. */
    private void follow() throws IOException {
        Live current = live;
        Path published = generations.current().orElse(null);
        if (published != null && !published.equals(current.generation())) {
            log.info("switching the search index to the rebuilt {}", published.getFileName());
            openLive(published);
            current.searchers().close();
            current.writer().rollback();
            current.directory().close();
            generations.deleteOlderThan(published);
            current = live;
        }
        boolean changed = false;
        while (true) {
            List<ChildIndexSource.Change> changes = source.changesAfter(position, List.copyOf(gaps.keySet()), BATCH);
            if (!changes.isEmpty()) {
                apply(current, changes);
                changed = true;
            }
            if (changes.size() < BATCH) {
                break;
            }
            current.searchers().maybeRefresh();
            commitIfDue(current);
        }
        expireGaps();
        if (changed) {
            current.searchers().maybeRefreshBlocking();
        }
        caughtUp = true;
        commitIfDue(current);
    }

    private void apply(Live current, List<ChildIndexSource.Change> changes) throws IOException {
        Instant now = clock.instant();
        long pos = position;
        Set<Long> ids = new LinkedHashSet<>();
        for (ChildIndexSource.Change change : changes) {
            long seq = change.seq();
            if (seq > pos) {
                // Every number skipped may belong to a transaction still open: remember it and ask again.
                for (long s = Math.max(pos + 1, seq - MAX_GAPS); s < seq; s++) {
                    gaps.put(s, now);
                }
                pos = seq;
            } else {
                gaps.remove(seq);
            }
            ids.add(change.childId());
        }
        while (gaps.size() > MAX_GAPS) {
            gaps.pollFirstEntry();
        }
        Map<Long, ChildIndexSource.Child> children =
                source.children(ids).stream().collect(Collectors.toMap(ChildIndexSource.Child::id, c -> c));
        for (long id : ids) {
            ChildIndexSource.Child child = children.get(id);
            if (child != null && child.live()) {
                current.writer().updateDocument(ChildDocuments.idTerm(id), documents.document(child));
            } else {
                current.writer().deleteDocuments(ChildDocuments.idTerm(id));
            }
        }
        position = pos;
        dirty = true;
    }

    private void expireGaps() {
        Instant limit = clock.instant().minus(GAP_TTL);
        gaps.values().removeIf(seen -> seen.isBefore(limit));
    }

    private void commitIfDue(Live current) throws IOException {
        if (dirty && lastCommit.plus(properties.commitInterval()).isBefore(clock.instant())) {
            commit(current);
        }
    }

    private void commit(Live current) throws IOException {
        current.writer().setLiveCommitData(commitData(position, gaps.keySet()).entrySet());
        current.writer().commit();
        dirty = false;
        lastCommit = clock.instant();
    }

    private static Map<String, String> commitData(long position, Set<Long> gaps) {
        return Map.of(
                SEQ,
                Long.toString(position),
                GAPS,
                gaps.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    /**
     * Builds a whole new index from the directory into a new generation and makes it the current one. The position
     * is the change log's head read before the children are, so that every change after it is applied again by the
     * follower; numbers missing just behind it are recorded as gaps.
     */
    public Rebuilt rebuild(Progress progress) {
        long started = System.nanoTime();
        Path previous = generations.current().orElse(null);
        Path generation = generations.create();
        long head = source.lastSeq();
        Set<Long> present = new HashSet<>(source.seqsBetween(Math.max(0, head - GAP_WINDOW), head));
        List<Long> missing = new ArrayList<>();
        for (long s = Math.max(1, head - GAP_WINDOW + 1); s <= head; s++) {
            if (!present.contains(s)) {
                missing.add(s);
            }
        }
        long total = source.count();
        long[] counts = {0, 0};
        try (FSDirectory directory = FSDirectory.open(generation);
                IndexWriter writer = new IndexWriter(
                        directory,
                        new IndexWriterConfig()
                                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                                .setRAMBufferSizeMB(64))) {
            source.forEach(child -> {
                counts[0]++;
                if (child.live()) {
                    try {
                        writer.addDocument(documents.document(child));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    counts[1]++;
                }
                if (counts[0] % 1_000 == 0) {
                    progress.indexed(counts[0], total);
                }
            });
            progress.indexed(counts[0], Math.max(total, counts[0]));
            writer.setLiveCommitData(
                    commitData(head, new LinkedHashSet<>(missing)).entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the search index in " + generation, e);
        }
        generations.publish(generation);
        // A running node may still be reading the previous generation until it notices the new one: it deletes it.
        generations.deleteOlderThan(previous == null ? generation : previous);
        return new Rebuilt(generation, counts[0], counts[1], head, (System.nanoTime() - started) / 1_000_000);
    }
}
