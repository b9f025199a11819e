package dev.gatehouse.imports.cli;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.password.FirebaseScryptParameters;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.store.EntityClasses;
import dev.gatehouse.imports.ConflictPolicy;
import dev.gatehouse.imports.GatehouseImports;
import dev.gatehouse.imports.ImportOptions;
import dev.gatehouse.imports.Importer;
import dev.gatehouse.imports.LegacySource;
import dev.gatehouse.imports.PlanReport;
import dev.gatehouse.imports.RollbackOptions;
import dev.gatehouse.imports.RollbackRefusedException;
import dev.gatehouse.imports.RollbackReport;
import dev.gatehouse.imports.RunReport;
import dev.gatehouse.imports.Thresholds;
import dev.gatehouse.imports.VerificationPolicy;
import dev.gatehouse.imports.internal.CsvReader;
import dev.gatehouse.imports.internal.ProgressDisplay;
import dev.gatehouse.imports.source.Auth0Source;
import dev.gatehouse.imports.source.ColumnMapping;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.imports.source.DjangoDumpdataSource;
import dev.gatehouse.imports.source.FirebaseAuthExportSource;
import dev.gatehouse.imports.source.JdbcTableSource;
import dev.gatehouse.imports.source.KeycloakRealmSource;
import dev.gatehouse.imports.source.MongoUsersSource;
import dev.gatehouse.imports.source.SupabaseSource;
import dev.gatehouse.imports.verify.HashCheck;
import dev.gatehouse.imports.verify.LoginReplay;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The import command-line tool: {@code plan}, {@code run}, {@code rollback}, {@code verify} and
 * {@code check-hashes}. Run {@code java -jar auth-import.jar --help} (with its dependencies on the
 * class path) for every option. Exit status: 0 success, 1 the plan failed a threshold, the run did
 * not complete or a check did not match everything, 2 bad usage.
 */
public final class ImportCli {
  private static final String HELP =
      """
      Usage: gatehouse-import <command> [options]

      Commands:
        plan           dry run: read the source, write nothing, report (exit 1 if a threshold fails)
        run            import in batches; resumes the source's unfinished run if there is one
        rollback       undo a run (--run) or its newest batch (--batch)
        verify         replay known logins through the real login path after an import
        check-hashes   check (password, hash) pairs without a database

      Source (plan, run):
        --source-type TYPE       django-sqlite | django-db | django-dumpdata | csv | fastapi-csv
                                 | table | fastapi-table | mongo
                                 | auth0 | supabase | keycloak | firebase
        --source PATH|URL        file, or JDBC URL for django-db / table / fastapi-table / supabase
        --source-user USER       user for a JDBC source
        --source-password PW     password for a JDBC source
        --django-app APP         Django app of the user model (default authentication; auth for auth_user)
        --dumpdata-model MODEL   user model label in a dumpdata file (default authentication.user)
        --table NAME             table for --source-type table (default "user" for fastapi-table,
                                 auth.users for supabase)
        --mapping SPEC           columns for csv/table: legacy_id=id,email=mail,password_hash=pw,...
                                 (fields: legacy_id email phone phone_country_code username
                                 password_hash is_active is_verified email_verified phone_verified
                                 is_staff is_superuser created_at last_login_at deleted_at)
        --source-zone ZONE       zone of timestamps stored without offset (default UTC)
        --password-hashes FILE   auth0: the password hash export joined to --source (the user export)

      Import options (plan, run):
        --source-name NAME       stable name keying the legacy-id mapping (required)
        --batch-size N           users per batch and transaction (default 500)
        --conflict POLICY        skip | merge | quarantine (default quarantine)
        --assume-verified        treat imported emails and phones as verified
        --default-region CC      region of national phone numbers (default US)
        --lenient-phones         import numbers of a possible length outside libphonenumber's
                                 ranges (counted as phone:accepted_possible_only) instead of
                                 dropping them
        --ignore-email-domain D  placeholder domain not imported as email (repeatable)
        --import-soft-deleted    import soft-deleted users as deleted instead of skipping them
        --max-unsupported-hashes PCT  plan fails above this share (default 1)
        --max-invalid-phones PCT      plan fails above this share (default none)
        --max-quarantined PCT         plan fails above this share (default none)
        --max-unreadable PCT          plan fails above this share (default 1)
        --report FILE            also write the JSON report to FILE

      Target (plan, run, rollback, verify):
        --target-url URL         JDBC URL of the Gatehouse database
        --target-user USER       its user
        --target-password PW     its password
        --entities CLASS         Supplier<EntityClasses> of the host (default: gh_* tables)
        --migrate                apply the library changelog and the importer's to the target first
        --config FILE            Gatehouse properties (also read from the environment)

      rollback:
        --run ID                 roll back every batch of a run, newest first
        --batch ID               roll back one batch (the newest of its run)
        --with-dependents        also roll back, first, later runs that merged into its accounts
                                 (refused without it, changing nothing)
        --force                  also roll back accounts used since the import, revoking their
                                 sessions and refresh tokens (refused without it)

      verify:
        --known FILE             CSV with header; columns login,password (first two)
        --read-only              check passwords against the stored accounts without logging in
                                 (no session, no rehash, no last-login change)

      check-hashes:
        --pairs FILE             CSV with header; columns password,hash (first two)
        --allow-unsalted-digests verify bare hex MD5/SHA-1 digests too (off by default)
        --firebase-signer-key K  Firebase project's base64_signer_key, for $firebase-scrypt$ hashes
        --firebase-salt-separator S   its base64_salt_separator (default empty)
        --firebase-rounds N      its rounds (default 8)
        --firebase-mem-cost N    its mem_cost (default 14)

      Other:
        --help                   this text
      """;

