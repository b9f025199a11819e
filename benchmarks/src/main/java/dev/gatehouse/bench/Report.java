package dev.gatehouse.bench;

import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the figures as Markdown table rows, each with its baseline and ratio. */
final class Report {
  private final List<String> hashing = new ArrayList<>();
  private final List<String> tokens = new ArrayList<>();
  private final List<String> nativeRows = new ArrayList<>();
  private final List<String> login = new ArrayList<>();
  private final List<String> loginSplit = new ArrayList<>();
  private final List<String> flows = new ArrayList<>();
  private final List<String> growth = new ArrayList<>();
  private final List<String> startUp = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> sections = new ArrayList<>();

  static String f(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.3f", v);
  }

  void note(String text) {
    notes.add(text);
  }

  /** A whole Markdown section (title, table, text) made by a phase with its own layout. */
  void section(String markdown) {
    sections.add(markdown);
  }

  void hashing(String scheme, double libMs, double rawMs, double libBytes, double rawBytes) {
    hashing.add(
        "| "
            + scheme
            + " | "
            + f(libMs)
            + " | "
            + f(rawMs)
            + " | **"
            + f(libMs / rawMs)
            + "** | "
            + f(libBytes / 1024)
            + " | "
            + f(rawBytes / 1024)
            + " |");
  }

  void jdkPbkdf2(double bcMs, double jdkMs) {
    notes.add(
        "PBKDF2-SHA256 600k: BouncyCastle (what the library uses) "
            + f(bcMs)
            + " ms, JDK SunJCE "
            + f(jdkMs)
            + " ms; BouncyCastle / JDK = "
            + f(bcMs / jdkMs));
  }

  void token(String alg, String op, double lib, double raw, String baseline) {
    tokens.add(
        "| "
            + alg
            + " | "
            + op
            + " | "
            + f(lib)
            + " | "
            + f(raw)
            + " | **"
            + f(lib / raw)
            + "** | "
            + baseline
            + " |");
  }

  void nativeArgon2(
      int memoryKib, int iterations, double bcMs, double javaMs, double nativeMs, String note) {
    nativeRows.add(
        "| m="
            + memoryKib
            + " KiB, t="
            + iterations
            + " | "
            + f(bcMs)
            + " | "
            + f(javaMs)
            + " | "
            + (Double.isNaN(nativeMs) ? note : f(nativeMs))
            + " | **"
            + f(bcMs / javaMs)
            + "** | **"
            + f(javaMs / nativeMs)
            + "** |");
  }

  void loginCpu(
      DatabaseKind kind,
      int memoryKib,
      int iterations,
      double rawThreadMs,
      double loginThreadMs,
      double rawProcessMs,
      double loginProcessMs) {
    login.add(
        "| "
            + kind
            + " | Argon2id m="
            + memoryKib
            + " t="
            + iterations
            + " | "
            + f(loginThreadMs)
            + " / "
            + f(rawThreadMs)
            + " | **"
            + f(loginThreadMs / rawThreadMs)
            + "** | "
            + f(loginProcessMs)
            + " / "
            + f(rawProcessMs)
            + " | **"
            + f(loginProcessMs / rawProcessMs)
            + "** |");
  }

  /** Where a login's thread CPU goes: its own hash computations (metered) and everything else. */
  void loginSplit(
      DatabaseKind kind,
      String backend,
      double hashesPerLogin,
      double hashMsPerLogin,
      double restMsPerLogin,
      double rawMs) {
    loginSplit.add(
        "| "
            + kind
            + " | "
            + backend
            + " | "
            + f(hashesPerLogin)
            + " | "
            + f(hashMsPerLogin)
            + " | "
            + f(rawMs)
            + " | **"
            + f(restMsPerLogin)
            + "** |");
  }

  void keycloak(DatabaseKind kind, double rawRate, double loginRate, int cpus) {
    flows.add(
        "| password logins/s, Argon2id m=7168 t=5, 2 threads, "
            + kind
            + " | "
            + f(loginRate)
            + " ("
            + f(loginRate / cpus)
            + " per vCPU) | raw hashes/s "
            + f(rawRate)
            + " | **"
            + f(loginRate / rawRate)
            + "** | Keycloak: ~15 per vCPU → ours "
            + f(loginRate / cpus / 15)
            + "× |");
  }

  void throughput(int instances, double otpRate, double refreshRate, int cpus) {
    String who = instances == 1 ? "1 instance, 2 threads" : "2 instances, 1 thread each";
    flows.add("| OTP request + login/s, PostgreSQL, " + who + " | " + f(otpRate) + " | | | |");
    flows.add(
        "| refresh rotations/s, PostgreSQL, "
            + who
            + " | "
            + f(refreshRate)
            + " ("
            + f(refreshRate / cpus)
            + " per vCPU) | | | Keycloak: ~120 per vCPU → ours "
            + f(refreshRate / cpus / 120)
            + "× |");
  }

