package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.examples.django.DjangoEntities;
import dev.gatehouse.examples.legacy.LegacyEntities;
import dev.gatehouse.imports.Importer;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.PlanReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.api.RollbackOptions.RollbackReport;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The importer on hosts that renamed the library's columns: the Django project ({@code auth_user},
 * {@code password}, {@code date_joined}, bigint key) and the legacy host ({@code accounts_user},
 * {@code email_lower}, {@code phone_number}, a 24-character string key). Its checkpoints, mappings,
 * before-images and rollback go through their entity mappings: rolling back a batch or the run
 * gives back the tables exactly, and a run that dies midway resumes with no duplicate and no gap.
 */
class ImportOnRenamedColumnsTest {
  static final String MERGED_HASH =
      "pbkdf2_sha256$260000$mergedsalt0123456789$H1pih351kOcYVHQe9H1wzbTFGhk8m+98lsZ/DcWjzrM=";
  static final String SEEDED_EMAIL = "seeded@host.example";
  static final String MERGED_PHONE = "+14155550177";
  static final int BATCH = 3;

  /**
   * A host with renamed columns, and the one of its existing users a verified record takes over.
   */
  enum Host {
    DJANGO(DjangoEntities.CHANGELOG, DjangoEntities.classes(), Map.of(), "Admin@Example.com"),
    LEGACY(
        LegacyEntities.CHANGELOG,
        LegacyEntities.classes(),
        LegacyEntities.PARAMETERS,
        "Founder@Acme.Example");

    final String changelog;
    final EntityClasses entities;
    final Map<String, String> parameters;
    final String existingEmail;

    Host(
        String changelog,
        EntityClasses entities,
        Map<String, String> parameters,
        String existingEmail) {
      this.changelog = changelog;
      this.entities = entities;
      this.parameters = parameters;
      this.existingEmail = existingEmail;
    }
  }

