package dev.gatehouse.imports.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.password.FirebaseScryptParameters;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.store.EntityClasses;
import dev.gatehouse.imports.GatehouseImports;
import dev.gatehouse.imports.ImportRunSummary;
import dev.gatehouse.imports.Importer;
import dev.gatehouse.imports.PlanReport;
import dev.gatehouse.imports.RunReport;
import dev.gatehouse.imports.api.ConflictPolicy;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportRunInProgressException;
import dev.gatehouse.imports.api.ImportRunLockLostException;
import dev.gatehouse.imports.api.ImportSourceException;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.RollbackOptions;
import dev.gatehouse.imports.api.RollbackRefusedException;
import dev.gatehouse.imports.api.RollbackReport;
import dev.gatehouse.imports.api.Thresholds;
import dev.gatehouse.imports.api.VerificationPolicy;
import dev.gatehouse.imports.internal.CsvReader;
import dev.gatehouse.imports.internal.ProgressDisplay;
import dev.gatehouse.imports.source.Auth0Source;
import dev.gatehouse.imports.source.ColumnMapping;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.imports.source.DjangoDumpdataSource;
import dev.gatehouse.imports.source.DumpdataModelNotFoundException;
import dev.gatehouse.imports.source.FirebaseAuthExportSource;
import dev.gatehouse.imports.source.JdbcTableSource;
import dev.gatehouse.imports.source.KeycloakRealmSource;
import dev.gatehouse.imports.source.MongoUsersSource;
import dev.gatehouse.imports.source.SupabaseSource;
import dev.gatehouse.imports.verify.HashCheck;
import dev.gatehouse.imports.verify.LoginReplay;
import dev.gatehouse.jpa.GatehouseJpa;
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
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The import command-line tool: {@code plan}, {@code run}, {@code rollback}, {@code runs}, {@code
 * verify}, {@code check-hashes} and {@code resolve}. Run {@code java -jar auth-import.jar --help}
 * (with its dependencies on the class path) for every option. Every option is checked before a
 * database is touched. Exit status: 0 success; 1 the plan failed a threshold, the run did not
 * complete, a check did not match everything, a rollback was refused, resolve met unknown
 * references or the database failed; 2 bad usage (including a missing source file and an unmigrated
 * target); 3 another run of the same source is in progress. Only reports go to standard output.
 */
public final class ImportCli {
  private static final String HELP =
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

  private static final List<String> SOURCE_TYPES =
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
  private static final List<String> JDBC_SOURCES =
      List.of("django-db", "table", "fastapi-table", "supabase");

  /** The loggers of the libraries below, kept at WARN so their chatter stays off the report. */
  private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();

  private ImportCli() {}

  /** Bad usage: exit status 2, changing nothing. */
  private static final class Usage extends RuntimeException {
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
    Map<String, List<String>> o;
    String command;
    try {
      if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h")) {
        (args.length == 0 ? err : out).print(HELP);
        return args.length == 0 ? 2 : 0;
      }
      command = args[0];
      if (!List.of("plan", "run", "rollback", "runs", "verify", "check-hashes", "resolve")
          .contains(command)) {
        throw new Usage("unknown command '" + command + "'; see --help");
      }
      o = parse(args);
      validate(command, o);
    } catch (Usage | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    quietLibraries();
    try {
      if (command.equals("check-hashes")) {
        return checkHashes(o, out);
      }
      return withTarget(command, o, out, err);
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

  private static final List<String> FLAGS =
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

  private static Map<String, List<String>> parse(String[] args) {
    Map<String, List<String>> o = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      String name = a.split("=", 2)[0];
      if (!a.startsWith("--") || !HELP.contains(name + " ") && !HELP.contains(name + "\n")) {
        throw new Usage("unknown option '" + a + "'; see --help");
      }
      if (FLAGS.contains(a)) {
        o.computeIfAbsent(a, k -> new ArrayList<>()).add("true");
      } else if (FLAGS.contains(name)) {
        throw new Usage("option " + name + " takes no value");
      } else if (a.contains("=")) {
        String[] kv = a.split("=", 2);
        o.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
      } else {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          throw new Usage("option " + a + " needs a value");
        }
        o.computeIfAbsent(a, k -> new ArrayList<>()).add(args[++i]);
      }
    }
    return o;
  }

  // ---- validation: every option is checked before a database or a schema is touched ----------

