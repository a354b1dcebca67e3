package uk.contactpoint.generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads the generator's data files from the classpath, dropping comments and blank lines. */
final class DataFiles {
    private DataFiles() {}

    static List<String> lines(String name) {
        try (InputStream in = DataFiles.class.getResourceAsStream("/generator/" + name)) {
            if (in == null) {
                throw new IllegalStateException("generator/" + name + " is missing from the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
