package dev.gatehouse.bench;

import dev.gatehouse.argon2.LibArgon2Backend;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.password.Argon2Backend;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The end-to-end measurements JMH is the wrong tool for: CPU per login against one raw hash, login
 * and OTP/refresh throughput on a real database, latency as expired rows pile up, cleanup rate, and
 * start-up. Each figure is printed beside the baseline it is divided by, measured in the same run.
 */
final class Harness {
  private final boolean full;
  private final Report report;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  Harness(boolean full, Report report) {
    this.full = full;
    this.report = report;
  }

  /** Runs everything enabled; PostgreSQL parts are skipped (and said so) without a server. */
  void run() throws Exception {
    boolean postgres = TestDatabase.enabledKinds().contains(DatabaseKind.POSTGRESQL);
    startUp(DatabaseKind.H2);
    if (postgres) {
      startUp(DatabaseKind.POSTGRESQL);
    }
    argon2Backends();
    loginCpu(DatabaseKind.H2);
    if (postgres) {
      loginCpu(DatabaseKind.POSTGRESQL);
    }
    keycloakLogins(postgres ? DatabaseKind.POSTGRESQL : DatabaseKind.H2);
    if (!postgres) {
      report.note(
          "OTP/refresh throughput, growth and cleanup need PostgreSQL"
              + " (GATEHOUSE_TEST_POSTGRES_URL); skipped.");
      return;
    }
    throughput(1);
    throughput(2);
    new GrowthBench(full, report).run();
  }

  // ---- start-up ---------------------------------------------------------------------------

  private void startUp(DatabaseKind kind) {
    int runs = full ? 5 : 2;
    long[] migrate = new long[runs];
    long[] boot = new long[runs];
    for (int r = 0; r < runs; r++) {
      try (TestDatabase db = TestDatabase.create(kind)) {
        db.dataSource(); // the pool exists before the clock starts, as in a host
        long t0 = System.nanoTime();
        GatehouseMigrations.migrate(
            db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, DefaultEntities.classes());
        long t1 = System.nanoTime();
        EntityManagerFactory emf =
            GatehouseJpa.bootstrap(db.dataSource(), DefaultEntities.classes(), List.of());
        long t2 = System.nanoTime();
        emf.close();
        migrate[r] = t1 - t0;
        boot[r] = t2 - t1;
      }
    }
    report.startUp(kind, ms(migrate[0]), ms(boot[0]), ms(median(migrate)), ms(median(boot)));
  }

  // ---- hashing: native argon2 ------------------------------------------------------------

  /** Thread CPU per Argon2id hash: BouncyCastle, the library's Java core, libargon2 (JNA). */
  void argon2Backends() {
    LibArgon2Backend libargon2 = new LibArgon2Backend();
    byte[] salt = "somesaltsomesalt".getBytes(StandardCharsets.US_ASCII);
    int blocks = full ? 10 : 4;
    int perBlock = 3;
    for (int[] p : new int[][] {{19456, 2}, {7168, 5}}) {
      int m = p[0];
      int t = p[1];
      Runnable bc = () -> bouncyCastleArgon2(m, t, salt);
      Runnable java = () -> argon2(Argon2Backend.java(), m, t, salt);
      Runnable nativeHash = libargon2.isAvailable() ? () -> argon2(libargon2, m, t, salt) : null;
      for (int i = 0; i < 5; i++) { // warm-up: the JIT, and the first touch of each memory size
        bc.run();
        java.run();
      }
      // Interleaved blocks, so noise from other processes on the machine hits all three alike.
      long[] bcCpu = new long[blocks];
      long[] javaCpu = new long[blocks];
      long[] nativeCpu = new long[blocks];
      for (int b = 0; b < blocks; b++) {
        bcCpu[b] = cpu(bc, perBlock)[0] / perBlock;
        javaCpu[b] = cpu(java, perBlock)[0] / perBlock;
        nativeCpu[b] = nativeHash == null ? 0 : cpu(nativeHash, perBlock)[0] / perBlock;
      }
      report.nativeArgon2(
          m,
          t,
          ms(median(bcCpu)),
          ms(median(javaCpu)),
          nativeHash == null ? Double.NaN : ms(median(nativeCpu)),
          "libargon2 not loadable (apt-get install libargon2-1): row skipped");
    }
  }

  /** One Argon2id hash (v=19, p=1, 32-byte tag) of the benchmark password through a backend. */
  static byte[] argon2(Argon2Backend backend, int memoryKib, int iterations, byte[] salt) {
    return backend.hash(
        Argon2Backend.Variant.ARGON2ID,
        Argon2Backend.VERSION_13,
        memoryKib,
        iterations,
        1,
        BenchWorld.PASSWORD.getBytes(StandardCharsets.UTF_8),
        salt,
        32);
  }

