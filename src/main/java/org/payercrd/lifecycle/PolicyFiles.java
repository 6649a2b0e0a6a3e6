package org.payercrd.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The policy files a reload watches: every {@code .json} and {@code .cql} file of the {@code file:} policy
 * locations, down to a policy's {@code tests/} folder (what the folder and test case readers read). A
 * {@code classpath:} location is inside the jar and never changes, so it is not watched. The state of the files is a
 * {@link Fingerprint} (which files, each one's size and last-modified time to the nanosecond the file system keeps):
 * cheap enough to take every couple of seconds, and any save, added or removed file changes it.
 */
final class PolicyFiles {

    /** Policy location, policy folder, {@code tests/}, case file. */
    private static final int DEPTH = 3;

    private final List<Path> roots;

    private PolicyFiles(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The watched part of these policy locations: their {@code file:} ones. */
    static PolicyFiles of(List<String> locations) {
        return new PolicyFiles(locations.stream()
                .filter(l -> l.startsWith("file:"))
                .map(PolicyFiles::path)
                .toList());
    }

    List<Path> roots() {
        return roots;
    }

    boolean isEmpty() {
        return roots.isEmpty();
    }

    /** What the watched files are now. */
    Fingerprint fingerprint() {
        Map<String, String> files = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                files.put(root.toString(), "absent");
                continue;
            }
            try (Stream<Path> walk = Files.walk(root, DEPTH)) {
                walk.filter(PolicyFiles::isPolicyFile).forEach(file -> files.put(file.toString(), state(file)));
            } catch (IOException | UncheckedIOException e) {
                // A folder being renamed or deleted mid-walk: this look differs from the next, which settles it.
                files.put(root.toString(), "unreadable: " + e.getMessage());
            }
        }
        return new Fingerprint(files);
    }

    private static boolean isPolicyFile(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".json") || name.endsWith(".cql")) && Files.isRegularFile(file);
    }

    private static String state(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.size() + " " + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        } catch (NoSuchFileException e) {
            return "deleted";
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** {@code file:/abs/path/}, {@code file:///abs/path/} or a relative {@code file:policies/}. */
    private static Path path(String location) {
        return Path.of(location.substring("file:".length())).toAbsolutePath().normalize();
    }

    /** The state of the watched files at one look; equal when nothing a reload would read has changed. */
    record Fingerprint(Map<String, String> files) {

        Fingerprint {
            files = Map.copyOf(files);
        }
    }
}
