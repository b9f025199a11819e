package dev.gatehouse.spring.boot.test;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.password.PasswordPolicy;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Creates users and logs them in for a host's tests, without the registration emails and
 * confirmation links of the real flows. Users are created active and verified, with a real password
 * hash (so the password login works too) and a default profile; logging one in starts a real
 * session, so the access token is accepted wherever Gatehouse tokens are, and revoking it works.
 * Thread-safe.
 *
 * <pre>{@code
 * TestUser alice = users.create("alice@example.com", "correct horse battery staple");
 * mvc.perform(get("/orders").with(users.bearer(alice))).andExpect(status().isOk());
 * }</pre>
 */
public final class GatehouseTestUsers {
  private final Gatehouse gatehouse;
  private final AuthStore store;

  /**
   * @param gatehouse the facade
   * @param store the store it runs on
   */
  public GatehouseTestUsers(Gatehouse gatehouse, AuthStore store) {
    this.gatehouse = requireNonNull(gatehouse, "gatehouse");
    this.store = requireNonNull(store, "store");
  }

  /**
   * Creates an active user whose email is verified, with a default profile. Joins the test's
   * transaction when one is open (a {@code @Transactional} test then rolls the user back).
   *
   * @param email an email address no other user has
   * @param password the password the user logs in with
   * @return the user
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException when the email is
   *     malformed or taken
   */
  public TestUser create(String email, String password) {
    requireNonNull(email, "email");
    requireNonNull(password, "password");
    String canonical = EmailAddresses.canonical(email);
    String hash = gatehouse.passwordHashing().hash(PasswordPolicy.normalize(password));
    Instant now = gatehouse.config().clock().instant();
    var user =
        store.inTransaction(
            tx ->
                AccountFactory.of(gatehouse.config())
                    .create(
                        tx,
                        UserRecord.newAccount(now)
                            .email(EmailAddresses.normalize(email), canonical)
                            .passwordHash(hash)
                            .verified(true)
                            .emailVerified(true)
                            .build()));
    return new TestUser(user.publicId(), email, password);
  }

  /**
   * Starts a web session for the user, as a password login would, without hashing.
   *
   * @param user a user from {@link #create}
   * @return the access and refresh tokens
   */
  public TokenPair login(TestUser user) {
    requireNonNull(user, "user");
    return store.inTransaction(
        tx ->
            gatehouse.sessions().start(tx, user.id(), List.of("pwd"), ClientInfo.web("127.0.0.1")));
  }

  /**
   * {@return a fresh access token for the user (a new session each call)}
   *
   * @param user a user from {@link #create}
   */
  public String accessTokenFor(TestUser user) {
    return login(user).accessToken();
  }

  /**
   * A MockMvc request post-processor adding {@code Authorization: Bearer <access token>} for the
   * user (a new session each call). Needs {@code spring-test} and the servlet API, which a MockMvc
   * test has.
   *
   * @param user a user from {@link #create}
   * @return the post-processor
   */
  public RequestPostProcessor bearer(TestUser user) {
    String token = accessTokenFor(user);
    return request -> {
      request.addHeader("Authorization", "Bearer " + token);
      return request;
    };
  }

  /**
   * A user {@link GatehouseTestUsers} created: its public id, its email and the password it logs in
   * with. {@link #toString()} leaves the password out.
   *
   * @param id the public id (the access token's {@code sub})
   * @param email the email address as given
   * @param password the password as given
   */
  public record TestUser(UUID id, String email, String password) {

    /**
     * Checks that nothing is null.
     *
     * @param id the public id
     * @param email the email address
     * @param password the password
     * @throws NullPointerException when a component is null
     */
    public TestUser {
      requireNonNull(id, "id");
      requireNonNull(email, "email");
      requireNonNull(password, "password");
    }

    /** {@return the id and email, never the password} */
    @Override
    public String toString() {
      return "TestUser[id=" + id + ", email=" + email + "]";
    }
  }
}
