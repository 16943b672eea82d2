package talentgraph.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A Neo4j 5 community DBMS on loopback Bolt, no auth: the tests' throwaway server, and the
 * local server that {@code talent serve} starts when no Neo4j URL is configured.
 *
 * <p>Prints {@code bolt://127.0.0.1:PORT} on stdout once it accepts connections, and stops
 * cleanly (shutting the DBMS down, which checkpoints the store) on SIGTERM, when stdin closes,
 * or when its parent process exits, so that a caller killed outright leaves no server behind.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code --data DIR}: the DBMS home, kept at exit (the service's store); without it, a
 *       temporary folder deleted at exit (the tests').
 *   <li>{@code --port N}: the Bolt port; 0 or absent: a free one.
 *   <li>{@code --ignore-stdin}: do not watch stdin (for a shell's background job, whose stdin
 *       is /dev/null); the parent watch still applies.
 * </ul>
 *
 * <p>{@code -Dtalentgraph.pagecache=<bytes>} sizes the page cache (64 MiB when absent); the JVM
 * options size the heap.
 */
public final class TestServer {
    private static final AtomicBoolean STOPPED = new AtomicBoolean();
    private static final Duration SHORT_WAIT = Duration.ofMillis(500);
    /** How the line saying why the server did not start begins. */
    private static final String FAILED = "neo4j-test-server: cannot start: ";

    private TestServer() {}

    private record Options(Path data, int port, boolean watchStdin) {
        static Options parse(String[] args) {
            Path data = null;
            int port = 0;
            boolean watchStdin = true;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data" -> data = Path.of(value(args, ++i, "--data"));
                    case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                    case "--ignore-stdin" -> watchStdin = false;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0..65535");
            }
            return new Options(data, port, watchStdin);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        boolean temporary = options.data() == null;
        Path home =
                temporary
                        ? Files.createTempDirectory("neo4j-test-server-")
                        : Files.createDirectories(options.data().toAbsolutePath());
        DatabaseManagementService service;
        try {
            service = start(home, options.port());
        } catch (RuntimeException e) {
            if (temporary) {
                delete(home);
            }
            // The trace for whoever digs, then the causes on the last line, which the caller
            // shows (a port taken, a store locked by another server, ...).
            e.printStackTrace();
            System.err.println(FAILED + causes(e));
            System.exit(1);
            return;
        }
        // The JVM runs its shutdown hooks on SIGTERM and on System.exit: either way the DBMS
        // shuts down (a checkpoint, so the next start needs no recovery).
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> stop(service, temporary ? home : null), "stop"));

        int port = boltPort(service);
        System.out.println("bolt://127.0.0.1:" + port);
        System.out.flush();
        // Nobody reads stdout after the address: anything later must not fill the pipe.
        System.setOut(System.err);

        if (options.watchStdin()) {
            daemon("stdin-watch", () -> {
                drain(System.in);
                System.exit(0);
            });
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        daemon("parent-watch", () -> {
            // The parent's handle goes dead when it exits, even though we are re-parented.
            while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                sleep(500);
            }
            System.exit(0);
        });
    }

    private static DatabaseManagementService start(Path home, int port) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // Small and quick for the tests; the service and the benchmarks size it with
                // -Dtalentgraph.pagecache=<bytes>.
                .setConfig(
                        GraphDatabaseSettings.pagecache_memory,
                        Long.getLong("talentgraph.pagecache", 64L * 1024 * 1024))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                // Only the logs since the last checkpoint are kept, which is what recovery
                // replays: commits still reach the log, and are forced to disk, before they
                // return (no setting here weakens that).
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt stops after the databases (already checkpointed by then), waiting 5 s
                // per connector by default for clients that are gone anyway: a supervised
                // restart or a test run's end would wait 10 s for nothing.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, SHORT_WAIT)
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, SHORT_WAIT)
                .build();
    }

    private static int boltPort(DatabaseManagementService service) {
        GraphDatabaseAPI system =
                (GraphDatabaseAPI) service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        return system.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT)
                .getPort();
    }

    /** Shut the DBMS down once; delete `temporaryHome` (null: a kept store) afterwards. */
    private static void stop(DatabaseManagementService service, Path temporaryHome) {
        if (!STOPPED.compareAndSet(false, true)) {
            return;
        }
        try {
            service.shutdown();
        } finally {
            if (temporaryHome != null) {
                delete(temporaryHome);
            }
        }
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
            if (text.indexOf(message) < 0) {
                text.append(text.length() > 0 ? " <- " : "").append(message);
            }
        }
        return text.toString().replace('\n', ' ');
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) != -1) {
                // Nothing is read from stdin; its end is the signal.
            }
        } catch (IOException e) {
            // A broken stdin means the parent is gone too.
        }
    }

    private static void delete(Path home) {
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
