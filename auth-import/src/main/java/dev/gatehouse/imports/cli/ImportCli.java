package dev.gatehouse.imports.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PhoneSettings;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.imports.GatehouseImports;
import dev.gatehouse.imports.ImportRunSummary;
import dev.gatehouse.imports.Importer;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.PlanReport;
import dev.gatehouse.imports.api.ImportRunInProgressException;
import dev.gatehouse.imports.api.ImportRunLockLostException;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.RollbackOptions;
import dev.gatehouse.imports.api.RollbackOptions.RollbackRefusedException;
import dev.gatehouse.imports.api.RollbackOptions.RollbackReport;
import dev.gatehouse.imports.internal.CsvReader;
import dev.gatehouse.imports.internal.DefaultTableEntities;
import dev.gatehouse.imports.internal.HashCheck;
import dev.gatehouse.imports.internal.LoginReplay;
import dev.gatehouse.imports.internal.ProgressDisplay;
import dev.gatehouse.imports.internal.UrlDataSource;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.JpaAuthStore;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The import command-line tool: {@code plan}, {@code run}, {@code rollback}, {@code runs}, {@code
 * verify}, {@code check-hashes}, {@code resolve} and {@code cohort-step}. Run {@code java -jar
 * auth-import.jar --help} (with its dependencies on the class path) for every option. Every option
 * is checked before a database is touched. Exit status: 0 success; 1 the plan failed a threshold,
 * the run did not complete, a check did not match everything, a rollback was refused, resolve met
 * unknown references or the database failed; 2 bad usage (including a missing source file and an
 * unmigrated target); 3 another run of the same source is in progress. Only reports go to standard
 * output.
 */
public final class ImportCli {
  static final String HELP =
      """
      Usage: gatehouse-import <command> [options]

      Commands:
        plan           dry run: read the source, write nothing, report (exit 1 if a threshold fails)
        run            import in batches; resumes the source's unfinished run if there is one
        rollback       undo a run (--run) or its newest batch (--batch)
        runs           list the import runs and their batches (ids, state, counts), newest first
        verify         replay known logins through the real login path after an import
        check-hashes   check (password, hash) pairs without a database
        resolve        map the legacy ids in a file of references to the new account ids,
                       or export the whole mapping of a source
        cohort-step    move a cohort forward or back through the host's staff route (audited)

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
        --json                   print the JSON report on stdout instead of the summary
                                 (run: batch lines go to stderr)

      Target (plan, run, rollback, runs, verify, resolve):
        --target-url URL         JDBC URL of the Gatehouse database
        --target-user USER       its user
        --target-password PW     its password
        --entities-jar JAR       the host's application jar (plain, or Spring Boot's with
                                 BOOT-INF/classes): its entity classes, the subclasses of
                                 Gatehouse's entity bases, name its tables (default: gh_* tables)
        --entities CLASS         a Supplier<EntityClasses> on the class path, instead
        --migrate                apply the library changelog and the importer's to the target first
        --config FILE            Gatehouse properties (also read from the environment)

      rollback:
        --run ID                 roll back every batch of a run, newest first
        --batch ID               roll back one batch (the newest of its run)
        --with-dependents        also roll back, first, later runs that merged into its accounts
                                 (refused without it, changing nothing)
        --force                  also roll back accounts used since the import, revoking their
                                 sessions and refresh tokens (refused without it)

      runs:
        --source-name NAME       only the runs of this source (default: every source)
        --json                   print the runs as JSON instead of the summary

      verify (also takes --default-region and --lenient-phones, passed on to the login path):
        --known FILE             CSV with header; columns login,password (first two)
        --read-only              check passwords against the stored accounts without logging in
                                 (no session, no rehash, no last-login change)
        --rows FILE              write every row's outcome to FILE (CSV: row,format,outcome);
                                 stdout shows the first 100 rows that did not log in

      check-hashes:
        --pairs FILE             CSV with header; columns password,hash (first two)
        --allow-unsalted-digests verify bare hex MD5/SHA-1 digests too (off by default)
        --firebase-signer-key K  Firebase project's base64_signer_key, for $firebase-scrypt$ hashes
        --firebase-salt-separator S   its base64_salt_separator (default empty)
        --firebase-rounds N      its rounds (default 8)
        --firebase-mem-cost N    its mem_cost (default 14)

      resolve:
        --source-name NAME       the source whose mapping is used (required)
        --input FILE             references: JSON lines (.jsonl, .ndjson, .json) or CSV with a
                                 header (.csv)
        --field NAME             the field (CSV column) holding the legacy id
        --output FILE            the input with the added field (default: stdout)
        --into NAME              name of the added field (default gatehouse_user_id)
        --mapping-only           write only the pairs legacy_id,user_id of the references
        --export FILE            write the whole mapping of the source (legacy_id, user_id,
                                 action), CSV or JSON lines by the file name
        --format csv|jsonl       format of the files, instead of by their names

      cohort-step (the staff access token from the variable GATEHOUSE_STAFF_TOKEN, never an option):
        --url URL --cohort NAME --state LEGACY|MOVING|GATEHOUSE --reason TEXT (1-150 chars)

      Other:
        --help                   this text

      Exit status:
        0  done
        1  a plan threshold failed, the run did not complete, a check or verify did not match
           everything, a rollback was refused, resolve met unknown references, or the database
           or the source failed
        2  bad usage: unknown command or option, missing or bad value, source or input file not
           found, a target database without the Gatehouse tables (run with --migrate)
        3  another run of the same source is in progress
      """;

