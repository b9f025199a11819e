package dev.gatehouse.core.flows.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.DeliverySettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.OutboxStore;
import dev.gatehouse.delivery.TemplateNames;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.sms.SmsSender.SmsDeliveryException;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.DeliveryGate;
import dev.gatehouse.testing.InMemoryAuthStore.OutboxEntry;
import dev.gatehouse.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Delivery through the outbox: after commit, off the request thread, once, and never lost. Two
 * instances on one database: auth-jpa's {@code DeliveryInstancesTest}.
 */
public class DeliveryTest {
  private static final Fixtures FIXTURES = new Fixtures();

  /** The password of every account these tests register. */
  public static final String PASSWORD = "correct horse battery staple";

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** How far the drain moves the clock to let a retry come due: well within the delivery lease. */
  private static final Duration RETRY_STEP = Duration.ofSeconds(10);

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** {@return the configuration these tests run with, on {@code clock}} */
  public static GatehouseConfig config(MutableClock clock) {
    return config(clock, b -> b);
  }

  /** {@return the configuration these tests run with, on {@code clock}, with {@code tweak}} */
  private static GatehouseConfig config(
      MutableClock clock, UnaryOperator<GatehouseConfig.Builder> tweak) {
    return tweak
        .apply(GatehouseConfig.builder())
        .clock(clock)
        .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
        .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
        .set(PasswordSettings.ARGON2_MEMORY_KIB, 7168)
        .set(PasswordSettings.ARGON2_ITERATIONS, 1)
        .set(OtpSettings.OTP_SIGNUP_ALLOWED, true)
        .build();
  }

  /**
   * Registers {@code owner} and changes its password on {@code g} (which sends nothing by itself),
   * so the outbox holds the account's {@code password_changed} notice as the flow recorded it; then
   * records {@code copies} more of that very notice, as a busy instance would have queued them.
   *
   * @return the notice as the flow recorded it
   */
  private static OutboxEntry notices(
      StoreFixture db, Gatehouse g, MutableClock clock, String owner, int copies) {
    g.accounts().register(RegistrationRequest.builder().email(owner).password(PASSWORD).build());
    UUID id = g.accounts().findByEmail(owner).orElseThrow().id();
    long before = lastOutboxId(db);
    g.accounts().changePassword(id, PASSWORD, PASSWORD + " again");
    OutboxEntry notice =
        outboxSince(db, before, e -> e.purpose().equals(TemplateNames.PASSWORD_CHANGED)).stream()
            .filter(e -> e.channel().equals("email"))
            .findFirst()
            .orElseThrow();
    db.store.inTransaction(
        tx -> {
          for (int i = 0; i < copies; i++) {
            tx.outbox()
                .enqueue(
                    new OutboxStore.NewOutboxMessage(
                        notice.channel(),
                        notice.purpose(),
                        notice.maskedDestination(),
                        notice.loggedText(),
                        notice.sealedPayload(),
                        null,
                        null,
                        1,
                        clock.instant(),
                        notice.priority()));
          }
          return null;
        });
    return notice;
  }