  private ImportCli() {}

  /**
   * Runs the tool and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the tool in-process.
   *
   * @param args the command line
   * @param out where reports go
   * @param err where errors go
   * @return the exit status
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, List<String>> o;
    String command;
    try {
      if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h")) {
        out.print(HELP);
        return args.length == 0 ? 2 : 0;
      }
      command = args[0];
      o = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    try {
      switch (command) {
        case "check-hashes":
          return checkHashes(o, out);
        case "plan":
        case "run":
        case "rollback":
        case "verify":
          return withTarget(command, o, out, err);
        default:
          err.println("error: unknown command '" + command + "'; see --help");
          return 2;
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
  }

  private static final List<String> FLAGS =
      List.of(
          "--assume-verified",
          "--import-soft-deleted",
          "--migrate",
          "--with-dependents",
          "--force",
          "--allow-unsalted-digests",
          "--read-only");

  private static Map<String, List<String>> parse(String[] args) {
    Map<String, List<String>> o = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")
          || !HELP.contains(a.split("=", 2)[0] + " ") && !HELP.contains(a + "\n")) {
        throw new IllegalArgumentException("unknown option '" + a + "'; see --help");
      }
      if (FLAGS.contains(a)) {
        o.computeIfAbsent(a, k -> new ArrayList<>()).add("true");
      } else if (a.contains("=")) {
        String[] kv = a.split("=", 2);
        o.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + a + " needs a value");
        }
        o.computeIfAbsent(a, k -> new ArrayList<>()).add(args[++i]);
      }
    }
    return o;
  }

  private static String opt(Map<String, List<String>> o, String name) {
    List<String> v = o.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  private static String required(Map<String, List<String>> o, String name) {
    String v = opt(o, name);
    if (v == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return v;
  }

  private static Double percent(Map<String, List<String>> o, String name, Double dflt) {
    String v = opt(o, name);
    return v == null ? dflt : Double.valueOf(v);
  }

  /** The source's record count, for the progress display's estimate: one pass reading it. */
  private static long count(LegacySource source) {
    long n = 0;
    try (LegacySource.RecordStream records = source.open()) {
      while (records.hasNext()) {
        records.next();
        n++;
      }
    } catch (RuntimeException e) {
      return -1; // the run reports the source's failure; progress goes on without an estimate
    }
    return n;
  }

