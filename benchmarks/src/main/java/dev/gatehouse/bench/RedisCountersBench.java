package dev.gatehouse.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.redis.RedisCounters;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import redis.clients.jedis.RedisClient;

/**
 * What auth-redis saves the database (issue 62 item 5): the same logins, in the same run, on one
 * PostgreSQL database with the counters in its {@code gh_counter} table, then in Redis. Counts the
 * JDBC statements executed and the transaction ends (commit or rollback) through a counting
 * DataSource, the Redis commands through Redis's own counter, and the mean wall time per login (the
 * password hash included, at the test fixtures' cheap Argon2id parameters). Rounds alternate the
 * two set-ups so that neither always runs warm.
 */
final class RedisCountersBench {
  private final boolean full;
  private final Report report;
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong transactionEnds = new AtomicLong();

  RedisCountersBench(boolean full, Report report) {
    this.full = full;
    this.report = report;
  }

  void run() throws Exception {
    String redisUrl = System.getenv("GATEHOUSE_TEST_REDIS_URL");
    if (redisUrl == null || !TestDatabase.enabledKinds().contains(DatabaseKind.POSTGRESQL)) {
      report.note("redis counters: skipped (needs GATEHOUSE_TEST_REDIS_URL and PostgreSQL)");
      return;
    }
    int users = full ? 2000 : 400;
    EntityClasses entities = DefaultEntities.classes();
    String prefix = "gatehouse-bench:" + UUID.randomUUID() + ":";
    try (TestDatabase db = TestDatabase.create(DatabaseKind.POSTGRESQL);
        RedisClient redis = RedisClient.create(URI.create(redisUrl));
        RedisCounters counters =
            RedisCounters.builder(URI.create(redisUrl)).keyPrefix(prefix).build()) {
      GatehouseMigrations.migrate(db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, entities);
      HikariDataSource pool = db.newPool(4);
      JpaAuthStore jpa =
          new JpaAuthStore(GatehouseJpa.bootstrap(counting(pool), entities, List.of()), entities);
      Gatehouse onDatabase = gatehouse(jpa);
      Gatehouse onRedis = gatehouse(counters.store(jpa));
      String hash = onDatabase.passwordHashing().hash(BenchWorld.PASSWORD);
      List<String> emails = createUsers(onDatabase, jpa, users, hash);
      // [set-up][right, wrong]: statements, transaction ends, Redis commands, nanoseconds, logins
      long[][][] sum = new long[2][2][5];
      Gatehouse[] setups = {onDatabase, onRedis};
      int rounds = 4;
      for (int round = 0; round < rounds; round++) {
        for (int s = 0; s < 2; s++) {
          int setup = (round % 2 == 0) ? s : 1 - s;
          for (int wrong = 0; wrong < 2; wrong++) {
            long[] m = measure(setups[setup], redis, emails, wrong == 1, round > 0);
            for (int i = 0; i < m.length; i++) {
              sum[setup][wrong][i] += m[i];
            }
          }
        }
      }
      StringBuilder t = new StringBuilder();
      t.append(
              "| login (PostgreSQL) | counters in | statements | commits and rollbacks | Redis scripts")
          .append(" | ms per login | logins |\n|---|---|---|---|---|---|---|\n");
      for (int wrong = 0; wrong < 2; wrong++) {
        for (int setup = 0; setup < 2; setup++) {
          long[] m = sum[setup][wrong];
          double n = m[4];
          t.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %.2f | %.2f | %.2f | %.3f | %d |%n",
                  wrong == 1 ? "wrong password" : "right password",
                  setup == 0 ? "PostgreSQL (gh_counter)" : "Redis",
                  m[0] / n,
                  m[1] / n,
                  m[2] / n,
                  m[3] / n / 1e6,
                  m[4]));
        }
      }
      report.section("### Counters in PostgreSQL or in Redis (auth-redis)\n\n" + t);
      System.out.println(t);
      onDatabase.close();
      onRedis.close();
      pool.close();
    }
  }

  /**
   * One pass over every user: {statements, ends, Redis commands, ns, logins}; none when warm-up.
   */
  private long[] measure(
      Gatehouse g, RedisClient redis, List<String> emails, boolean wrong, boolean counted) {
    long s0 = statements.get();
    long e0 = transactionEnds.get();
    long r0 = scriptCalls(redis);
    long t0 = System.nanoTime();
    int i = 0;
    for (String email : emails) {
      ClientInfo client = ClientInfo.web("10.1." + (i / 250) + "." + (i % 250));
      i++;
      try {
        g.accounts()
            .login(
                new LoginRequest(email, wrong ? "not-the-password" : BenchWorld.PASSWORD, client));
      } catch (AuthException e) {
        if (!wrong || !e.code().equals("invalid_credentials")) {
          throw e;
        }
      }
    }
    long ns = System.nanoTime() - t0;
    long r = scriptCalls(redis) - r0;
    if (!counted) {
      return new long[5];
    }
    return new long[] {statements.get() - s0, transactionEnds.get() - e0, r, ns, emails.size()};
  }

  /**
   * The scripts Redis ran (every call auth-redis makes on the login path is one): the commands a
   * script runs inside count in Redis's total too, so the total is no round-trip count.
   */
  private static long scriptCalls(RedisClient redis) {
    for (String line : redis.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_evalsha:calls=")) {
        return Long.parseLong(line.substring("cmdstat_evalsha:calls=".length(), line.indexOf(',')));
      }
    }
    return 0;
  }

  private static Gatehouse gatehouse(AuthStore store) {
    GatehouseConfig config =
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "bench-secret-key-0123456789abcdef-0123456789")
            .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.test"))
            .set(PasswordSettings.ARGON2_MEMORY_KIB, 7168)
            .set(PasswordSettings.ARGON2_ITERATIONS, 1)
            .build();
    return Gatehouse.builder(config, store).build();
  }

  private static List<String> createUsers(Gatehouse g, AuthStore store, int count, String hash) {
    List<String> emails = new ArrayList<>(count);
    AccountFactory accounts = AccountFactory.of(g.config());
    Instant now = Instant.now();
    String run = UUID.randomUUID().toString().substring(0, 6);
    store.inTransaction(
        tx -> {
          for (int n = 0; n < count; n++) {
            String email = "r" + run + "-" + n + "@example.test";
            BenchAccounts.insert(accounts, tx, email, hash, true, false, now);
            emails.add(email);
          }
          return null;
        });
    return emails;
  }

  /** The pool, with every statement executed and every commit or rollback counted. */
  private DataSource counting(DataSource pool) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (p, m, a) -> {
              Object r = invoke(pool, m, a);
              return r instanceof Connection c ? connection(c) : r;
            });
  }

  private Connection connection(Connection c) {
    // pgjdbc sends a commit or rollback only when the transaction ran a statement: count those.
    java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (p, m, a) -> {
              if ((m.getName().equals("commit") || m.getName().equals("rollback"))
                  && ran.getAndSet(false)) {
                transactionEnds.incrementAndGet();
              }
              Object r = invoke(c, m, a);
              if (r instanceof Statement s && !m.getName().equals("unwrap")) {
                return statement(s, m.getReturnType(), ran);
              }
              return r;
            });
  }

  private Object statement(
      Statement s, Class<?> type, java.util.concurrent.atomic.AtomicBoolean ran) {
    return Proxy.newProxyInstance(
        getClass().getClassLoader(),
        new Class<?>[] {type},
        (p, m, a) -> {
          if (m.getName().startsWith("execute")) {
            statements.incrementAndGet();
            ran.set(true);
          }
          return invoke(s, m, a);
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] a)
      throws Throwable {
    try {
      return m.invoke(target, a);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