  /** Every host on every enabled database. */
  static final class HostsAndDatabases implements ArgumentsProvider {
    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
      return TestDatabase.enabledKinds().stream()
          .flatMap(kind -> Stream.of(Host.values()).map(host -> Arguments.of(host, kind)));
    }
  }

  /** The legacy records: new users, merges into existing accounts, a merge into a new one. */
  static List<LegacyUser> users(Host host) {
    Instant joined = Instant.parse("2020-02-03T04:05:06Z");
    List<LegacyUser> u = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      LegacyUser.Builder b =
          LegacyUser.builder("L" + i)
              .email("User" + i + "@New.Example")
              .username("user" + i)
              .passwordHash(i % 2 == 0 ? MERGED_HASH : null)
              .verified(true)
              .emailVerified(i % 3 == 0)
              .createdAt(joined.plus(Duration.ofDays(i)));
      if (i % 2 == 1) {
        b.phone("+1415555020" + i);
      }
      if (i == 4) {
        b.profiles(
            List.of(
                new LegacyUser.LegacyProfile("client", "Home", false, true, "{\"a\":1}", joined),
                new LegacyUser.LegacyProfile("provider", "Work", true, true, null, joined)));
        b.devices(List.of(new LegacyUser.LegacyDevice("dev-4", "ios", "Phone", null, joined)));
      }
      u.add(b.build());
    }
    // Takes over the verified account the host already has: adds its phone and a device.
    u.add(
        LegacyUser.builder("L9")
            .email(SEEDED_EMAIL.toUpperCase(Locale.ROOT))
            .phone(MERGED_PHONE)
            .phoneVerified(true)
            .devices(List.of(new LegacyUser.LegacyDevice("dev-9", "android", null, null, joined)))
            .build());
    // A verified record whose email the host's own (unverified) user has: takes its credentials.
    u.add(
        LegacyUser.builder("L10")
            .email(host.existingEmail)
            .passwordHash(MERGED_HASH)
            .verified(true)
            .emailVerified(true)
            .build());
    // The same person as L2 under another legacy id: merged into the account L2 created.
    u.add(
        LegacyUser.builder("L11")
            .email("user2@new.example")
            .phone("+14155550188")
            .verified(true)
            .phoneVerified(true)
            .build());
    u.add(LegacyUser.builder("L12").build()); // no identifier: set aside
    return u;
  }

  static LegacySource source(Host host, int failAfter) {
    List<LegacyUser> users = users(host);
    return new LegacySource() {
      @Override
      public String describe() {
        return "in-memory " + host;
      }

      @Override
      public RecordStream open() {
        Iterator<LegacyUser> it = users.iterator();
        return new RecordStream() {
          int read;

          @Override
          public boolean hasNext() {
            if (read >= failAfter) {
              throw new ImportSourceException("connection lost", new java.io.IOException("reset"));
            }
            return it.hasNext();
          }

          @Override
          public LegacyRecord next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            read++;
            return LegacyRecord.of(read, read, it.next());
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  static ImportOptions options() {
    return ImportOptions.builder("acme")
        .batchSize(BATCH)
        .conflictPolicy(ConflictPolicy.MERGE)
        .build();
  }

  /** The host's migrated database (its changelog includes the importer's) with an importer. */
  static final class World implements AutoCloseable {
    final Host host;
    final TestDatabase db;
    final MutableClock clock = MutableClock.at(Instant.parse("2026-01-05T10:00:00Z"));
    final EntityManagerFactory emf;
    final JpaAuthStore store;
    final Importer importer;
    final List<String> tables;
    final GatehouseConfig config;

    World(Host host, DatabaseKind kind) {
      this.host = host;
      this.db = TestDatabase.create(kind);
      try {
        GatehouseMigrations.migrate(
            db.dataSource(), host.changelog, host.entities, host.parameters);
        this.emf = GatehouseJpa.bootstrap(db.dataSource(), host.entities, List.of());
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
      this.store = new JpaAuthStore(emf, host.entities);
      Map<String, String> names = GatehouseMigrations.tableParameters(host.entities);
      this.tables =
          List.of(
              names.get("gatehouse.table.user"),
              names.get("gatehouse.table.profile"),
              names.get("gatehouse.table.device"));
      this.config =
          GatehouseConfig.builder()
              .clock(clock)
              .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
              .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.test"))
              .build();
      this.importer =
          Importer.builder()
              .entityManagerFactory(emf)
              .entities(host.entities)
              .config(config)
              .hashing(PasswordHashing.create(PasswordHashingOptions.defaults()))
              .clock(clock)
              .build();
      // A verified account of the host's own, with a profile, that a legacy record merges into.
      store.inTransaction(
          tx ->
              AccountFactory.of(config)
                  .create(
                      tx,
                      UserRecord.newAccount(clock.instant())
                          .email(SEEDED_EMAIL, SEEDED_EMAIL)
                          .verified(true)
                          .emailVerified(true)
                          .build()));
      // Every change the import makes carries a later time than the rows it changes.
      clock.advance(Duration.ofMinutes(5));
    }

    /** Every row of the user, profile and device tables, as text, in a stable order. */
    List<String> accountTables() throws SQLException {
      List<String> all = new ArrayList<>();
      for (String t : tables) {
        all.add("## " + t);
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect();
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("select * from " + t)) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
              b.append(md.getColumnLabel(i).toLowerCase(Locale.ROOT)).append('=');
              b.append(rs.getString(i)).append('|');
            }
            rows.add(b.toString());
          }
        }
        rows.sort(null);
        all.addAll(rows);
      }
      return all;
    }

    long count(String sql) throws SQLException {
      try (Connection c = db.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    List<String> batchIds() throws SQLException {
      List<String> ids = new ArrayList<>();
      try (Connection c = db.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select id from gh_import_batch order by seq")) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }

    /** Proof that the merges wrote through the host's renamed columns. */
    void assertMergesWroteTheRenamedColumns() throws SQLException {
      String user = tables.get(0);
      if (host == Host.DJANGO) {
        assertThat(
                count("select count(*) from " + user + " where password = '" + MERGED_HASH + "'"))
            .as("credentials taken over into auth_user.password")
            .isEqualTo(5); // L2, L4, L6, L8 and Django's admin
        assertThat(count("select count(*) from " + user + " where phone = '" + MERGED_PHONE + "'"))
            .isEqualTo(1);
      } else {
        assertThat(
                count(
                    "select count(*) from "
                        + user
                        + " where phone_number = '"
                        + MERGED_PHONE
                        + "' and email_lower = '"
                        + SEEDED_EMAIL
                        + "'"))
            .as("phone merged into accounts_user.phone_number")
            .isEqualTo(1);
        assertThat(
                count(
                    "select count(*) from "
                        + user
                        + " where password_hash = '"
                        + MERGED_HASH
                        + "' and email_lower = 'founder@acme.example' and is_verified = true"))
            .isEqualTo(1);
      }
    }

    @Override
    public void close() {
      try {
        emf.close();
      } finally {
        db.close();
      }
    }
  }

  /**
   * Issue 32: a host with its own key type (the legacy host's 24-character string) and renamed
   * columns (both hosts) signs a user in and refreshes the session through the same store the
   * import writes with: the login's last-login update and the refresh's owner read take the host's
   * mapping.
   */
  @ParameterizedTest(name = "{0} on {1}")
  @ArgumentsSource(HostsAndDatabases.class)
  void aUserOfTheHostSignsInAndRefreshes(Host host, DatabaseKind kind) {
    String password = "correct horse battery staple";
    dev.gatehouse.core.session.ClientInfo client =
        dev.gatehouse.core.session.ClientInfo.web("203.0.113.7");
    try (World w = new World(host, kind);
        dev.gatehouse.core.Gatehouse g =
            dev.gatehouse.core.Gatehouse.builder(w.config, w.store).build()) {
      String email = "signin-" + UUID.randomUUID().toString().substring(0, 8) + "@host.example";
      String hash =
          g.passwordHashing().hash(dev.gatehouse.core.password.PasswordPolicy.normalize(password));
      Instant now = w.clock.instant();
      w.store.inTransaction(
          tx ->
              AccountFactory.of(w.config)
                  .create(
                      tx,
                      UserRecord.newAccount(now)
                          .email(email, email)
                          .passwordHash(hash)
                          .verified(true)
                          .emailVerified(true)
                          .build()));
      dev.gatehouse.core.session.SessionService.TokenPair login =
          g.accounts()
              .login(
                  new dev.gatehouse.core.account.AccountService.LoginRequest(
                      email, password, client))
              .orElseThrow()
              .tokens();
      dev.gatehouse.core.session.SessionService.TokenPair refreshed =
          g.sessions().refresh(login.refreshToken(), client);
      assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());
      assertThat(g.sessions().verifyAccessToken(refreshed.accessToken()).profileId()).isPresent();
      Instant lastLogin =
          w.store.inTransaction(tx -> tx.users().findByEmail(email).orElseThrow().lastLoginAt());
      assertThat(lastLogin).isEqualTo(now);
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @ArgumentsSource(HostsAndDatabases.class)
  void rollingBackTheNewestBatchThenTheRunRestoresTheRenamedTablesExactly(
      Host host, DatabaseKind kind) throws Exception {
    try (World w = new World(host, kind)) {
      List<String> before = w.accountTables();
      Map<Integer, List<String>> afterBatch = new LinkedHashMap<>();
      RunReport run =
          w.importer.run(
              source(host, Integer.MAX_VALUE),
              options(),
              (seq, last) -> {
                try {
                  afterBatch.put(seq, w.accountTables());
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
                return true;
              });
      assertThat(run.status()).isEqualTo("COMPLETED");
      assertThat(run.batches()).isEqualTo(4);
      assertThat(List.of(run.created(), run.updated(), run.skipped(), run.quarantined()))
          .isEqualTo(List.of(8L, 3L, 0L, 1L));
      w.assertMergesWroteTheRenamedColumns();
      assertThat(w.accountTables()).isNotEqualTo(before).isEqualTo(afterBatch.get(4));

      // The newest batch holds both merges into the host's existing users and one into a new one.
      List<String> batches = w.batchIds();
      RollbackReport newest = w.importer.rollbackBatch(batches.get(3));
      assertThat(newest.restoredUsers()).isEqualTo(2);
      assertThat(w.accountTables()).isEqualTo(afterBatch.get(3));
      RollbackReport rest = w.importer.rollbackRun(run.runId());
      assertThat(rest.batches()).isEqualTo(3);
      assertThat(newest.deletedUsers() + rest.deletedUsers()).isEqualTo(8);
      // The device the import added to an existing account, and the one of an account it created.
      assertThat(rest.deletedDevices()).isEqualTo(2);
      assertThat(w.accountTables()).isEqualTo(before);
      assertThat(w.count("select count(*) from gh_import_mapping")).isZero();
      assertThat(w.importer.resolve("acme", "L1")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @ArgumentsSource(HostsAndDatabases.class)
  void aRunThatDiesMidwayResumesWithNoDuplicateAndNoGapAndRollsBackExactly(
      Host host, DatabaseKind kind) throws Exception {
    try (World w = new World(host, kind)) {
      List<String> before = w.accountTables();
      long usersBefore = w.count("select count(*) from " + w.tables.get(0));
      PlanReport plan = w.importer.plan(source(host, Integer.MAX_VALUE), options());
      assertThat(w.accountTables()).isEqualTo(before);

      RunReport died = w.importer.run(source(host, 7), options());
      assertThat(died.status()).isEqualTo("FAILED");
      assertThat(died.error()).contains("connection lost");
      assertThat(died.records()).isEqualTo(6); // two batches committed, the third not

      RunReport resumed = w.importer.run(source(host, Integer.MAX_VALUE), options());
      assertThat(resumed.runId()).isEqualTo(died.runId());
      assertThat(resumed.status()).isEqualTo("COMPLETED");
      assertThat(resumed.resumedFromPosition()).isEqualTo(6);
      assertThat(resumed.records()).isEqualTo(12);
      assertThat(
              List.of(
                  resumed.created(), resumed.updated(), resumed.skipped(), resumed.quarantined()))
          .isEqualTo(List.of(plan.create(), plan.update(), plan.skip(), plan.quarantine()))
          .isEqualTo(List.of(8L, 3L, 0L, 1L));
      w.assertMergesWroteTheRenamedColumns();
      // No duplicate: one account per created record; no gap: every identifiable record maps.
      assertThat(w.count("select count(*) from " + w.tables.get(0)))
          .isEqualTo(usersBefore + resumed.created());
      assertThat(w.count("select count(*) from gh_import_mapping")).isEqualTo(11);
      for (int i = 1; i <= 8; i++) {
        UUID id = w.importer.resolve("acme", "L" + i).orElseThrow();
        String email = "user" + i + "@new.example";
        assertThat(
                w.store.inTransaction(tx -> tx.users().findByEmail(email)).map(u -> u.publicId()))
            .contains(id);
      }
      assertThat(w.importer.resolve("acme", "L11")).isEqualTo(w.importer.resolve("acme", "L2"));
      assertThat(w.importer.resolve("acme", "L12")).isEmpty();

      // Running the finished import again changes nothing.
      List<String> done = w.accountTables();
      RunReport again = w.importer.run(source(host, Integer.MAX_VALUE), options());
      assertThat(again.created() + again.updated()).isZero();
      assertThat(w.accountTables()).isEqualTo(done);

      // The resumed run and the re-run roll back to exactly the tables before the import.
      w.importer.rollbackRun(again.runId());
      w.importer.rollbackRun(resumed.runId());
      assertThat(w.accountTables()).isEqualTo(before);
    }
  }
}