  /** The same hash through BouncyCastle's Argon2BytesGenerator, the library's engine before. */
  static byte[] bouncyCastleArgon2(int memoryKib, int iterations, byte[] salt) {
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(1)
            .withSalt(salt)
            .build());
    byte[] out = new byte[32];
    g.generateBytes(BenchWorld.PASSWORD.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  // ---- login CPU ----------------------------------------------------------------------------

  /**
   * CPU per password login against one raw hash of the library's own backend (item 5). The
   * library's Argon2 backend is wrapped in a meter of the calling thread's CPU, so the login's own
   * hash computations are split from the rest of the login exactly (the native hash never shows in
   * a Java profile).
   */
  void loginCpu(DatabaseKind kind) {
    int rounds = full ? 6 : 3;
    int perRound = full ? 20 : 8;
    MeteredArgon2 metered = new MeteredArgon2(Argon2Backend.detect(), threads);
    PasswordHashing meteredHashing =
        PasswordHashing.builder()
            .options(PasswordHashingOptions.builder().build())
            .argon2Backend(metered)
            .build();
    try (BenchWorld w =
        BenchWorld.create(
            kind, 1, b -> b, BenchCohorts.install(g -> g.passwordHashing(meteredHashing)))) {
      BenchWorld.Instance in = w.instances.get(0);
      PasswordHashing hashing = in.gatehouse.passwordHashing();
      PasswordHashingOptions o = hashing.options();
      String stored = hashing.hash(BenchWorld.PASSWORD);
      // The login's Java work (Hibernate, JDBC, tokens) needs hundreds of runs before the JIT
      // has compiled it: with only the first ten as warm-up, two thirds of the "rest" of a
      // login was interpreted code (issue 19, item 5 revisited).
      int extraLoginWarmUp = Integer.getInteger("gatehouse.bench.login.warmup", full ? 1500 : 300);
      List<String> users = w.createUsers(rounds * perRound + 10 + extraLoginWarmUp, stored);
      // -Dgatehouse.bench.cohorts=true: the users are a Gatehouse cohort's, another one moving.
      BenchCohorts.prepare(in.gatehouse, in.store, users);
      byte[] salt = new byte[16];
      AtomicInteger next = new AtomicInteger();
      Runnable login =
          () ->
              in.gatehouse
                  .accounts()
                  .login(
                      new LoginRequest(
                          users.get(next.getAndIncrement()), BenchWorld.PASSWORD, client()));
      // The raw baseline is the library's own Argon2 backend (Java, or libargon2 when loadable),
      // called through the same meter.
      Argon2Backend backend = hashing.argon2Backend();
      Runnable raw = () -> argon2(backend, o.argon2MemoryKib(), o.argon2Iterations(), salt);
      for (int i = 0; i < 10; i++) { // warm-up: JIT, Hibernate's query plans, the pool
        login.run();
        raw.run();
      }
      for (int i = 0; i < extraLoginWarmUp; i++) { // a longer JIT warm-up of the login only
        login.run();
      }
      long[] rawCpu = new long[2];
      long[] loginCpu = new long[2];
      long hashCpuInLogins = 0;
      long hashesInLogins = 0;
      // Interleaved blocks, so noise from other processes on the machine hits both alike.
      for (int r = 0; r < rounds; r++) {
        add(rawCpu, cpu(raw, perRound));
        long h0 = metered.cpuNanos();
        long c0 = metered.calls();
        add(loginCpu, cpu(login, perRound));
        hashCpuInLogins += metered.cpuNanos() - h0;
        hashesInLogins += metered.calls() - c0;
      }
      int n = rounds * perRound;
      report.loginCpu(
          kind,
          o.argon2MemoryKib(),
          o.argon2Iterations(),
          ms(rawCpu[0] / n),
          ms(loginCpu[0] / n),
          ms(rawCpu[1] / n),
          ms(loginCpu[1] / n));
      report.loginSplit(
          kind,
          metered.name(),
          (double) hashesInLogins / n,
          ms(hashCpuInLogins / n),
          ms((loginCpu[0] - hashCpuInLogins) / n),
          ms(rawCpu[0] / n));
    }
  }

  /**
   * What checking the session behind an access token costs a request (issue 36, finding 1; issue
   * 54): the stateless verification ({@code verifyAccessToken}) against the followed one ({@code
   * verifyUnrevokedAccessToken} with the default {@code gatehouse.token.revocation-follow} of 2 s
   * on the real clock, so its looks fall inside the measured blocks, with a revoked session of the
   * same user in the database) and the live one ({@code verifyLiveAccessToken}: one read of the
   * session by its key, no cache), for one token, in interleaved blocks; thread CPU and wall time
   * per call.
   */
  void liveCheck(DatabaseKind kind) {
    int rounds = full ? 10 : 4;
    int perRound = full ? 2000 : 500;
    try (BenchWorld w = BenchWorld.create(kind, 1, b -> b, g -> g)) {
      BenchWorld.Instance in = w.instances.get(0);
      String stored = in.gatehouse.passwordHashing().hash(BenchWorld.PASSWORD);
      String user = w.createUsers(1, stored).get(0);
      Supplier<String> signIn =
          () ->
              in.gatehouse
                  .accounts()
                  .login(new LoginRequest(user, BenchWorld.PASSWORD, client()))
                  .orElseThrow()
                  .tokens()
                  .accessToken();
      // A session of the same user ended by logout: what each look reads back.
      var ended = in.gatehouse.sessions().verifyAccessToken(signIn.get());
      in.gatehouse.sessions().logout(ended.userPublicId(), ended.sessionId());
      String access = signIn.get();
      Runnable stateless = () -> in.gatehouse.sessions().verifyAccessToken(access);
      Runnable followed = () -> in.gatehouse.sessions().verifyUnrevokedAccessToken(access);
      Runnable live = () -> in.gatehouse.sessions().verifyLiveAccessToken(access);
      for (int i = 0; i < perRound * 2; i++) { // warm-up: JIT, the pool
        stateless.run();
        followed.run();
        live.run();
      }
      long[] statelessCpu = new long[2];
      long[] followedCpu = new long[2];
      long[] liveCpu = new long[2];
      long statelessWall = 0;
      long followedWall = 0;
      long liveWall = 0;
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        add(statelessCpu, cpu(stateless, perRound));
        long t1 = System.nanoTime();
        add(followedCpu, cpu(followed, perRound));
        long t2 = System.nanoTime();
        add(liveCpu, cpu(live, perRound));
        long t3 = System.nanoTime();
        statelessWall += t1 - t0;
        followedWall += t2 - t1;
        liveWall += t3 - t2;
      }
      double n = (double) rounds * perRound;
      report.section(
          "### Live session check per request, "
              + kind
              + "\n\n| check | thread CPU (µs) | wall (µs) |\n|---|---:|---:|\n"
              + "| stateless `verifyAccessToken` | "
              + Report.f(statelessCpu[0] / n / 1000)
              + " | "
              + Report.f(statelessWall / n / 1000)
              + " |\n| followed `verifyUnrevokedAccessToken` (revocation-follow 2 s) | "
              + Report.f(followedCpu[0] / n / 1000)
              + " | "
              + Report.f(followedWall / n / 1000)
              + " |\n| live `verifyLiveAccessToken` (session read, no cache) | "
              + Report.f(liveCpu[0] / n / 1000)
              + " | "
              + Report.f(liveWall / n / 1000)
              + " |\n| verifications per core, followed ÷ stateless (CPU; wall) | "
              + Report.f((double) statelessCpu[0] / followedCpu[0])
              + " | "
              + Report.f((double) statelessWall / followedWall)
              + " |\n| verifications per core, live ÷ stateless (CPU; wall) | "
              + Report.f((double) statelessCpu[0] / liveCpu[0])
              + " | "
              + Report.f((double) statelessWall / liveWall)
              + " |\n");
    }
  }