  private static void validate(String command, Map<String, List<String>> o) {
    oneOf(o, "--conflict", "skip", "merge", "quarantine");
    oneOf(o, "--source-type", SOURCE_TYPES.toArray(String[]::new));
    oneOf(o, "--format", "csv", "jsonl");
    positiveInt(o, "--batch-size");
    positiveInt(o, "--firebase-rounds");
    positiveInt(o, "--firebase-mem-cost");
    for (String p :
        List.of(
            "--max-unsupported-hashes",
            "--max-invalid-phones",
            "--max-quarantined",
            "--max-unreadable")) {
      String v = opt(o, p);
      if (v != null) {
        try {
          double d = Double.parseDouble(v);
          if (!(d >= 0 && d <= 100)) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          throw new Usage("bad value '" + v + "' for " + p + ": expected a percentage, 0 to 100");
        }
      }
    }
    String region = opt(o, "--default-region");
    if (region != null
        && !com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance()
            .getSupportedRegions()
            .contains(region.toUpperCase(Locale.ROOT))) {
      throw new Usage(
          "unknown value '" + region + "' for --default-region; expected a region code like US");
    }
    String zone = opt(o, "--source-zone");
    if (zone != null) {
      try {
        ZoneId.of(zone);
      } catch (java.time.DateTimeException e) {
        throw new Usage("unknown value '" + zone + "' for --source-zone; expected a zone id");
      }
    }
    readable(o, "--config", "config file");
    switch (command) {
      case "plan", "run" -> {
        String type = required(o, "--source-type");
        String src = required(o, "--source");
        required(o, "--source-name");
        if (!JDBC_SOURCES.contains(type)) {
          Path file = Path.of(src);
          if (!Files.exists(file)) {
            throw new Usage("source file not found: " + file);
          }
          if (!Files.isReadable(file)) {
            throw new Usage("source file not readable: " + file);
          }
        }
        readable(o, "--password-hashes", "password hash file");
        if (type.equals("csv") || type.equals("table")) {
          try {
            ColumnMapping.parse(required(o, "--mapping"), ZoneId.of(zone == null ? "UTC" : zone));
          } catch (IllegalArgumentException e) {
            throw new Usage("bad value for --mapping: " + e.getMessage());
          }
        }
        if (type.equals("table")) {
          required(o, "--table");
        }
        if (type.equals("django-dumpdata")) {
          checkDumpdataModel(Path.of(src), dumpdataModel(o));
        }
      }
      case "rollback" -> {
        if ((opt(o, "--run") == null) == (opt(o, "--batch") == null)) {
          throw new Usage("rollback needs one of --run ID or --batch ID");
        }
      }
      case "verify" -> readable(o, "--known", "known-passwords file", true);
      case "check-hashes" -> readable(o, "--pairs", "pairs file", true);
      case "resolve" -> {
        required(o, "--source-name");
        if (opt(o, "--export") == null) {
          readable(o, "--input", "input file", true);
          required(o, "--field");
          format(o, opt(o, "--input"));
          if (opt(o, "--output") != null) {
            format(o, opt(o, "--output"));
            sameFile(opt(o, "--input"), opt(o, "--output"));
          }
        } else {
          if (opt(o, "--input") != null) {
            throw new Usage("resolve takes --input or --export, not both");
          }
          format(o, opt(o, "--export"));
        }
      }
      default -> {}
    }
    if (!command.equals("check-hashes")) {
      required(o, "--target-url");
      String entities = opt(o, "--entities");
      if (entities != null && opt(o, "--entities-jar") != null) {
        throw new Usage("give --entities-jar or --entities, not both");
      }
      readable(o, "--entities-jar", "entities jar");
      if (entities != null) {
        try {
          Class.forName(entities);
        } catch (ClassNotFoundException e) {
          throw new Usage("--entities " + entities + ": no such class on the class path");
        }
      }
    }
  }

  /** Refuses an output that is the input: writing it would truncate the input before it is read. */
  private static void sameFile(String input, String output) {
    Path in = Path.of(input);
    Path to = Path.of(output);
    try {
      if (Files.exists(to) && Files.isSameFile(in, to)) {
        throw new Usage("--output must not be the --input file");
      }
    } catch (IOException e) {
      throw new Usage("cannot compare --output with --input: " + e.getMessage());
    }
  }

  private static void oneOf(Map<String, List<String>> o, String name, String... values) {
    String v = opt(o, name);
    if (v != null && !List.of(values).contains(v.toLowerCase(Locale.ROOT))) {
      throw new Usage(
          "unknown value '"
              + v
              + "' for "
              + name
              + "; expected one of: "
              + String.join(", ", values));
    }
  }

