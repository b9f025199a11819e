package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.cohorts.CohortMember;
import dev.gatehouse.cohorts.CohortRule;
import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.CohortState;
import dev.gatehouse.cohorts.Cohorts;
import dev.gatehouse.cohorts.Server;
import dev.gatehouse.cohorts.proxy.CohortForwarding;
import dev.gatehouse.cohorts.proxy.LegacyDirectory;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.examples.django.DjangoEntities;
import dev.gatehouse.imports.GatehouseImports;
import dev.gatehouse.imports.Importer;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.PlanReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.ImportOptions.VerificationPolicy;
import dev.gatehouse.imports.api.RollbackOptions.RollbackReport;
import dev.gatehouse.imports.lazy.DjangoCredentialTables;
import dev.gatehouse.imports.lazy.JdbcLegacyAuthenticator;
import dev.gatehouse.imports.lazy.UserTableWriteBack;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.imports.source.MongoUsersSource;
import dev.gatehouse.imports.source.MongoUsersSource.MongoContent;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.jpa.SchemaAdoption;
import dev.gatehouse.legacy.LegacyAuthenticator;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.legacy.LegacySettings;
import dev.gatehouse.testing.SimpleJwtVectors;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Java snippets of docs/MIGRATION.md as written, each against a fresh H2 database migrated
 * with the library's changelog and the importer's ({@code db/changelog/import-master.xml}): the
 * importer is built and plans, runs and rolls back a real source; the BioGraph sample's content
 * references resolve to the imported owners; a Django {@code auth_user} user migrates at login; the
 * schema check of Django's {@code auth_user} finds what the guide says and writes a changelog.
 */
class MigrationGuideSnippetsTest {
  /** A Django 3.2 hash (from the Django sample database) and its password. */
  static final String ADMIN_HASH =
      "pbkdf2_sha256$260000$irnUjf3UARWJzo9JwqT44U$M/tqed+EQIfwWYYDh0plePb2hYdSXYDxhPDtc7X7XQE=";

  static final String ADMIN_PASSWORD = "Ñandú.Cielo-546";

  static final EntityClasses ENTITIES =
      EntityClasses.builder()
          .user(User.class)
          .profile(Profile.class)
          .device(Device.class)
          .otpCode(OtpCode.class)
          .smsLog(SmsLog.class)
          .emailLog(EmailLog.class)
          .build();

  static GatehouseConfig config() {
    return GatehouseConfig.builder()
        .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
        .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.test"))
        .build();
  }

  /** A fresh database with the library's and the importer's tables. */
  static TestDatabase importTarget() {
    TestDatabase db = TestDatabase.create(DatabaseKind.H2);
    GatehouseMigrations.migrate(db.dataSource(), "db/changelog/import-master.xml", ENTITIES);
    return db;
  }

  static Importer importer(
      DataSource dataSource,
      EntityClasses entities,
      GatehouseConfig config,
      PasswordHashing passwordHashing) {
    // snippet:start importer
    EntityManagerFactory emf = GatehouseJpa.bootstrap(dataSource, entities, List.of());
    Importer importer =
        Importer.builder()
            .dataSource(dataSource)
            .entityManagerFactory(emf)
            .entities(entities)
            .config(config)
            .hashing(passwordHashing)
            .build();
    // snippet:end importer
    return importer;
  }