  /** Exit status: another run of the same source is in progress. */
  static final int IN_PROGRESS = 3;

  static final List<String> SOURCE_TYPES =
      List.of(
          "django-sqlite",
          "django-db",
          "django-dumpdata",
          "csv",
          "fastapi-csv",
          "table",
          "fastapi-table",
          "mongo",
          "auth0",
          "supabase",
          "keycloak",
          "firebase");

  /** Source types whose --source is a JDBC URL; the others read a file (or directory). */
  static final List<String> JDBC_SOURCES =
      List.of("django-db", "table", "fastapi-table", "supabase");

  /** The loggers of the libraries below, kept at WARN so their chatter stays off the report. */
  private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();

  private ImportCli() {}

  /** Bad usage: exit status 2, changing nothing. */
  static final class Usage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Usage(String message) {
      super(message);
    }
  }

  /**
   * Runs the tool and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // slf4j-simple (the runnable jar's binding) writes to stderr; only warnings, ours at info.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.dev.gatehouse", "info");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the tool in-process. Reports go to {@code out} and nothing else does: errors, warnings and
   * the libraries' logging go to {@code err} (or the log), so {@code out} can be piped.
   *
   * @param args the command line
   * @param out where reports go
   * @param err where errors go
   * @return the exit status (see {@code --help})
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Map<String, List<String>> o;
    String command;
    try {
      if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h")) {
        (args.length == 0 ? err : out).print(HELP);
        return args.length == 0 ? 2 : 0;
      }
      command = args[0];
      if (!List.of(
              "plan", "run", "rollback", "runs", "verify", "check-hashes", "resolve", "cohort-step")
          .contains(command)) {
        throw new Usage("unknown command '" + command + "'; see --help");
      }
      o = CliOptions.parse(args);
      CliOptions.validate(command, o);
    } catch (Usage | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    quietLibraries();
    try {
      return switch (command) {
        case "check-hashes" -> checkHashes(o, out);
        case "cohort-step" -> CohortStep.take(o, env.get("GATEHOUSE_STAFF_TOKEN"), out, err);
        default -> withTarget(command, o, out, err);
      };
    } catch (Usage e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (ImportRunInProgressException e) {
      err.println("error: " + e.getMessage());
      return IN_PROGRESS;
    } catch (ImportRunLockLostException e) {
      // The run did not complete; running it again resumes it.
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      ImportSourceException source = sourceFailure(e);
      if (source != null) {
        // Wrapped by the transaction it failed in; the source's own words say what went wrong.
        err.println("failed: the source could not be read: " + reasons(source));
        return 1;
      }
      err.println("failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
  }

  private static ImportSourceException sourceFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ImportSourceException s) {
        return s;
      }
    }
    return null;
  }

  private static void quietLibraries() {
    synchronized (QUIET) {
      if (QUIET.isEmpty()) {
        for (String name : List.of("org.hibernate", "liquibase", "com.zaxxer", "org.jboss")) {
          java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
          l.setLevel(java.util.logging.Level.WARNING);
          QUIET.add(l);
        }
      }
    }
  }

  static final List<String> FLAGS =
      List.of(
          "--assume-verified",
          "--import-soft-deleted",
          "--migrate",
          "--with-dependents",
          "--force",
          "--allow-unsalted-digests",
          "--read-only",
          "--lenient-phones",
          "--json",
          "--mapping-only");

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
    HashCheck check = new HashCheck(CliOptions.hashing(o));
    forEachCsvRow(
        Path.of(CliOptions.required(o, "--pairs")), row -> check.add(row.get(0), row.get(1)));
    HashCheck.Result r = check.result();
    out.print("check-hashes: matched per format\n" + r.summary());
    return r.checked() > 0 && r.matched() == r.checked() ? 0 : 1;
  }

  /** Streams the rows of a CSV file with a header (rows of fewer than two fields skipped). */
  private static void forEachCsvRow(Path file, java.util.function.Consumer<List<String>> each)
      throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CsvReader csv = new CsvReader(r)) {
      csv.next();
      for (List<String> row = csv.next(); row != null; row = csv.next()) {
        if (row.size() >= 2) {
          each.accept(row);
        }
      }
    } catch (CsvReader.MalformedRecord e) {
      throw new IllegalArgumentException(
          file.getFileName() + " is not valid CSV: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static int withTarget(
      String command, Map<String, List<String>> o, PrintStream out, PrintStream err)
      throws IOException {
    UrlDataSource target =
        new UrlDataSource(
            CliOptions.required(o, "--target-url"),
            CliOptions.opt(o, "--target-user"),
            CliOptions.opt(o, "--target-password"));
    EntityClasses entities;
    String entitiesClass = CliOptions.opt(o, "--entities");
    if (CliOptions.opt(o, "--entities-jar") != null) {
      entities = HostEntities.fromJar(Path.of(CliOptions.opt(o, "--entities-jar")));
    } else {
      try {
        Supplier<EntityClasses> supplier =
            entitiesClass == null
                ? new DefaultTableEntities()
                : (Supplier<EntityClasses>)
                    Class.forName(entitiesClass).getDeclaredConstructor().newInstance();
        entities = supplier.get();
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalArgumentException(
            "--entities " + entitiesClass + " is not usable: " + e, e);
      }
    }
    if (command.equals("plan") || command.equals("run")) {
      CliOptions.requireReadableSource(o);
    }
    if (o.containsKey("--migrate")) {
      TargetSchema.migrate(target, entities, err);
    } else {
      TargetSchema.requireTables(target, entities);
    }
    GatehouseConfig config = CliOptions.config(o);
    PasswordHashing hashing = CliOptions.hashing(o);
    // One small pool for the whole command: every transaction (one per replayed login in verify,
    // a few per batch in run) would otherwise open a connection of its own.
    HikariDataSource pool = pool(target);
    EntityManagerFactory emf;
    try {
      emf = GatehouseJpa.bootstrap(pool, entities, GatehouseImports.entityClasses());
    } catch (dev.gatehouse.core.error.AuthException.ConfigurationException e) {
      pool.close();
      throw new Usage(
          e.getMessage()
              + (o.containsKey("--migrate")
                  ? ""
                  : " (if the target database is not migrated yet: run with --migrate)"));
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    try {
      Importer importer =
          Importer.builder()
              .dataSource(pool)
              .entityManagerFactory(emf)
              .entities(entities)
              .config(config)
              .hashing(hashing)
              .build();
      switch (command) {
        case "plan":
          {
            PlanReport plan = importer.plan(CliOptions.source(o), CliOptions.options(o));
            out.print(o.containsKey("--json") ? plan.toJson() + "\n" : plan.summary());
            writeReport(o, plan.toJson());
            return plan.passed() ? 0 : 1;
          }
        case "run":
          {
            LegacySource source = CliOptions.source(o);
            // Progress on standard error, so standard output stays the report.
            ProgressDisplay progress =
                new ProgressDisplay(
                    err,
                    System.console() != null,
                    count(source),
                    Clock.systemUTC(),
                    Duration.ofSeconds(10));
            RunReport run = importer.run(source, CliOptions.options(o), progress);
            progress.finish();
            out.print(o.containsKey("--json") ? run.toJson() + "\n" : run.summary());
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
                  CliOptions.opt(o, "--run") != null
                      ? importer.rollbackRun(CliOptions.opt(o, "--run"), ro)
                      : importer.rollbackBatch(CliOptions.required(o, "--batch"), ro);
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
        case "resolve":
          return Resolve.run(o, importer, emf, out, err);
        case "runs":
          {
            List<ImportRunSummary> runs = importer.runs(CliOptions.opt(o, "--source-name"));
            if (o.containsKey("--json")) {
              out.print(ImportRunSummary.toJson(runs) + "\n");
            } else if (runs.isEmpty()) {
              out.println(
                  "no import runs"
                      + (CliOptions.opt(o, "--source-name") == null
                          ? ""
                          : " of source " + CliOptions.opt(o, "--source-name")));
            } else {
              runs.forEach(r -> out.print(r.summary()));
            }
            return 0;
          }
        default:
          {
            JpaAuthStore store = new JpaAuthStore(emf, entities);
            HashCheck tally = new HashCheck(hashing);
            // Identifiers are read as the application's login reads them.
            dev.gatehouse.core.identity.PhoneNumbers phones =
                dev.gatehouse.core.identity.PhoneNumbers.builder()
                    .defaultRegion(config.get(PhoneSettings.PHONE_DEFAULT_REGION))
                    .acceptPossibleNumbers(config.get(PhoneSettings.PHONE_ACCEPT_POSSIBLE_NUMBERS))
                    .build();
            LoginReplay replay =
                o.containsKey("--read-only")
                    ? LoginReplay.readOnly(
                        store, hashing, phones, config.get(AccountSettings.REQUIRE_VERIFIED), tally)
                    : new LoginReplay(
                        Gatehouse.builder(config, store)
                            .passwordHashing(hashing)
                            .build()
                            .accounts(),
                        store,
                        phones,
                        tally);
            Path rowsFile =
                CliOptions.opt(o, "--rows") == null ? null : Path.of(CliOptions.opt(o, "--rows"));
            try (PrintStream rows =
                rowsFile == null
                    ? null
                    : new PrintStream(
                        Files.newOutputStream(rowsFile), false, StandardCharsets.UTF_8)) {
              if (rows != null) {
                rows.println("row,format,outcome");
                replay.onEachRow(
                    row -> rows.println(row.row() + ",\"" + row.format() + "\"," + row.outcome()));
              }
              forEachCsvRow(
                  Path.of(CliOptions.required(o, "--known")),
                  row -> replay.replay(row.get(0), row.get(1)));
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
            for (LoginReplay.Row row : replay.sample()) {
              out.println("  row " + row.row() + ": " + row.outcome() + " (" + row.format() + ")");
            }
            if (replay.sample().size() == LoginReplay.SAMPLE_SIZE) {
              out.println(
                  "  (the first "
                      + LoginReplay.SAMPLE_SIZE
                      + " rows that did not log in; every row with --rows FILE)");
            }
            return r.checked() > 0 && r.matched() == r.checked() ? 0 : 1;
          }
      }
    } finally {
      try {
        emf.close();
      } finally {
        pool.close();
      }
    }
  }

  /**
   * The pool the command's transactions share, over the target: a run holds up to three connections
   * at once (its lock, a batch's reads, the batch), so a few suffice. It opens none until used: the
   * target was already reached, with the errors a single connection reports.
   */
  private static HikariDataSource pool(DataSource target) {
    HikariConfig c = new HikariConfig();
    c.setDataSource(target);
    c.setPoolName("gatehouse-import");
    c.setMaximumPoolSize(6);
    c.setMinimumIdle(0);
    c.setInitializationFailTimeout(-1);
    return new HikariDataSource(c);
  }

  /** The messages of a failure and its causes, each once, outermost first. */
  static String reasons(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && parts.stream().noneMatch(p -> p.contains(m))) {
        parts.add(m);
      }
    }
    return String.join(": ", parts);
  }

  private static void writeReport(Map<String, List<String>> o, String json) throws IOException {
    if (CliOptions.opt(o, "--report") != null) {
      Files.writeString(Path.of(CliOptions.opt(o, "--report")), json, StandardCharsets.UTF_8);
    }
  }
}
