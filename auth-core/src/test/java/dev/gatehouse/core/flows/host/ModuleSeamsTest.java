package dev.gatehouse.core.flows.host;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.inAFailingHostTransaction;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static dev.gatehouse.core.flows.account.AccountTests.tokenIn;
import static dev.gatehouse.core.flows.account.AccountTests.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleMail;
import dev.gatehouse.core.session.SessionsEnded;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.signin.AccountChange.Kind;
import dev.gatehouse.core.signin.AccountChangeListener;
import dev.gatehouse.core.signin.ModuleHook;
import dev.gatehouse.core.signin.OutboxChannel;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The seams a module hangs on the core's flows and outbox: an {@link AccountChangeListener} hears
 * each change in the change's own transaction (so a rolled-back change is never heard) and never
 * the password as typed; an {@link OutboxChannel} gets its entries back sealed at rest, after the
 * commit, retried while it fails and never taken from the core's own channels. Both are used here
 * as a module outside the core would use them, through {@link SignInContext}.
 */
class ModuleSeamsTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final String CHANNEL = "journal";

  @AfterAll
  static void dropStores() {
    FIXTURES.close();
  }

  /** A listener that keeps what it heard once the change's transaction committed. */
  static final class Listener implements AccountChangeListener {
    final List<AccountChange> heard = new CopyOnWriteArrayList<>();
    final AtomicInteger hashed = new AtomicInteger();
    final AtomicInteger called = new AtomicInteger();
    volatile boolean listening = true;

    @Override
    public boolean listening(Instant now) {
      return listening;
    }

    @Override
    public String hashPassword(String rawPassword) {
      hashed.incrementAndGet();
      return "listener$" + Integer.toHexString(rawPassword.hashCode());
    }

    @Override
    public void changed(StoreTransaction tx, AccountChange change) {
      called.incrementAndGet();
      tx.afterCommit(() -> heard.add(change));
    }

    List<Kind> kindsOf(UUID account) {
      return heard.stream()
          .filter(c -> c.after().publicId().equals(account))
          .map(AccountChange::kind)
          .toList();
    }
  }

  /** A module's channel: keeps what it was handed, fails while told to. */
  static final class Channel implements OutboxChannel {
    final String channel;
    final List<Entry> delivered = new CopyOnWriteArrayList<>();
    volatile @Nullable Function<Entry, Optional<String>> answer;

    Channel() {
      this(CHANNEL);
    }

    Channel(String channel) {
      this.channel = channel;
    }

    @Override
    public String channel() {
      return channel;
    }

    @Override
    public String name() {
      return "memory";
    }

    @Override
    public Optional<String> deliver(Entry entry) {
      Function<Entry, Optional<String>> a = answer;
      Optional<String> result = a == null ? Optional.empty() : a.apply(entry);
      if (result.isEmpty()) {
        delivered.add(entry);
      }
      return result;
    }
  }

  /** Hears every end of sessions once its transaction committed, and what the store said in it. */
  static final class Ends implements SessionsEnded {
    /** One end, with how many of the account's sessions the store still had live in it. */
    record Heard(UUID account, @Nullable String sessionId, String reason, int liveInTx) {}

    final List<Heard> heard = new CopyOnWriteArrayList<>();
    final AtomicInteger called = new AtomicInteger();

    @Override
    public void ended(
        StoreTransaction tx, UUID account, @Nullable String sessionId, String reason, Instant now) {
      called.incrementAndGet();
      // Told after the store recorded the end, in its transaction: the ended ones are not live.
      int live = tx.sessions().liveSessionsOf(account, now).size();
      tx.afterCommit(() -> heard.add(new Heard(account, sessionId, reason, live)));
    }
  }

  /** What the module keeps of its context. */
  record Module(SignInContext context) {}

  private static GatehouseFixture gatehouse(StoreKind kind, Listener listener, Channel channel) {
    return gatehouse(kind, listener, channel, null);
  }

  private static GatehouseFixture gatehouse(
      StoreKind kind, Listener listener, Channel channel, @Nullable Ends ends) {
    return new GatehouseFixture(
        FIXTURES.get(kind),
        b -> b,
        b ->
            b.feature(
                Module.class,
                context -> {
                  context.hook(listener);
                  context.hook(channel);
                  if (ends != null) {
                    context.hook(ends);
                  }
                  return new Module(context);
                }));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void everyEndOfSessionsIsHeardInItsTransactionAndOneTheHostRollsBackIsNot(StoreKind kind) {
    Ends ends = new Ends();
    GatehouseFixture g = gatehouse(kind, new Listener(), new Channel(), ends);
    String email = email();
    UUID user = confirmed(g, email);
    ClientInfo web = ClientInfo.web();

    String first = signedIn(g, email, web).sessionId();
    assertThat(g.gatehouse.sessions().logout(user, first)).isTrue();
    String second = signedIn(g, email, web).sessionId();
    g.gatehouse.sessions().revokeSession(user, second);
    String kept = signedIn(g, email, web).sessionId();
    signedIn(g, email, web);
    assertThat(g.gatehouse.sessions().revokeOthers(user, kept)).isEqualTo(1);
    // One the host rolls back is told in its transaction and never stands.
    int told = ends.called.get();
    inAFailingHostTransaction(g, () -> g.gatehouse.sessions().logoutAll(user));
    assertThat(ends.called).hasValue(told + 1);
    g.gatehouse.accounts().changePassword(user, PASSWORD, "a-new-secret-7731");
    // An end of nothing is not told.
    assertThat(g.gatehouse.sessions().logoutAll(user)).isZero();

    assertThat(ends.heard)
        .containsExactly(
            new Ends.Heard(user, first, "logout", 0),
            new Ends.Heard(user, second, "revoked", 0),
            new Ends.Heard(user, null, "revoked", 1),
            new Ends.Heard(user, null, "password_changed", 0));
    assertThat(ends.called).hasValue(told + 2);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aListenerHearsEachCommittedChangeWithItsOwnHashNeverThePassword(StoreKind kind) {
    Listener listener = new Listener();
    GatehouseFixture g = gatehouse(kind, listener, new Channel());
    String email = email();
    register(g, email);
    UUID id = userId(g, email);
    g.gatehouse.accounts().confirmEmail(tokenIn(g, email));
    String next = "a-new-secret-7731";
    g.gatehouse.accounts().changePassword(id, PASSWORD, next);

    assertThat(listener.kindsOf(id))
        .containsExactly(Kind.CREATED, Kind.VERIFIED, Kind.PASSWORD_CHANGED);
    AccountChange created = listener.heard.get(0);
    assertThat(created.before()).isNull();
    assertThat(created.passwordHash()).isEqualTo(listener.hashPassword(PASSWORD));
    AccountChange verified = listener.heard.get(1);
    assertThat(verified.before().emailVerified()).isFalse();
    assertThat(verified.after().emailVerified()).isTrue();
    AccountChange changed = listener.heard.get(2);
    assertThat(changed.passwordHash()).isEqualTo(listener.hashPassword(next));
    assertThat(changed.before().passwordHash()).isNotEqualTo(changed.after().passwordHash());
    // The password as typed reaches no change, and what may be logged names no address or hash.
    for (AccountChange c : listener.heard) {
      assertThat(Arrays.asList(c.passwordHash(), c.after().passwordHash()))
          .doesNotContain(PASSWORD, next);
      assertThat(c.toString()).doesNotContain(email, "listener$", PASSWORD);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aChangeTheHostRollsBackIsNeverHeard(StoreKind kind) {
    Listener listener = new Listener();
    GatehouseFixture g = gatehouse(kind, listener, new Channel());
    String email = email();

    inAFailingHostTransaction(g, () -> register(g, email));

    // Told in the transaction, which then rolled back: nothing stands.
    assertThat(listener.called).hasValue(1);
    assertThat(listener.heard).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aListenerThatDoesNotListenIsNeitherAskedToHashNorTold(StoreKind kind) {
    Listener listener = new Listener();
    listener.listening = false;
    GatehouseFixture g = gatehouse(kind, listener, new Channel());
    String email = email();
    register(g, email);
    UUID id = userId(g, email);
    g.gatehouse.accounts().confirmEmail(tokenIn(g, email));
    g.gatehouse.accounts().changePassword(id, PASSWORD, "a-new-secret-7731");

    assertThat(listener.hashed).hasValue(0);
    assertThat(listener.called).hasValue(0);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aChannelGetsItsEntryBackAfterTheCommitRetriedWhileItFails(StoreKind kind) {
    Channel channel = new Channel();
    GatehouseFixture g = gatehouse(kind, new Listener(), channel);
    SignInContext context = g.gatehouse.feature(Module.class).context();
    String key = "key " + UUID.randomUUID();
    List<@Nullable String> fields = Arrays.asList("a", null, "c\nwith a line", "", null, "secret");
    channel.answer =
        e -> {
          throw new IllegalStateException("destination down");
        };

    long id =
        g.db.store.inTransaction(
            tx ->
                context
                    .capability(ModuleMail.class)
                    .enqueue(
                        tx,
                        CHANNEL,
                        new OutboxChannel.Entry(0, "change", key, "logged", fields),
                        5,
                        g.clock.instant()));
    g.gatehouse.deliverPending();
    assertThat(channel.delivered).isEmpty();
    assertThat(g.gatehouse.status().outboxPending()).isPositive();

    channel.answer = null;
    g.clock.advance(Duration.ofMinutes(5));
    g.gatehouse.deliverPending();
    g.gatehouse.deliverPending();

    assertThat(channel.delivered).hasSize(1);
    OutboxChannel.Entry entry = channel.delivered.get(0);
    assertThat(entry.id()).isEqualTo(id);
    assertThat(entry.purpose()).isEqualTo("change");
    assertThat(entry.key()).isEqualTo(key);
    assertThat(entry.fields()).isEqualTo(fields);
    assertThat(entry.toString()).doesNotContain("secret");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anEntryTheHostRollsBackIsNeverDeliveredAndAReasonFailsItForGood(StoreKind kind) {
    Channel channel = new Channel();
    GatehouseFixture g = gatehouse(kind, new Listener(), channel);
    SignInContext context = g.gatehouse.feature(Module.class).context();
    String rolledBack = "key " + UUID.randomUUID();
    inAFailingHostTransaction(
        g,
        () ->
            g.db.store.inTransaction(
                tx ->
                    context
                        .capability(ModuleMail.class)
                        .enqueue(
                            tx,
                            CHANNEL,
                            new OutboxChannel.Entry(0, "change", rolledBack, null, List.of("x")),
                            5,
                            g.clock.instant())));
    List<String> tried = new ArrayList<>();
    channel.answer =
        e -> {
          tried.add(e.key());
          return Optional.of("conflict: the row changed meanwhile");
        };
    String refused = "key " + UUID.randomUUID();
    g.db.store.inTransaction(
        tx ->
            context
                .capability(ModuleMail.class)
                .enqueue(
                    tx,
                    CHANNEL,
                    new OutboxChannel.Entry(0, "change", refused, null, List.of("y")),
                    5,
                    g.clock.instant()));
    g.gatehouse.deliverPending();
    g.clock.advance(Duration.ofHours(1));
    g.gatehouse.deliverPending();

    assertThat(tried).containsExactly(refused);
    assertThat(channel.delivered).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aModuleTakesNoneOfTheCoresChannelsAndRegistersEachSeamOnce(StoreKind kind) {
    Channel channel = new Channel();
    GatehouseFixture g = gatehouse(kind, new Listener(), channel);
    SignInContext context = g.gatehouse.feature(Module.class).context();

    for (String core : List.of("email", "sms", "request")) {
      assertThatThrownBy(() -> context.hook(new Channel(core)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  g.db.store.inTransaction(
                      tx ->
                          context
                              .capability(ModuleMail.class)
                              .enqueue(
                                  tx,
                                  core,
                                  new OutboxChannel.Entry(0, "p", "k", null, List.of()),
                                  1,
                                  g.clock.instant())))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> context.hook(channel)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> context.hook(new Listener()))
        .isInstanceOf(IllegalStateException.class);
    // A hook of no kind the pipeline knows, and a type that is no capability, are refused by name.
    assertThatThrownBy(() -> context.hook(new ModuleHook() {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no kind of hook");
    assertThatThrownBy(() -> context.capability(GatehouseFixture.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a capability");
    assertThatThrownBy(
            () ->
                new OutboxChannel.Entry(
                    0, "p", "k", null, List.of("1", "2", "3", "4", "5", "6", "7")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
