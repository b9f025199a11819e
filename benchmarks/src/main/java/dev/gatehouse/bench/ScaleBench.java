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
 * and {@code /me} (the live session check and the profile read). Last, the session cleanup of the
 * large schema's expired rows in the library's batches, timing each batch (a batch's transaction
 * holds its row locks until it commits) while another thread refreshes, and both schemas are
 * dropped. Run by {@code benchmarks/scale.sh}.
 */
public final class ScaleBench {
  private static final int SMALL = 10_000;
  private static final long CHUNK = 1_000_000;
  private static final String UUID_HEAD = "'00000000-0000-4000-8000-' || lpad(to_hex(";

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
      load(small, SMALL, perUser);
      load(large, users, perUser);
      checkpoint(large);
      Map<String, long[]> s = new LinkedHashMap<>();
      Map<String, long[]> l = new LinkedHashMap<>();
      measure(small, SMALL, samples / 2, new LinkedHashMap<>()); // warm-up: JIT, pools
      measure(large, users, samples / 2, new LinkedHashMap<>());
      long[] smallBlocks = blocks(small);
      long[] largeBlocks = blocks(large);
      for (int r = 0; r < rounds; r++) {
        // the order alternates between rounds, so that going first or second is not in the ratio
        if (r % 2 == 0) {
          measure(small, SMALL, samples, s);
          measure(large, users, samples, l);
        } else {
          measure(large, users, samples, l);
          measure(small, SMALL, samples, s);
        }
      }
      perSample("small", small, smallBlocks, rounds * samples);
      perSample("large", large, largeBlocks, rounds * samples);
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
   * Prints the blocks one sample (a login, a refresh, {@code /me} and a code request) read from
   * outside shared buffers and hit in them, in the schema's rounds: whether the large schema's
   * reads left the buffers, counted rather than timed. The statistics reach the view within
   * PostgreSQL's stats interval; the rounds' last few samples may be missing from it.
   */
  private static void perSample(String name, BenchWorld w, long[] before, long samples)
      throws SQLException {
    long[] after = blocks(w);
    System.out.printf(
        "%s schema: per sample (login, refresh, /me, code request), blocks read from outside"
            + " shared buffers %.2f, hit %.1f%n",
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
   * Loads {@code users} accounts {@code s<i>@scale.test} (i from 1) with their default profile and
   * {@code perUser} sessions each, copying the rows of a template account the library wrote.
   */
  private static void load(BenchWorld w, long users, int perUser) throws SQLException {
    BenchWorld.Instance in = w.instances.get(0);
    String hash = in.gatehouse.passwordHashing().hash(BenchWorld.PASSWORD);
    String tpl = w.createUsers(1, hash).get(0);
    // The template signs in once, as every loaded account is taken to have: its session, its last
    // login with its row of gh_user_sign_in, and its audit entry are copied for each account, so a
    // measured login meets those tables at their size. Its counters are not copied: a counter's
    // window ends and the cleanup deletes it, so an account that signs in today finds none.
    in.gatehouse
        .accounts()
        .login(new LoginRequest(tpl, BenchWorld.PASSWORD, Harness.client()))
        .orElseThrow();
    long t0 = System.nanoTime();
    try (Connection c = w.db.connect();
        Statement st = c.createStatement()) {
      List<String> restore = dropForLoad(st);
      String user = UUID_HEAD + "g), 12, '0')";
      long firstId = longValue(st, "select max(id) from gh_user");
      long auditPerUser =
          longValue(
              st,
              "select count(*) from gh_audit_event where subject = (select public_id from gh_user"
                  + " where email = '"
                  + tpl
                  + "')");
      for (long from = 1; from <= users; from += CHUNK) {
        long to = Math.min(users, from + CHUNK - 1);
        copy(
            st,
            "gh_user",
            "(select * from gh_user where email = '"
                + tpl
                + "') t, generate_series("
                + from
                + ", "
                + to
                + ") g",
            Map.of(
                "public_id", user,
                "email", "'s' || g || '@scale.test'",
                "email_normalized", "'s' || g || '@scale.test'",
                "created_at", "now() - interval '400 days' + g * interval '1 second'",
                "modified_at", "now() - interval '400 days' + g * interval '1 second'",
                "last_login_at", "now() - interval '30 days' + g * interval '100 milliseconds'"));
        // this chunk's accounts, as u
        String loaded =
            " gh_user u where u.id > "
                + firstId
                + " + "
                + (from - 1)
                + " and u.id <= "
                + firstId
                + " + "
                + to;
        st.executeUpdate(
            "insert into gh_user_sign_in (user_public_id, last_login_at) select u.public_id,"
                + " u.last_login_at from"
                + loaded);
        copy(
            st,
            "gh_audit_event",
            "(select a.* from gh_audit_event a where a.subject = (select public_id from gh_user"
                + " where email = '"
                + tpl
                + "')) t,"
                + loaded,
            Map.of("subject", "u.public_id", "occurred_at", "u.last_login_at"));
        copy(
            st,
            "gh_profile",
            "(select p.* from gh_profile p join gh_user x on x.id = p.user_id where x.email = '"
                + tpl
                + "') t,"
                + loaded,
            Map.of("user_id", "u.id", "default_marker", "u.public_id"));
        progress("accounts", to, t0);
      }
      long sessions = users * perUser;
      // The template's session holds its refresh token (issue 79): no token rows to copy, unless a
      // session form with rows is measured.
      long tokenRowsPerSession =
          longValue(
              st,
              "select count(*) from gh_refresh_token r join gh_session s on s.id = r.session_id"
                  + " where s.user_public_id = (select public_id from gh_user where email = '"
                  + tpl
                  + "')");
      // each account: the user, its profile, its sign-in row and the template's audit entries
      long rows = users * (3 + auditPerUser) + sessions * (1 + tokenRowsPerSession);
      String expired = "(g % 5 = 0)";
      for (long from = 1; from <= sessions; from += CHUNK) {
        long to = Math.min(sessions, from + CHUNK - 1);
        String range = "generate_series(" + from + ", " + to + ") g";
        copy(
            st,
            "gh_session",
            "(select s.* from gh_session s where s.user_public_id = (select public_id from gh_user"
                + " where email = '"
                + tpl
                + "')) t, "
                + range,
            Map.of(
                "id",
                "'10000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0')",
                "user_public_id",
                UUID_HEAD + "(g - 1) / " + perUser + " + 1), 12, '0')",
                "created_at",
                "now() - interval '40 days'",
                "last_used_at",
                "now() - interval '20 days'",
                "idle_expires_at",
                "case when "
                    + expired
                    + " then now() - interval '10 days'"
                    + " else now() + interval '10 days' end",
                "expires_at",
                "case when "
                    + expired
                    + " then now() - interval '5 days'"
                    + " else now() + interval '20 days' end"));
        copy(
            st,
            "gh_refresh_token",
            "(select r.* from gh_refresh_token r join gh_session s on s.id = r.session_id where"
                + " s.user_public_id = (select public_id from gh_user where email = '"
                + tpl
                + "')) t, "
                + range,
            Map.of(
                "token_hash", "lpad(to_hex(g), 64, '0')",
                "session_id", "'10000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0')",
                "created_at", "now() - interval '20 days'"));
        progress("sessions", to, t0);
      }
      long i0 = System.nanoTime();
      for (String ddl : restore) {
        st.execute(ddl);
      }
      System.out.printf(
          "%s: %,d rows loaded in %.0f s (%,.0f rows/s); %d indexes and foreign keys restored in"
              + " %.1f s%n",
          w.db.name(),
          rows,
          (i0 - t0) / 1e9,
          rows / ((i0 - t0) / 1e9),
          restore.size(),
          (System.nanoTime() - i0) / 1e9);
      long v0 = System.nanoTime();
      st.execute("vacuum analyze");
      System.out.printf(
          "%s: vacuum analyze %.1f s; heap+indexes: users %s, sessions %s, refresh tokens %s,"
              + " sign-in rows %s, audit trail %s (%,d audit entries per account)%n",
          w.db.name(),
          (System.nanoTime() - v0) / 1e9,
          text(st, "select pg_size_pretty(pg_total_relation_size('gh_user'))"),
          text(st, "select pg_size_pretty(pg_total_relation_size('gh_session'))"),
          text(st, "select pg_size_pretty(pg_total_relation_size('gh_refresh_token'))"),
          text(st, "select pg_size_pretty(pg_total_relation_size('gh_user_sign_in'))"),
          text(st, "select pg_size_pretty(pg_total_relation_size('gh_audit_event'))"),
          auditPerUser);
    }
  }

  private static final String LOADED =
      "('gh_user'::regclass, 'gh_profile'::regclass, 'gh_session'::regclass,"
          + " 'gh_refresh_token'::regclass, 'gh_user_sign_in'::regclass,"
          + " 'gh_audit_event'::regclass)";

  /**
   * Drops the loaded tables' foreign keys and the indexes that back no constraint, returning the
   * statements that recreate them from the catalog's own definitions (so the tables measured have
   * exactly the production schema's indexes and constraints): one index build and one validating
   * join after the load cost far less than a B-tree insert and a foreign-key lookup per row.
   * Primary keys and unique constraints stay (a foreign key needs its referenced key).
   */
  private static List<String> dropForLoad(Statement st) throws SQLException {
    List<String> restore = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    try (ResultSet r =
        st.executeQuery(
            "select conrelid::regclass, quote_ident(conname), pg_get_constraintdef(oid) from"
                + " pg_constraint where contype = 'f' and conrelid in "
                + LOADED
                + " order by conname")) {
      while (r.next()) {
        drop.add("alter table " + r.getString(1) + " drop constraint " + r.getString(2));
        restore.add(
            "alter table "
                + r.getString(1)
                + " add constraint "
                + r.getString(2)
                + " "
                + r.getString(3));
      }
    }
    List<String> indexes = new ArrayList<>();
    try (ResultSet r =
        st.executeQuery(
            "select i.indexrelid::regclass, pg_get_indexdef(i.indexrelid) from pg_index i where"
                + " i.indrelid in "
                + LOADED
                + " and not exists (select 1 from pg_constraint k where k.conindid ="
                + " i.indexrelid) order by 1")) {
      while (r.next()) {
        drop.add("drop index " + r.getString(1));
        indexes.add(r.getString(2));
      }
    }
    for (String ddl : drop) {
      st.execute(ddl);
    }
    indexes.addAll(restore); // indexes first: a foreign key's validating join may use them
    return indexes;
  }

  /** One {@code insert … select} of every column of {@code table}, some replaced. */
  private static void copy(Statement st, String table, String from, Map<String, String> replaced)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet r =
        st.executeQuery(
            "select column_name from information_schema.columns where table_schema ="
                + " current_schema() and table_name = '"
                + table
                + "' and is_identity = 'NO'"
                + " and coalesce(column_default, '') not like 'nextval%' order by"
                + " ordinal_position")) {
      while (r.next()) {
        columns.add(r.getString(1));
      }
    }
    StringBuilder select = new StringBuilder();
    for (String c : columns) {
      select.append(select.length() == 0 ? "" : ", ").append(replaced.getOrDefault(c, "t." + c));
    }
    st.executeUpdate(
        "insert into "
            + table
            + " ("
            + String.join(", ", columns)
            + ") select "
            + select
            + " from "
            + from);
  }

  private static void progress(String what, long n, long t0) {
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("  %,d %s loaded, %.0f s%n", n, what, s);
  }

  /** One round of {@code n} samples: login, refresh, /me, code request, each a fresh account. */
  private static void measure(BenchWorld w, long users, int n, Map<String, long[]> into) {
    BenchWorld.Instance in = w.instances.get(0);
    long[] login = new long[n];
    long[] refresh = new long[n];
    long[] me = new long[n];
    long[] code = new long[n];
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
    }
    append(into, "password login (PBKDF2, 1 iteration)", login);
    append(into, "refresh", refresh);
    append(into, "/me (live session check + profiles)", me);
    append(into, "code request (email, delivered in-process)", code);
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
      expired = longValue(st, "select count(*) from gh_session where idle_expires_at <= now()");
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

  private static long longValue(Statement st, String sql) throws SQLException {
    try (ResultSet r = st.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String text(Statement st, String sql) throws SQLException {
    try (ResultSet r = st.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}
