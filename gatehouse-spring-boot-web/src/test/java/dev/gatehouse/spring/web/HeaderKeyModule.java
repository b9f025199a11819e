package dev.gatehouse.spring.web;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.module.ModuleCredential;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A module with a request-header credential ({@code X-Test-Key}), written as a team would write
 * one: keys kept as keyed hashes only and compared in constant time, a wrong key counted against
 * the client's network (ten an hour, then {@code rate_limited}) in a transaction of its own, one
 * refusal for every wrong key. Its keys live in memory (the test issues them); what it writes is
 * its counter. Installed by {@link TestHost} when {@code gatehouse.test.key-module=true}.
 */
final class HeaderKeyModule implements GatehouseModule {
  static final String HEADER = "X-Test-Key";

  /** The one refusal of a key that does not authenticate: a 401, audited. */
  static final ErrorCode TEST_KEY_REFUSED =
      ErrorCode.auditedRefusal(
          "test_key_refused",
          ErrorCode.Kind.UNAUTHENTICATED,
          "The key is wrong or revoked, or its account may not sign in.");

  /** Wrong keys per network and hour, at most {@code gatehouse.throttle.login.max-failures}. */
  static final Counters WRONG =
      Counters.limit("test-key:ip", ThrottleSettings.LOGIN_MAX_FAILURES, Duration.ofHours(1), null);

  /** The module's feature: issues and revokes keys, and checks a presented one. */
  static final class TestKeys {
    private final SignInContext context;
    private final SecretHasher secrets;
    private final ModuleLimits limits;
    private final Map<String, Row> rows = new ConcurrentHashMap<>();

    private record Row(UUID account, String hash) {}

    TestKeys(SignInContext context) {
      this.context = context;
      this.secrets = context.capability(SecretHasher.class);
      this.limits = context.capability(ModuleLimits.class);
    }

    /** {@return a new key of the account, {@code tk_<id>_<secret>}: only its hash is kept} */
    String issue(UUID account) {
      String id = UUID.randomUUID().toString().replace("-", "");
      String secret = SecretHasher.newToken();
      rows.put(id, new Row(account, secrets.hash("test-key", id + ":" + secret)));
      return "tk_" + id + "_" + secret;
    }

    void revoke(String key) {
      rows.remove(key.substring(3, 35));
    }

    /** The counter key a network's wrong keys count under (for the tests). */
    String counterKey(String ip) {
      return WRONG.key(secrets.hash("counter", ip));
    }

    CredentialCheck check(String value, ClientInfo client) {
      return new CredentialCheck() {
        @Override
        public String method() {
          return "test_key";
        }

        @Override
        public Proof check(StoreTransaction tx, Instant now) {
          String network = secrets.hash("counter", String.valueOf(client.ipAddress()));
          Optional<Duration> wait = WRONG.reached(context.config(), tx, now, network);
          if (wait.isPresent()) {
            return new Refused(
                new RateLimitedException(
                    ErrorCode.RATE_LIMITED, "too many wrong keys from this network", wait.get()),
                null);
          }
          Row row =
              value.matches("tk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}")
                  ? rows.get(value.substring(3, 35))
                  : null;
          if (row == null
              || !MessageDigest.isEqual(
                  row.hash().getBytes(StandardCharsets.US_ASCII),
                  secrets
                      .hash("test-key", value.substring(3, 35) + ":" + value.substring(36))
                      .getBytes(StandardCharsets.US_ASCII))) {
            limits.counting(
                List.of(WRONG.key(network)),
                now,
                own -> WRONG.record(context.config(), own, now, network));
            return new Refused(refused(), row == null ? null : row.account());
          }
          Optional<UserRecord> account = tx.users().findByPublicId(row.account());
          return account
              .<Proof>map(a -> new Proven(a, List.of("test_key"), false, false))
              .orElseGet(() -> new Refused(refused(), null));
        }

        @Override
        public AuthException inactiveAccount(UserRecord user) {
          return refused();
        }
      };
    }

    private static AuthException refused() {
      return new RejectedInputException(
          TEST_KEY_REFUSED, "the key is wrong or revoked, or its account may not sign in");
    }
  }

  @Override
  public String name() {
    return "test-keys";
  }

  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(name())
        .errorCodes(TEST_KEY_REFUSED)
        .counters(WRONG)
        .credentials(ModuleCredential.header(HEADER, "test_key", TestKeys.class, TestKeys::check))
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(TestKeys.class, TestKeys::new);
  }
}
