package uk.contactpoint.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The index directory holds generations ({@code gen-<millis>}), each a whole Lucene index, and a file {@code current}
 * naming the one in use. A rebuild writes a new generation beside the old and then replaces {@code current} with an
 * atomic rename, so a reader sees the old index or the new one, never half of either; a running node notices the new
 * name and switches.
 */
final class IndexGenerations {

    static final String CURRENT = "current";
    private static final String PREFIX = "gen-";

    private final Path root;

    IndexGenerations(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The generation in use, if there is one and its directory exists. */
    Optional<Path> current() {
        Path pointer = root.resolve(CURRENT);
        try {
            if (!Files.isRegularFile(pointer)) {
                return Optional.empty();
            }
            String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
            Path dir = root.resolve(name);
            return name.startsWith(PREFIX) && Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer, e);
        }
    }

    /** A new, empty generation directory. */
    Path create() {
        try {
            Files.createDirectories(root);
            long stamp = System.currentTimeMillis();
            while (true) {
                Path dir = root.resolve(PREFIX + stamp);
                try {
                    return Files.createDirectory(dir);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    stamp++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an index generation under " + root, e);
        }
    }

    /** Makes the generation the one in use, atomically. */
    void publish(Path generation) {
        Path pointer = root.resolve(CURRENT);
        Path temp = root.resolve(CURRENT + ".tmp");
        try {
            Files.writeString(temp, generation.getFileName().toString() + "\n", StandardCharsets.UTF_8);
            Files.move(temp, pointer, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish index generation " + generation, e);
        }
    }

    /**
     * Deletes the generations older than this one: indexes replaced since, and failed rebuilds. Newer ones are left
     * alone, because a rebuild (in this process or in a {@code reindex} beside a running server) may be writing one.
     */
    void deleteOlderThan(Path generation) {
        long keep = stamp(generation);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX))
                    .filter(d -> stamp(d) < keep)
                    .toList()) {
                deleteTree(dir);
            }
        } catch (IOException e) {
            // Best effort: a leftover generation wastes disk, nothing else; the next switch tries again.
        }
    }

    private static long stamp(Path generation) {
        try {
            return Long.parseLong(generation.getFileName().toString().substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not ours: never deleted
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
