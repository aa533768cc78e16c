package dev.jqueue.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One standalone supervisor per host: the pidfile holds the running supervisor's pid. A file
 * naming a live process refuses the start; a stale one is overwritten; on stop the file is
 * removed only if it still names this process (another supervisor may have replaced it).
 */
public final class Pidfile {

    private final Path path;
    private final long pid;

    public Pidfile(Path path, long pid) {
        this.path = path;
        this.pid = pid;
    }

    public void acquire() {
        Optional<Long> existing = read();
        if (existing.isPresent() && existing.get() != pid
                && ProcessHandle.of(existing.get()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("a jqueue supervisor is already running (pid=" + existing.get() + ", pidfile "
                    + path + ")");
        }
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write pidfile " + path, e);
        }
    }

    public void release() {
        if (read().filter(p -> p == pid).isPresent()) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a pidfile we cannot delete is stale next time and gets overwritten
            }
        }
    }

    private Optional<Long> read() {
        try {
            return Optional.of(Long.parseLong(Files.readString(path).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
