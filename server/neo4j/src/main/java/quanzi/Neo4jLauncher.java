package quanzi;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.logging.log4j.Log4jLogProvider;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;

/**
 * Runs Neo4j Community embedded with the Bolt connector and APOC core, for the
 * quanzi Node server to spawn as a child process.
 *
 * Environment (all optional):
 *   QUANZI_DATA_DIR          Neo4j home (data/, logs/ below it)      default .data
 *   NEO4J_BOLT_PORT          Bolt port, bound to 127.0.0.1 only      default 7687
 *   NEO4J_USER               user ensured at every start             default neo4j
 *   NEO4J_PASSWORD           its password (>= 8 chars)               default quanzi-dev-password
 *   NEO4J_PAGECACHE          server.memory.pagecache.size            default 512m
 *   NEO4J_TX_TIMEOUT         db.transaction.timeout                  default 30s
 *   NEO4J_TX_LOG_RETENTION   db.tx_log.rotation.retention_policy     default 1G size
 *   QUANZI_NEO4J_WATCH_STDIN 1 = shut down when stdin reaches EOF     default off
 *   QUANZI_NEO4J_WARMUP      0 = do not read the store files ahead   default on
 *   QUANZI_NEO4J_PLUGINS_DIR APOC plugin dir                  default ../plugins next to this class
 *
 * stdout protocol: "QUANZI_NEO4J_READY bolt://127.0.0.1:PORT" once Bolt accepts
 * connections, "QUANZI_NEO4J_WARMED ..." when the background store read-ahead is done (see warmStoreFiles),
 * "QUANZI_NEO4J_STOPPED" after a clean shutdown. Errors go to
 * stderr prefixed "QUANZI_NEO4J_ERROR"; start-up failures exit 1, bad settings exit 2.
 */
public final class Neo4jLauncher {

    private static final PrintStream OUT = System.out;
    private static final PrintStream ERR = System.err;

    private static volatile DatabaseManagementService dbms;
    private static volatile Log4jLogProvider userLog;
    private static final CountDownLatch stopped = new CountDownLatch(1);

    private static final long T0 = System.nanoTime();
    private static final boolean DEBUG = System.getenv("QUANZI_NEO4J_DEBUG") != null;

    private Neo4jLauncher() {}

    /** QUANZI_NEO4J_DEBUG=1: phase timings (ms since main) on stderr. */
    private static void phase(String what) {
        if (DEBUG) ERR.println("QUANZI_NEO4J_DEBUG +" + (System.nanoTime() - T0) / 1_000_000 + "ms " + what);
    }

