package com.example.apikeys;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.module.ModuleCredential;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A key in {@code X-API-Key} on each request to the host's own routes: declared in the manifest
 * ({@link #CREDENTIAL}), it authenticates the request as the key's account through Gatehouse's
 * sign-in checks (the account's state, the second step, the audit trail), with the authorities a
 * bearer token of the account gets, so a Spring host's {@code @PreAuthorize} sees the account. The
 * key is checked as at the sign-in route ({@link ApiKeyCheck}: its keyed hash compared in constant
 * time, a wrong key counted against the client's network, a network over its maximum refused
 * before any key is compared); a refusal is one 401 whatever was wrong ({@link #API_KEY_REFUSED}).
 *
 * <pre>{@code
 * curl -H "X-API-Key: gk_…" https://app.example.com/api/orders
 * }</pre>
 */
final class ApiKeyCallers {
  /** The request header a client sends its key in. */
  static final String HEADER = "X-API-Key";

  /**
   * A key on a request to the host's routes that does not authenticate, whatever was wrong with it
   * (its shape, its id, its secret, its revocation or its account): a 401, as a bad bearer token
   * is, and a refused proof the audit trail keeps.
   */
  static final ErrorCode API_KEY_REFUSED =
      ErrorCode.auditedRefusal(
          "api_key_refused",
          ErrorCode.Kind.UNAUTHENTICATED,
          "The API key is wrong or revoked, or its account may not sign in.");

  /** The declaration, in the module's manifest. */
  // snippet:start module-credential
  static final ModuleCredential<ApiKeyCallers> CREDENTIAL =
      ModuleCredential.header(
          HEADER, // "X-API-Key": the request header
          ApiKeyCheck.METHOD, // "api_key": the method the audit trail and amr name
          ApiKeyCallers.class, // the module's feature
          ApiKeyCallers::check); // (feature, value, client) -> the CredentialCheck of one key
  // snippet:end module-credential

  private final SignInContext context;
  private final KeyTable table;
  private final WrongKeys wrong;

  ApiKeyCallers(SignInContext context) {
    this.context = context;
    this.table = new KeyTable();
    this.wrong = new WrongKeys(context.config(), context.capability(SecretHasher.class));
  }

  /** The check of one presented key, run by Gatehouse in the request's transaction. */
  CredentialCheck check(String value, ClientInfo client) {
    String ip = client.ipAddress();
    CredentialCheck key =
        new ApiKeyCheck(context, table, wrong, PresentedKey.parse(value).orElse(null), client);
    return new CredentialCheck() {
      @Override
      public String method() {
        return key.method();
      }

      @Override
      public Proof check(StoreTransaction tx, Instant now) {
        // Before any key is compared: a network over its wrong keys is refused, right key or not.
        Optional<Duration> wait = wrong.reached(tx, ip, now);
        if (wait.isPresent()) {
          return new Refused(
              new RateLimitedException(
                  ErrorCode.RATE_LIMITED,
                  "too many wrong API keys from this network; try again later",
                  wait.get()),
              null);
        }
        Proof proof = key.check(tx, now);
        return proof instanceof Refused r ? new Refused(refused(), r.user()) : proof;
      }

      @Override
      public AuthException inactiveAccount(UserRecord user) {
        return refused();
      }
    };
  }

  private static AuthException refused() {
    return new RejectedInputException(
        API_KEY_REFUSED, "the API key is wrong, revoked or its account may not sign in");
  }
}