  private static int checkHashes(Map<String, List<String>> o, PrintStream out) throws IOException {
    HashCheck check = new HashCheck(hashing(o));
    for (List<String> row : csvRows(Path.of(required(o, "--pairs")))) {
      check.add(row.get(0), row.get(1));
    }
    HashCheck.Result r = check.result();
    out.print("check-hashes: matched per format\n" + r.summary());
    return r.checked() > 0 && r.matched() == r.checked() ? 0 : 1;
  }

  /** Default hashing plus the legacy-format options of the command line. */
  private static PasswordHashing hashing(Map<String, List<String>> o) {
    PasswordHashing.Builder builder =
        PasswordHashing.builder()
            .options(PasswordHashingOptions.defaults())
            .allowUnsaltedDigests(o.containsKey("--allow-unsalted-digests"));
    String signerKey = opt(o, "--firebase-signer-key");
    if (signerKey != null) {
      String separator = opt(o, "--firebase-salt-separator");
      String rounds = opt(o, "--firebase-rounds");
      String memCost = opt(o, "--firebase-mem-cost");
      builder.firebaseScrypt(
          FirebaseScryptParameters.of(
              signerKey,
              separator == null ? "" : separator,
              rounds == null ? 8 : Integer.parseInt(rounds),
              memCost == null ? 14 : Integer.parseInt(memCost)));
    }
    return builder.build();
  }