    public static void main(String[] args) {
        String dataDir = env("QUANZI_DATA_DIR", ".data");
        String portText = env("NEO4J_BOLT_PORT", "7687");
        String user = env("NEO4J_USER", "neo4j");
        String password = env("NEO4J_PASSWORD", "quanzi-dev-password");
        String pageCache = env("NEO4J_PAGECACHE", "512m");
        String txTimeout = env("NEO4J_TX_TIMEOUT", "30s");
        String txLogRetention = env("NEO4J_TX_LOG_RETENTION", "1G size");

        int port;
        try {
            port = Integer.parseInt(portText.trim());
            if (port < 1 || port > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            fail(2, "NEO4J_BOLT_PORT must be a port number 1-65535, got '" + portText + "'", null);
            return;
        }
        if (password.length() < 8) {
            fail(2, "NEO4J_PASSWORD must be at least 8 characters (Neo4j's minimum)", null);
            return;
        }
        if (user.isBlank()) {
            fail(2, "NEO4J_USER must not be empty", null);
            return;
        }

        Path home = Paths.get(dataDir).toAbsolutePath().normalize();
        Path logs = home.resolve("logs");
        Path plugins;
        try {
            plugins = pluginsDir();
            Files.createDirectories(logs);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            fail(1, "cannot prepare directories under " + home + ": " + e.getMessage(), e);
            return;
        }

        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("server.directories.plugins", plugins.toString());
        raw.put("server.directories.logs", logs.toString());
        raw.put("server.default_listen_address", "127.0.0.1");
        raw.put("server.default_advertised_address", "127.0.0.1");
        raw.put("server.bolt.enabled", "true");
        raw.put("server.bolt.listen_address", "127.0.0.1:" + port);
        raw.put("server.bolt.advertised_address", "127.0.0.1:" + port);
        raw.put("server.bolt.tls_level", "DISABLED");
        raw.put("server.http.enabled", "false");
        raw.put("server.https.enabled", "false");
        raw.put("dbms.security.auth_enabled", "true");
        raw.put("dbms.security.procedures.unrestricted", "apoc.*");
        raw.put("dbms.usage_report.enabled", "false");
        raw.put("server.memory.pagecache.size", pageCache.trim());
        raw.put("db.transaction.timeout", txTimeout.trim());
        // Community has no online backup or cluster to feed, so logs past the last checkpoint only take disk:
        // Neo4j's default keeps two days of them, 12 GB after a day of influence recomputes on a million people
        raw.put("db.tx_log.rotation.retention_policy", txLogRetention.trim());
        // Netty's default 5 s quiet period, paid once per event loop group, makes a clean
        // shutdown take ~10 s; Bolt connections are already closed by then.
        raw.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        long pageCacheBytes;
        try {
            // Parse/validate the string values exactly like neo4j.conf would.
            Config parsed = Config.newBuilder().setRaw(raw).build();
            for (String key : raw.keySet()) {
                Setting<Object> setting = parsed.getSetting(key);
                builder.setConfig(setting, parsed.get(setting));
            }
            pageCacheBytes = parsed.get(GraphDatabaseSettings.pagecache_memory);
        } catch (RuntimeException e) {
            fail(2, "invalid Neo4j setting (check NEO4J_PAGECACHE / NEO4J_TX_TIMEOUT / NEO4J_TX_LOG_RETENTION): " + rootMessage(e), null);
            return;
        }

        try {
            OutputStream logStream = new FileOutputStream(logs.resolve("neo4j.log").toFile(), true);
            userLog = new Log4jLogProvider(logStream);
            builder.setUserLogProvider(userLog);
        } catch (IOException e) {
            fail(1, "cannot open " + logs.resolve("neo4j.log") + ": " + e.getMessage(), e);
            return;
        }

        DatabaseManagementService service;
        try {
            phase("config ready, starting Neo4j");
            service = builder.build();
            dbms = service;
            phase("Neo4j started");
        } catch (Throwable e) {
            fail(1, "Neo4j failed to start on 127.0.0.1:" + port + " with data dir " + home + ": "
                    + rootMessage(e) + " (details: " + logs.resolve("debug.log") + ")", e);
            return;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(Neo4jLauncher::shutdown, "quanzi-neo4j-shutdown"));

        try {
            GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(TimeUnit.MINUTES.toMillis(5))) {
                throw new IllegalStateException("database 'neo4j' did not become available");
            }
            phase("database available");
            GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            ensureUser(system, user, password);
            phase("user ensured");
            dropBuiltInUser(system, user);
            waitForBolt(port);
            phase("bolt accepts connections");
        } catch (Throwable e) {
            fail(1, "Neo4j started but is not usable: " + rootMessage(e), e);
            return;
        }

        if ("1".equals(System.getenv("QUANZI_NEO4J_WATCH_STDIN"))) {
            Thread watcher = new Thread(Neo4jLauncher::watchStdin, "quanzi-neo4j-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        OUT.println("QUANZI_NEO4J_READY bolt://127.0.0.1:" + port);
        OUT.flush();

        if (!"0".equals(System.getenv("QUANZI_NEO4J_WARMUP"))) {
            Path dbDir = home.resolve("data").resolve("databases").resolve(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            Thread warmer = new Thread(() -> warmStoreFiles(dbDir, pageCacheBytes), "quanzi-neo4j-warmup");
            warmer.setDaemon(true);
            warmer.setPriority(Thread.MIN_PRIORITY);
            warmer.start();
        }

        try {
            stopped.await();
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    /** Creates the user or resets its password; never leaves "password change required". */
    private static void ensureUser(GraphDatabaseService system, String user, String password) {
        if (userAlreadyRight(system, user, password)) {
            phase("user already has the configured password");
            return;
        }
        boolean exists;
        boolean changeRequired;
        try (var tx = system.beginTx();
                var result = tx.execute(
                        "SHOW USERS YIELD user, passwordChangeRequired WHERE user = $user "
                                + "RETURN passwordChangeRequired",
                        Map.of("user", user))) {
            exists = result.hasNext();
            changeRequired = exists && Boolean.TRUE.equals(result.next().get("passwordChangeRequired"));
            tx.commit();
        }
        phase("SHOW USERS done (exists=" + exists + ", changeRequired=" + changeRequired + ")");
        Map<String, Object> params = Map.of("user", user, "password", password);
        if (!exists) {
            system.executeTransactionally(
                    "CREATE USER $user SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED", params);
            return;
        }
        try {
            system.executeTransactionally(
                    "ALTER USER $user SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED", params);
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to the value it already has: then it is right.
            phase("ALTER USER refused: " + rootMessage(e));
            String msg = String.valueOf(rootMessage(e)).toLowerCase();
            if (!msg.contains("same")) throw e;
            if (changeRequired) {
                system.executeTransactionally("ALTER USER $user SET PASSWORD CHANGE NOT REQUIRED",
                        Map.of("user", user));
            }
        }
    }

    /**
     * Fast path for the usual restart: read the user's node in the system graph and check the
     * stored hash directly, which avoids ~2-5 s of cold Cypher planning for SHOW/ALTER USER.
     * Relies on Neo4j internals (User node, SystemGraphCredential); any surprise means "not sure",
     * and the Cypher path below runs instead.
     */
    private static boolean userAlreadyRight(GraphDatabaseService system, String user, String password) {
        try (var tx = system.beginTx()) {
            Node node = tx.findNode(Label.label("User"), "name", user);
            if (node == null) return false;
            Object credentials = node.getProperty("credentials", null);
            if (!(credentials instanceof String)) return false;
            if (!Boolean.FALSE.equals(node.getProperty("passwordChangeRequired", null))) return false;
            if (!Boolean.FALSE.equals(node.getProperty("suspended", Boolean.FALSE))) return false;
            return SystemGraphCredential.deserialize((String) credentials, new SecureHasher())
                    .matchesPassword(password.getBytes(StandardCharsets.UTF_8));
        } catch (Exception | LinkageError e) {
            phase("fast user check unavailable: " + rootMessage(e));
            return false;
        }
    }

    /**
     * The built-in "neo4j" account (password "neo4j", change required) is an administrator in Community Edition:
     * when another user is configured, drop it, so nobody on this host can claim it by choosing its password.
     */
    private static void dropBuiltInUser(GraphDatabaseService system, String user) {
        if ("neo4j".equals(user)) return;
        try (var tx = system.beginTx()) {
            // a cheap look at the system graph first: restarts need no Cypher planning
            if (tx.findNode(Label.label("User"), "name", "neo4j") == null) return;
        }
        system.executeTransactionally("DROP USER neo4j IF EXISTS");
        phase("dropped the built-in neo4j user");
    }

    /** Bolt is started by build(); still, prove it accepts TCP connections before saying READY. */
    private static void waitForBolt(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IOException("Bolt is not accepting connections on 127.0.0.1:" + port, last);
    }

    /**
     * Reads the database's store and index files once, front to back, so the OS file cache holds them.
     * Community has no page-cache warm-up: after a restart Neo4j faults every 8 KiB page in with its own
     * random read, which made the first full scan (the influence recompute on 1M people) take 130 s from
     * disk against 45 s from the OS cache. Sequential reads take seconds. Capped at the page cache size,
     * so a store larger than the memory meant for it does not push everything else out; graph stores first.
     */
    private static void warmStoreFiles(Path dbDir, long capBytes) {
        long t0 = System.nanoTime();
        long total = 0;
        int files = 0;
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dbDir, 8)) {
            walk.filter(Files::isRegularFile).forEach(paths::add);
        } catch (IOException | RuntimeException e) {
            phase("warm-up skipped: " + rootMessage(e));
            return;
        }
        paths.sort(Comparator.comparingInt(Neo4jLauncher::warmOrder).thenComparing(Path::toString));
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        for (Path p : paths) {
            if (total >= capBytes || dbms == null) break;
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                int n;
                while (total < capBytes && (n = ch.read(buf)) > 0) {
                    total += n;
                    buf.clear();
                }
                files++;
            } catch (IOException | RuntimeException e) {
                // a file rotated or dropped meanwhile: nothing to warm there
            }
        }
        OUT.println("QUANZI_NEO4J_WARMED files=" + files + " bytes=" + total + " ms="
                + (System.nanoTime() - t0) / 1_000_000);
        OUT.flush();
    }

    /** Node, relationship and property stores first (every traversal and scan reads them), then indexes. */
    private static int warmOrder(Path p) {
        String name = p.getFileName().toString();
        if (name.endsWith(".id")) return 9;
        if (name.startsWith("neostore.nodestore")) return 0;
        if (name.startsWith("neostore.relationshipstore") || name.startsWith("neostore.relationshipgroupstore")) return 1;
        if (name.startsWith("neostore.propertystore")) return 2;
        if (name.startsWith("neostore.")) return 3;
        return 4;
    }

    private static void watchStdin() {
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // ignore input; only EOF matters
            }
        } catch (IOException ignored) {
            // treat like EOF
        }
        ERR.println("QUANZI_NEO4J stdin closed (parent gone): shutting down");
        ERR.flush();
        System.exit(0); // runs the shutdown hook
    }

