package com.example.apikeys;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An API key as a credential, checked in the sign-in's transaction: its row found by the key's id,
 * its secret's keyed hash compared in constant time. A wrong key (malformed, unknown, revoked or
 * with a wrong secret) is recorded against the client's network in Gatehouse's own transaction, so
 * a host that rolls back the refusal gives no attempt back.
 */
final class ApiKeyCheck implements CredentialCheck {
  /** The method Gatehouse's events, audit trail and metrics name. */
  static final String METHOD = "api_key";

  /** How the user authenticated: a secret the client holds. */
  private static final List<String> AMR = List.of("api_key");

  private final SignInContext context;
  private final ModuleLimits limits;
  private final KeyTable table;
  private final WrongKeys wrong;
  private final @Nullable PresentedKey key;
  private final @Nullable String ip;

  ApiKeyCheck(
      SignInContext context,
      KeyTable table,
      WrongKeys wrong,
      @Nullable PresentedKey key,
      @Nullable ClientInfo client) {
    this.context = context;
    this.limits = this.context.capability(ModuleLimits.class);
    this.table = table;
    this.wrong = wrong;
    this.key = key;
    this.ip = client == null ? null : client.ipAddress();
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public Proof check(StoreTransaction tx, Instant now) {
    Optional<KeyTable.Row> row = key == null ? Optional.empty() : table.find(tx, key.id());
    if (row.isEmpty()
        || !matches(row.get().hash(), key.hash(context.capability(SecretHasher.class)))) {
      limits.counting(
          wrong.keys(ip),
          now,
          own -> {
            wrong.record(own, ip, now);
            return null;
          });
      return new Refused(ApiKeyErrors.invalid(), row.map(KeyTable.Row::account).orElse(null));
    }
    Optional<UserRecord> account = tx.users().findByPublicId(row.get().account());
    if (account.isEmpty()) {
      return new Refused(ApiKeyErrors.invalid(), null);
    }
    table.used(tx, key.id(), now);
    // The pipeline checks the account's state (inactiveAccount) and its second step.
    return new Proven(account.get(), AMR, false, false);
  }

  @Override
  public AuthException inactiveAccount(UserRecord user) {
    return ApiKeyErrors.invalid();
  }

  private static boolean matches(String stored, String presented) {
    return MessageDigest.isEqual(
        stored.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
  }
}
