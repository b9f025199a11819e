package dev.gatehouse.bench;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency as expired rows pile up (OTP login and refresh before and after {@code rows} expired
 * codes and dead sessions) and the cleanup's rate against plain {@code DELETE}s of as many rows, on
 * PostgreSQL; part of {@link Harness#run()}.
 */
final class GrowthBench {
  private final boolean full;
  private final Report report;

  GrowthBench(boolean full, Report report) {
    this.full = full;
    this.report = report;
  }

  /** Runs the growth and cleanup measurement (PostgreSQL) and reports it. */
  void run() throws SQLException {
    int rows = full ? 1_000_000 : 100_000;
    int samples = full ? 300 : 100;
    try (BenchWorld w = BenchWorld.create(DatabaseKind.POSTGRESQL, 1, b -> b)) {
      BenchWorld.Instance in = w.instances.get(0);
      List<String> users = w.createUsers(4 * samples + 50, "!unusable");
      AtomicInteger next = new AtomicInteger();
      latencies(w, in, users, next, samples / 2); // warm-up
      long[] before = latencies(w, in, users, next, samples);
      long t0 = System.nanoTime();
      insertExpired(w, rows);
      double insertSeconds = (System.nanoTime() - t0) / 1e9;
      long[] after = latencies(w, in, users, next, samples);
      report.growth(
          rows, before[0] / 1e6, after[0] / 1e6, before[1] / 1e6, after[1] / 1e6, insertSeconds);

      // Cleanup: the library's batched deletes, then one plain DELETE over as many rows.
      long c0 = System.nanoTime();
      int codes = in.gatehouse.otp().cleanup().codes();
      double codeSeconds = (System.nanoTime() - c0) / 1e9;
      long s0 = System.nanoTime();
      int sessions = in.gatehouse.sessions().cleanup(Instant.now());
      double sessionSeconds = (System.nanoTime() - s0) / 1e9;
      insertExpired(w, rows);
      double plainCodes;
      double plainSessions;
      try (Connection c = w.db.connect();
          Statement s = c.createStatement()) {
        long p0 = System.nanoTime();
        int n1 =
            s.executeUpdate(
                "delete from gh_otp_code where expires_at < now() - interval '30 days'");
        plainCodes = n1 / ((System.nanoTime() - p0) / 1e9);
        long p1 = System.nanoTime();
        s.executeUpdate(
            "delete from gh_refresh_token where session_id in (select id from gh_session"
                + " where idle_expires_at < now())");
        int n2 = s.executeUpdate("delete from gh_session where idle_expires_at < now()");
        plainSessions = n2 / ((System.nanoTime() - p1) / 1e9);
      }
      report.cleanup(
          codes / codeSeconds,
          plainCodes,
          sessions / sessionSeconds,
          plainSessions,
          in.gatehouse.config().get(GatehouseConfig.CLEANUP_BATCH_SIZE));
    }
  }

  /** Mean {OTP login, refresh} latency in ns over {@code n} fresh users. */
  private long[] latencies(
      BenchWorld w, BenchWorld.Instance in, List<String> users, AtomicInteger next, int n) {
    long otp = 0;
    long refresh = 0;
    for (int i = 0; i < n; i++) {
      String email = users.get(next.getAndIncrement());
      in.gatehouse
          .otp()
          .request(
              OtpRequest.of(email, OtpChannel.EMAIL, OtpPurpose.LOGIN)
                  .withClient(Harness.client()));
      String code = in.code(email);
      long t0 = System.nanoTime();
      TokenPair pair =
          in.gatehouse
              .otp()
              .loginWithCode(email, OtpChannel.EMAIL, code, Harness.client())
              .orElseThrow()
              .tokens();
      long t1 = System.nanoTime();
      in.gatehouse.sessions().refresh(pair.refreshToken(), null);
      long t2 = System.nanoTime();
      otp += t1 - t0;
      refresh += t2 - t1;
    }
    return new long[] {otp / n, refresh / n};
  }

  /**
   * Adds {@code rows} expired OTP codes and {@code rows} dead sessions, each with one refresh
   * token, all older than the cleanup retention, then ANALYZE (as autovacuum would).
   */
  private static void insertExpired(BenchWorld w, int rows) throws SQLException {
    try (Connection c = w.db.connect();
        Statement s = c.createStatement()) {
      String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
      s.executeUpdate(
          "insert into gh_otp_code (channel, destination, purpose, code_hash, expires_at,"
              + " attempts, max_attempts, last_sent_at, created_at)"
              + " select 'email', 'old' || (g % 50000) || '@example.test', 'login',"
              + " md5(g::text), now() - interval '40 days', 0, 5,"
              + " now() - interval '40 days', now() - interval '40 days'"
              + " from generate_series(1, "
              + rows
              + ") g");
      s.executeUpdate(
          "insert into gh_session (id, user_public_id, client, created_at, last_used_at,"
              + " expires_at, idle_expires_at)"
              + " select md5('"
              + tag
              + "' || g)::uuid::text, md5('u' || (g % 50000))::uuid::text, 'web',"
              + " now() - interval '40 days', now() - interval '40 days',"
              + " now() - interval '10 days', now() - interval '10 days'"
              + " from generate_series(1, "
              + rows
              + ") g");
      s.executeUpdate(
          "insert into gh_refresh_token (token_hash, session_id, created_at)"
              + " select md5('t"
              + tag
              + "' || g), md5('"
              + tag
              + "' || g)::uuid::text, now() - interval '40 days'"
              + " from generate_series(1, "
              + rows
              + ") g");
      s.execute("analyze");
    }
  }
}
