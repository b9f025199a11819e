package dev.gatehouse.imports.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.imports.GatehouseImports;
import dev.gatehouse.imports.Importer;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.internal.DefaultTableEntities;
import dev.gatehouse.imports.internal.LedgerIds;
import dev.gatehouse.imports.internal.SyntheticUsers;
import dev.gatehouse.imports.internal.UrlDataSource;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import jakarta.persistence.EntityManagerFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Import throughput on a real database: a synthetic legacy source of {@code --users} users
 * (generated while streaming, never held in memory) is imported by {@link Importer#run} in batches
 * of {@code --batch}; then the same rows are written by a plain JDBC batch insert into a bare
 * table, as the floor to compare with. Then, for context, what the import writes per user (user,
 * default profile, mapping) is written by plain JDBC without and with the import's foreign keys,
 * bound as arrays (PostgreSQL), and by the server itself ({@link WriteCeiling}). Prints users per
 * second overall and per window of {@code --window} users, and the peak heap. It lives in the test
 * sources (compiled by every build, never published); run it from the repository root after {@code
 * mvn -q -pl auth-import -am package dependency:build-classpath -DskipTests
 * -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test}:
 *
 * <pre>
 * java -Xmx256m -cp "auth-import/target/classes:auth-import/target/test-classes:$(cat auth-import/target/bench.classpath)" \
 *   dev.gatehouse.imports.bench.ImportThroughput \
 *   --url 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres' --users 1000000 --batch 1000
 * </pre>
 *
 * It creates a fresh schema (PostgreSQL) or database (MariaDB, a {@code jdbc:mariadb:} URL) {@code
 * gh_bench_<random>} and drops it at the end. Both the import and the plain insert use the URL with
 * the driver's batch rewriting on ({@code reWriteBatchedInserts} / {@code
 * rewriteBatchedStatements}); {@code --no-rewrite} leaves the URL as given. Not part of the test
 * suite.
 */
public final class ImportThroughput {
  private ImportThroughput() {}

  /**
   * Whether this run's accounts have time-ordered public ids ({@code --time-ordered-public-ids}).
   */
  private static boolean timeOrderedIds;

  /** This run's accounts' start: the yardstick's public ids are of the import's kind. */
  private static dev.gatehouse.core.account.AccountFactory accounts;

