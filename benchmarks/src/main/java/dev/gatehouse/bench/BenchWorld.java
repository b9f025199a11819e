package dev.gatehouse.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway migrated database with one or more application instances on it, each a whole {@link
 * Gatehouse} with its own connection pool and Hibernate factory (as separate processes behind a
 * load balancer would have), a real clock and an email sender that keeps the last message per
 * address so a benchmark can read the code it was sent. Not thread-safe to build; the instances
 * are.
 */
final class BenchWorld implements AutoCloseable {
  static final String PASSWORD = "correct horse battery staple";
  private static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");

  final TestDatabase db;
  final EntityClasses entities = DefaultEntities.classes();
  final List<Instance> instances = new ArrayList<>();
  private final UnaryOperator<GatehouseConfig.Builder> tweak;
  private final UnaryOperator<Gatehouse.Builder> wiring;
  // A measurement's own email sender and delivery executor; null: the inbox, after each commit.
  private final EmailSender emailSender;
  private final Executor deliveryExecutor;
  // One inbox for the world: with several instances, any instance's dispatcher may send a message.
  private final Inbox inbox = new Inbox();

  /** One application instance. */
  static final class Instance {
    final HikariDataSource pool;
    final EntityManagerFactory emf;
    final JpaAuthStore store;
    final Gatehouse gatehouse;
    final Inbox lastEmail;

    Instance(
        HikariDataSource pool,
        EntityManagerFactory emf,
        JpaAuthStore store,
        Gatehouse gatehouse,
        Inbox lastEmail) {
      this.pool = pool;
      this.emf = emf;
      this.store = store;
      this.gatehouse = gatehouse;
      this.lastEmail = lastEmail;
    }

    /** The code in the newest email to {@code address}, waiting for it to be delivered. */
    String code(String address) {
      Matcher m = CODE.matcher(lastEmail.await(address));
      if (!m.find()) {
        throw new IllegalStateException("no code in the email");
      }
      return m.group();
    }
  }

  private BenchWorld(
      TestDatabase db,
      UnaryOperator<GatehouseConfig.Builder> tweak,
      UnaryOperator<Gatehouse.Builder> wiring,
      EmailSender emailSender,
      Executor deliveryExecutor) {
    this.db = db;
    this.tweak = tweak;
    this.wiring = wiring;
    this.emailSender = emailSender;
    this.deliveryExecutor = deliveryExecutor;
  }

  /** A migrated database of {@code kind} with {@code instances} application instances on it. */
  static BenchWorld create(
      DatabaseKind kind, int instances, UnaryOperator<GatehouseConfig.Builder> tweak) {
    return create(kind, instances, tweak, b -> b);
  }

  /**
   * As {@link #create(DatabaseKind, int, UnaryOperator)}, each instance sending email through
   * {@code email} on {@code executor} (the builder takes each once).
   */
  static BenchWorld createWithDelivery(
      DatabaseKind kind,
      int instances,
      UnaryOperator<GatehouseConfig.Builder> tweak,
      EmailSender email,
      Executor executor) {
    return start(
        new BenchWorld(TestDatabase.create(kind), tweak, b -> b, email, executor), instances);
  }

  /** As {@link #create(DatabaseKind, int, UnaryOperator)}, with extra wiring of each instance. */
  static BenchWorld create(
      DatabaseKind kind,
      int instances,
      UnaryOperator<GatehouseConfig.Builder> tweak,
      UnaryOperator<Gatehouse.Builder> wiring) {
    return start(new BenchWorld(TestDatabase.create(kind), tweak, wiring, null, null), instances);
  }