  /** Drains until nothing is left unsettled (workers may still hold some), within {@link #WAIT}. */
  private static void drainAll(StoreFixture db, Gatehouse g) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    do {
      g.deliverPending();
    } while (unsettled(db) > 0 && System.nanoTime() < deadline);
    assertThat(unsettled(db)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aCodeAskedForBehindAThousandNoticesIsSentBeforeEveryNoticeStillWaiting(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    MutableClock clock = clock();
    CapturingEmailSender email = new CapturingEmailSender();
    String owner = address("noticed-");
    String asking = address("asking-");
    try (Gatehouse g = gatehouse(db.store, clock, email, null, b -> b.dispatchDeliveries(false))) {
      long before = lastOutboxId(db);
      OutboxEntry notice = notices(db, g, clock, owner, 999);
      // The outbox decided: the confirmation link is waited for, the notice is not.
      assertThat(notice.priority()).isEqualTo(OutboxStore.Priority.BACKGROUND);
      assertThat(outboxSince(db, before, e -> e.purpose().equals(TemplateNames.EMAIL_CONFIRMATION)))
          .singleElement()
          .satisfies(e -> assertThat(e.priority()).isEqualTo(OutboxStore.Priority.INTERACTIVE));
      assertThat(outboxSince(db, before, e -> e.purpose().equals(TemplateNames.PASSWORD_CHANGED)))
          .hasSize(1000);

      // A sign-in code is asked for after the thousand notices; one worker then sends everything.
      g.otp().request(OtpRequest.of(asking, OtpChannel.EMAIL, OtpPurpose.LOGIN));
      drainAll(db, g);

      List<EmailSender.EmailMessage> sent = email.sent();
      List<Integer> noticesAt =
          java.util.stream.IntStream.range(0, sent.size())
              .filter(
                  i ->
                      sent.get(i).to().equals(owner)
                          && sent.get(i).subject().equals(notice.loggedText()))
              .boxed()
              .toList();
      assertThat(noticesAt).hasSize(1000);
      int codeAt = sent.indexOf(email.lastTo(asking).orElseThrow());
      // Nothing but the (older, interactive) confirmation link went out before the code.
      assertThat(codeAt).isLessThan(noticesAt.get(0)).isLessThanOrEqualTo(1);
      // The code request and the code it made were interactive too.
      assertThat(
              outboxSince(
                  db,
                  before,
                  e -> e.purpose().equals(TemplateNames.LOGIN) || e.channel().equals("request")))
          .hasSize(2)
          .allSatisfy(e -> assertThat(e.priority()).isEqualTo(OutboxStore.Priority.INTERACTIVE));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aCodeGoesOutWhileEveryWorkerIsHeldByASlowNotice(StoreKind kind) throws Exception {
    StoreFixture db = FIXTURES.get(kind);
    MutableClock clock = clock();
    CapturingEmailSender email = new CapturingEmailSender();
    String owner = address("held-");
    String asking = address("waiting-");
    OutboxEntry notice;
    try (Gatehouse down =
        gatehouse(db.store, clock, email, null, b -> b.dispatchDeliveries(false))) {
      notice = notices(db, down, clock, owner, 19);
    }

    // Every notice to the owner is held at the gate (a provider that takes minutes); the code is
    // counted as it reaches the provider.
    DeliveryGate gate = DeliveryGate.shut();
    EmailSender held = gate.guard(email);
    java.util.concurrent.CountDownLatch codeSent = new java.util.concurrent.CountDownLatch(1);
    EmailSender provider =
        new EmailSender() {
          @Override
          public String providerName() {
            return email.providerName();
          }

          @Override
          public EmailSender.EmailReceipt send(EmailSender.EmailMessage message) {
            if (message.to().equals(owner) && message.subject().equals(notice.loggedText())) {
              return held.send(message);
            }
            EmailSender.EmailReceipt receipt = email.send(message);
            if (message.to().equals(asking)) {
              codeSent.countDown();
            }
            return receipt;
          }
        };
    GatehouseConfig fastPoll =
        config(clock, b -> b.set(DeliverySettings.DELIVERY_POLL_INTERVAL, Duration.ofMillis(100)));
    int workers = fastPoll.get(DeliverySettings.DELIVERY_WORKERS);
    // The defaults: a pool of workers woken at commit and by the poller.
    try (Gatehouse g = Gatehouse.builder(fastPoll, db.store).emailSender(provider).build()) {
      try {
        // The poller wakes every worker of the pool, and each takes a notice and is held.
        assertThat(gate.awaitStarted(workers, WAIT)).isTrue();
        g.otp().request(OtpRequest.of(asking, OtpChannel.EMAIL, OtpPurpose.LOGIN));
        assertThat(codeSent.await(WAIT.toSeconds(), TimeUnit.SECONDS))
            .as("the code reached the provider while every notice was held")
            .isTrue();
        assertThat(gate.started()).isEqualTo(workers);
      } finally {
        gate.open();
      }
      drainAll(db, g);
    }
    assertThat(
            email.sent().stream()
                .filter(m -> m.to().equals(owner) && m.subject().equals(notice.loggedText())))
        .hasSize(20);
  }

  /**
   * A Gatehouse on {@code store} with the given senders ({@code null}: none).
   *
   * @param tweak changes to the builder before it builds
   */
  public static Gatehouse gatehouse(
      AuthStore store,
      MutableClock clock,
      Object email,
      Object sms,
      UnaryOperator<Gatehouse.Builder> tweak) {
    Gatehouse.Builder b = Gatehouse.builder(config(clock), store);
    if (email != null) {
      b.emailSender((dev.gatehouse.email.EmailSender) email);
    }
    if (sms != null) {
      b.smsSender((dev.gatehouse.sms.SmsSender) sms);
    }
    return tweak.apply(b).build();
  }

  /** {@return a clock at the tests' fixed instant} */
  public static MutableClock clock() {
    return MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  }

  /** {@return a fresh address starting with {@code prefix}} */
  public static String address(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  private static String phone(String seed) {
    return String.format("+44740092%04d", Math.floorMod(seed.hashCode(), 10000));
  }

  /** The messages (emails and SMS) recorded after {@code afterId}. */
  private static List<OutboxEntry> outboxSince(StoreFixture db, long afterId) {
    return outboxSince(db, afterId, e -> e.channel().equals("email") || e.channel().equals("sms"));
  }

  /** The outbox entries recorded after {@code afterId} that {@code filter} accepts. */
  private static List<OutboxEntry> outboxSince(
      StoreFixture db, long afterId, Predicate<OutboxEntry> filter) {
    return db.outbox().stream().filter(e -> e.id() > afterId && filter.test(e)).toList();
  }

  private static long lastOutboxId(StoreFixture db) {
    return db.outbox().stream().mapToLong(OutboxEntry::id).max().orElse(0);
  }

  /**
   * Whether every unsettled entry is pending after a failed attempt: none is being sent (claimed)
   * and none waits for its first attempt.
   */
  private static boolean awaitingOnlyARetry(StoreFixture db) {
    List<OutboxEntry> unsettled =
        db.outbox().stream()
            .filter(e -> e.status().equals("PENDING") || e.status().equals("SENDING"))
            .toList();
    return !unsettled.isEmpty()
        && unsettled.stream().allMatch(e -> e.status().equals("PENDING") && e.attempts() > 0);
  }

  private static long unsettled(StoreFixture db) {
    return db.store.inTransaction(tx -> tx.outbox().countUnsettled());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void everyFlowReturnsWhileTheSenderIsBlockedForKnownAndUnknownAddresses(StoreKind kind)
      throws Exception {
    StoreFixture db = FIXTURES.get(kind);
    MutableClock clock = clock();
    CapturingEmailSender email = new CapturingEmailSender();
    CapturingSmsSender sms = new CapturingSmsSender();
    DeliveryGate gate = DeliveryGate.shut();
    // The defaults: a pool of delivery workers woken at commit.
    try (Gatehouse g = gatehouse(db.store, clock, gate.guard(email), gate.guard(sms), b -> b)) {
      String known = address("known-");
      String unknown = address("unknown-");
      String phone = phone(known);
      long before = lastOutboxId(db);
      ExecutorService requests = Executors.newSingleThreadExecutor();
      try {
        // The requests run on a thread of their own; if any of them waited for the provider, it
        // would still be stuck at the shut gate when the time below runs out.
        Future<?> flows =
            requests.submit(
                () -> {
                  g.accounts()
                      .register(
                          RegistrationRequest.builder().email(known).password(PASSWORD).build());
                  g.accounts()
                      .register(
                          RegistrationRequest.builder().email(known).password(PASSWORD).build());
                  g.accounts().resendConfirmation(known);
                  g.accounts().resendConfirmation(unknown);
                  g.accounts().requestPasswordReset(known);
                  g.accounts().requestPasswordReset(unknown);
                  g.otp().request(OtpRequest.of(known, OtpChannel.EMAIL, OtpPurpose.LOGIN));
                  g.otp().request(OtpRequest.of(unknown, OtpChannel.EMAIL, OtpPurpose.LOGIN));
                  g.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
                  return null;
                });
        flows.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // Every call above returned while a delivery worker was stuck at the gate.
        assertThat(gate.awaitStarted(1, WAIT)).isTrue();
        assertThat(email.sent()).isEmpty();
        assertThat(sms.sent()).isEmpty();
      } finally {
        gate.open();
        requests.shutdownNow();
      }
      // The deferred requests (reset, resend, code) still waiting are worked off here; each makes
      // its message, which the workers or this call send. A worker may still be turning a claimed
      // request into its message while a drain runs (the claimed entry is not the drain's to
      // take), so drain until nothing is left unsettled, within the same time limit: counting the
      // messages before that could miss the ones still being made.
      long deadline = System.nanoTime() + WAIT.toNanos();
      do {
        g.deliverPending();
        if (unsettled(db) > 0 && awaitingOnlyARetry(db)) {
          // An attempt failed and waits for its back-off on this test's clock, which stands still:
          // on MariaDB two workers' transactions may deadlock, and the loser is retried as
          // designed. Let the retry come due. No entry is claimed, so no lease can run out; and a
          // step far shorter than the lease cannot expire a claim a worker takes meanwhile.
          clock.advance(RETRY_STEP);
        }
      } while (unsettled(db) > 0 && System.nanoTime() < deadline);
      assertThat(unsettled(db)).isZero();
      int recorded = outboxSince(db, before).size();
      assertThat(recorded).isPositive();
      assertThat(gate.awaitFinished(recorded, WAIT)).isTrue();
      assertThat(sms.lastTo(phone)).isPresent();
      assertThat(email.lastTo(known)).isPresent();
      assertThat(email.sent().size() + sms.sent().size()).isEqualTo(recorded);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theOutboxHoldsNoCodeAndNoAddressInTheClear(StoreKind kind) throws InterruptedException {
    StoreFixture db = FIXTURES.get(kind);
    MutableClock clock = clock();
    CapturingSmsSender sms = new CapturingSmsSender();
    DeliveryGate gate = DeliveryGate.shut();
    String phone = phone(UUID.randomUUID().toString());
    long before = lastOutboxId(db);
    List<OutboxEntry> whileSending;
    try (Gatehouse g = gatehouse(db.store, clock, null, gate.guard(sms), b -> b)) {
      g.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
      // The request's entry was worked off and the SMS is at the provider, held at the gate: its
      // row is being sent, with its sealed payload.
      assertThat(gate.awaitStarted(1, WAIT)).isTrue();
      whileSending = outboxSince(db, before, e -> true);
      gate.open();
      assertThat(gate.awaitFinished(1, WAIT)).isTrue();
    }
    String text = sms.lastTo(phone).orElseThrow().body();
    String code = text.replaceAll("\\D+", " ").trim().split(" ")[0];
    assertThat(code).hasSizeGreaterThanOrEqualTo(4);
    // The deferred request and the message: neither the stored text nor its decoded bytes carry
    // the code or the number.
    assertThat(whileSending).hasSize(2);
    assertThat(whileSending.get(1).status()).isEqualTo("SENDING");
    assertThat(whileSending.get(1).sealedPayload()).isNotNull();
    for (OutboxEntry row : whileSending) {
      byte[] payload = row.sealedPayload() == null ? new byte[0] : row.sealedPayload();
      String encoded = java.util.Base64.getEncoder().encodeToString(payload);
      String decoded = new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(encoded).doesNotContain(code).doesNotContain(phone.substring(3));
      assertThat(decoded).doesNotContain(code).doesNotContain(phone.substring(3));
      assertThat(row.maskedDestination()).doesNotContain(phone.substring(3));
      assertThat(String.valueOf(row.loggedText())).doesNotContain(code);
    }
    // Settled (the instance closed after its workers finished): every payload is gone.
    assertThat(outboxSince(db, before, e -> true))
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo("SENT");
              assertThat(r.sealedPayload()).isNull();
            });
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void messagesWaitWhileNoDispatcherRunsAndGoOutOnceWhenOneStarts(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    MutableClock clock = clock();
    CapturingEmailSender email = new CapturingEmailSender();
    String known = address("restart-");
    try (Gatehouse down =
        gatehouse(db.store, clock, email, null, b -> b.dispatchDeliveries(false))) {
      down.accounts()
          .register(RegistrationRequest.builder().email(known).password(PASSWORD).build());
      down.accounts().requestPasswordReset(known);
    }
    assertThat(email.sent()).isEmpty();
    assertThat(unsettled(db)).isGreaterThanOrEqualTo(2);

    // "Restart": a new instance on the same database picks up what waited.
    try (Gatehouse up =
        gatehouse(db.store, clock, email, null, b -> b.deliveryExecutor(Runnable::run))) {
      up.deliverPending();
      assertThat(email.sent().stream().filter(m -> m.to().equals(known))).hasSize(2);
      assertThat(up.deliverPending()).isZero();
      assertThat(email.sent().stream().filter(m -> m.to().equals(known))).hasSize(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aMessageWhoseDispatcherDiedIsTakenOverOnceItsLeaseRunsOut(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    MutableClock clock = clock();
    CapturingEmailSender email = new CapturingEmailSender();
    String known = address("lease-");
    try (Gatehouse g = gatehouse(db.store, clock, email, null, b -> b.dispatchDeliveries(false))) {
      long before = lastOutboxId(db);
      g.accounts().register(RegistrationRequest.builder().email(known).password(PASSWORD).build());
      assertThat(outboxSince(db, before)).hasSize(1);
      long id = lastOutboxId(db);
      // A dispatcher claims the message and dies before sending it.
      Instant now = clock.instant();
      Optional<OutboxStore.OutboxMessage> claimed =
          db.store.inNewTransaction(
              tx -> tx.outbox().claim(id, "dead-dispatcher", now, now.plusSeconds(300)));
      assertThat(claimed).isPresent();
      g.deliverPending();
      assertThat(email.lastTo(known)).isEmpty();

      // Within the lease nobody else may send it; after it, another dispatcher takes it over.
      clock.advance(Duration.ofSeconds(299));
      g.deliverPending();
      assertThat(email.sent()).isEmpty();
      clock.advance(Duration.ofSeconds(2));
      g.deliverPending();
      assertThat(email.sent()).singleElement().satisfies(m -> assertThat(m.to()).isEqualTo(known));
      // The dead dispatcher's late settle changes nothing.
      assertThat(
              db.store.<Boolean>inNewTransaction(
                  tx -> tx.outbox().markSent(id, "dead-dispatcher", clock.instant())))
          .isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aCodeThatNoProviderAcceptsIsDroppedAndFreesTheCooldown(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    MutableClock clock = clock();
    CapturingSmsSender sms = new CapturingSmsSender();
    try (Gatehouse g =
        gatehouse(db.store, clock, null, sms, b -> b.deliveryExecutor(Runnable::run))) {
      String phone = phone(UUID.randomUUID().toString());
      sms.failWith(new SmsDeliveryException("provider down", true, "30003", null));
      long before = lastOutboxId(db);
      g.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
      assertThat(sms.sent()).isEmpty();
      assertThat(outboxSince(db, before))
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo("FAILED"));

      // No cooldown: the user may ask again at once, and this time it arrives.
      sms.failWith(null);
      g.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
      assertThat(sms.lastTo(phone)).isPresent();
      // The cooldown holds again after a delivered code.
      assertThatThrownBy(
              () -> g.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN)))
          .isInstanceOf(RateLimitedException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLinkEmailThatFailsIsRetriedAfterABackOffAndThenSent(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    MutableClock clock = clock();
    CapturingEmailSender email = new CapturingEmailSender();
    try (Gatehouse g =
        gatehouse(db.store, clock, email, null, b -> b.deliveryExecutor(Runnable::run))) {
      String known = address("retry-");
      email.failWith(new EmailDeliveryException("smtp down", true, null));
      long before = lastOutboxId(db);
      g.accounts().register(RegistrationRequest.builder().email(known).password(PASSWORD).build());
      assertThat(email.sent()).isEmpty();
      assertThat(outboxSince(db, before))
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo("PENDING"));

      // Due again after the back-off; the provider is back.
      email.failWith(null);
      assertThat(g.deliverPending()).isZero();
      clock.advance(Duration.ofMinutes(1));
      g.deliverPending();
      assertThat(email.lastTo(known)).isPresent();
      assertThat(outboxSince(db, before))
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo("SENT"));
    }
  }
}