  /**
   * Runs the benchmark.
   *
   * @param args {@code --url}, {@code --users}, {@code --batch}, {@code --window}, {@code
   *     --no-rewrite}, {@code --import-only} (the import's windows and heap alone, none of the
   *     plain-JDBC comparisons after it), {@code --time-ordered-public-ids} (the accounts' setting
   *     {@code gatehouse.accounts.time-ordered-public-ids} on)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    String url = arg(args, "--url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    long users = Long.parseLong(arg(args, "--users", "10000"));
    int batch = Integer.parseInt(arg(args, "--batch", "1000"));
    long window = Long.parseLong(arg(args, "--window", String.valueOf(Math.max(users / 10, 1))));
    timeOrderedIds = hasFlag(args, "--time-ordered-public-ids");
    boolean mariadb = url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
    if (!hasFlag(args, "--no-rewrite")) {
      // The drivers' multi-row rewriting of JDBC batches, for the import and the floor alike.
      url = withParameter(url, mariadb ? "rewriteBatchedStatements" : "reWriteBatchedInserts");
    }
    String schema = "gh_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(url);
        Statement s = admin.createStatement()) {
      s.execute((mariadb ? "create database " : "create schema ") + schema);
    }
    String schemaUrl =
        mariadb
            ? url.replaceFirst("^(jdbc:[a-z]+://[^/?]+)/[^?]*", "$1/" + schema)
            : url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    // As the import CLI does: its target's small pool of connections.
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(new UrlDataSource(schemaUrl, null, null));
    pool.setMaximumPoolSize(6);
    pool.setMinimumIdle(0);
    HikariDataSource ds = new HikariDataSource(pool);
    try {
      EntityClasses entities = new DefaultTableEntities().get();
      GatehouseMigrations.migrate(ds, GatehouseMigrations.LIBRARY_CHANGELOG, entities);
      GatehouseMigrations.migrate(ds, GatehouseImports.CHANGELOG, entities);
      resetPeaks();
      EntityManagerFactory emf =
          GatehouseJpa.bootstrap(ds, entities, GatehouseImports.entityClasses());
      GatehouseConfig config =
          GatehouseConfig.builder()
              .set(GatehouseConfig.SECRET_KEY, "bench-secret-key-0123456789abcdef-0123456789")
              .set(GatehouseConfig.FRONTEND_URL, URI.create("https://bench.example"))
              // The host's choice the import follows (AccountFactory#newAccount): time-ordered
              // public ids keep the four indexes keyed by them appending (docs/BENCHMARKS.md).
              .set(
                  dev.gatehouse.core.config.AccountSettings.TIME_ORDERED_PUBLIC_IDS, timeOrderedIds)
              .build();
      accounts = dev.gatehouse.core.account.AccountFactory.of(config);
      Importer importer =
          Importer.builder()
              .dataSource(ds)
              .entityManagerFactory(emf)
              .entities(entities)
              .config(config)
              .hashing(PasswordHashing.create(PasswordHashingOptions.defaults()))
              .build();
      List<String> windows = new ArrayList<>();
      long[] mark = {System.nanoTime(), 0};
      long[] peaks = {0};
      long start = System.nanoTime();
      RunReport report =
          importer.run(
              new SyntheticUsers(users),
              ImportOptions.builder("bench").batchSize(batch).build(),
              (seq, position) -> {
                if (position - mark[1] >= window || position == users) {
                  long now = System.nanoTime();
                  double rate = (position - mark[1]) / ((now - mark[0]) / 1e9);
                  long peak = heapPeakMb();
                  peaks[0] = Math.max(peaks[0], peak);
                  resetPeaks(); // each window's own peak: a heap growing with the rows shows here
                  windows.add(
                      String.format(
                          "%,d-%,d: %,.0f users/s, peak heap %d MB",
                          mark[1] + 1, position, rate, peak));
                  System.out.println("  window " + windows.get(windows.size() - 1));
                  mark[0] = now;
                  mark[1] = position;
                }
                return true;
              });
      double importSeconds = (System.nanoTime() - start) / 1e9;
      long importPeak = Math.max(peaks[0], heapPeakMb());
      emf.close();
      if (hasFlag(args, "--import-only")) {
        System.out.printf(
            "users=%,d batch=%d status=%s created=%,d%nimport:     %,.0f users/s (%.1f s), peak"
                + " heap %d MB of %d MB (-Xmx)%n",
            users,
            batch,
            report.status(),
            report.created(),
            users / importSeconds,
            importSeconds,
            importPeak,
            Runtime.getRuntime().maxMemory() >> 20);
        return;
      }
      resetPeaks();
      double jdbcSeconds = plainJdbc(ds, users, batch, mariadb);
      long jdbcPeak = heapPeakMb();
      double sameRowsSeconds = sameRowsJdbc(ds, users, batch, mariadb, false);
      double withKeysSeconds = sameRowsJdbc(ds, users, batch, mariadb, true);
      double serverSeconds = WriteCeiling.serverWritten(ds, users, batch, mariadb);
      double arraySeconds = mariadb ? Double.NaN : WriteCeiling.arrays(ds, users, batch);
      System.out.printf(
          "users=%,d batch=%d status=%s created=%,d%n",
          users, batch, report.status(), report.created());
      System.out.printf(
          "import:     %,.0f users/s (%.1f s), peak heap %d MB%n",
          users / importSeconds, importSeconds, importPeak);
      System.out.printf(
          "plain JDBC: %,.0f users/s (%.1f s), peak heap %d MB%n",
          users / jdbcSeconds, jdbcSeconds, jdbcPeak);
      System.out.printf(
          "import / plain JDBC = %.3f (same run, %s)%n",
          jdbcSeconds / importSeconds, mariadb ? "MariaDB" : "PostgreSQL");
      System.out.printf(
          "same rows by plain JDBC (user, default profile, mapping per user, into copies"
              + " of the tables with their indexes): %,.0f users/s (%.1f s)%n",
          users / sameRowsSeconds, sameRowsSeconds);
      System.out.printf(
          "import / same rows by plain JDBC = %.3f (same run)%n", sameRowsSeconds / importSeconds);
      System.out.printf(
          "same rows with the import's foreign keys (profile to user, mapping to its"
              + " batch row): %,.0f users/s (%.1f s)%n",
          users / withKeysSeconds, withKeysSeconds);
      System.out.printf(
          "import / same rows with foreign keys = %.3f (same run)%n",
          withKeysSeconds / importSeconds);
      if (!mariadb) {
        System.out.printf(
            "same rows with foreign keys, bound as arrays (unnest; one statement for users and"
                + " profiles, one for mappings, per batch): %,.0f users/s (%.1f s)%n",
            users / arraySeconds, arraySeconds);
        System.out.printf(
            "import / same rows as arrays = %.3f (same run)%n", arraySeconds / importSeconds);
      }
      System.out.printf(
          "same rows with foreign keys, written by the server itself (insert ... select of"
              + " generated rows, nothing bound per row): %,.0f users/s (%.1f s)%n",
          users / serverSeconds, serverSeconds);
      System.out.printf(
          "ceiling: plain JDBC ÷ server-written rows = %.3f (about the highest import / plain"
              + " JDBC that an import writing these rows by INSERT on one connection can reach"
              + " here)%n",
          jdbcSeconds / serverSeconds);
      System.out.printf("max heap (-Xmx): %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
    } finally {
      ds.close();
      try (Connection admin = DriverManager.getConnection(url);
          Statement s = admin.createStatement()) {
        s.execute(mariadb ? "drop database " + schema : "drop schema " + schema + " cascade");
      }
    }
  }

  /** The same user rows, written by a bare JDBC batch insert: the floor. */
  private static double plainJdbc(DataSource ds, long users, int batch, boolean mariadb)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "create table bench_plain_user (id "
                + (mariadb ? "bigint auto_increment" : "bigserial")
                + " primary key, public_id varchar(36) not"
                + " null unique, email varchar(254), email_normalized varchar(254) unique,"
                + " username varchar(150), username_normalized varchar(150) unique, password_hash"
                + " varchar(512), is_active boolean not null, created_at "
                + (mariadb ? "datetime(6)" : "timestamp with time zone")
                + " not null, modified_at "
                + (mariadb ? "datetime(6)" : "timestamp with time zone")
                + " not null)");
      }
      c.setAutoCommit(false);
      long start = System.nanoTime();
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into bench_plain_user (public_id, email, email_normalized, username,"
                  + " username_normalized, password_hash, is_active, created_at, modified_at)"
                  + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        SyntheticUsers source = new SyntheticUsers(users);
        try (LegacySource.RecordStream st = source.open()) {
          int n = 0;
          Timestamp now = Timestamp.from(Instant.now());
          while (st.hasNext()) {
            LegacyUser u = st.next().user();
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, u.email());
            ps.setString(3, u.email());
            ps.setString(4, u.username());
            ps.setString(5, u.username());
            ps.setString(6, u.passwordHash());
            ps.setBoolean(7, true);
            ps.setTimestamp(8, Timestamp.from(u.createdAt()));
            ps.setTimestamp(9, now);
            ps.addBatch();
            if (++n % batch == 0) {
              ps.executeBatch();
              c.commit();
            }
          }
          ps.executeBatch();
          c.commit();
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  /**
   * The rows an import writes per plain new user (the user, its default profile and the mapping
   * row), written by plain JDBC batches into copies of the Gatehouse tables made with their indexes
   * ({@code LIKE}; foreign keys are not copied), a batch per transaction, with the import's
   * time-ordered ledger keys and, on PostgreSQL, its custom plans: the floor for the import's own
   * rows, with none of its reads, decisions or checks. With {@code foreignKeys} the copies also get
   * the foreign keys the import's tables have (the profile's to its user, the mapping's to a batch
   * row written first in each transaction): what checking them costs the same rows.
   */
  private static double sameRowsJdbc(
      DataSource ds, long users, int batch, boolean mariadb, boolean foreignKeys)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      createFloorTables(c, mariadb, foreignKeys);
      if (!mariadb) {
        // As the import's bulk transactions do (GatehouseJpa.preferCustomPlans): the profiles'
        // insert ... select binds a thousand public ids, and a cached generic plan of it scans the
        // whole user table.
        try (Statement s = c.createStatement()) {
          s.execute("set plan_cache_mode = force_custom_plan");
        }
      }
      c.setAutoCommit(false);
      String runBatch = UUID.randomUUID().toString();
      long start = System.nanoTime();
      if (foreignKeys) {
        // As the import's checkpoint row: the ledger rows' foreign keys point at it.
        try (PreparedStatement b = c.prepareStatement("insert into floor_batch (id) values (?)")) {
          b.setString(1, runBatch);
          b.executeUpdate();
        }
      }
      try (PreparedStatement user =
              c.prepareStatement(
                  "insert into floor_gh_user (public_id, email, email_normalized, phone, username,"
                      + " username_normalized, password_hash, is_active, is_verified,"
                      + " email_verified, phone_verified, is_staff, is_superuser, language,"
                      + " time_zone, feature_flags, terms_accepted_at, created_at, modified_at,"
                      + " last_login_at, deleted_at) values (?, ?, ?, null, ?, ?, ?, true, true,"
                      + " false, false, false, false, null, null, null, null, ?, ?, null, null)");
          PreparedStatement mapping =
              c.prepareStatement(
                  "insert into floor_gh_import_mapping (id, source_name, legacy_id,"
                      + " user_public_id, action, batch_id, created_at) values (?, 'bench', ?, ?,"
                      + " 'CREATED', ?, ?)")) {
        SyntheticUsers source = new SyntheticUsers(users);
        List<String> ids = new ArrayList<>(batch);
        try (LegacySource.RecordStream st = source.open()) {
          int n = 0;
          while (st.hasNext()) {
            LegacyUser u = st.next().user();
            // The same kind of public id as the import's in this run.
            String publicId = accounts.newAccount(Instant.now()).build().publicId().toString();
            Timestamp now = Timestamp.from(Instant.now());
            ids.add(publicId);
            user.setString(1, publicId);
            user.setString(2, u.email());
            user.setString(3, u.email());
            user.setString(4, u.username());
            user.setString(5, u.username());
            user.setString(6, u.passwordHash());
            user.setTimestamp(7, Timestamp.from(u.createdAt()));
            user.setTimestamp(8, now);
            user.addBatch();
            // Time-ordered keys, as the import's ledger rows have (random ones scatter the inserts
            // over the whole primary-key index; on InnoDB that index is the table).
            mapping.setString(1, LedgerIds.next());
            mapping.setString(2, u.legacyId());
            mapping.setString(3, publicId);
            mapping.setString(4, runBatch);
            mapping.setTimestamp(5, now);
            mapping.addBatch();
            if (++n % batch == 0 || !st.hasNext()) {
              user.executeBatch();
              profiles(c, ids);
              mapping.executeBatch();
              c.commit();
              ids.clear();
            }
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      dropFloorTables(c, foreignKeys);
      c.commit();
      return seconds;
    }
  }

  /** The tables the "same rows" floors write, from the import's: see {@link #sameRowsJdbc}. */
  private static final String[] FLOOR_TABLES = {"gh_user", "gh_profile", "gh_import_mapping"};

  /**
   * Creates {@code floor_<table>} copies of the user, profile and mapping tables with their indexes
   * and, with {@code foreignKeys}, a {@code floor_batch} table and the import's two foreign keys.
   */
  static void createFloorTables(Connection c, boolean mariadb, boolean foreignKeys)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String t : FLOOR_TABLES) {
        s.execute(
            mariadb
                ? "create table floor_" + t + " like " + t
                : "create table floor_" + t + " (like " + t + " including all)");
      }
      if (foreignKeys) {
        s.execute("create table floor_batch (id varchar(36) primary key)");
        s.execute(
            "alter table floor_gh_profile add constraint fk_floor_profile_user"
                + " foreign key (user_id) references floor_gh_user (id)");
        s.execute(
            "alter table floor_gh_import_mapping add constraint fk_floor_gh_import_mapping"
                + " foreign key (batch_id) references floor_batch (id)");
      }
    }
  }

  /** Drops what {@link #createFloorTables} made, referencing tables first. */
  static void dropFloorTables(Connection c, boolean foreignKeys) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (int i = FLOOR_TABLES.length - 1; i >= 0; i--) {
        s.execute("drop table floor_" + FLOOR_TABLES[i]);
      }
      if (foreignKeys) {
        s.execute("drop table floor_batch");
      }
    }
  }

  /** The default profiles of the users just written, as the import writes them. */
  private static void profiles(Connection c, List<String> publicIds) throws SQLException {
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < publicIds.size(); i++) {
      in.append(i == 0 ? "?" : ", ?");
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "insert into floor_gh_profile (user_id, is_default, default_marker, role, is_active,"
                + " created_at, modified_at) select u.id, true, u.public_id, 'USER', true, ?, ?"
                + " from floor_gh_user u where u.public_id in ("
                + in
                + ")")) {
      Timestamp now = Timestamp.from(Instant.now());
      p.setTimestamp(1, now);
      p.setTimestamp(2, now);
      for (int i = 0; i < publicIds.size(); i++) {
        p.setString(i + 3, publicIds.get(i));
      }
      p.executeUpdate();
    }
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks (an upper bound of the peak live + garbage heap). */
  private static long heapPeakMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }

  private static String withParameter(String url, String name) {
    return url.contains(name + "=") ? url : url + (url.contains("?") ? "&" : "?") + name + "=true";
  }

  private static boolean hasFlag(String[] args, String name) {
    for (String a : args) {
      if (a.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static String arg(String[] args, String name, String dflt) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }
}
