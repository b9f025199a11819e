package dev.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.OutboxStore;
import dev.gatehouse.core.store.OutboxStore.NewOutboxMessage;
import dev.gatehouse.core.store.OutboxStore.OutboxMessage;
import dev.gatehouse.core.store.PasskeyStore.PasskeyRecord;
import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.core.store.SocialAccountStore.SocialAccountRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of the feature stores every {@link AuthStore} must have, as tests: the outbox
 * (claimed once, settled only by its claim, retried later, reclaimed after its lease, a legacy
 * write-back after the earlier ones of its account), the audit trail, second factors (an
 * authenticator app confirmed once and its step only moving forward, a recovery code used once,
 * remembered devices), passkeys (one per credential id, the signature counter moved by
 * compare-and-set), social identities (one per provider's subject and per owner and provider) and
 * nested transactions (an inner one joins the outer, a new one commits on its own).
 *
 * <p>{@link AuthStoreContract} implements it, so a store that extends that class passes these tests
 * too; every test makes its own users and keys. The session rows' tests are {@link
 * SessionStoresContract}'s.
 */
public interface FeatureStoresContract {
  /** The time the tests' rows are written at. */
  Instant AT = Instant.parse("2026-03-02T10:00:00Z");

  /**
   * @return the store under test; it may be the same instance for every test
   */
  AuthStore store();

  private <T> T tx(Function<StoreTransaction, T> work) {
    return store().inTransaction(work);
  }