  void growth(
      int rows,
      double otpBefore,
      double otpAfter,
      double refreshBefore,
      double refreshAfter,
      double insertSeconds) {
    growth.add(
        "| OTP login (verify + session) | "
            + f(otpBefore)
            + " | "
            + f(otpAfter)
            + " | **"
            + f(otpAfter / otpBefore)
            + "** |");
    growth.add(
        "| refresh rotation | "
            + f(refreshBefore)
            + " | "
            + f(refreshAfter)
            + " | **"
            + f(refreshAfter / refreshBefore)
            + "** |");
    notes.add(
        "Growth: "
            + rows
            + " expired OTP codes and "
            + rows
            + " dead sessions (each with a refresh token) inserted in "
            + f(insertSeconds)
            + " s, then ANALYZE.");
  }

  void cleanup(
      double codesPerSecond,
      double plainCodes,
      double sessionsPerSecond,
      double plainSessions,
      int batch) {
    growth.add(
        "| cleanup: OTP codes deleted/s (batches of "
            + batch
            + ") vs one plain DELETE | "
            + f(plainCodes)
            + " | "
            + f(codesPerSecond)
            + " | **"
            + f(codesPerSecond / plainCodes)
            + "** |");
    growth.add(
        "| cleanup: sessions (+ refresh token) deleted/s vs plain DELETEs | "
            + f(plainSessions)
            + " | "
            + f(sessionsPerSecond)
            + " | **"
            + f(sessionsPerSecond / plainSessions)
            + "** |");
  }

  void startUp(
      DatabaseKind kind, double migrateFirst, double bootFirst, double migrate, double boot) {
    startUp.add(
        "| "
            + kind
            + " | "
            + f(migrateFirst)
            + " | "
            + f(bootFirst)
            + " | "
            + f(migrate)
            + " | "
            + f(boot)
            + " | **"
            + f(boot / migrate)
            + "** |");
  }

  String markdown() {
    StringBuilder b = new StringBuilder();
    section(
        b,
        "Hashing: library verify vs raw call (ms/op, lower is better; target ratio ≤ 1.02)",
        "| scheme | library ms | raw ms | library / raw | KiB allocated per verify (library) | KiB"
            + " (raw) |\n|---|---|---|---|---|---|",
        hashing);
    section(
        b,
        "Argon2id: BouncyCastle vs Gatehouse's Java vs libargon2 through auth-argon2-native (thread"
            + " CPU ms per hash, median of interleaved blocks, one process)",
        "| parameters | BouncyCastle ms | Gatehouse Java ms | libargon2 (JNA) ms | BouncyCastle /"
            + " Java | Java / native = native hashes per Java hash |\n|---|---|---|---|---|---|",
        nativeRows);
    section(
        b,
        "Tokens: library vs raw nimbus, same algorithm and key (ops/ms, higher is better; target"
            + " ≥ 0.9)",
        "| alg | operation | library ops/ms | raw ops/ms | library / raw | baseline |\n"
            + "|---|---|---|---|---|---|",
        tokens);
    section(
        b,
        "Login: CPU per password login ÷ CPU of one raw hash at the default parameters (target ≤"
            + " 1.10)",
        "| database | hash | thread CPU ms login / raw | ratio | process CPU ms login / raw |"
            + " ratio |\n|---|---|---|---|---|---|",
        login);
    section(
        b,
        "Login: where a login's thread CPU goes (the backend metered per call)",
        "| database | Argon2 backend | hashes per login | hash CPU ms per login | one raw hash ms |"
            + " rest of the login ms |\n|---|---|---|---|---|---|",
        loginSplit);
    section(
        b,
        "Throughput",
        "| flow | rate | baseline | ratio | anchor |\n|---|---|---|---|---|",
        flows);
    section(
        b,
        "Growth with expired rows (mean ms) and cleanup",
        "| measure | before / baseline | after / library | ratio |\n|---|---|---|---|",
        growth);
    section(
        b,
        "Start-up on an empty database (ms)",
        "| database | migrations, first | Hibernate bootstrap, first | migrations, median |"
            + " bootstrap, median | bootstrap / migrations |\n|---|---|---|---|---|---|",
        startUp);
    sections.forEach(b::append);
    if (!notes.isEmpty()) {
      b.append("\nNotes:\n\n");
      notes.forEach(n -> b.append("- ").append(n).append('\n'));
    }
    return b.toString();
  }

  private static void section(StringBuilder b, String title, String header, List<String> rows) {
    if (rows.isEmpty()) {
      return;
    }
    b.append("\n### ").append(title).append("\n\n").append(header).append('\n');
    rows.forEach(r -> b.append(r).append('\n'));
  }
}