  private static List<List<String>> csvRows(Path file) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CsvReader csv = new CsvReader(r)) {
      csv.next();
      for (List<String> row = csv.next(); row != null; row = csv.next()) {
        if (row.size() >= 2) {
          rows.add(row);
        }
      }
    } catch (CsvReader.MalformedRecord e) {
      throw new IllegalArgumentException(
          file.getFileName() + " is not valid CSV: " + e.getMessage(), e);
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  private static int withTarget(
      String command, Map<String, List<String>> o, PrintStream out, PrintStream err)
      throws IOException {
    UrlDataSource target =
        new UrlDataSource(
            required(o, "--target-url"), opt(o, "--target-user"), opt(o, "--target-password"));
    EntityClasses entities;
    String entitiesClass = opt(o, "--entities");
    try {
      Supplier<EntityClasses> supplier =
          entitiesClass == null
              ? new DefaultTableEntities()
              : (Supplier<EntityClasses>)
                  Class.forName(entitiesClass).getDeclaredConstructor().newInstance();
      entities = supplier.get();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException("--entities " + entitiesClass + " is not usable: " + e, e);
    }
    if (o.containsKey("--migrate")) {
      GatehouseMigrations.migrate(target, GatehouseMigrations.LIBRARY_CHANGELOG, entities);
      GatehouseMigrations.migrate(target, GatehouseImports.CHANGELOG, entities);
    }
    GatehouseConfig config = config(o);
    PasswordHashing hashing = hashing(o);
    EntityManagerFactory emf =
        GatehouseJpa.bootstrap(target, entities, GatehouseImports.entityClasses());
    try {
      Importer importer =
          Importer.builder()
              .dataSource(target)
              .entityManagerFactory(emf)
              .entities(entities)
              .config(config)
              .hashing(hashing)
              .build();
      switch (command) {
        case "plan":
          {
            PlanReport plan = importer.plan(source(o), options(o));
            out.print(plan.summary());
            writeReport(o, plan.toJson());
            return plan.passed() ? 0 : 1;
          }
        case "run":
          {
            LegacySource source = source(o);
            // Progress on standard error, so standard output stays the report.
            ProgressDisplay progress =
                new ProgressDisplay(
                    err,
                    System.console() != null,
                    count(source),
                    Clock.systemUTC(),
                    Duration.ofSeconds(10));
            RunReport run = importer.run(source, options(o), progress);
            progress.finish();
            out.print(run.summary());
            writeReport(o, run.toJson());
            return run.completed() ? 0 : 1;
          }
        case "rollback":
          {
            RollbackOptions ro = RollbackOptions.defaults();
            if (o.containsKey("--with-dependents")) {
              ro = ro.includingDependents();
            }
            if (o.containsKey("--force")) {
              ro = ro.forced();
            }
            RollbackReport r;
            try {
              r =
                  opt(o, "--run") != null
                      ? importer.rollbackRun(opt(o, "--run"), ro)
                      : importer.rollbackBatch(required(o, "--batch"), ro);
            } catch (RollbackRefusedException e) {
              err.println("refused: " + e.getMessage());
              return 1;
            }
            out.println(
                "rolled back "
                    + r.batches()
                    + " batches: deleted "
                    + r.deletedUsers()
                    + " accounts, restored "
                    + r.restoredUsers()
                    + ", removed "
                    + r.deletedDevices()
                    + " devices");
            return 0;
          }
        default:
          {
            JpaAuthStore store = new JpaAuthStore(emf, entities);
            HashCheck tally = new HashCheck(hashing);
            dev.gatehouse.core.identity.PhoneNumbers phones =
                dev.gatehouse.core.identity.PhoneNumbers.forRegion(
                    config.get(GatehouseConfig.PHONE_DEFAULT_REGION));
            LoginReplay replay =
                o.containsKey("--read-only")
                    ? LoginReplay.readOnly(
                        store, hashing, phones, config.get(GatehouseConfig.REQUIRE_VERIFIED), tally)
                    : new LoginReplay(
                        Gatehouse.builder(config, store)
                            .passwordHashing(hashing)
                            .build()
                            .accounts(),
                        store,
                        phones,
                        tally);
            for (List<String> row : csvRows(Path.of(required(o, "--known")))) {
              replay.replay(row.get(0), row.get(1));
            }
            HashCheck.Result r = tally.result();
            out.print(
                "verify"
                    + (o.containsKey("--read-only") ? " (read-only: nothing written)" : "")
                    + ": outcomes "
                    + replay.outcomes()
                    + "\n  per format: "
                    + replay.outcomesByFormat()
                    + "\n");
            for (LoginReplay.Row row : replay.rows()) {
              if (row.outcome() != LoginReplay.Outcome.LOGGED_IN) {
                out.println(
                    "  row " + row.row() + ": " + row.outcome() + " (" + row.format() + ")");
              }
            }
            return r.checked() > 0 && r.matched() == r.checked() ? 0 : 1;
          }
      }
    } finally {
      emf.close();
    }
  }

  private static GatehouseConfig config(Map<String, List<String>> o) throws IOException {
    GatehouseConfig.Builder b = GatehouseConfig.builder();
    Properties p = new Properties();
    if (opt(o, "--config") != null) {
      try (Reader r =
          Files.newBufferedReader(Path.of(opt(o, "--config")), StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    b.putAll(p);
    b.putEnvironment(System.getenv());
    if (opt(o, "--default-region") != null) {
      // The login path reads national phone numbers in the same region as the import did.
      b.set(GatehouseConfig.PHONE_DEFAULT_REGION, opt(o, "--default-region"));
    }
    if (p.getProperty("gatehouse.secret-key") == null
        && System.getenv("GATEHOUSE_SECRET_KEY") == null) {
      // Importing signs nothing; a throwaway key lets plan/run/rollback work without a config.
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      b.set(GatehouseConfig.SECRET_KEY, HexFormat.of().formatHex(key));
    }
    return b.build();
  }

  private static void writeReport(Map<String, List<String>> o, String json) throws IOException {
    if (opt(o, "--report") != null) {
      Files.writeString(Path.of(opt(o, "--report")), json, StandardCharsets.UTF_8);
    }
  }

  private static ImportOptions options(Map<String, List<String>> o) {
    ImportOptions.Builder b = ImportOptions.builder(required(o, "--source-name"));
    if (opt(o, "--batch-size") != null) {
      b.batchSize(Integer.parseInt(opt(o, "--batch-size")));
    }
    if (opt(o, "--conflict") != null) {
      b.conflictPolicy(
          ConflictPolicy.valueOf(opt(o, "--conflict").toUpperCase(java.util.Locale.ROOT)));
    }
    if (o.containsKey("--assume-verified")) {
      b.verificationPolicy(VerificationPolicy.ASSUME_VERIFIED);
    }
    if (opt(o, "--default-region") != null) {
      b.defaultRegion(opt(o, "--default-region"));
    }
    for (String d : o.getOrDefault("--ignore-email-domain", List.of())) {
      b.ignoreEmailDomain(d);
    }
    b.importSoftDeleted(o.containsKey("--import-soft-deleted"));
    b.lenientPhones(o.containsKey("--lenient-phones"));
    Thresholds d = Thresholds.defaults();
    b.thresholds(
        new Thresholds(
            percent(o, "--max-unsupported-hashes", d.maxUnsupportedHashesPercent()),
            percent(o, "--max-invalid-phones", d.maxInvalidPhonesPercent()),
            percent(o, "--max-quarantined", d.maxQuarantinedPercent()),
            percent(o, "--max-unreadable", d.maxUnreadablePercent())));
    return b.build();
  }

  private static LegacySource source(Map<String, List<String>> o) {
    String type = required(o, "--source-type");
    String src = required(o, "--source");
    ZoneId zone = ZoneId.of(opt(o, "--source-zone") == null ? "UTC" : opt(o, "--source-zone"));
    String app = opt(o, "--django-app") == null ? "authentication" : opt(o, "--django-app");
    switch (type) {
      case "django-sqlite":
        return DjangoDatabaseSource.sqlite(Path.of(src), app, zone);
      case "django-db":
        return DjangoDatabaseSource.of(
            new UrlDataSource(src, opt(o, "--source-user"), opt(o, "--source-password")),
            app,
            zone);
      case "django-dumpdata":
        return DjangoDumpdataSource.of(
            Path.of(src),
            opt(o, "--dumpdata-model") == null ? "authentication.user" : opt(o, "--dumpdata-model"),
            zone);
      case "csv":
        return CsvSource.of(Path.of(src), ColumnMapping.parse(required(o, "--mapping"), zone));
      case "fastapi-csv":
        return CsvSource.of(Path.of(src), ColumnMapping.fastApiUsers());
      case "table":
        return JdbcTableSource.of(
            new UrlDataSource(src, opt(o, "--source-user"), opt(o, "--source-password")),
            required(o, "--table"),
            ColumnMapping.parse(required(o, "--mapping"), zone));
      case "fastapi-table":
        return JdbcTableSource.of(
            new UrlDataSource(src, opt(o, "--source-user"), opt(o, "--source-password")),
            opt(o, "--table") == null ? "\"user\"" : opt(o, "--table"),
            ColumnMapping.fastApiUsers());
      case "mongo":
        return MongoUsersSource.of(Path.of(src));
      case "auth0":
        return Auth0Source.of(
            Path.of(src),
            opt(o, "--password-hashes") == null ? null : Path.of(opt(o, "--password-hashes")));
      case "supabase":
        return SupabaseSource.of(
            new UrlDataSource(src, opt(o, "--source-user"), opt(o, "--source-password")),
            opt(o, "--table") == null ? SupabaseSource.DEFAULT_TABLE : opt(o, "--table"),
            java.time.Clock.systemUTC());
      case "keycloak":
        return KeycloakRealmSource.of(Path.of(src));
      case "firebase":
        return FirebaseAuthExportSource.of(Path.of(src));
      default:
        throw new IllegalArgumentException("unknown --source-type " + type);
    }
  }
}
