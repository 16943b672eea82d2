package talentgraph.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A throwaway Neo4j for tests: Bolt on a free loopback port, no auth, data in a temporary
 * folder. Prints {@code bolt://127.0.0.1:PORT} on stdout once it accepts connections, and
 * stops (deleting its folder) on SIGTERM, when stdin closes, or when its parent process exits,
 * so that a test run killed outright leaves no server behind.
 *
 * <p>{@code --ignore-stdin}: do not watch stdin (for a shell's background job, whose
 * stdin is /dev/null); the parent watch still applies.
 */
public final class TestServer {
    private static final AtomicBoolean STOPPED = new AtomicBoolean();

    private TestServer() {}

    public static void main(String[] args) throws IOException {
        boolean watchStdin = !java.util.Arrays.asList(args).contains("--ignore-stdin");
        Path home = Files.createTempDirectory("neo4j-test-server-");
        DatabaseManagementService service;
        try {
            service = start(home);
        } catch (RuntimeException e) {
            delete(home);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(service, home), "stop"));

        int port = boltPort(service);
        System.out.println("bolt://127.0.0.1:" + port);
        System.out.flush();
        // Nobody reads stdout after the address: anything later must not fill the pipe.
        System.setOut(System.err);

        if (watchStdin) {
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

    private static DatabaseManagementService start(Path home) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // Small and quick: test data is tiny, and two engines share a 2-core machine;
                // benchmarks raise it with -Dtalentgraph.pagecache=<bytes>.
                .setConfig(
                        GraphDatabaseSettings.pagecache_memory,
                        Long.getLong("talentgraph.pagecache", 64L * 1024 * 1024))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
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

    private static void stop(DatabaseManagementService service, Path home) {
        if (!STOPPED.compareAndSet(false, true)) {
            return;
        }
        try {
            service.shutdown();
        } finally {
            delete(home);
        }
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