  /** Runs {@code work}, a conditional change or check, in a transaction; answers its answer. */
  private boolean ok(Function<StoreTransaction, Boolean> work) {
    return store().inTransaction(work);
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private UUID newUser() {
    String email = unique("features-") + "@example.com";
    return tx(tx -> tx.users().create(UserRecord.newAccount(AT).email(email, email).build()))
        .publicId();
  }

  private long enqueue(String channel, String destination) {
    return enqueue(channel, destination, AT, OutboxStore.Priority.BACKGROUND);
  }

  private long enqueue(
      String channel, String destination, Instant due, OutboxStore.Priority priority) {
    return tx(
        tx ->
            tx.outbox()
                .enqueue(
                    new NewOutboxMessage(
                        channel,
                        "contract",
                        destination,
                        "logged text",
                        new byte[] {1, 2, 3},
                        null,
                        null,
                        3,
                        due,
                        priority)));
  }

  /**
   * Of ten concurrent claims of a due message exactly one wins; only its claim settles it; a retry
   * hides it until its next attempt, and a settled message is gone from the due ones and deleted by
   * the cleanup.
   *
   * @throws Exception when a claim fails or the burst does not finish
   */
  @Test
  default void anOutboxMessageIsClaimedOnceAndSettledOnlyByItsClaim() throws Exception {
    long id = enqueue("email", unique("m***@"));
    assertTrue(tx(tx -> tx.outbox().due(AT, 10_000, OutboxStore.Priority.BACKGROUND)).contains(id));
    AtomicInteger claims = new AtomicInteger();
    int won =
        Bursts.countTrue(
            10,
            () -> {
              String claim = "claim-" + claims.incrementAndGet();
              return tx(tx -> tx.outbox().claim(id, claim, AT, AT.plusSeconds(60))).isPresent();
            });
    assertEquals(1, won);
    assertFalse(ok(tx -> tx.outbox().markSent(id, "not-the-claim", AT)));
    Instant later = AT.plusSeconds(120);
    String retry = "retry-claim";
    Optional<OutboxMessage> reclaimed = tx(tx -> tx.outbox().claim(id, retry, later, later));
    assertTrue(reclaimed.isPresent(), "a claim whose lease ran out is claimed again");
    assertEquals(2, reclaimed.get().attempts());
    assertEquals(3, reclaimed.get().sealedPayload()[2]);
    assertTrue(ok(tx -> tx.outbox().retryLater(id, retry, later.plusSeconds(60), "busy")));
    assertFalse(
        tx(tx -> tx.outbox().due(later.plusSeconds(59), 10_000, OutboxStore.Priority.BACKGROUND))
            .contains(id));
    assertTrue(
        tx(tx -> tx.outbox().due(later.plusSeconds(60), 10_000, OutboxStore.Priority.BACKGROUND))
            .contains(id));
    Instant last = later.plusSeconds(60);
    assertTrue(tx(tx -> tx.outbox().claim(id, "last", last, last.plusSeconds(60))).isPresent());
    assertTrue(ok(tx -> tx.outbox().markSent(id, "last", last)));
    assertFalse(ok(tx -> tx.outbox().markFailed(id, "last", last, "late")));
    assertFalse(
        tx(tx -> tx.outbox().due(last.plusSeconds(3600), 10_000, OutboxStore.Priority.BACKGROUND))
            .contains(id));
    assertTrue(tx(tx -> tx.outbox().claim(id, "again", last.plusSeconds(3600), last)).isEmpty());
    assertTrue(tx(tx -> tx.outbox().deleteSettledBefore(last.plusSeconds(1), 10_000)) >= 1);
  }

  /**
   * Interactive messages come before every other due one, however much older those are, and can be
   * asked for alone; within a priority the earliest due comes first.
   */
  @Test
  default void interactiveMessagesAreDueBeforeEveryOtherAndCanBeAskedForAlone() {
    Instant now = AT.plusSeconds(30);
    long oldNotice = enqueue("email", unique("n***@"), AT, OutboxStore.Priority.BACKGROUND);
    long laterCode =
        enqueue("sms", unique("+44***"), AT.plusSeconds(20), OutboxStore.Priority.INTERACTIVE);
    long earlierCode =
        enqueue("email", unique("c***@"), AT.plusSeconds(10), OutboxStore.Priority.INTERACTIVE);
    long notYet =
        enqueue("email", unique("f***@"), AT.plusSeconds(60), OutboxStore.Priority.INTERACTIVE);
    List<Long> all =
        tx(tx -> tx.outbox().due(now, 10_000, OutboxStore.Priority.BACKGROUND)).stream()
            .filter(id -> id == oldNotice || id == laterCode || id == earlierCode || id == notYet)
            .toList();
    assertEquals(List.of(earlierCode, laterCode, oldNotice), all);
    List<Long> interactive =
        tx(tx -> tx.outbox().due(now, 10_000, OutboxStore.Priority.INTERACTIVE));
    assertTrue(interactive.containsAll(List.of(earlierCode, laterCode)));
    assertFalse(interactive.contains(oldNotice));
    assertFalse(interactive.contains(notYet));
    // Every interactive message due comes before every other one, in the first keys a worker reads.
    List<Long> firstFew =
        tx(tx -> tx.outbox().due(now, interactive.size(), OutboxStore.Priority.BACKGROUND));
    assertEquals(interactive, firstFew);
    for (long id : List.of(oldNotice, laterCode, earlierCode)) {
      assertTrue(tx(tx -> tx.outbox().claim(id, "c-" + id, now, now.plusSeconds(60))).isPresent());
      assertTrue(ok(tx -> tx.outbox().markSent(id, "c-" + id, now)));
    }
    Instant due = AT.plusSeconds(60);
    assertTrue(tx(tx -> tx.outbox().claim(notYet, "c", due, due.plusSeconds(60))).isPresent());
    assertTrue(ok(tx -> tx.outbox().markSent(notYet, "c", due)));
  }

  /**
   * An entry of a module's channel (the legacy write-back's, or any name but the core's) waits
   * until the earlier ones of its channel and key are settled; the core's messages are not ordered.
   */
  @Test
  default void aModuleChannelsEntryWaitsForTheEarlierOnesOfItsKey() {
    for (String channel : List.of("legacy", "journal")) {
      String account = unique("legacy-account-");
      long first = enqueue(channel, account);
      long second = enqueue(channel, account);
      long other = enqueue(channel, unique("legacy-other-"));
      long elsewhere = enqueue("notes", account);
      List<Long> due = tx(tx -> tx.outbox().due(AT, 10_000, OutboxStore.Priority.BACKGROUND));
      assertTrue(due.contains(first));
      assertFalse(due.contains(second));
      assertTrue(due.contains(other));
      assertTrue(due.contains(elsewhere));
      assertTrue(tx(tx -> tx.outbox().claim(first, "c", AT, AT.plusSeconds(60))).isPresent());
      assertTrue(ok(tx -> tx.outbox().markFailed(first, "c", AT, "gone for good")));
      assertTrue(
          tx(tx -> tx.outbox().due(AT, 10_000, OutboxStore.Priority.BACKGROUND)).contains(second));
    }
    String address = unique("someone-");
    long mail = enqueue("email", address);
    long next = enqueue("email", address);
    List<Long> due = tx(tx -> tx.outbox().due(AT, 10_000, OutboxStore.Priority.BACKGROUND));
    assertTrue(due.contains(mail));
    assertTrue(due.contains(next));
  }

  /** An account's audit entries come back newest first, its own only, and age out in batches. */
  @Test
  default void auditEntriesComeBackNewestFirstAndAgeOut() {
    UUID subject = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    tx(
        tx -> {
          for (int i = 0; i < 3; i++) {
            tx.audit()
                .append(
                    new AuditEntry(
                        AT.plusSeconds(i),
                        "Event" + i,
                        subject,
                        "user",
                        "pwd",
                        null,
                        null,
                        null,
                        null,
                        null));
          }
          tx.audit()
              .append(
                  new AuditEntry(AT, "Other", other, "user", null, null, null, null, null, null));
          return null;
        });
    List<AuditEntry> newest = tx(tx -> tx.audit().forSubject(subject, 2));
    assertEquals(List.of("Event2", "Event1"), newest.stream().map(AuditEntry::event).toList());
    assertEquals(1, tx(tx -> tx.audit().forSubject(other, 10)).size());
    assertTrue(tx(tx -> tx.audit().deleteBefore(AT.plusSeconds(1), 10_000)) >= 2);
    assertEquals(
        List.of("Event2", "Event1"),
        tx(tx -> tx.audit().forSubject(subject, 10)).stream().map(AuditEntry::event).toList());
  }

  /**
   * Counting the audit trail takes the range half-open and the events asked for, by event and
   * method, and refuses a range that ends before it starts.
   */
  @Test
  default void auditEntriesAreCountedByEventAndMethodOverAHalfOpenRange() {
    // A day of its own, far from every other test's rows: the counts are exact.
    Instant day =
        Instant.parse("2031-01-01T00:00:00Z")
            .plus(Duration.ofDays(new java.util.Random().nextInt(3000)));
    UUID subject = UUID.randomUUID();
    String[][] rows = {
      {"LoggedIn", "pwd"},
      {"LoggedIn", "pwd"},
      {"LoggedIn", "otp"},
      {"LoginFailed", "pwd"},
      {"Locked", null},
      {"Registered", null}
    };
    tx(
        tx -> {
          for (int i = 0; i < rows.length; i++) {
            tx.audit().append(entry(day.plusSeconds(i), rows[i][0], subject, rows[i][1]));
          }
          // Either side of the range: the instant it ends at, and the instant before it starts.
          tx.audit().append(entry(day.plus(Duration.ofDays(1)), "LoggedIn", subject, "pwd"));
          tx.audit().append(entry(day.minusNanos(1000), "LoggedIn", subject, "pwd"));
          return null;
        });
    java.util.Set<String> events = java.util.Set.of("LoggedIn", "LoginFailed", "Locked");
    java.util.Map<String, Long> counted = new java.util.TreeMap<>();
    for (var c : tx(tx -> tx.audit().count(day, day.plus(Duration.ofDays(1)), events))) {
      counted.put(c.event() + "/" + c.method(), c.count());
    }
    assertEquals(
        java.util.Map.of(
            "LoggedIn/pwd", 2L, "LoggedIn/otp", 1L, "LoginFailed/pwd", 1L, "Locked/null", 1L),
        counted);
    assertThrows(
        IllegalArgumentException.class, () -> tx(tx -> tx.audit().count(day, day, events)));
  }

  private static AuditEntry entry(Instant at, String event, UUID subject, String method) {
    return new AuditEntry(at, event, subject, "user", method, null, null, null, null, null);
  }

  /**
   * An authenticator app is confirmed once, with the secret that was saved; a confirmed one is not
   * replaced; its step only moves forward, once per step under a race.
   *
   * @throws Exception when an update fails or the burst does not finish
   */
  @Test
  default void anAuthenticatorAppIsConfirmedOnceAndItsStepOnlyMovesForward() throws Exception {
    UUID user = newUser();
    assertTrue(ok(tx -> tx.secondFactors().savePendingTotp(user, "v1:sk:first", AT)));
    assertTrue(ok(tx -> tx.secondFactors().savePendingTotp(user, "v1:sk:second", AT)));
    TotpFactor pending = tx(tx -> tx.secondFactors().totp(user)).orElseThrow();
    assertEquals("v1:sk:second", pending.sealedSecret());
    assertFalse(ok(tx -> tx.secondFactors().confirmTotp(user, "v1:sk:first", 100, AT)));
    assertFalse(ok(tx -> tx.secondFactors().advanceTotpStep(user, 101)), "not confirmed yet");
    assertTrue(ok(tx -> tx.secondFactors().confirmTotp(user, "v1:sk:second", 100, AT)));
    assertFalse(ok(tx -> tx.secondFactors().savePendingTotp(user, "v1:sk:third", AT)));
    assertNotNull(tx(tx -> tx.secondFactors().totp(user)).orElseThrow().confirmedAt());
    assertFalse(ok(tx -> tx.secondFactors().advanceTotpStep(user, 100)));
    assertEquals(
        1, Bursts.countTrue(10, () -> tx(tx -> tx.secondFactors().advanceTotpStep(user, 101))));
    assertEquals(101L, tx(tx -> tx.secondFactors().totp(user)).orElseThrow().lastStep());
    assertTrue(ok(tx -> tx.secondFactors().deleteTotp(user)));
    assertTrue(tx(tx -> tx.secondFactors().totp(user)).isEmpty());
  }

  /**
   * Of ten concurrent uses of one recovery code exactly one succeeds; a new set ends the old one.
   *
   * @throws Exception when a use fails or the burst does not finish
   */
  @Test
  default void aRecoveryCodeIsUsedOnceAndANewSetEndsTheOld() throws Exception {
    UUID user = newUser();
    List<String> first = List.of(unique("rc-a-"), unique("rc-b-"), unique("rc-c-"));
    tx(
        tx -> {
          tx.secondFactors().replaceRecoveryCodes(user, first, AT);
          return null;
        });
    assertEquals(3, (int) tx(tx -> tx.secondFactors().unusedRecoveryCodes(user)));
    assertEquals(
        1,
        Bursts.countTrue(
            10, () -> tx(tx -> tx.secondFactors().useRecoveryCode(user, first.get(0), AT))));
    UUID stranger = newUser();
    assertFalse(ok(tx -> tx.secondFactors().useRecoveryCode(stranger, first.get(1), AT)));
    assertEquals(2, (int) tx(tx -> tx.secondFactors().unusedRecoveryCodes(user)));
    String renewed = unique("rc-d-");
    tx(
        tx -> {
          tx.secondFactors().replaceRecoveryCodes(user, List.of(renewed), AT);
          return null;
        });
    assertFalse(ok(tx -> tx.secondFactors().useRecoveryCode(user, first.get(1), AT)));
    assertTrue(ok(tx -> tx.secondFactors().useRecoveryCode(user, renewed, AT)));
    assertEquals(0, (int) tx(tx -> tx.secondFactors().unusedRecoveryCodes(user)));
  }

  /**
   * A remembered device is found by its token's hash and listed while live; a revoked one is not
   * listed; the second-factor policy's start is set once.
   */
  @Test
  default void rememberedDevicesAreListedWhileLiveAndThePolicyStartIsSetOnce() {
    UUID user = newUser();
    String hash = unique("rd-");
    tx(
        tx -> {
          tx.secondFactors().rememberDevice(user, hash, "Browser/1.0", AT.plusSeconds(3600), AT);
          return null;
        });
    long id = tx(tx -> tx.secondFactors().rememberedDevice(hash)).orElseThrow().id();
    assertEquals(1, tx(tx -> tx.secondFactors().rememberedDevices(user, AT)).size());
    assertTrue(
        tx(tx -> tx.secondFactors().rememberedDevices(user, AT.plusSeconds(3600))).isEmpty());
    tx(
        tx -> {
          tx.secondFactors().rememberedDeviceUsed(id, AT.plusSeconds(5));
          return null;
        });
    assertEquals(
        AT.plusSeconds(5),
        tx(tx -> tx.secondFactors().rememberedDevice(hash)).orElseThrow().lastUsedAt());
    UUID stranger = newUser();
    assertEquals(0, (int) tx(tx -> tx.secondFactors().revokeRememberedDevices(stranger, id, AT)));
    assertEquals(1, (int) tx(tx -> tx.secondFactors().revokeRememberedDevices(user, null, AT)));
    assertTrue(tx(tx -> tx.secondFactors().rememberedDevices(user, AT)).isEmpty());
    assertEquals(AT, tx(tx -> tx.secondFactors().secondFactorPolicySince(user, AT)));
    assertEquals(
        AT, tx(tx -> tx.secondFactors().secondFactorPolicySince(user, AT.plusSeconds(60))));
  }

  private PasskeyRecord passkey(UUID owner, String credentialId) {
    return new PasskeyRecord(
        null,
        owner,
        credentialId,
        "pQECAyYgASFYIA",
        0,
        "aGFuZGxl",
        "internal",
        "Laptop",
        null,
        "none",
        true,
        false,
        true,
        AT,
        null);
  }

  /**
   * A credential id belongs to one passkey; of ten concurrent uses that expect one counter value
   * exactly one moves it; renaming and deleting are scoped to the owner.
   *
   * @throws Exception when a use fails or the burst does not finish
   */
  @Test
  default void aPasskeysCounterMovesByCompareAndSetAndItsOwnerAloneChangesIt() throws Exception {
    UUID owner = newUser();
    String credential = unique("cred-");
    long id = tx(tx -> tx.passkeys().create(passkey(owner, credential))).id();
    UUID stranger = newUser();
    assertThrows(
        DuplicateKeyException.class,
        () -> tx(tx -> tx.passkeys().create(passkey(stranger, credential))));
    assertEquals(
        1,
        Bursts.countTrue(
            10, () -> tx(tx -> tx.passkeys().recordUse(id, 0, 1, true, AT.plusSeconds(1)))));
    PasskeyRecord used = tx(tx -> tx.passkeys().find(credential)).orElseThrow();
    assertEquals(1, used.signCount());
    assertTrue(used.backedUp());
    assertEquals(AT.plusSeconds(1), used.lastUsedAt());
    assertFalse(ok(tx -> tx.passkeys().rename(stranger, id, "Mine now")));
    assertFalse(ok(tx -> tx.passkeys().delete(stranger, id)));
    assertTrue(ok(tx -> tx.passkeys().rename(owner, id, "Work laptop")));
    assertEquals("Work laptop", tx(tx -> tx.passkeys().listFor(owner)).get(0).name());
    assertTrue(ok(tx -> tx.passkeys().delete(owner, id)));
    assertTrue(tx(tx -> tx.passkeys().find(credential)).isEmpty());
  }

  private SocialAccountRecord identity(UUID owner, String provider, String subject) {
    return new SocialAccountRecord(
        null,
        owner,
        provider,
        subject,
        "ann@example.com",
        true,
        "Ann",
        null,
        "v1:sk:access",
        "v1:sk:refresh",
        AT,
        null);
  }

  /**
   * A provider's subject links one account, and an account one identity per provider; an update
   * keeps the sealed tokens it does not replace; unlinking is scoped to the owner.
   */
  @Test
  default void aSocialIdentityLinksOneAccountAndAnAccountOneIdentityPerProvider() {
    UUID owner = newUser();
    String subject = unique("sub-");
    UUID stranger = newUser();
    SocialAccountRecord linked =
        tx(tx -> tx.socialAccounts().create(identity(owner, "gh", subject)));
    assertThrows(
        DuplicateKeyException.class,
        () -> tx(tx -> tx.socialAccounts().create(identity(stranger, "gh", subject))));
    assertThrows(
        DuplicateKeyException.class,
        () -> tx(tx -> tx.socialAccounts().create(identity(owner, "gh", unique("sub-")))));
    assertTrue(
        ok(
            tx ->
                tx.socialAccounts()
                    .update(
                        new SocialAccountRecord(
                            linked.id(),
                            owner,
                            "gh",
                            subject,
                            "new@example.com",
                            false,
                            null,
                            null,
                            null,
                            null,
                            AT,
                            AT.plusSeconds(9)))));
    SocialAccountRecord read = tx(tx -> tx.socialAccounts().find("gh", subject)).orElseThrow();
    assertEquals("new@example.com", read.email());
    assertEquals("Ann", read.displayName());
    assertEquals("v1:sk:access", read.accessTokenSealed());
    assertEquals("v1:sk:refresh", read.refreshTokenSealed());
    assertEquals(AT.plusSeconds(9), read.lastUsedAt());
    assertFalse(ok(tx -> tx.socialAccounts().delete(stranger, "gh")));
    assertTrue(ok(tx -> tx.socialAccounts().delete(owner, "gh")));
    assertTrue(tx(tx -> tx.socialAccounts().listFor(owner)).isEmpty());
  }

  /**
   * A transaction opened inside another joins it (its writes go with the outer one's rollback, its
   * after-commit actions wait for the outer commit); a new transaction inside one commits on its
   * own.
   */
  @Test
  default void anInnerTransactionJoinsTheOuterOneAndANewOneCommitsOnItsOwn() {
    String email = unique("joined-") + "@example.com";
    String counted = unique("new-tx:");
    AtomicInteger ran = new AtomicInteger();
    assertThrows(
        IllegalStateException.class,
        () ->
            store()
                .inTransaction(
                    outer -> {
                      assertTrue(store().joinsOpenTransaction());
                      store()
                          .inTransaction(
                              inner -> {
                                inner
                                    .users()
                                    .create(UserRecord.newAccount(AT).email(email, email).build());
                                inner.afterCommit(ran::incrementAndGet);
                                return null;
                              });
                      assertTrue(outer.users().findByEmail(email).isPresent());
                      assertEquals(0, ran.get(), "an inner after-commit action ran early");
                      store()
                          .inNewTransaction(
                              own -> own.counters().increment(counted, AT, Duration.ofMinutes(5)));
                      throw new IllegalStateException("the host rolls back");
                    }));
    assertTrue(tx(tx -> tx.users().findByEmail(email)).isEmpty());
    assertEquals(0, ran.get());
    assertEquals(1, tx(tx -> tx.counters().find(counted)).orElseThrow().count());
  }
}
