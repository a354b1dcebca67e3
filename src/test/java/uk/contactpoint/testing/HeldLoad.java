package uk.contactpoint.testing;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.FeedRunReport;
import uk.contactpoint.kernel.SourceCode;

/**
 * A load held at its first progress report, so holding the directory's load lock, until it is let go: for the tests
 * of what another load meets meanwhile. Closing lets it go too, so a failed assertion never leaves it hanging.
 */
public final class HeldLoad implements AutoCloseable {

    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    // Its own thread: the common pool may have a single one on this machine.
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Future<FeedRunReport> load;

    private HeldLoad(FeedLoader loader, SourceCode source, Path file) {
        load = thread.submit(() -> loader.load(source, file, (rows, bytes) -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    /** Starts the load and returns once it is running; fails with the load's own error if it never got going. */
    public static HeldLoad start(FeedLoader loader, SourceCode source, Path file) throws Exception {
        var held = new HeldLoad(loader, source, file);
        if (!held.running.await(30, TimeUnit.SECONDS)) {
            held.load.get(1, TimeUnit.SECONDS); // says why the load did not get going
            held.close();
            throw new IllegalStateException("the held load did not start within 30 s");
        }
        return held;
    }

    /** Lets the load finish; its report. */
    public FeedRunReport finish() throws Exception {
        release.countDown();
        try {
            return load.get(60, TimeUnit.SECONDS);
        } finally {
            thread.shutdown();
        }
    }

    @Override
    public void close() {
        release.countDown();
        thread.shutdown();
    }
}