  /** Migrates the world's database and starts its instances. */
  private static BenchWorld start(BenchWorld w, int instances) {
    try {
      GatehouseMigrations.migrate(
          w.db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, w.entities);
      BenchCohorts.migrate(w.db.dataSource(), w.entities);
      for (int i = 0; i < instances; i++) {
        w.addInstance();
      }
      return w;
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
  }

  /** Starts one more application instance on the same database. */
  Instance addInstance() {
    HikariDataSource pool = db.newPool(10);
    EntityManagerFactory emf = GatehouseJpa.bootstrap(pool, entities, List.of());
    JpaAuthStore store = new JpaAuthStore(emf, entities);
    Inbox mail = inbox;
    GatehouseConfig.Builder b =
        GatehouseConfig.builder()
            .clock(Clock.systemUTC())
            .set(GatehouseConfig.SECRET_KEY, "bench-secret-key-0123456789abcdef-0123456789")
            .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.test"))
            .set(ThrottleSettings.SMS_MAX_PER_PREFIX, 1_000_000)
            .set(ThrottleSettings.OTP_MAX_PER_IP, 100_000);
    EmailSender sender =
        new EmailSender() {
          @Override
          public String providerName() {
            return "bench";
          }

          @Override
          public EmailReceipt send(EmailMessage message) {
            mail.put(message.to(), message.textBody());
            return new EmailReceipt("bench", UUID.randomUUID().toString());
          }
        };
    Gatehouse g =
        wiring
            .apply(
                Gatehouse.builder(tweak.apply(b).build(), store)
                    .smsSender(new CapturingSmsSender())
                    .emailSender(emailSender != null ? emailSender : sender)
                    // Delivery right after commit on the measuring thread: the OTP rows then count
                    // the whole request + delivery work, as they did before the outbox, and the
                    // code is there when the login step reads it.
                    .deliveryExecutor(deliveryExecutor != null ? deliveryExecutor : Runnable::run))
            .build();
    Instance i = new Instance(pool, emf, store, g, mail);
    instances.add(i);
    return i;
  }

  /**
   * Creates {@code count} active, verified users with {@code passwordHash} and a default profile,
   * in transactions of 500; answers their emails.
   */
  /**
   * Users handed out one at a time and created in batches as they run out, so a phase that draws
   * users for as long as it runs never depends on how fast the machine is.
   */
  final class UserSupply {
    private final String passwordHash;
    private final int batch;
    private final ArrayDeque<String> ready = new ArrayDeque<>();

    UserSupply(String passwordHash, int initial, int batch) {
      this.passwordHash = passwordHash;
      this.batch = batch;
      ready.addAll(createUsers(initial, passwordHash));
    }

    /** {@return a user nobody took before; creates another batch when none is left} */
    synchronized String take() {
      if (ready.isEmpty()) {
        ready.addAll(createUsers(batch, passwordHash));
      }
      return ready.poll();
    }
  }

  /**
   * @param passwordHash the users' stored hash
   * @param initial how many to create before the phase starts
   * @return a supply that creates more (500 at a time) when the initial ones run out
   */
  UserSupply userSupply(String passwordHash, int initial) {
    return new UserSupply(passwordHash, initial, 500);
  }

  List<String> createUsers(int count, String passwordHash) {
    return createUsers(count, passwordHash, true);
  }

  /** As {@link #createUsers(int, String)}, confirmed or not. */
  List<String> createUsers(int count, String passwordHash, boolean confirmed) {
    Instance in = instances.get(0);
    List<String> emails = new ArrayList<>(count);
    String prefix = UUID.randomUUID().toString().substring(0, 8);
    for (int from = 0; from < count; from += 500) {
      int start = from;
      int end = Math.min(count, from + 500);
      Instant now = Instant.now();
      AccountFactory accounts = AccountFactory.of(in.gatehouse.config());
      in.store.inTransaction(
          tx -> {
            for (int n = start; n < end; n++) {
              String email = "b" + prefix + "-" + n + "@example.test";
              // Not flushed per user: the batch is written at commit.
              BenchAccounts.insert(accounts, tx, email, passwordHash, confirmed, false, now);
            }
            return null;
          });
      for (int n = start; n < end; n++) {
        emails.add("b" + prefix + "-" + n + "@example.test");
      }
    }
    return emails;
  }

  /** Starts a session for the user with {@code email}, as a login would. */
  TokenPair startSession(Instance in, String email) {
    return in.store.inTransaction(
        tx ->
            in.gatehouse
                .sessions()
                .start(
                    tx,
                    tx.users().findByEmail(email).orElseThrow().publicId(),
                    List.of("pwd"),
                    ClientInfo.web("198.51.100.7")));
  }

  @Override
  public void close() {
    for (Instance i : instances) {
      i.gatehouse.close();
      i.emf.close();
      i.pool.close();
    }
    db.close();
  }

  /**
   * The last email per address, across instances. A reader waits (bounded) for a message that a
   * dispatcher on another thread is still sending.
   */
  static final class Inbox {
    private static final long WAIT_MS = 30_000;
    private final Map<String, String> last = new java.util.HashMap<>();

    synchronized void put(String to, String body) {
      last.put(to, body);
      notifyAll();
    }

    synchronized String await(String to) {
      long deadline = System.currentTimeMillis() + WAIT_MS;
      try {
        while (!last.containsKey(to)) {
          long left = deadline - System.currentTimeMillis();
          if (left <= 0) {
            throw new IllegalStateException("no email arrived for a benchmark user");
          }
          wait(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return last.get(to);
    }
  }
}
