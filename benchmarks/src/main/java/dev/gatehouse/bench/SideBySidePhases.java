package dev.gatehouse.bench;

import dev.gatehouse.bench.ServerSide.Pair;
import dev.gatehouse.bench.ServerSide.Server;
import dev.gatehouse.bench.SideBySide.Op;
import dev.gatehouse.bench.SideBySide.Phase;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs one phase of load on a started server for the side by sides ({@link SideBySide}, {@link
 * ProviderSideBySide}): {@code sbs.threads} client threads repeat one operation for a while, and
 * the phase's operations, failures, wall time and the CPU of the server (and of its JIT compilers),
 * of PostgreSQL's backends for the side's database and of this JVM are measured around it. Also
 * starts and stops a flight recording of a measured phase when {@code sbs.jfr} asks for one.
 */
final class SideBySidePhases {
  private final SideBySideSettings s;
  private final SideBySidePostgres pg;
  private final List<String> errors;
  private final long clockTicks;

  SideBySidePhases(
      SideBySideSettings s, SideBySidePostgres pg, List<String> errors, long clockTicks) {
    this.s = s;
    this.pg = pg;
    this.errors = errors;
    this.clockTicks = clockTicks;
  }

  /**
   * Starts or stops a flight recording of the server for one measured phase (sbs.jfr=true), through
   * the server JDK's jcmd; the recording is written beside the logs. Off by default: the figures
   * without it are the ones to compare.
   */
  void jfr(Server server, String what, ServerSide side, int launch, String phase)
      throws IOException, InterruptedException {
    if (!s.jfr()) {
      return;
    }
    String name = side.name().toLowerCase(Locale.ROOT) + "-launch" + launch + "-" + phase;
    List<String> cmd = new ArrayList<>();
    cmd.add(s.serverJava().resolveSibling("jcmd").toString());
    cmd.add(Long.toString(server.pid));
    if (what.equals("start")) {
      cmd.add("JFR.start");
      cmd.add("name=" + name);
      cmd.add("settings=profile");
    } else {
      cmd.add("JFR.stop");
      cmd.add("name=" + name);
      cmd.add("filename=" + s.logDir().toAbsolutePath().resolve(name + ".jfr"));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      errors.add("jcmd " + cmd + " failed");
    }
  }

  Phase run(ServerSide side, Server server, Op op, Duration d, Function<Integer, Pair> seed)
      throws Exception {
    int n = s.threads();
    Pair[][] state = new Pair[n][1];
    if (seed != null) {
      for (int c = 0; c < n; c++) {
        state[c][0] = seed.apply(c);
      }
    }
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch finished = new CountDownLatch(n);
    Map<Integer, Long> pg0 = pg.cpuTicks(side.database());
    long srv0 = ProcessMeters.cpuTicks(server.pid);
    Map<Long, Long> jit0 = ProcessMeters.jitTicks(server.pid);
    long cli0 = ProcessMeters.processCpuNanos();
    long start = System.nanoTime();
    long end = start + d.toNanos();
    for (int t = 0; t < n; t++) {
      int c = t;
      Thread th =
          new Thread(
              () -> {
                try {
                  while (System.nanoTime() < end) {
                    try {
                      op.run(c, state[c]);
                      done.incrementAndGet();
                    } catch (Exception e) {
                      failed.incrementAndGet();
                      if (failures.size() < 3) {
                        failures.add(side.name() + ": " + e.getMessage());
                      }
                      if (seed != null) {
                        state[c][0] = seed.apply(c); // a fresh chain after a failed rotation
                      }
                    }
                  }
                } catch (RuntimeException e) {
                  failed.incrementAndGet();
                  failures.add(side.name() + ": " + e);
                } finally {
                  finished.countDown();
                }
              },
              "sbs-" + t);
      th.start();
    }
    finished.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    long cli = ProcessMeters.processCpuNanos() - cli0;
    long srv = ProcessMeters.cpuTicks(server.pid) - srv0;
    long jit = ProcessMeters.ticksSince(jit0, ProcessMeters.jitTicks(server.pid));
    double pgMs = pg.cpuMs(pg0, pg.cpuTicks(side.database()));
    if (failed.get() > 0) {
      errors.add(failed.get() + " failed requests, e.g. " + failures);
    }
    return new Phase(
        done.get(),
        failed.get(),
        seconds,
        srv * 1000.0 / clockTicks,
        jit * 1000.0 / clockTicks,
        pgMs,
        cli / 1e6);
  }
}