  static Path sample(String name) {
    try {
      return Path.of(
          MigrationGuideSnippetsTest.class.getResource("/legacy-samples/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theImporterPlansRunsAndRollsBackTheBioGraphUsers() throws Exception {
    try (TestDatabase db = importTarget()) {
      Importer importer =
          importer(
              db.dataSource(),
              ENTITIES,
              config(),
              PasswordHashing.create(PasswordHashingOptions.defaults()));
      MongoUsersSource users = MongoUsersSource.of(sample("mongo-biograph/users.jsonl"));
      ImportOptions options =
          ImportOptions.builder("biograph").conflictPolicy(ConflictPolicy.MERGE).build();

      PlanReport plan = importer.plan(users, options);
      assertThat(plan.records()).isEqualTo(100);
      assertThat(count(db, "select count(*) from app_user")).isZero();

      RunReport run = importer.run(users, options);
      assertThat(run.status()).isEqualTo("COMPLETED");
      assertThat(run.created()).isEqualTo(plan.create()).isPositive();
      assertThat(run.updated()).isEqualTo(plan.update()).isEqualTo(2);
      assertThat(run.created() + run.updated() + run.skipped() + run.quarantined()).isEqualTo(100);
      assertThat(count(db, "select count(*) from app_user")).isEqualTo(run.created());

      RollbackReport rollback = importer.rollbackRun(run.runId());
      assertThat(rollback.deletedUsers()).isEqualTo(run.created());
      assertThat(count(db, "select count(*) from app_user")).isZero();
      assertThat(count(db, "select count(*) from gh_import_mapping")).isZero();
    }
  }

  @Test
  void everyBiographOfAnImportedUserIsAttachedToItsNewAccount() throws Exception {
    try (TestDatabase db = importTarget()) {
      Importer importer =
          importer(
              db.dataSource(),
              ENTITIES,
              config(),
              PasswordHashing.create(PasswordHashingOptions.defaults()));
      RunReport run =
          importer.run(
              MongoUsersSource.of(sample("mongo-biograph/users.jsonl")),
              ImportOptions.builder("biograph").conflictPolicy(ConflictPolicy.MERGE).build());
      assertThat(run.status()).isEqualTo("COMPLETED");
      Path exportDir = sample("mongo-biograph");
      attached.clear();

      // snippet:start mongo-references
      MongoContent.references(
          exportDir.resolve("biographs.jsonl"), // the mongoexport of the content
          "user_id",
          ref ->
              importer
                  .resolve("biograph", ref.ownerLegacyId())
                  .ifPresent(owner -> attach(ref.id(), owner)));
      // snippet:end mongo-references

      // Every attached biograph went to the account its owner's legacy id maps to.
      long all = Files.readAllLines(exportDir.resolve("biographs.jsonl")).size();
      Map<String, UUID> owners = new LinkedHashMap<>();
      MongoContent.references(
          exportDir.resolve("biographs.jsonl"),
          "user_id",
          ref ->
              importer
                  .resolve("biograph", ref.ownerLegacyId())
                  .ifPresent(o -> owners.put(ref.id(), o)));
      long expected = owners.size();
      assertThat(all).isEqualTo(250);
      assertThat(attached).hasSize((int) expected).isEqualTo(owners);
      assertThat(expected).isPositive().isLessThan(all); // quarantined owners' content is not
      assertThat(attached.values())
          .allSatisfy(
              owner ->
                  assertThat(
                          count(
                              db,
                              "select count(*) from app_user where public_id = '" + owner + "'"))
                      .isOne());
    }
  }

  @Test
  void aDjangoUsersSimplejwtSessionCarriesOverThroughTheImportMapping() throws Exception {
    SimpleJwtVectors.Case legacyToken = SimpleJwtVectors.get("secret_key");
    try (TestDatabase db = importTarget()) {
      GatehouseConfig config =
          GatehouseConfig.builder()
              // simplejwt issued the token a minute ago.
              .clock(Clock.fixed(legacyToken.issuedAt().plusSeconds(60), ZoneOffset.UTC))
              .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
              .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, SimpleJwtVectors.SECRET_KEY)
              .set(
                  LegacySettings.LEGACY_SIMPLEJWT_UNTIL,
                  legacyToken.issuedAt().plus(java.time.Duration.ofDays(30)))
              .build();
      EntityManagerFactory emf = importTheDjangoSample(db);
      JpaAuthStore store = new JpaAuthStore(emf, ENTITIES);

      // snippet:start simplejwt-carry-over
      Gatehouse gatehouse =
          Gatehouse.builder(config, store)
              .legacyAccounts(GatehouseImports.legacyAccounts(emf, "django"))
              .install(new LegacyCutOver())
              .build();
      // snippet:end simplejwt-carry-over

      TokenPair tokens =
          gatehouse.sessions().refresh(legacyToken.refresh(), ClientInfo.web("192.0.2.10"));
      assertTheSessionIsOfLegacyUserSeven(db, gatehouse, tokens);
      gatehouse.close();
      emf.close();
    }
  }

  @Test
  void aDrfTokenKeyIsExchangedThroughTheDjangoCredentialTables() throws Exception {
    // Made by Django 3.2 with djangorestframework's authtoken app (auth-import's
    // django-credentials/make.py): user 7's Token key is the first line's.
    java.util.List<String> lines =
        Files.readAllLines(sample("django-credentials/credentials.jsonl"));
    String key =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(lines.get(0))
            .get("key")
            .asText();
    org.sqlite.SQLiteDataSource djangoDataSource = new org.sqlite.SQLiteDataSource();
    djangoDataSource.setUrl(
        "jdbc:sqlite:file:"
            + sample("django-credentials/credentials.sqlite3").toAbsolutePath()
            + "?mode=ro");
    try (TestDatabase db = importTarget()) {
      GatehouseConfig config =
          GatehouseConfig.builder()
              .clock(Clock.fixed(java.time.Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC))
              .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
              .set(
                  LegacySettings.LEGACY_DRF_TOKENS_UNTIL,
                  java.time.Instant.parse("2027-03-31T00:00:00Z"))
              .build();
      EntityManagerFactory emf = importTheDjangoSample(db);
      JpaAuthStore store = new JpaAuthStore(emf, ENTITIES);

      // snippet:start django-credentials
      Gatehouse gatehouse =
          Gatehouse.builder(config, store)
              .legacyAccounts(GatehouseImports.legacyAccounts(emf, "django"))
              .install(new LegacyCutOver(new DjangoCredentialTables(djangoDataSource)))
              .build();
      // snippet:end django-credentials

      TokenPair tokens =
          gatehouse.sessions().exchangeLegacyToken(key, ClientInfo.web("192.0.2.10"));
      assertTheSessionIsOfLegacyUserSeven(db, gatehouse, tokens);
      gatehouse.close();
      emf.close();
    }
  }

  @Test
  void aChangeDuringTheWindowIsWrittenBackToDjango(@TempDir Path dir) throws Exception {
    // A writable copy of the Django sample: the legacy application's database.
    Path django = Files.copy(sample("django/db.sqlite3"), dir.resolve("django.sqlite3"));
    org.sqlite.SQLiteDataSource djangoDataSource = new org.sqlite.SQLiteDataSource();
    djangoDataSource.setUrl("jdbc:sqlite:file:" + django.toAbsolutePath());
    try (TestDatabase db = importTarget()) {
      GatehouseConfig config =
          GatehouseConfig.builder()
              .clock(Clock.fixed(java.time.Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC))
              .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
              .set(
                  LegacySettings.LEGACY_WRITE_BACK_UNTIL,
                  java.time.Instant.parse("2027-03-31T00:00:00Z"))
              .build();
      EntityManagerFactory emf = importTheDjangoSample(db);
      JpaAuthStore store = new JpaAuthStore(emf, ENTITIES);

      // snippet:start write-back
      Gatehouse gatehouse =
          Gatehouse.builder(config, store)
              .install(
                  new LegacyCutOver()
                      .writeBack(
                          UserTableWriteBack.jbDrfAuth(
                              djangoDataSource,
                              "authentication_user",
                              "authentication_profile",
                              "USER")))
              .build();
      // snippet:end write-back

      gatehouse
          .accounts()
          .register(
              dev.gatehouse.core.account.RegistrationRequest.builder()
                  .email("after.cutover@example.com")
                  .password("Mole-De-Olla-2026")
                  .termsAccepted(true)
                  .build());
      // The delivery workers apply it after commit; this thread takes it if they have not yet,
      // and closing waits for a worker that already has.
      gatehouse.deliverPending();
      gatehouse.close();
      try (Connection c = djangoDataSource.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "select username, password, date_joined from authentication_user"
                      + " where email = ?")) {
        ps.setString(1, "after.cutover@example.com");
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("after.cutover@example.com");
          assertThat(
                  PasswordHashing.create(PasswordHashingOptions.defaults())
                      .verify("Mole-De-Olla-2026", rs.getString(2))
                      .matched())
              .isTrue();
          // As Django on SQLite writes a datetime.
          assertThat(rs.getString(3)).isEqualTo("2026-12-01 00:00:00.000000");
        }
      }
      // With its default profile, without which jb-drf-auth's login fails.
      try (Connection c = djangoDataSource.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "select p.role, p.is_active from authentication_profile p join"
                      + " authentication_user u on u.id = p.user_id where u.email = ? and"
                      + " p.is_default = 1 and p.deleted is null")) {
        ps.setString(1, "after.cutover@example.com");
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("USER");
          assertThat(rs.getBoolean(2)).isTrue();
          assertThat(rs.next()).isFalse();
        }
      }
      emf.close();
    }
  }

  /** Imports the Django sample into {@code db}; the factory the import's mapping is read from. */
  private EntityManagerFactory importTheDjangoSample(TestDatabase db) {
    EntityManagerFactory emf = GatehouseJpa.bootstrap(db.dataSource(), ENTITIES, List.of());
    Importer importer =
        importer(
            db.dataSource(),
            ENTITIES,
            config(),
            PasswordHashing.create(PasswordHashingOptions.defaults()));
    RunReport run =
        importer.run(
            DjangoDatabaseSource.sqlite(
                sample("django/db.sqlite3"), "authentication", ZoneOffset.UTC),
            ImportOptions.builder("django").conflictPolicy(ConflictPolicy.MERGE).build());
    assertThat(run.status()).isEqualTo("COMPLETED");
    return emf;
  }

  /** The session is of the account the sample's user 7, mrivera@example.org, was imported into. */
  private static void assertTheSessionIsOfLegacyUserSeven(
      TestDatabase db, Gatehouse gatehouse, TokenPair tokens) throws Exception {
    String subject = gatehouse.sessions().verifyAccessToken(tokens.accessToken()).subject();
    assertThat(
            count(
                db,
                "select count(*) from app_user where email = 'mrivera@example.org'"
                    + " and public_id = '"
                    + UUID.fromString(subject)
                    + "'"))
        .isOne();
  }

  /** Cohorts: the rule, the module installed, a sign-in decided, one step taken by staff. */
  @Test
  void aCohortMovesInOneStepAndItsUsersSignInOnGatehouse() throws Exception {
    try (TestDatabase db = importTarget()) {
      GatehouseMigrations.migrate(db.dataSource(), Cohorts.CHANGELOG, ENTITIES);
      GatehouseConfig config = config();
      EntityManagerFactory emf =
          GatehouseJpa.bootstrap(db.dataSource(), ENTITIES, java.util.List.of());
      JpaAuthStore store = new JpaAuthStore(emf, ENTITIES);

      // snippet:start cohorts
      CohortRule rule =
          CohortRule.builder()
              .salt("acme-cut-over")
              .legacyIds("staff", "1", "2")
              .share("pilot", 1_000) // 10 %
              .share("wave", 4_000) // the next 40 %
              .rest("everyone")
              .build();
      Gatehouse gatehouse = Gatehouse.builder(config, store).install(new Cohorts(rule)).build();
      CohortService cohorts = gatehouse.feature(CohortService.class);
      // ... and, for each request of a legacy account's user:
      Server server = cohorts.forSignIn(new CohortMember("2", "ana@example.com", Set.of()));
      // snippet:end cohorts
      assertThat(server).isEqualTo(Server.LEGACY);
      ClientInfo client = ClientInfo.web("203.0.113.7");
      VerifiedAccessToken staffToken =
          gatehouse
              .sessions()
              .verifyAccessToken(
                  store
                      .inTransaction(
                          tx -> {
                            UserRecord u =
                                AccountFactory.of(config)
                                    .create(
                                        tx,
                                        UserRecord.newAccount(Clock.systemUTC().instant())
                                            .email("ops@example.com", "ops@example.com")
                                            .verified(true)
                                            .staff(true)
                                            .build());
                            return gatehouse
                                .sessions()
                                .start(tx, u.publicId(), List.of("pwd"), client);
                          })
                      .accessToken());
      // snippet:start cohort-step
      cohorts.move(staffToken, "staff", CohortState.GATEHOUSE, "a clean week on staff", client);
      // snippet:end cohort-step
      assertThat(cohorts.forSignIn(CohortMember.of("2", null))).isEqualTo(Server.GATEHOUSE);
      assertThat(cohorts.state("pilot")).isEqualTo(CohortState.LEGACY);
      LegacyDirectory directory =
          new LegacyDirectory() {
            @Override
            public java.util.Optional<CohortMember> byIdentifier(String identifier) {
              return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<CohortMember> byLegacyToken(String token) {
              return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<CohortMember> byLegacyLink(
                String route, String uid, String token) {
              return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<CohortMember> byLegacyId(String legacyId) {
              return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<CohortMember> byAccount(UUID account) {
              return java.util.Optional.empty();
            }
          };
      // snippet:start cohort-forwarding
      CohortForwarding forwarding =
          CohortForwarding.builder(cohorts, URI.create("http://legacy.internal:8000"), directory)
              .basePath("/auth/")
              .sessions(gatehouse.sessions())
              .build();
      // Spring Boot: register it with a FilterRegistrationBean for "/auth/*"
      // snippet:end cohort-forwarding
      assertThat(forwarding).isNotNull();
      gatehouse.close();
      emf.close();
    }
  }

  @Test
  void aDjangoUserMigratesAtTheFirstLogin() throws Exception {
    try (TestDatabase legacyDb = TestDatabase.create(DatabaseKind.H2);
        TestDatabase db = importTarget()) {
      createDjangoAuthUser(legacyDb);
      DataSource legacyDataSource = legacyDb.dataSource();
      GatehouseConfig config = config();
      EntityManagerFactory emf =
          GatehouseJpa.bootstrap(db.dataSource(), ENTITIES, java.util.List.of());
      JpaAuthStore store = new JpaAuthStore(emf, ENTITIES);

      // snippet:start lazy-migration
      LegacyAuthenticator legacy =
          JdbcLegacyAuthenticator.builder(legacyDataSource, "auth_user", ColumnMapping.django())
              .migratedColumn("gatehouse_migrated_at") // optional: stamp + skip migrated rows
              .verificationPolicy(
                  VerificationPolicy.ASSUME_VERIFIED) // auth_user records no verification
              .build();
      Gatehouse gatehouse =
          Gatehouse.builder(config, store)
              .install(new LegacyCutOver().lazyMigration(legacy))
              .build();
      // snippet:end lazy-migration

      TokenPair tokens =
          gatehouse
              .accounts()
              .login(
                  new LoginRequest(
                      "admin@example.com", ADMIN_PASSWORD, ClientInfo.web("192.0.2.10")))
              .orElseThrow()
              .tokens();
      assertThat(tokens.accessToken()).isNotBlank();
      assertThat(
              count(
                  db, "select count(*) from app_user where email_normalized = 'admin@example.com'"))
          .isOne();
      // Re-hashed with the current algorithm, not the Django hash.
      assertThat(
              count(db, "select count(*) from app_user where password_hash like 'pbkdf2_sha256$%'"))
          .isZero();
      assertThat(
              count(
                  legacyDb,
                  "select count(*) from auth_user where gatehouse_migrated_at is not null"))
          .isOne();
      gatehouse.close();
      emf.close();
    }
  }

  private static void createDjangoAuthUser(TestDatabase legacyDb) throws SQLException {
    try (Connection c = legacyDb.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "create table auth_user (id bigint primary key, password varchar(128) not null,"
              + " last_login timestamp null, is_superuser boolean not null,"
              + " username varchar(150) not null unique, first_name varchar(150) not null,"
              + " last_name varchar(150) not null, email varchar(254) not null,"
              + " is_staff boolean not null, is_active boolean not null,"
              + " date_joined timestamp null, gatehouse_migrated_at timestamp null)");
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into auth_user (id, password, is_superuser, username, first_name,"
                  + " last_name, email, is_staff, is_active, date_joined)"
                  + " values (1, ?, true, 'admin', '', '', 'Admin@Example.com', true, true,"
                  + " timestamp '2021-03-04 05:06:07')")) {
        ps.setString(1, ADMIN_HASH);
        ps.executeUpdate();
      }
    }
  }

  @Test
  void theSchemaCheckOfDjangosAuthUserFindsWhatTheGuideSaysAndWritesTheChangeset(
      @TempDir Path changelogDir) throws Exception {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      GatehouseMigrations.migrate(db.dataSource(), DjangoEntities.HISTORY, Map.of());
      DataSource dataSource = db.dataSource();

      // snippet:start schema-adoption
      SchemaAdoption.Report r = SchemaAdoption.check(dataSource, DjangoEntities.classes());
      // missing columns, NOT NULL columns to relax, unmapped required columns:
      System.out.println(r);
      Files.writeString(
          changelogDir.resolve("0002-adopt-gatehouse.xml"),
          r.toChangelog("django-host", "django-0002-adopt-gatehouse"));
      // snippet:end schema-adoption

      assertThat(r.missingColumns()).hasSize(13);
      assertThat(r.missingColumns())
          .extracting(SchemaAdoption.MissingColumn::column)
          .contains("public_id", "email_normalized", "deleted_at");
      assertThat(r.columnsToMakeNullable())
          .extracting(SchemaAdoption.NullableColumn::column)
          .containsExactlyInAnyOrder("email", "username", "password");
      String changelog = Files.readString(changelogDir.resolve("0002-adopt-gatehouse.xml"));
      assertThat(changelog).contains("django-0002-adopt-gatehouse").contains("public_id");
    }
  }

  private final Map<String, UUID> attached = new LinkedHashMap<>();

  private void attach(String contentId, UUID owner) {
    attached.put(contentId, owner);
  }

  private static long count(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
