package dev.gatehouse.bench;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Gatehouse embedded (no HTTP) on PostgreSQL at {@link SideBySide}'s parameters and concurrency,
 * for context beside the servers' figures.
 */
final class SideBySideEmbedded {
  private final SideBySideSettings s;
  private final Consumer<String> out;
  private final List<String> errors;

  SideBySideEmbedded(SideBySideSettings s, Consumer<String> out, List<String> errors) {
    this.s = s;
    this.out = out;
    this.errors = errors;
  }

  void run() throws Exception {
    line("## Gatehouse embedded (no HTTP), for context");
    line("");
    if (System.getenv("GATEHOUSE_TEST_POSTGRES_URL") == null) {
      line("- skipped: GATEHOUSE_TEST_POSTGRES_URL is not set.");
      return;
    }
    try (BenchWorld w =
        BenchWorld.create(
            DatabaseKind.POSTGRESQL,
            1,
            b ->
                b.set(PasswordSettings.ARGON2_MEMORY_KIB, s.memoryKib())
                    .set(PasswordSettings.ARGON2_ITERATIONS, s.iterations())
                    .set(PasswordSettings.ARGON2_PARALLELISM, s.parallelism()))) {
      BenchWorld.Instance in = w.instances.get(0);
      String stored = in.gatehouse.passwordHashing().hash(BenchWorld.PASSWORD);
      List<String> users = w.createUsers(Math.max(s.users(), 50), stored);
      AtomicInteger next = new AtomicInteger();
      Runnable login =
          () ->
              in.gatehouse
                  .accounts()
                  .login(
                      new LoginRequest(
                          users.get(next.getAndIncrement() % users.size()),
                          BenchWorld.PASSWORD,
                          ClientInfo.web("10.0.0." + ThreadLocalRandom.current().nextInt(250))));
      ThreadLocal<String> token = new ThreadLocal<>();
      Runnable refresh =
          () -> {
            if (token.get() == null) {
              token.set(
                  w.startSession(in, users.get(next.getAndIncrement() % users.size()))
                      .refreshToken());
            }
            TokenPair p = in.gatehouse.sessions().refresh(token.get(), null);
            token.set(p.refreshToken());
          };
      double[] l = embeddedRun(login);
      double[] r = embeddedRun(refresh);
      line(
          "Same JVM as the load generator ("
              + Runtime.version()
              + "), BenchWorld on a fresh PostgreSQL schema, the library's default"
              + " development signing key (ES256), Argon2 backend "
              + in.gatehouse.passwordHashing().argon2Backend()
              + ", "
              + s.threads()
              + " threads.");
      line("");
      line("| figure | embedded |");
      line("|---|---|");
      line(String.format(Locale.ROOT, "| password logins/s | %.1f |", l[0]));
      line(String.format(Locale.ROOT, "| process CPU ms per login | %.2f |", l[1]));
      line(String.format(Locale.ROOT, "| refresh rotations/s | %.1f |", r[0]));
      line(String.format(Locale.ROOT, "| process CPU ms per refresh | %.2f |", r[1]));
    }
  }

  /** {ops/s, process CPU ms per op} on {@link SideBySideSettings#threads()} threads. */
  private double[] embeddedRun(Runnable task) throws InterruptedException {
    runThreads(task, s.warmUp());
    long c0 = ProcessMeters.processCpuNanos();
    long t0 = System.nanoTime();
    long n = runThreads(task, s.measure());
    double sec = (System.nanoTime() - t0) / 1e9;
    return new double[] {n / sec, (ProcessMeters.processCpuNanos() - c0) / 1e6 / n};
  }

  private long runThreads(Runnable task, Duration d) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + d.toNanos();
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < s.threads(); t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  while (System.nanoTime() < end) {
                    task.run();
                    done.incrementAndGet();
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    if (!failures.isEmpty()) {
      errors.add("embedded: " + failures.peek());
    }
    return done.get();
  }

  private void line(String l) {
    out.accept(l);
  }
}
