package dev.gatehouse.legacy;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.inAFailingHostTransaction;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.tokenIn;
import static dev.gatehouse.core.flows.account.AccountTests.userId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ProfileService;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange.Kind;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Writing account changes back to the legacy store during the transition window: each change of a
 * committed flow reaches it once, in order per account, after the commit; a rolled-back change
 * never does; a legacy store that is away delays the changes without failing a flow; a conflict is
 * not retried. The legacy store here is a list of the changes it applied. The journal reaches the
 * flows only through the core's {@code AccountChangeListener} and the outbox only through a module
 * channel, as any module would.
 */
class WriteBackTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** A legacy store that keeps what it applied, and can be down or answer conflicts. */
  static final class LegacyStore implements LegacyWriteBack {
    final List<LegacyChange> applied = new CopyOnWriteArrayList<>();
    final List<LegacyChange> conflicts = new CopyOnWriteArrayList<>();
    volatile @Nullable Function<LegacyChange, Result> answer;

    @Override
    public String name() {
      return "memory";
    }

    @Override
    public String hashPassword(String rawPassword) {
      return "legacy$" + Integer.toHexString(rawPassword.hashCode());
    }

    @Override
    public Result apply(LegacyChange change) {
      Function<LegacyChange, Result> a = answer;
      Result result = a == null ? Result.applied() : a.apply(change);
      (result.isConflict() ? conflicts : applied).add(change);
      return result;
    }

    List<Kind> kindsOf(UUID account) {
      return applied.stream()
          .filter(c -> c.accountId().equals(account))
          .map(c -> c.kind())
          .toList();
    }
  }

  private static GatehouseFixture gatehouse(StoreKind kind, LegacyStore legacy) {
    return new GatehouseFixture(
        FIXTURES.get(kind),
        b ->
            b.set(
                LegacySettings.LEGACY_WRITE_BACK_UNTIL,
                java.time.Instant.parse("2026-03-01T10:00:00Z").plus(Duration.ofDays(30))),
        g -> g.install(new LegacyCutOver().writeBack(legacy)));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void everyCommittedChangeReachesTheLegacyStoreOnceAndInOrder(StoreKind kind) {
    LegacyStore legacy = new LegacyStore();
    GatehouseFixture g = gatehouse(kind, legacy);
    String email = email();
    register(g, email);
    UUID id = userId(g, email);
    g.gatehouse.accounts().confirmEmail(tokenIn(g, email));
    g.gatehouse.accounts().changePassword(id, PASSWORD, "a-new-secret-5512");
    g.gatehouse.deliverPending();

    assertThat(legacy.kindsOf(id))
        .containsExactly(Kind.CREATED, Kind.VERIFIED, Kind.PASSWORD_CHANGED);
    List<LegacyChange> changes =
        legacy.applied.stream().filter(c -> c.accountId().equals(id)).toList();
    assertThat(changes.get(0).before()).isNull();
    assertThat(changes.get(0).after().email()).isEqualTo(email);
    assertThat(changes.get(1).after().emailVerified()).isTrue();
    assertThat(changes.get(2).passwordHash()).isEqualTo(legacy.hashPassword("a-new-secret-5512"));
    assertThat(changes.stream().mapToLong(LegacyChange::sequence)).isSorted();
    // Nothing is applied twice, however often the dispatcher runs.
    g.gatehouse.deliverPending();
    assertThat(legacy.kindsOf(id)).hasSize(3);
    // What may be logged of a change names neither the address nor the hash.
    assertThat(changes).allSatisfy(c -> assertThat(c.toString()).doesNotContain(email, "legacy$"));

    // A change of the default profile's person and settings (issue 76) reaches it as one, through
    // the journal as written (a line feed, a backslash and the journal's separator included); a
    // change of its label alone, which no legacy table keeps, does not.
    ProfileService profiles = g.gatehouse.profiles();
    long profileId =
        profiles.list(id).stream()
            .filter(ProfileService.ProfileView::defaultProfile)
            .findFirst()
            .map(ProfileService.ProfileView::id)
            .orElseGet(
                () -> profiles.create(id, new ProfileInput(null, null, null, null, false)).id());
    Person before =
        profiles.list(id).stream()
            .filter(p -> p.id() == profileId)
            .findFirst()
            .orElseThrow()
            .person();
    Person person =
        new Person("Zoë\\n", "O'Hara\u001fX", null, LocalDate.parse("1988-02-29"), "F", null);
    String settings = "{\"note\": \"two\\nlines \\\\\",\n \"n\": 1}";
    profiles.update(id, profileId, new ProfileInput(null, null, settings, null, false, person));
    profiles.update(id, profileId, new ProfileInput(null, "work", null, null, false));
    g.gatehouse.deliverPending();
    assertThat(legacy.kindsOf(id)).endsWith(Kind.PROFILE_CHANGED).hasSize(4);
    LegacyChange profile = legacy.applied.get(legacy.applied.size() - 1);
    assertThat(profile.profileAfter().person()).isEqualTo(person);
    assertThat(profile.profileAfter().settingsJson()).isEqualTo(settings);
    assertThat(profile.profileBefore().person()).isEqualTo(before);
    assertThat(profile.before()).isEqualTo(profile.after());
    assertThat(profile.toString()).doesNotContain("Zo", "Hara");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aChangeTheHostRollsBackNeverReachesTheLegacyStore(StoreKind kind) {
    LegacyStore legacy = new LegacyStore();
    GatehouseFixture g = gatehouse(kind, legacy);
    String email = email();

    inAFailingHostTransaction(g, () -> register(g, email));
    g.gatehouse.deliverPending();

    assertThat(legacy.applied)
        .noneMatch(c -> c.kind() == Kind.CREATED && email.equals(c.after().email()));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLegacyStoreThatIsAwayDelaysTheChangesAndFailsNoFlow(StoreKind kind) {
    LegacyStore legacy = new LegacyStore();
    legacy.answer =
        c -> {
          throw new IllegalStateException("legacy database down");
        };
    GatehouseFixture g = gatehouse(kind, legacy);
    String email = email();
    register(g, email);
    UUID id = userId(g, email);
    g.gatehouse.accounts().confirmEmail(tokenIn(g, email));
    g.gatehouse.deliverPending();
    assertThat(legacy.kindsOf(id)).isEmpty();

    // Back: after the back-off, the journal drains in order.
    legacy.answer = null;
    for (int i = 0; i < 4 && legacy.kindsOf(id).size() < 2; i++) {
      g.clock.advance(Duration.ofMinutes(10));
      g.gatehouse.deliverPending();
    }
    assertThat(legacy.kindsOf(id)).containsExactly(Kind.CREATED, Kind.VERIFIED);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aConflictIsReportedOnceAndNotRetried(StoreKind kind) {
    LegacyStore legacy = new LegacyStore();
    GatehouseFixture g = gatehouse(kind, legacy);
    String email = email();
    register(g, email);
    UUID id = userId(g, email);
    g.gatehouse.deliverPending();
    legacy.answer = c -> LegacyWriteBack.Result.conflict("email differs");

    g.gatehouse.accounts().confirmEmail(tokenIn(g, email));
    g.gatehouse.deliverPending();
    g.clock.advance(Duration.ofHours(1));
    g.gatehouse.deliverPending();

    assertThat(legacy.conflicts).filteredOn(c -> c.accountId().equals(id)).hasSize(1);
    assertThat(legacy.kindsOf(id)).containsExactly(Kind.CREATED);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void afterTheWindowNothingIsWrittenBack(StoreKind kind) {
    LegacyStore legacy = new LegacyStore();
    GatehouseFixture g = gatehouse(kind, legacy);
    g.clock.advance(Duration.ofDays(31));
    String email = email();
    register(g, email);
    g.gatehouse.deliverPending();

    assertThat(legacy.kindsOf(userId(g, email))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anEmailAndAPhoneChangeConfirmedByTheirCodesAreWrittenBack(StoreKind kind) {
    LegacyStore legacy = new LegacyStore();
    GatehouseFixture g = gatehouse(kind, legacy);
    String email = email();
    register(g, email);
    UUID id = userId(g, email);
    g.gatehouse.accounts().confirmEmail(tokenIn(g, email));
    VerifiedAccessToken caller =
        g.gatehouse
            .sessions()
            .verifyAccessToken(
                g.gatehouse
                    .accounts()
                    .login(LoginRequest.of(email, PASSWORD))
                    .orElseThrow()
                    .tokens()
                    .accessToken());
    String next = email();
    g.gatehouse.accounts().requestEmailChange(caller, Reauthentication.recentSignIn(), next, null);
    g.gatehouse.deliverPending();
    // Asked for, not confirmed: nothing changed, nothing is written back.
    assertThat(legacy.kindsOf(id)).containsExactly(Kind.CREATED, Kind.VERIFIED);
    g.gatehouse
        .accounts()
        .confirmEmailChange(
            caller, next, sixDigits(g.email.lastTo(next).orElseThrow().textBody()), null);
    String phone = "+14155550142";
    g.gatehouse.accounts().requestPhoneChange(caller, Reauthentication.recentSignIn(), phone, null);
    g.gatehouse.deliverPending();
    g.gatehouse
        .accounts()
        .confirmPhoneChange(
            caller, phone, sixDigits(g.sms.lastTo(phone).orElseThrow().body()), null);
    g.gatehouse.deliverPending();

    assertThat(legacy.kindsOf(id))
        .containsExactly(Kind.CREATED, Kind.VERIFIED, Kind.EMAIL_CHANGED, Kind.PHONE_CHANGED);
    List<LegacyChange> changes =
        legacy.applied.stream().filter(c -> c.accountId().equals(id)).toList();
    assertThat(changes.get(2).after().email()).isEqualTo(next);
    assertThat(changes.get(3).after().phone()).isEqualTo(phone);
  }

  /** What a test keeps of the context the module was built with. */
  record Context(dev.gatehouse.core.session.SignInContext context) {}

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anEntryJournaledByTheCoreBeforeTheMoveIsStillApplied(StoreKind kind) {
    LegacyStore legacy = new LegacyStore();
    java.time.Instant until =
        java.time.Instant.parse("2026-03-01T10:00:00Z").plus(Duration.ofDays(30));
    GatehouseFixture g =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b -> b.set(LegacySettings.LEGACY_WRITE_BACK_UNTIL, until),
            b ->
                b.install(new LegacyCutOver().writeBack(legacy))
                    .feature(Context.class, Context::new));
    UUID id = UUID.randomUUID();
    long joined = 1_767_225_600_000L;
    // The fields exactly as auth-core's journal sealed them (channel legacy, purpose and key as
    // below): account, time, kind, the values before and after (unit-separated, NUL for none)
    // with the hash held before, no HTML body, the new legacy hash.
    String before =
        String.join(
            "\u001f",
            "ada",
            "ada@example.test",
            "\u0000",
            "true",
            "false",
            "false",
            "false",
            "false",
            Long.toString(joined));
    String after = before.replace("true\u001ffalse", "true\u001ftrue");
    java.util.List<@Nullable String> fields =
        java.util.Arrays.asList(
            id.toString(),
            Long.toString(joined + 1000),
            "VERIFIED",
            before + "\n" + after + "\n" + "pbkdf2_sha256$old",
            null,
            null);
    g.db.store.inTransaction(
        tx ->
            g.gatehouse
                .feature(Context.class)
                .context()
                .capability(dev.gatehouse.core.session.ModuleMail.class)
                .enqueue(
                    tx,
                    "legacy",
                    new dev.gatehouse.core.signin.OutboxChannel.Entry(
                        0, "verified", "account " + id, "VERIFIED", fields),
                    20,
                    g.clock.instant()));
    g.gatehouse.deliverPending();

    assertThat(legacy.applied).filteredOn(c -> c.accountId().equals(id)).hasSize(1);
    LegacyChange c =
        legacy.applied.stream().filter(x -> x.accountId().equals(id)).findFirst().orElseThrow();
    assertThat(c.kind()).isEqualTo(Kind.VERIFIED);
    assertThat(c.before().email()).isEqualTo("ada@example.test");
    assertThat(c.before().phone()).isNull();
    assertThat(c.before().emailVerified()).isFalse();
    assertThat(c.after().emailVerified()).isTrue();
    assertThat(c.after().dateJoined()).isEqualTo(java.time.Instant.ofEpochMilli(joined));
    assertThat(c.previousPasswordHash()).isEqualTo("pbkdf2_sha256$old");
    assertThat(c.passwordHash()).isNull();
    assertThat(c.at()).isEqualTo(java.time.Instant.ofEpochMilli(joined + 1000));
  }

  private static String sixDigits(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?<!\\d)\\d{6}(?!\\d)").matcher(text);
    assertThat(m.find()).as("a code in %s", text).isTrue();
    return m.group();
  }
}