    private static synchronized void shutdown() {
        DatabaseManagementService service = dbms;
        dbms = null;
        if (service != null) {
            try {
                service.shutdown();
                OUT.println("QUANZI_NEO4J_STOPPED");
            } catch (Throwable e) {
                ERR.println("QUANZI_NEO4J_ERROR shutdown failed: " + rootMessage(e));
            }
            OUT.flush();
            ERR.flush();
        }
        Log4jLogProvider log = userLog;
        if (log != null) log.close();
        stopped.countDown();
    }

    /** ../plugins relative to the directory (or jar) this class was loaded from, e.g. .neo4j/plugins. */
    private static Path pluginsDir() throws URISyntaxException {
        String override = System.getenv("QUANZI_NEO4J_PLUGINS_DIR");
        if (override != null && !override.isBlank()) {
            return Paths.get(override).toAbsolutePath().normalize();
        }
        Path codeSource = Paths.get(Neo4jLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path plugins = codeSource.toAbsolutePath().getParent().resolve("plugins").normalize();
        if (!Files.isDirectory(plugins)) {
            throw new IllegalStateException("APOC plugin directory " + plugins
                    + " is missing (run: bash server/neo4j/install.sh)");
        }
        return plugins;
    }

    private static void fail(int code, String message, Throwable e) {
        ERR.println("QUANZI_NEO4J_ERROR " + message);
        if (e != null && DEBUG) e.printStackTrace(ERR);
        ERR.flush();
        DatabaseManagementService service = dbms;
        dbms = null;
        if (service != null) {
            try {
                service.shutdown();
            } catch (Throwable ignored) {
                // already failing
            }
        }
        // halt: a half-started Neo4j can leave non-daemon threads behind, and the hook is not needed
        Runtime.getRuntime().halt(code);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String best = e.toString();
        while (t != null) {
            if (t.getMessage() != null) best = t.getClass().getSimpleName() + ": " + t.getMessage();
            if (t.getCause() == t) break;
            t = t.getCause();
        }
        return best;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
