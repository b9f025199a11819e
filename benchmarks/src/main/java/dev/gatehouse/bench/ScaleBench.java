package dev.gatehouse.bench;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Data at scale on PostgreSQL (issue 62 item 4): a fresh schema loaded with {@code users} accounts
 * (each with its default profile, its last sign-in and its row of {@code gh_user_sign_in}, and the
 * audit entry of that sign-in) and {@code sessionsPerUser} sessions per account (each with one
 * refresh token; one in five expired), written by the server itself ({@code insert … select} over
 * {@code generate_series}, copying a template row the library wrote, so every column is as the
 * library writes it; the foreign keys and the indexes that back no constraint are dropped for the
 * load and recreated from the catalog's definitions after it); beside it a fresh schema of 10,000
 * accounts loaded the same way, and a checkpoint, so that the load's write-back is over before
 * anything is timed. Then, in alternating rounds on both (which goes first alternating too), with
 * accounts drawn at random from the loaded ones: a password login (stored hash PBKDF2 with one
 * iteration, so the hash costs microseconds: the login minus the hash), a refresh, a code request
 * and {@code /me} (the live session check and the profile read), and beside them {@link
 * ScaleYardstick}'s plain JDBC writes of a login's rows on another account; PostgreSQL's execution
 * of each statement within each schema's rounds ({@link ScaleStatements}). Last, the session
 * cleanup of the large schema's expired rows in the library's batches, timing each batch (a batch's
 * transaction holds its row locks until it commits) while another thread refreshes, and both
 * schemas are dropped. Run by {@code benchmarks/scale.sh}.
 */
public final class ScaleBench {
  private static final int SMALL = 10_000;

  private ScaleBench() {}

  /**
   * Runs the measurement.
   *
   * @param args users (default 10,000,000), sessions per user (default 5), rounds (default 6),
   *     samples per round (default 150)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    long users = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    int perUser = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    int samples = args.length > 3 ? Integer.parseInt(args[3]) : 150;
    PasswordHashing hashing =
        PasswordHashing.create(
            PasswordHashingOptions.builder()
                .algorithm(PasswordHashAlgorithm.PBKDF2_SHA256)
                .pbkdf2Iterations(1)
                .build());
    try (BenchWorld small = world(hashing);
        BenchWorld large = world(hashing)) {
      System.out.printf("small schema %s, large schema %s%n", small.db.name(), large.db.name());
      ScaleLoad.load(small, SMALL, perUser);
      ScaleLoad.load(large, users, perUser);
      checkpoint(large);
      Map<String, long[]> s = new LinkedHashMap<>();
      Map<String, long[]> l = new LinkedHashMap<>();
      ScaleStatements statements = new ScaleStatements();
      String smallName = String.format("%,d", SMALL);
      String largeName = String.format("%,d", users);
      try (ScaleYardstick ys = new ScaleYardstick(small);
          ScaleYardstick yl = new ScaleYardstick(large)) {
        measure(small, SMALL, samples / 2, new LinkedHashMap<>(), ys); // warm-up: JIT, pools
        measure(large, users, samples / 2, new LinkedHashMap<>(), yl);
        long[] smallBlocks = blocks(small);
        long[] largeBlocks = blocks(large);
        Runnable smallRound = () -> measure(small, SMALL, samples, s, ys);
        Runnable largeRound = () -> measure(large, users, samples, l, yl);
        for (int r = 0; r < rounds; r++) {
          // the order alternates between rounds, so that going first or second is not in the ratio
          if (r % 2 == 0) {
            statements.round(smallName, small, smallRound);
            statements.round(largeName, large, largeRound);
          } else {
            statements.round(largeName, large, largeRound);
            statements.round(smallName, small, smallRound);
          }
        }
        perSample("small", small, smallBlocks, rounds * samples);
        perSample("large", large, largeBlocks, rounds * samples);
      }
      String stored = template(small);
      for (int i = 0; i < 1000; i++) {
        hashing.verify(BenchWorld.PASSWORD, stored);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        hashing.verify(BenchWorld.PASSWORD, stored);
      }
      double hashMs = (System.nanoTime() - t0) / 1e6 / 1000;
      System.out.printf(
          "%n| flow | %,d accounts, %,d sessions: mean ms (median) | %,d accounts, %,d sessions:"
              + " mean ms (median) | ratio of means (of medians) |%n|---|---:|---:|---:|%n",
          SMALL, SMALL * perUser, users, users * perUser);
      for (String op : s.keySet()) {
        double[] a = stats(s.get(op));
        double[] b = stats(l.get(op));
        System.out.printf(
            "| %s | %.3f (%.3f) | %.3f (%.3f) | **%.2f** (%.2f) |%n",
            op, a[0], a[1], b[0], b[1], b[0] / a[0], b[1] / a[1]);
      }
      System.out.printf(
          "%n%d rounds of %d samples each, alternating schemas and which goes first;"
              + " one stored-hash check: %.3f ms%n",
          rounds, samples, hashMs);
      statements.print(smallName, largeName, (long) rounds * samples);
      cleanup(large);
    }
  }

  /**
   * Writes every dirty buffer out before the rounds: the load leaves gigabytes that a checkpoint
   * would otherwise flush while the rounds run, and the commits' WAL flushes would wait behind that
   * write-back (one schema's rounds more than the other's, by chance), which is the load's cost,
   * not a flow's. Needs the {@code pg_checkpoint} role or a superuser; without it the rounds run as
   * before and say so.
   */
  private static void checkpoint(BenchWorld w) {
    long t0 = System.nanoTime();
    try (Connection c = w.db.connect();
        Statement st = c.createStatement()) {
      st.execute("checkpoint");
      System.out.printf("checkpoint before the rounds: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    } catch (SQLException e) {
      System.out.println("checkpoint before the rounds not run: " + e.getMessage());
    }
  }

  /** The schema's tables and indexes: {blocks read from outside shared buffers, blocks hit}. */
  private static long[] blocks(BenchWorld w) throws SQLException {
    try (Connection c = w.db.connect();
        Statement st = c.createStatement();
        ResultSet r =
            st.executeQuery(
                "select coalesce(sum(coalesce(heap_blks_read, 0) + coalesce(idx_blks_read, 0)),"
                    + " 0), coalesce(sum(coalesce(heap_blks_hit, 0) + coalesce(idx_blks_hit, 0)),"
                    + " 0) from pg_statio_user_tables where schemaname = current_schema()")) {
      r.next();
      return new long[] {r.getLong(1), r.getLong(2)};
    }
  }

  /**
   * Prints the blocks one sample (a login, a refresh, {@code /me}, a code request and the
   * yardstick) read from outside shared buffers and hit in them, in the schema's rounds: whether
   * the large schema's reads left the buffers, counted rather than timed. The statistics reach the
   * view within PostgreSQL's stats interval; the rounds' last few samples may be missing from it.
   */
  private static void perSample(String name, BenchWorld w, long[] before, long samples)
      throws SQLException {
    long[] after = blocks(w);
    System.out.printf(
        "%s schema: per sample (login, refresh, /me, code request, yardstick), blocks read from"
            + " outside shared buffers %.2f, hit %.1f%n",
        name, (after[0] - before[0]) / (double) samples, (after[1] - before[1]) / (double) samples);
  }

  private static BenchWorld world(PasswordHashing hashing) {
    return BenchWorld.create(DatabaseKind.POSTGRESQL, 1, b -> b, g -> g.passwordHashing(hashing));
  }

  private static String template(BenchWorld w) throws SQLException {
    try (Connection c = w.db.connect();
        Statement st = c.createStatement();
        ResultSet r =
            st.executeQuery(
                "select password_hash from gh_user where email not like '%@scale.test'")) {
      r.next();
      return r.getString(1);
    }
  }

  /**
   * One round of {@code n} samples: login, refresh, /me, code request, each a fresh account, then
   * the yardstick's writes on another fresh account.
   */
  private static void measure(
      BenchWorld w, long users, int n, Map<String, long[]> into, ScaleYardstick yardstick) {
    BenchWorld.Instance in = w.instances.get(0);
    long[] login = new long[n];
    long[] refresh = new long[n];
    long[] me = new long[n];
    long[] code = new long[n];
    long[] plain = new long[n];
    long[] plainCommit = new long[n];
    for (int i = 0; i < n; i++) {
      String email = "s" + draw(w, users) + "@scale.test";
      long t0 = System.nanoTime();
      TokenPair pair =
          in.gatehouse
              .accounts()
              .login(new LoginRequest(email, BenchWorld.PASSWORD, Harness.client()))
              .orElseThrow()
              .tokens();
      long t1 = System.nanoTime();
      TokenPair next = in.gatehouse.sessions().refresh(pair.refreshToken(), Harness.client());
      long t2 = System.nanoTime();
      var caller = in.gatehouse.sessions().verifyLiveAccessToken(next.accessToken());
      in.gatehouse.profiles().me(UUID.fromString(caller.subject()), null);
      long t3 = System.nanoTime();
      in.gatehouse
          .otp()
          .request(
              OtpRequest.of(email, OtpChannel.EMAIL, OtpPurpose.LOGIN)
                  .withClient(Harness.client()));
      long t4 = System.nanoTime();
      login[i] = t1 - t0;
      refresh[i] = t2 - t1;
      me[i] = t3 - t2;
      code[i] = t4 - t3;
      try {
        long[] y = yardstick.signIn("s" + draw(w, users) + "@scale.test");
        plain[i] = y[0];
        plainCommit[i] = y[1];
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    append(into, "password login (PBKDF2, 1 iteration)", login);
    append(into, "refresh", refresh);
    append(into, "/me (live session check + profiles)", me);
    append(into, "code request (email, delivered in-process)", code);
    append(into, "yardstick: a login's rows by plain JDBC", plain);
    append(into, "the yardstick's commit", plainCommit);
  }

  private static final Map<BenchWorld, java.util.Set<Long>> DRAWN = new java.util.HashMap<>();

  /**
   * An account index in 1..users not drawn before in this world: a code request to an address asked
   * moments ago would meet its cooldown.
   */
  private static long draw(BenchWorld w, long users) {
    java.util.Set<Long> drawn = DRAWN.computeIfAbsent(w, k -> new java.util.HashSet<>());
    while (true) {
      long i = 1 + ThreadLocalRandom.current().nextLong(users);
      if (drawn.add(i)) {
        return i;
      }
    }
  }

  private static void append(Map<String, long[]> into, String op, long[] add) {
    into.merge(
        op,
        add,
        (a, b) -> {
          long[] all = Arrays.copyOf(a, a.length + b.length);
          System.arraycopy(b, 0, all, a.length, b.length);
          return all;
        });
  }

  /** {mean, median} in ms. */
  private static double[] stats(long[] ns) {
    long[] sorted = ns.clone();
    Arrays.sort(sorted);
    return new double[] {
      Arrays.stream(sorted).average().orElse(0) / 1e6, sorted[sorted.length / 2] / 1e6
    };
  }

  /**
   * The session cleanup of the expired rows, in the library's batches (what {@code
   * SessionService.cleanup} runs, one transaction per batch), each timed, while a second thread
   * logs in and refreshes on the same schema; prints the longest batch and the concurrent
   * refreshes' longest wait against their median.
   */
  private static void cleanup(BenchWorld w) throws Exception {
    BenchWorld.Instance in = w.instances.get(0);
    int batch = in.gatehouse.config().get(GatehouseConfig.CLEANUP_BATCH_SIZE);
    long expired;
    try (Connection c = w.db.connect();
        Statement st = c.createStatement()) {
      expired =
          ScaleLoad.longValue(st, "select count(*) from gh_session where idle_expires_at <= now()");
    }
    AtomicBoolean done = new AtomicBoolean();
    List<Long> refreshes = new ArrayList<>();
    long users = SMALL; // the first accounts: any loaded account will do
    Thread load =
        new Thread(
            () -> {
              while (!done.get()) {
                String email =
                    "s" + (1 + ThreadLocalRandom.current().nextLong(users)) + "@scale.test";
                TokenPair p =
                    in.gatehouse
                        .accounts()
                        .login(new LoginRequest(email, BenchWorld.PASSWORD, Harness.client()))
                        .orElseThrow()
                        .tokens();
                long t0 = System.nanoTime();
                in.gatehouse.sessions().refresh(p.refreshToken(), Harness.client());
                synchronized (refreshes) {
                  refreshes.add(System.nanoTime() - t0);
                }
              }
            });
    load.start();
    Instant now = Instant.now();
    List<Long> batches = new ArrayList<>();
    long deleted = 0;
    long t0 = System.nanoTime();
    long maxBudget = Long.getLong("gatehouse.bench.scale.cleanupSeconds", 600) * 1_000_000_000L;
    try {
      while (System.nanoTime() - t0 < maxBudget) {
        long b0 = System.nanoTime();
        int n = in.store.inTransaction(tx -> tx.sessions().deleteDeadSessions(now, batch));
        batches.add(System.nanoTime() - b0);
        deleted += n;
        if (n < batch) {
          break;
        }
      }
    } finally {
      done.set(true);
      load.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long[] b = batches.stream().mapToLong(Long::longValue).toArray();
    long[] r;
    synchronized (refreshes) {
      r = refreshes.stream().mapToLong(Long::longValue).toArray();
    }
    Arrays.sort(b);
    Arrays.sort(r);
    long[] firstTen =
        batches.subList(0, Math.min(10, batches.size())).stream()
            .mapToLong(Long::longValue)
            .toArray();
    long[] lastTen =
        batches.subList(Math.max(0, batches.size() - 10), batches.size()).stream()
            .mapToLong(Long::longValue)
            .toArray();
    System.out.printf(
        "%ncleanup: %,d of %,d expired sessions (and their refresh tokens) deleted in %.1f s,"
            + " %d batches of %d (%,.0f sessions/s)%n"
            + "  batch ms: median %.1f, p99 %.1f, longest %.1f; first ten mean %.1f, last ten mean"
            + " %.1f%n"
            + "  concurrent refreshes: %d, median %.2f ms, p99 %.2f ms, longest %.1f ms%n",
        deleted,
        expired,
        seconds,
        b.length,
        batch,
        deleted / seconds,
        b[b.length / 2] / 1e6,
        b[(int) Math.min(b.length - 1, Math.floor(b.length * 0.99))] / 1e6,
        b[b.length - 1] / 1e6,
        Arrays.stream(firstTen).average().orElse(0) / 1e6,
        Arrays.stream(lastTen).average().orElse(0) / 1e6,
        r.length,
        r.length == 0 ? 0 : r[r.length / 2] / 1e6,
        r.length == 0 ? 0 : r[(int) Math.min(r.length - 1, Math.floor(r.length * 0.99))] / 1e6,
        r.length == 0 ? 0 : r[r.length - 1] / 1e6);
  }
}