  /** An Argon2 backend that adds up the calling threads' CPU time spent in its delegate. */
  static final class MeteredArgon2 implements Argon2Backend {
    private final Argon2Backend delegate;
    private final ThreadMXBean threads;
    private final AtomicLong cpu = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    MeteredArgon2(Argon2Backend delegate, ThreadMXBean threads) {
      this.delegate = delegate;
      this.threads = threads;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public byte[] hash(
        Variant variant,
        int version,
        int memoryKib,
        int iterations,
        int parallelism,
        byte[] password,
        byte[] salt,
        int tagLength) {
      long t0 = threads.getCurrentThreadCpuTime();
      try {
        return delegate.hash(
            variant, version, memoryKib, iterations, parallelism, password, salt, tagLength);
      } finally {
        cpu.addAndGet(threads.getCurrentThreadCpuTime() - t0);
        calls.incrementAndGet();
      }
    }

    long cpuNanos() {
      return cpu.get();
    }

    long calls() {
      return calls.get();
    }
  }

  /** {thread CPU, process CPU} in ns for {@code n} runs on this thread. */
  private long[] cpu(Runnable task, int n) {
    long t0 = threads.getCurrentThreadCpuTime();
    long p0 = os.getProcessCpuTime();
    for (int i = 0; i < n; i++) {
      task.run();
    }
    return new long[] {threads.getCurrentThreadCpuTime() - t0, os.getProcessCpuTime() - p0};
  }

  private static void add(long[] into, long[] more) {
    into[0] += more[0];
    into[1] += more[1];
  }

  // ---- logins per second at Keycloak's parameters -------------------------------------------

