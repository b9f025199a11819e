package dev.gatehouse.imports.cli;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PhoneSettings;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.password.PasswordHashingOptions.FirebaseScryptParameters;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.ImportOptions.Thresholds;
import dev.gatehouse.imports.api.ImportOptions.VerificationPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.internal.UrlDataSource;
import dev.gatehouse.imports.source.Auth0Source;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.imports.source.DjangoDumpdataSource;
import dev.gatehouse.imports.source.DjangoDumpdataSource.DumpdataModelNotFoundException;
import dev.gatehouse.imports.source.FirebaseAuthExportSource;
import dev.gatehouse.imports.source.JdbcTableSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.imports.source.KeycloakRealmSource;
import dev.gatehouse.imports.source.MongoUsersSource;
import dev.gatehouse.imports.source.SupabaseSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The command line's options: read from the arguments, and every one checked before a database or a
 * schema is touched, so a mistyped option fails with usage (exit 2) and changes nothing.
 */
final class CliOptions {
  private CliOptions() {}

  static Map<String, List<String>> parse(String[] args) {
    Map<String, List<String>> o = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      String name = a.split("=", 2)[0];
      if (!a.startsWith("--")
          || !ImportCli.HELP.contains(name + " ") && !ImportCli.HELP.contains(name + "\n")) {
        throw new ImportCli.Usage("unknown option '" + a + "'; see --help");
      }
      if (ImportCli.FLAGS.contains(a)) {
        o.computeIfAbsent(a, k -> new ArrayList<>()).add("true");
      } else if (ImportCli.FLAGS.contains(name)) {
        throw new ImportCli.Usage("option " + name + " takes no value");
      } else if (a.contains("=")) {
        String[] kv = a.split("=", 2);
        o.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
      } else {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          throw new ImportCli.Usage("option " + a + " needs a value");
        }
        o.computeIfAbsent(a, k -> new ArrayList<>()).add(args[++i]);
      }
    }
    return o;
  }

  // ---- validation: every option is checked before a database or a schema is touched ----------

  static void validate(String command, Map<String, List<String>> o) {
    oneOf(o, "--conflict", "skip", "merge", "quarantine");
    oneOf(o, "--source-type", ImportCli.SOURCE_TYPES.toArray(String[]::new));
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
          throw new ImportCli.Usage(
              "bad value '" + v + "' for " + p + ": expected a percentage, 0 to 100");
        }
      }
    }
    String region = opt(o, "--default-region");
    if (region != null
        && !com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance()
            .getSupportedRegions()
            .contains(region.toUpperCase(Locale.ROOT))) {
      throw new ImportCli.Usage(
          "unknown value '" + region + "' for --default-region; expected a region code like US");
    }
    String zone = opt(o, "--source-zone");
    if (zone != null) {
      try {
        ZoneId.of(zone);
      } catch (java.time.DateTimeException e) {
        throw new ImportCli.Usage(
            "unknown value '" + zone + "' for --source-zone; expected a zone id");
      }
    }
    readable(o, "--config", "config file");
    switch (command) {
      case "plan", "run" -> {
        String type = required(o, "--source-type");
        String src = required(o, "--source");
        required(o, "--source-name");
        if (!ImportCli.JDBC_SOURCES.contains(type)) {
          Path file = Path.of(src);
          if (!Files.exists(file)) {
            throw new ImportCli.Usage("source file not found: " + file);
          }
          if (!Files.isReadable(file)) {
            throw new ImportCli.Usage("source file not readable: " + file);
          }
        }
        readable(o, "--password-hashes", "password hash file");
        if (type.equals("csv") || type.equals("table")) {
          try {
            ColumnMapping.parse(required(o, "--mapping"), ZoneId.of(zone == null ? "UTC" : zone));
          } catch (IllegalArgumentException e) {
            throw new ImportCli.Usage("bad value for --mapping: " + e.getMessage());
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
          throw new ImportCli.Usage("rollback needs one of --run ID or --batch ID");
        }
      }
      case "cohort-step" -> CohortStep.validate(o);
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
            throw new ImportCli.Usage("resolve takes --input or --export, not both");
          }
          format(o, opt(o, "--export"));
        }
      }
      default -> {}
    }
    if (!command.equals("check-hashes") && !command.equals("cohort-step")) {
      required(o, "--target-url");
      String entities = opt(o, "--entities");
      if (entities != null && opt(o, "--entities-jar") != null) {
        throw new ImportCli.Usage("give --entities-jar or --entities, not both");
      }
      readable(o, "--entities-jar", "entities jar");
      if (entities != null) {
        try {
          Class.forName(entities);
        } catch (ClassNotFoundException e) {
          throw new ImportCli.Usage("--entities " + entities + ": no such class on the class path");
        }
      }
    }
  }

  /** Refuses an output that is the input: writing it would truncate the input before it is read. */
  static void sameFile(String input, String output) {
    Path in = Path.of(input);
    Path to = Path.of(output);
    try {
      if (Files.exists(to) && Files.isSameFile(in, to)) {
        throw new ImportCli.Usage("--output must not be the --input file");
      }
    } catch (IOException e) {
      throw new ImportCli.Usage("cannot compare --output with --input: " + e.getMessage());
    }
  }

  static void oneOf(Map<String, List<String>> o, String name, String... values) {
    String v = opt(o, name);
    if (v != null && !List.of(values).contains(v.toLowerCase(Locale.ROOT))) {
      throw new ImportCli.Usage(
          "unknown value '"
              + v
              + "' for "
              + name
              + "; expected one of: "
              + String.join(", ", values));
    }
  }

  static void positiveInt(Map<String, List<String>> o, String name) {
    String v = opt(o, name);
    if (v != null) {
      try {
        if (Integer.parseInt(v) > 0) {
          return;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ImportCli.Usage(
          "bad value '" + v + "' for " + name + ": expected a positive number");
    }
  }

  static void readable(Map<String, List<String>> o, String name, String what) {
    readable(o, name, what, false);
  }

  static void readable(Map<String, List<String>> o, String name, String what, boolean isRequired) {
    String v = isRequired ? required(o, name) : opt(o, name);
    if (v != null) {
      Path file = Path.of(v);
      if (!Files.isRegularFile(file)) {
        throw new ImportCli.Usage(what + " not found: " + file);
      }
      if (!Files.isReadable(file)) {
        throw new ImportCli.Usage(what + " not readable: " + file);
      }
    }
  }

  /** The format of a resolve file: --format, or by its name. */
  static String format(Map<String, List<String>> o, String file) {
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
    throw new ImportCli.Usage(
        "cannot tell the format of " + file + " by its name: pass --format csv|jsonl");
  }

  static String dumpdataModel(Map<String, List<String>> o) {
    return opt(o, "--dumpdata-model") == null ? "authentication.user" : opt(o, "--dumpdata-model");
  }

  /** Refuses a user model that no object of the fixture has, naming the models it has. */
  static void checkDumpdataModel(Path file, String model) {
    try {
      DjangoDumpdataSource.of(file, model, ZoneId.of("UTC")).checkModel();
    } catch (DumpdataModelNotFoundException e) {
      throw new ImportCli.Usage("--dumpdata-model " + e.getMessage());
    } catch (ImportSourceException e) {
      // An unreadable fixture: the command reports it when it reads the source.
    }
  }

  static String opt(Map<String, List<String>> o, String name) {
    List<String> v = o.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  static String required(Map<String, List<String>> o, String name) {
    String v = opt(o, name);
    if (v == null) {
      throw new ImportCli.Usage(name + " is required");
    }
    return v;
  }

  static Double percent(Map<String, List<String>> o, String name, Double dflt) {
    String v = opt(o, name);
    return v == null ? dflt : Double.valueOf(v);
  }

  /** Default hashing plus the legacy-format options of the command line. */
  static PasswordHashing hashing(Map<String, List<String>> o) {
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

  static GatehouseConfig config(Map<String, List<String>> o) throws IOException {
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
      b.set(PhoneSettings.PHONE_DEFAULT_REGION, opt(o, "--default-region"));
    }
    if (o.containsKey("--lenient-phones")) {
      // Numbers imported leniently must reach the login path as the application will read them.
      b.set(PhoneSettings.PHONE_ACCEPT_POSSIBLE_NUMBERS, true);
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

  static ImportOptions options(Map<String, List<String>> o) {
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

  static LegacySource source(Map<String, List<String>> o) {
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

  /**
   * Reads the source's first record before the target is touched, so that a file of another format,
   * or a source database that cannot be reached, is refused at once with the reason instead of
   * failing inside the first batch.
   */
  static void requireReadableSource(Map<String, List<String>> o) {
    LegacySource source = source(o);
    try (LegacySource.RecordStream records = source.open()) {
      records.hasNext();
    } catch (ImportSourceException e) {
      throw new ImportCli.Usage(
          "cannot read --source "
              + shownSource(required(o, "--source"))
              + " as --source-type "
              + required(o, "--source-type")
              + ": "
              + ImportCli.reasons(e));
    }
  }

  /** A source as a message may show it: a JDBC URL without its parameters (credentials). */
  static String shownSource(String source) {
    return source.startsWith("jdbc:") ? source.replaceAll("[?;].*$", "") : source;
  }
}
