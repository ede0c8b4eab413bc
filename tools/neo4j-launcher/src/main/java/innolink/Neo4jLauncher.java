package innolink;

import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with the Bolt connector on 127.0.0.1 until stdin closes or the
 * process is signalled. Usage: Neo4jLauncher DATA_DIR PORT. Prints "READY bolt://127.0.0.1:PORT".
 * Auth is enabled; the fresh database has neo4j/neo4j, which the client must change on first use.
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Neo4jLauncher DATA_DIR PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.mebiBytes(Long.getLong("innolink.pagecache.mb", 1024L)))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown));
        service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME); // wait until available
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        // Stay up until our parent closes stdin (the test fixture) or kills us.
        while (System.in.read() != -1) {
            // ignore input
        }
        service.shutdown();
    }
}