  private static void positiveInt(Map<String, List<String>> o, String name) {
    String v = opt(o, name);
    if (v != null) {
      try {
        if (Integer.parseInt(v) > 0) {
          return;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new Usage("bad value '" + v + "' for " + name + ": expected a positive number");
    }
  }

  private static void readable(Map<String, List<String>> o, String name, String what) {
    readable(o, name, what, false);
  }

  private static void readable(
      Map<String, List<String>> o, String name, String what, boolean isRequired) {
    String v = isRequired ? required(o, name) : opt(o, name);
    if (v != null) {
      Path file = Path.of(v);
      if (!Files.isRegularFile(file)) {
        throw new Usage(what + " not found: " + file);
      }
      if (!Files.isReadable(file)) {
        throw new Usage(what + " not readable: " + file);
      }
    }
  }

  /** The format of a resolve file: --format, or by its name. */
  private static String format(Map<String, List<String>> o, String file) {
    if (opt(o, "--format") != null) {
      return opt(o, "--format").toLowerCase(Locale.ROOT);
    }
    String name = file.toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return "csv";
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return "jsonl";
    }
    throw new Usage("cannot tell the format of " + file + " by its name: pass --format csv|jsonl");
  }

  private static String dumpdataModel(Map<String, List<String>> o) {
    return opt(o, "--dumpdata-model") == null ? "authentication.user" : opt(o, "--dumpdata-model");
  }

  /** Refuses a user model that no object of the fixture has, naming the models it has. */
  private static void checkDumpdataModel(Path file, String model) {
    try {
      DjangoDumpdataSource.of(file, model, ZoneId.of("UTC")).checkModel();
    } catch (DumpdataModelNotFoundException e) {
      throw new Usage("--dumpdata-model " + e.getMessage());
    } catch (ImportSourceException e) {
      // An unreadable fixture: the command reports it when it reads the source.
    }
  }

  private static String opt(Map<String, List<String>> o, String name) {
    List<String> v = o.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  private static String required(Map<String, List<String>> o, String name) {
    String v = opt(o, name);
    if (v == null) {
      throw new Usage(name + " is required");
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
    forEachCsvRow(Path.of(required(o, "--pairs")), row -> check.add(row.get(0), row.get(1)));
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
            required(o, "--target-url"), opt(o, "--target-user"), opt(o, "--target-password"));
    EntityClasses entities;
    String entitiesClass = opt(o, "--entities");
    if (opt(o, "--entities-jar") != null) {
      entities = HostEntities.fromJar(Path.of(opt(o, "--entities-jar")));
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
      requireReadableSource(o);
    }
    if (o.containsKey("--migrate")) {
      TargetSchema.migrate(target, entities, err);
    } else {
      TargetSchema.requireTables(target, entities);
    }
    GatehouseConfig config = config(o);
    PasswordHashing hashing = hashing(o);
    // One small pool for the whole command: every transaction (one per replayed login in verify,
    // a few per batch in run) would otherwise open a connection of its own.
    HikariDataSource pool = pool(target);
    EntityManagerFactory emf;
    try {
      emf = GatehouseJpa.bootstrap(pool, entities, GatehouseImports.entityClasses());
    } catch (dev.gatehouse.core.error.ConfigurationException e) {
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
            PlanReport plan = importer.plan(source(o), options(o));
            out.print(o.containsKey("--json") ? plan.toJson() + "\n" : plan.summary());
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
        case "resolve":
          return Resolve.run(o, importer, emf, out, err);
        case "runs":
          {
            List<ImportRunSummary> runs = importer.runs(opt(o, "--source-name"));
            if (o.containsKey("--json")) {
              out.print(ImportRunSummary.toJson(runs) + "\n");
            } else if (runs.isEmpty()) {
              out.println(
                  "no import runs"
                      + (opt(o, "--source-name") == null
                          ? ""
                          : " of source " + opt(o, "--source-name")));
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
                    .defaultRegion(config.get(GatehouseConfig.PHONE_DEFAULT_REGION))
                    .acceptPossibleNumbers(
                        config.get(GatehouseConfig.PHONE_ACCEPT_POSSIBLE_NUMBERS))
                    .build();
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
            Path rowsFile = opt(o, "--rows") == null ? null : Path.of(opt(o, "--rows"));
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
                  Path.of(required(o, "--known")), row -> replay.replay(row.get(0), row.get(1)));
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

  /**
   * Reads the source's first record before the target is touched, so that a file of another format,
   * or a source database that cannot be reached, is refused at once with the reason instead of
   * failing inside the first batch.
   */
  private static void requireReadableSource(Map<String, List<String>> o) {
    LegacySource source = source(o);
    try (LegacySource.RecordStream records = source.open()) {
      records.hasNext();
    } catch (ImportSourceException e) {
      throw new Usage(
          "cannot read --source "
              + shownSource(required(o, "--source"))
              + " as --source-type "
              + required(o, "--source-type")
              + ": "
              + reasons(e));
    }
  }

  /** A source as a message may show it: a JDBC URL without its parameters (credentials). */
  private static String shownSource(String source) {
    return source.startsWith("jdbc:") ? source.replaceAll("[?;].*$", "") : source;
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
    if (o.containsKey("--lenient-phones")) {
      // Numbers imported leniently must reach the login path as the application will read them.
      b.set(GatehouseConfig.PHONE_ACCEPT_POSSIBLE_NUMBERS, true);
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