  private void keycloakLogins(DatabaseKind kind) throws InterruptedException {
    Duration d = Duration.ofSeconds(full ? 30 : 8);
    try (BenchWorld w =
        BenchWorld.create(
            kind,
            1,
            b ->
                b.set(PasswordSettings.ARGON2_MEMORY_KIB, 7168)
                    .set(PasswordSettings.ARGON2_ITERATIONS, 5))) {
      BenchWorld.Instance in = w.instances.get(0);
      String stored = in.gatehouse.passwordHashing().hash(BenchWorld.PASSWORD);
      List<String> users = w.createUsers(full ? 4000 : 1200, stored);
      AtomicInteger next = new AtomicInteger();
      byte[] salt = new byte[16];
      Argon2Backend backend = in.gatehouse.passwordHashing().argon2Backend();
      Runnable raw = () -> argon2(backend, 7168, 5, salt);
      Runnable login =
          () ->
              in.gatehouse
                  .accounts()
                  .login(
                      new LoginRequest(
                          users.get(next.getAndIncrement() % users.size()),
                          BenchWorld.PASSWORD,
                          client()));
      run(2, Duration.ofSeconds(2), raw);
      run(2, Duration.ofSeconds(2), login);
      double rawRate = run(2, d, raw);
      double loginRate = run(2, d, login);
      report.keycloak(kind, rawRate, loginRate, Runtime.getRuntime().availableProcessors());
    }
  }

  /** Runs {@code task} on {@code n} threads for {@code d}; answers completed runs per second. */
  private static double run(int n, Duration d, Runnable task) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + d.toNanos();
    CountDownLatch finished = new CountDownLatch(n);
    long start = System.nanoTime();
    for (int t = 0; t < n; t++) {
      new Thread(
              () -> {
                try {
                  while (System.nanoTime() < end) {
                    task.run();
                    done.incrementAndGet();
                  }
                } catch (Throwable e) {
                  errors.add(e);
                } finally {
                  finished.countDown();
                }
              })
          .start();
    }
    finished.await();
    if (!errors.isEmpty()) {
      throw new IllegalStateException("a benchmark thread failed", errors.peek());
    }
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  /** A web client from a random address, so per-network limits do not end a benchmark. */
  static ClientInfo client() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return ClientInfo.web("10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256));
  }

  // ---- OTP and refresh throughput -----------------------------------------------------------

  /** The throughput rows alone (one instance, then two), for a before/after comparison. */
  void throughputOnly() throws InterruptedException {
    if (!TestDatabase.enabledKinds().contains(DatabaseKind.POSTGRESQL)) {
      report.note(
          "OTP/refresh throughput needs PostgreSQL (GATEHOUSE_TEST_POSTGRES_URL); skipped.");
      return;
    }
    throughput(1);
    throughput(2);
  }

  private void throughput(int instances) throws InterruptedException {
    Duration d = Duration.ofSeconds(full ? 30 : 8);
    try (BenchWorld w = BenchWorld.create(DatabaseKind.POSTGRESQL, instances, b -> b)) {
      // Drawn for as long as each phase runs: a faster machine simply creates more.
      BenchWorld.UserSupply users = w.userSupply("!unusable", full ? 12_000 : 3_000);
      AtomicInteger thread = new AtomicInteger();
      ThreadLocal<BenchWorld.Instance> mine =
          ThreadLocal.withInitial(
              () -> w.instances.get(thread.getAndIncrement() % w.instances.size()));
      Runnable otp =
          () -> {
            BenchWorld.Instance in = mine.get();
            String email = users.take();
            in.gatehouse
                .otp()
                .request(
                    OtpRequest.of(email, OtpChannel.EMAIL, OtpPurpose.LOGIN).withClient(client()));
            in.gatehouse.otp().loginWithCode(email, OtpChannel.EMAIL, in.code(email), client());
          };
      run(2, Duration.ofSeconds(2), otp);
      double otpRate = run(2, d, otp);

      ThreadLocal<String> token = new ThreadLocal<>();
      thread.set(0);
      ThreadLocal<BenchWorld.Instance> mine2 =
          ThreadLocal.withInitial(
              () -> w.instances.get(thread.getAndIncrement() % w.instances.size()));
      Runnable refresh =
          () -> {
            BenchWorld.Instance in = mine2.get();
            if (token.get() == null) {
              token.set(w.startSession(in, users.take()).refreshToken());
            }
            TokenPair p = in.gatehouse.sessions().refresh(token.get(), null);
            token.set(p.refreshToken());
          };
      run(2, Duration.ofSeconds(2), refresh);
      double refreshRate = run(2, d, refresh);
      report.throughput(
          instances, otpRate, refreshRate, Runtime.getRuntime().availableProcessors());
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static long median(long[] values) {
    long[] copy = values.clone();
    Arrays.sort(copy);
    return copy[copy.length / 2];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
