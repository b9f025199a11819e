package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.lazy.UserTableWriteBack;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.legacy.LegacySettings;
import dev.gatehouse.legacy.LegacyWriteBack;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.sqlite.SQLiteDataSource;

/**
 * The write-back during the transition window (issue 34, item 2): the Django sample is imported,
 * its user table is copied into a legacy database with the DDL Django makes for a jb-drf-auth user
 * model on each database, and every change Gatehouse makes afterwards reaches that table — a new
 * account, a password change and reset (as Django's {@code pbkdf2_sha256}), a deletion — in order,
 * after commit, with conflicts reported instead of overwritten; a FastAPI-Users table gets the same
 * through passlib's bcrypt.
 */
class LegacyWriteBackTest {
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final String SECRET = "test-secret-key-0123456789abcdef-0123456789";
  private static final PasswordHashing VERIFIER =
      PasswordHashing.create(PasswordHashingOptions.defaults());
  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

  // Users of the Django sample with pbkdf2_sha256 hashes (known-passwords.csv).
  private static final String GUADALUPE = "guadalupe.ruiz@example.net";
  private static final String GUADALUPE_PASSWORD = "Cenote.Mariposa-630";
  private static final String MRIVERA = "mrivera@example.org";
  private static final String MRIVERA_PASSWORD = "pirámide_mango7275";
  private static final String JOSE = "josetrevino@example.net";
  private static final String JOSE_PASSWORD = "Tequila2020$";

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void everyChangeInTheWindowReachesTheDjangoTable(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind);
        TestDatabase legacy = TestDatabase.create(kind)) {
      importTheDjangoSample(f);
      djangoTable(legacy);
      MutableClock clock = MutableClock.at(START);
      CapturingEmailSender mail = new CapturingEmailSender();
      Gatehouse g =
          gatehouse(f, clock, UserTableWriteBack.django(legacy.dataSource(), "authentication_user"))
              .emailSender(mail)
              .build();

      // A new account: inserted with Django's hash of the password as typed.
      g.accounts()
          .register(
              RegistrationRequest.builder()
                  .email("nueva@example.com")
                  .password("Mole-Poblano-2026")
                  .termsAccepted(true)
                  .build());
      assertThat(row(legacy, "nueva@example.com")).isEmpty();
      g.deliverPending();
      Map<String, Object> created = row(legacy, "nueva@example.com");
      assertThat(created.get("username")).isEqualTo("nueva@example.com");
      assertThat(truthy(created.get("is_active"))).isTrue();
      assertThat((String) created.get("password")).startsWith("pbkdf2_sha256$260000$");
      assertThat(VERIFIER.verify("Mole-Poblano-2026", (String) created.get("password")).matched())
          .isTrue();

      // An imported user changes their password: Django's row holds the new one, not the old.
      UUID guadalupe = account(g, GUADALUPE);
      String before = (String) row(legacy, GUADALUPE).get("password");
      g.accounts().changePassword(guadalupe, GUADALUPE_PASSWORD, "Nuevo-Cenote-2026");
      g.deliverPending();
      Map<String, Object> changed = row(legacy, GUADALUPE);
      assertThat(changed.get("password")).isNotEqualTo(before);
      assertThat(VERIFIER.verify("Nuevo-Cenote-2026", (String) changed.get("password")).matched())
          .isTrue();
      assertThat(VERIFIER.verify(GUADALUPE_PASSWORD, (String) changed.get("password")).matched())
          .isFalse();

      // A reset through the emailed link.
      g.accounts().requestPasswordReset(MRIVERA);
      g.deliverPending();
      g.accounts().confirmPasswordReset(Mailbox.linkToken(mail, MRIVERA), "Reset-Pirámide-77");
      g.deliverPending();
      assertThat(
              VERIFIER
                  .verify("Reset-Pirámide-77", (String) row(legacy, MRIVERA).get("password"))
                  .matched())
          .isTrue();

      // A new username replaces the row's.
      g.accounts()
          .updateAccount(
              guadalupe,
              new dev.gatehouse.core.account.AccountService.AccountUpdate(
                  null, null, "lupita.ruiz"));
      g.deliverPending();
      assertThat(row(legacy, GUADALUPE).get("username")).isEqualTo("lupita.ruiz");

      // A deletion deactivates the Django row (its own rows that refer to the user stay).
      g.accounts().deleteAccount(account(g, JOSE), JOSE_PASSWORD);
      g.deliverPending();
      Map<String, Object> deleted = row(legacy, JOSE);
      assertThat(truthy(deleted.get("is_active"))).isFalse();
      assertThat(deleted.get("deleted")).isNotNull();

      // Everything settled; nothing failed.
      assertThat(g.status().writeBackPending()).isZero();
      assertThat(g.status().writeBackFailed()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRowChangedInTheLegacyStoreIsAConflictAndIsLeftAsItIs(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind);
        TestDatabase legacy = TestDatabase.create(kind)) {
      f.importer.run(
          DjangoImportTest.sqlite(), DjangoImportTest.options(ConflictPolicy.MERGE).build());
      djangoTable(legacy);
      MutableClock clock = MutableClock.at(START);
      Gatehouse g =
          gatehouse(f, clock, UserTableWriteBack.django(legacy.dataSource(), "authentication_user"))
              .build();
      // Someone reset the password in Django during the window (Gatehouse still holds the
      // imported hash).
      String djangoSide =
          UserTableWriteBack.django(legacy.dataSource(), "authentication_user")
              .hashPassword("Set-In-Django-1");
      execute(
          legacy,
          "update authentication_user set password = ? where lower(email) = ?",
          djangoSide,
          GUADALUPE);

      g.accounts().changePassword(account(g, GUADALUPE), GUADALUPE_PASSWORD, "Nuevo-Cenote-2026");
      g.deliverPending();

      assertThat(row(legacy, GUADALUPE).get("password"))
          .as("never silently overwritten")
          .isEqualTo(djangoSide);
      assertThat(g.status().writeBackFailed()).isEqualTo(1);
      assertThat(g.status().writeBackPending()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void withTheLegacyStoreDownGatehouseKeepsWorkingAndTheJournalDrainsInOrderLater(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind);
        TestDatabase legacy = TestDatabase.create(kind)) {
      djangoTable(legacy);
      AtomicBoolean down = new AtomicBoolean(true);
      MutableClock clock = MutableClock.at(START);
      Gatehouse g =
          gatehouse(
                  f,
                  clock,
                  UserTableWriteBack.django(new Switchable(legacy.dataSource(), down), "auth_user"))
              .build();

      g.accounts()
          .register(
              RegistrationRequest.builder()
                  .email("ana@example.com")
                  .password("Primera-Clave-2026")
                  .termsAccepted(true)
                  .build());
      UUID ana = account(g, "ana@example.com");
      g.deliverPending();
      assertThat(g.status().writeBackPending()).as("kept for a retry").isEqualTo(1);
      assertThat(rowByUsername(legacy, "ana@example.com")).isEmpty();

      // The store is back, but the creation waits for its retry time; the change made now must
      // not overtake it (it would find no row and fail as a conflict).
      down.set(false);
      g.accounts().changePassword(ana, "Primera-Clave-2026", "Segunda-Clave-2026");
      g.deliverPending();
      assertThat(g.status().writeBackPending()).isEqualTo(2);
      assertThat(g.status().writeBackFailed()).isZero();
      assertThat(rowByUsername(legacy, "ana@example.com")).isEmpty();

      clock.advance(Duration.ofMinutes(2));
      g.deliverPending();

      assertThat(g.status().writeBackPending()).isZero();
      assertThat(g.status().writeBackFailed()).isZero();
      Map<String, Object> row = rowByUsername(legacy, "ana@example.com");
      assertThat(VERIFIER.verify("Segunda-Clave-2026", (String) row.get("password")).matched())
          .as("the creation came first, then the change")
          .isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aNewAccountNeverTakesOverALegacyRowItDidNotComeFrom(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind);
        TestDatabase legacy = TestDatabase.create(kind)) {
      djangoTable(legacy);
      // A legacy user the import did not bring over (quarantined, or signed up after it).
      String theirs =
          UserTableWriteBack.django(legacy.dataSource(), "auth_user")
              .hashPassword("Legacy-Owner-Secret-1");
      execute(
          legacy,
          "insert into auth_user (password, is_superuser, username, first_name, last_name, email,"
              + " is_staff, is_active, date_joined) values (?, false, ?, '', '', ?, false, true,"
              + " ?)",
          theirs,
          "owner@example.com",
          "owner@example.com",
          Timestamp.from(START));
      Gatehouse g =
          gatehouse(
                  f,
                  MutableClock.at(START),
                  UserTableWriteBack.django(legacy.dataSource(), "auth_user"))
              .build();
      // Someone registers that address in Gatehouse with a password of their own.
      g.accounts()
          .register(
              RegistrationRequest.builder()
                  .email("owner@example.com")
                  .password("Attacker-Chosen-Pass-9")
                  .termsAccepted(true)
                  .build());
      g.deliverPending();

      assertThat(rowByUsername(legacy, "owner@example.com").get("password"))
          .as("the legacy owner's password stays theirs")
          .isEqualTo(theirs);
      assertThat(g.status().writeBackFailed()).as("reported as a conflict").isEqualTo(1);
    }
  }

  @Test
  void noRequestWaitsForTheLegacyStore() throws Exception {
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2);
        TestDatabase legacy = TestDatabase.create(DatabaseKind.H2)) {
      djangoTable(legacy);
      UserTableWriteBack django = UserTableWriteBack.django(legacy.dataSource(), "auth_user");
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      LegacyWriteBack blocking =
          new LegacyWriteBack() {
            @Override
            public String name() {
              return "blocking";
            }

            @Override
            public String hashPassword(String rawPassword) {
              return django.hashPassword(rawPassword);
            }

            @Override
            public Result apply(LegacyChange change) {
              entered.countDown();
              try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("never released");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
              return django.apply(change);
            }
          };
      Gatehouse g =
          Gatehouse.builder(config(MutableClock.at(START)), f.store)
              .install(new LegacyCutOver().writeBack(blocking))
              .build();
      try {
        CompletableFuture<Void> registered =
            CompletableFuture.runAsync(
                () ->
                    g.accounts()
                        .register(
                            RegistrationRequest.builder()
                                .email("rapida@example.com")
                                .password("Sin-Esperar-2026")
                                .termsAccepted(true)
                                .build()));
        registered.get(30, TimeUnit.SECONDS);
        assertThat(entered.await(30, TimeUnit.SECONDS))
            .as("the write-back started after the commit")
            .isTrue();
        assertThat(release.getCount())
            .as("the registration returned while the legacy store held the write-back")
            .isEqualTo(1);
      } finally {
        release.countDown();
        g.close();
      }
    }
  }

  @Test
  void entriesWaitThroughARestartWithoutTheTarget() throws Exception {
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2);
        TestDatabase legacy = TestDatabase.create(DatabaseKind.H2)) {
      djangoTable(legacy);
      MutableClock clock = MutableClock.at(START);
      Gatehouse journaling =
          gatehouse(f, clock, UserTableWriteBack.django(legacy.dataSource(), "auth_user")).build();
      journaling
          .accounts()
          .register(
              RegistrationRequest.builder()
                  .email("espera@example.com")
                  .password("Paciencia-Larga-2026")
                  .termsAccepted(true)
                  .build());
      journaling.close();

      // Restarted without the target (and without the window): the entry is kept, not failed.
      Gatehouse without =
          Gatehouse.builder(
                  GatehouseConfig.builder()
                      .clock(clock)
                      .set(GatehouseConfig.SECRET_KEY, SECRET)
                      .build(),
                  f.store)
              .dispatchDeliveries(false)
              .build();
      without.deliverPending();
      assertThat(without.status().writeBackPending()).isEqualTo(1);
      assertThat(without.status().writeBackFailed()).isZero();
      without.close();

      // The target is back: the entry drains at its retry time.
      clock.advance(Duration.ofMinutes(2));
      Gatehouse back =
          gatehouse(f, clock, UserTableWriteBack.django(legacy.dataSource(), "auth_user")).build();
      back.deliverPending();
      assertThat(back.status().writeBackPending()).isZero();
      assertThat(rowByUsername(legacy, "espera@example.com")).isNotEmpty();
    }
  }

  @Test
  void outsideTheWindowNothingIsJournaled() throws Exception {
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2);
        TestDatabase legacy = TestDatabase.create(DatabaseKind.H2)) {
      djangoTable(legacy);
      MutableClock clock = MutableClock.at(START.plus(Duration.ofDays(15)));
      Gatehouse g =
          gatehouse(f, clock, UserTableWriteBack.django(legacy.dataSource(), "auth_user")).build();
      g.accounts()
          .register(
              RegistrationRequest.builder()
                  .email("tarde@example.com")
                  .password("Despues-Del-Corte-1")
                  .termsAccepted(true)
                  .build());
      g.deliverPending();
      assertThat(g.status().writeBackPending()).isZero();
      assertThat(rowByUsername(legacy, "tarde@example.com")).isEmpty();
    }
  }

  @Test
  void theWindowAndTheTargetGoTogether() {
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      assertThatThrownBy(() -> Gatehouse.builder(config(MutableClock.at(START)), f.store).build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("gatehouse.legacy.write-back.until is set but the legacy module");
      assertThatThrownBy(
              () ->
                  Gatehouse.builder(config(MutableClock.at(START)), f.store)
                      .install(new LegacyCutOver())
                      .build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("gatehouse.legacy.write-back.until is set but nothing writes");
      GatehouseConfig noWindow =
          GatehouseConfig.builder().set(GatehouseConfig.SECRET_KEY, SECRET).build();
      assertThatThrownBy(
              () ->
                  Gatehouse.builder(noWindow, f.store)
                      .install(
                          new LegacyCutOver()
                              .writeBack(
                                  UserTableWriteBack.django(
                                      new Switchable(null, null), "auth_user")))
                      .build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("gatehouse.legacy.write-back.until is not set");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aFastApiUsersTableGetsPasslibBcrypt(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind);
        TestDatabase legacy = TestDatabase.create(kind)) {
      String q = kind == DatabaseKind.MARIADB ? "`" : "\"";
      String id = kind == DatabaseKind.MARIADB ? "char(36)" : "uuid";
      execute(
          legacy,
          "create table "
              + q
              + "user"
              + q
              + " (id "
              + id
              + " not null primary key, email varchar(320) not null, hashed_password"
              + " varchar(1024) not null, is_active boolean not null, is_superuser boolean not"
              + " null, is_verified boolean not null)");
      execute(legacy, "create unique index ix_user_email on " + q + "user" + q + " (email)");
      Gatehouse g =
          gatehouse(
                  f,
                  MutableClock.at(START),
                  UserTableWriteBack.fastApiUsers(legacy.dataSource(), "user"))
              .build();
      g.accounts()
          .register(
              RegistrationRequest.builder()
                  .email("fastapi@example.com")
                  .password("Bcrypt-Por-Passlib-1")
                  .termsAccepted(true)
                  .build());
      UUID account = account(g, "fastapi@example.com");
      g.deliverPending();
      Map<String, Object> row =
          query(
              legacy,
              "select * from " + q + "user" + q + " where email = ?",
              "fastapi@example.com");
      assertThat(row.get("id").toString()).isEqualTo(account.toString());
      assertThat((String) row.get("hashed_password")).startsWith("$2b$12$");
      assertThat(
              VERIFIER
                  .verify("Bcrypt-Por-Passlib-1", (String) row.get("hashed_password"))
                  .matched())
          .isTrue();
      assertThat(truthy(row.get("is_verified"))).isFalse();

      g.accounts().changePassword(account, "Bcrypt-Por-Passlib-1", "Otra-Clave-Passlib-2");
      g.accounts().deleteAccount(account, "Otra-Clave-Passlib-2");
      g.deliverPending();
      row =
          query(
              legacy,
              "select * from " + q + "user" + q + " where email = ?",
              "fastapi@example.com");
      assertThat(
              VERIFIER
                  .verify("Otra-Clave-Passlib-2", (String) row.get("hashed_password"))
                  .matched())
          .isTrue();
      assertThat(truthy(row.get("is_active"))).isFalse();
      assertThat(g.status().writeBackFailed()).isZero();

      // FastAPI-Users' own verifier (passlib's CryptContext with bcrypt) accepts the hash.
      LegacyPython.require("passlib", "bcrypt");
      assertThat(
              LegacyPython.withInput(
                  LegacyPython.script("fastapi-users-app/passlib_verify.py"),
                  row.get("hashed_password") + "\nOtra-Clave-Passlib-2\n"))
          .isEqualTo("true");
      assertThat(
              LegacyPython.withInput(
                  LegacyPython.script("fastapi-users-app/passlib_verify.py"),
                  row.get("hashed_password") + "\nBcrypt-Por-Passlib-1\n"))
          .isEqualTo("false");
    }
  }

  // ---- fixtures ---------------------------------------------------------------------------

  private static GatehouseConfig config(MutableClock clock) {
    return GatehouseConfig.builder()
        .clock(clock)
        .set(GatehouseConfig.SECRET_KEY, SECRET)
        .set(LegacySettings.LEGACY_WRITE_BACK_UNTIL, START.plus(Duration.ofDays(14)))
        .build();
  }

  static Gatehouse.Builder gatehouse(ImportFixture f, MutableClock clock, LegacyWriteBack target) {
    return Gatehouse.builder(config(clock), f.store)
        .install(new LegacyCutOver().writeBack(target))
        .dispatchDeliveries(false);
  }

  private static UUID account(Gatehouse g, String email) {
    return g.accounts().findByEmail(email).orElseThrow().id();
  }

  /**
   * Django's DDL on each database for the sample's jb-drf-auth user model ({@code
   * authentication_user}) and for {@code auth_user}; the sample's rows are copied into the first.
   */
  static void djangoTable(TestDatabase legacy) throws Exception {
    DatabaseKind kind = legacy.kind();
    boolean maria = kind == DatabaseKind.MARIADB;
    Ddl ddl = Ddl.of(kind);
    String ts = ddl.timestamp();
    String id = ddl.key();
    // The sample holds usernames and emails that differ only in case (SQLite compares them
    // exactly); on MariaDB they need a binary collation to be stored at all.
    String exact = maria ? " collate utf8mb4_bin" : "";
    String json = ddl.settingsJson();
    execute(
        legacy,
        "create table authentication_user (id "
            + id
            + ", password varchar(128) not null, last_login "
            + ts
            + " null, is_superuser boolean not null, username varchar(150)"
            + exact
            + " not null unique, is_staff boolean not null, is_active boolean not null,"
            + " date_joined "
            + ts
            + " not null, deleted "
            + ts
            + " null, deleted_by_cascade boolean not null, created "
            + ts
            + " not null, modified "
            + ts
            + " not null, email varchar(254)"
            + exact
            + " not null unique, phone varchar(20) null unique,"
            + " is_verified boolean not null, terms_and_conditions "
            + ts
            + " null, settings "
            + json
            + ")");
    execute(
        legacy,
        "create table auth_user (id "
            + id
            + ", password varchar(128) not null, last_login "
            + ts
            + " null, is_superuser boolean not null, username varchar(150) not null unique,"
            + " first_name varchar(150) not null, last_name varchar(150) not null, email"
            + " varchar(254) not null, is_staff boolean not null, is_active boolean not null,"
            + " date_joined "
            + ts
            + " not null)");
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl(
        "jdbc:sqlite:file:"
            + ImportFixture.sample("django/db.sqlite3").toAbsolutePath()
            + "?mode=ro");
    List<String> columns =
        List.of(
            "id",
            "password",
            "last_login",
            "is_superuser",
            "username",
            "is_staff",
            "is_active",
            "date_joined",
            "deleted",
            "deleted_by_cascade",
            "created",
            "modified",
            "email",
            "phone",
            "is_verified",
            "terms_and_conditions",
            "settings");
    int max = 0;
    try (Connection from = sqlite.getConnection();
        Connection to = legacy.connect();
        Statement s = from.createStatement();
        ResultSet rs =
            s.executeQuery("select " + String.join(", ", columns) + " from authentication_user");
        PreparedStatement ps =
            to.prepareStatement(
                "insert into authentication_user ("
                    + String.join(", ", columns)
                    + ") values ("
                    + "?, ".repeat(columns.size() - 1)
                    + (kind == DatabaseKind.POSTGRESQL ? "cast(? as jsonb)" : "?")
                    + ")")) {
      while (rs.next()) {
        for (int i = 0; i < columns.size(); i++) {
          String col = columns.get(i);
          String v = rs.getString(i + 1);
          if (v == null) {
            ps.setObject(i + 1, null);
          } else if (col.equals("id")) {
            max = Math.max(max, Integer.parseInt(v));
            ps.setInt(i + 1, Integer.parseInt(v));
          } else if (col.startsWith("is_") || col.equals("deleted_by_cascade")) {
            ps.setBoolean(i + 1, v.equals("1") || v.equalsIgnoreCase("true"));
          } else if (List.of(
                  "last_login",
                  "date_joined",
                  "deleted",
                  "created",
                  "modified",
                  "terms_and_conditions")
              .contains(col)) {
            ps.setTimestamp(
                i + 1, Timestamp.valueOf(v.replace('T', ' ').replaceAll("[+Z].*$", "")), UTC);
          } else {
            ps.setString(i + 1, v);
          }
        }
        ps.executeUpdate();
      }
    }
    if (kind != DatabaseKind.MARIADB) {
      // Rows copied with their keys: new rows take keys after them, as Django's would.
      execute(legacy, "alter table authentication_user alter column id restart with " + (max + 1));
    }
  }

  private static Map<String, Object> row(TestDatabase legacy, String email) throws SQLException {
    return query(legacy, "select * from authentication_user where lower(email) = ?", email);
  }

  private static Map<String, Object> rowByUsername(TestDatabase legacy, String username)
      throws SQLException {
    return query(legacy, "select * from auth_user where username = ?", username);
  }

  /**
   * The column types Django's migrations use on each database: a timestamp, an auto key, a {@code
   * settings} JSON field.
   */
  record Ddl(String timestamp, String key, String settingsJson) {
    static Ddl of(DatabaseKind kind) {
      boolean maria = kind == DatabaseKind.MARIADB;
      return new Ddl(
          maria ? "datetime(6)" : "timestamp with time zone",
          maria
              ? "integer auto_increment not null primary key"
              : "integer generated by default as identity primary key",
          switch (kind) {
            case POSTGRESQL -> "jsonb not null";
            case MARIADB -> "longtext not null check (json_valid(settings))";
            default -> "varchar(4000) not null";
          });
    }
  }

  /** Imports the Django sample into the fixture's store. */
  static void importTheDjangoSample(ImportFixture f) throws Exception {
    assertThat(
            f.importer
                .run(
                    DjangoImportTest.sqlite(),
                    DjangoImportTest.options(ConflictPolicy.MERGE).build())
                .status())
        .isEqualTo("COMPLETED");
  }

  static Map<String, Object> query(TestDatabase db, String sql, String arg) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        Map<String, Object> row = new HashMap<>();
        if (rs.next()) {
          ResultSetMetaData md = rs.getMetaData();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
          }
        }
        return row;
      }
    }
  }

  static void execute(TestDatabase db, String sql, Object... args) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.execute();
    }
  }

  static boolean truthy(Object v) {
    return v instanceof Boolean b ? b : v instanceof Number n && n.intValue() != 0;
  }

  /** The legacy database, reachable or not: a store that is down refuses every connection. */
  private record Switchable(DataSource real, AtomicBoolean down) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      if (down.get()) {
        throw new SQLException("connection refused (the legacy database is down)", "08001");
      }
      return real.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
