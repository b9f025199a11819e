package dev.gatehouse.core.session.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.internal.EventBus;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The pipeline keeps every refusal it sees (issue 54, item 5): a check that refuses without naming
 * its account has the account its identifier names ({@link CredentialCheck#named}) as the entry's
 * subject, the way the emailed link's code names the address's account; a check that throws is kept
 * too, though its transaction rolled back.
 */
class SignInPipelineRefusalTest {
  private static final String ADDRESS = "named@example.test";

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  private final InMemoryAuthStore store = new InMemoryAuthStore();
  private final List<AuthEvent> heard = new CopyOnWriteArrayList<>();
  private final GatehouseConfig config =
      GatehouseConfig.builder()
          .clock(clock)
          .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
          .build();
  private final SignInPipeline pipeline =
      new SignInPipeline(
          config,
          clock,
          store,
          new SecurityEvents(
              new EventBus(List.of(heard::add), store::afterCommit), store, config, clock),
          new NoSessions());

  /** A refusal starts no session: the pipeline never gets this far in these tests. */
  private static final class NoSessions implements SessionStarter {
    @Override
    public TokenPair start(
        StoreTransaction tx, UUID userPublicId, List<String> amr, ClientInfo client) {
      throw new IllegalStateException("a refused sign-in started a session");
    }

    @Override
    public SignInResult.SignedIn signedIn(
        StoreTransaction tx, UserRecord user, List<String> amr, ClientInfo client) {
      throw new IllegalStateException("a refused sign-in started a session");
    }

    @Override
    public int revokeAll(StoreTransaction tx, UUID userPublicId, String reason) {
      throw new IllegalStateException("a refused sign-in revoked sessions");
    }
  }

  /** A code typed for an address: wrong, and it reads no account itself. */
  private static final class WrongCodeForAddress implements CredentialCheck {
    private final boolean throwing;

    WrongCodeForAddress(boolean throwing) {
      this.throwing = throwing;
    }

    @Override
    public String method() {
      return "magic_link";
    }

    @Override
    public Proof check(StoreTransaction tx, Instant now) {
      RejectedInputException wrong =
          new RejectedInputException(ErrorCode.INVALID_CODE, "the code is wrong or expired");
      if (throwing) {
        throw wrong;
      }
      return new Refused(wrong, null);
    }

    @Override
    public AuthException inactiveAccount(UserRecord user) {
      return new RejectedInputException(ErrorCode.INVALID_CODE, "the code is wrong or expired");
    }

    @Override
    public Optional<UserRecord> named(StoreTransaction tx) {
      return tx.users().findByEmail(ADDRESS);
    }
  }

  private UUID account() {
    return store
        .inTransaction(
            tx ->
                tx.users()
                    .create(UserRecord.newAccount(clock.instant()).email(ADDRESS, ADDRESS).build()))
        .publicId();
  }

  @Test
  void aRefusalThatNamesNoAccountIsKeptUnderTheAccountItsIdentifierNames() {
    UUID id = account();

    assertThatThrownBy(() -> pipeline.run(new WrongCodeForAddress(false), ClientInfo.web()))
        .isInstanceOf(RejectedInputException.class);

    List<AuditEntry> trail = store.inTransaction(tx -> tx.audit().forSubject(id, 10));
    assertThat(trail)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.event()).isEqualTo("LoginFailed");
              assertThat(e.reason()).isEqualTo("invalid_code");
              assertThat(e.method()).isEqualTo("magic_link");
            });
    assertThat(heard)
        .singleElement()
        .isInstanceOfSatisfying(
            AuthEvent.LoginFailed.class, f -> assertThat(f.userId()).isEqualTo(id));
  }

  @Test
  void aCheckThatThrowsIsKeptThoughItsTransactionRolledBack() {
    assertThatThrownBy(() -> pipeline.run(new WrongCodeForAddress(true), ClientInfo.web()))
        .isInstanceOf(RejectedInputException.class);

    assertThat(heard)
        .singleElement()
        .isInstanceOfSatisfying(
            AuthEvent.LoginFailed.class,
            f -> {
              assertThat(f.reason()).isEqualTo("invalid_code");
              assertThat(f.userId()).isNull();
            });
  }
}
