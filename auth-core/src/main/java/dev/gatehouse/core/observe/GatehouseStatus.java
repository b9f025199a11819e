package dev.gatehouse.core.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a health check reports about one {@code Gatehouse}: whether its current signing key signs
 * tokens it can verify, which providers it sends through, and how much the outbox holds. Carries no
 * key material, no address and no message text.
 *
 * @param signingKeyId the current key's {@code kid}
 * @param signingAlgorithm the current key's algorithm, e.g. {@code ES256}
 * @param signingKeyProblem why a throwaway token could not be signed and verified, or {@code null}
 *     when it could
 * @param smsProvider the SMS provider's name (for a failover chain, the chain's)
 * @param smsDevelopmentOnly whether the SMS provider is a development one (prints, sends nothing)
 * @param emailProvider the email provider's name
 * @param emailDevelopmentOnly whether the email provider is a development one
 * @param outboxPending messages waiting in the outbox or being sent
 * @param oldestPending when the oldest of them was recorded, or {@code null} when none waits
 * @param at when this was observed
 * @param writeBackPending entries of the modules' outbox channels waiting: the changes to be
 *     written back to the legacy store ({@code gatehouse.legacy.write-back.until}, the one such
 *     channel), included in {@code outboxPending}
 * @param writeBackFailed changes that could not be written back for good: conflicts with a row the
 *     legacy store changed meanwhile, or a store away for longer than the retries (kept until the
 *     outbox's retention removes them)
 * @param untrustedProxy whether a request arrived from a loopback or private-network peer still
 *     carrying {@code X-Forwarded-For} or {@code Forwarded}: a proxy the host does not trust, so
 *     every client behind it counts as one network for the per-network limits (see {@code
 *     Gatehouse#forwardedHeaderFrom})
 * @param statementPaths which path each statement the store runs on the host's tables takes, by
 *     statement ({@code last-login}, {@code password-login}, {@code session-owner}, {@code
 *     user-insert}): {@code plain SQL on <tables>} or {@code JPQL: <why>}, as logged at start-up
 *     ({@code AuthStore#statementPaths()}); empty for a store without such a choice
 */
public record GatehouseStatus(
    String signingKeyId,
    String signingAlgorithm,
    @Nullable String signingKeyProblem,
    String smsProvider,
    boolean smsDevelopmentOnly,
    String emailProvider,
    boolean emailDevelopmentOnly,
    long outboxPending,
    @Nullable Instant oldestPending,
    Instant at,
    long writeBackPending,
    long writeBackFailed,
    boolean untrustedProxy,
    Map<String, String> statementPaths) {

  /**
   * Keeps an unmodifiable copy of the statement paths, in their order.
   *
   * @param signingKeyId the current key's {@code kid}
   * @param signingAlgorithm the current key's algorithm
   * @param signingKeyProblem why a throwaway token could not be signed and verified, or {@code
   *     null}
   * @param smsProvider the SMS provider's name
   * @param smsDevelopmentOnly whether the SMS provider is a development one
   * @param emailProvider the email provider's name
   * @param emailDevelopmentOnly whether the email provider is a development one
   * @param outboxPending messages waiting in the outbox or being sent
   * @param oldestPending when the oldest of them was recorded, or {@code null}
   * @param at when this was observed
   * @param writeBackPending changes waiting to be written back to the legacy store
   * @param writeBackFailed changes that could not be written back for good
   * @param untrustedProxy whether a request came through a local proxy the host does not trust
   * @param statementPaths which path each statement on the host's tables takes, by statement
   * @throws NullPointerException when {@code statementPaths} is null
   */
  public GatehouseStatus {
    statementPaths = Collections.unmodifiableMap(new LinkedHashMap<>(statementPaths));
  }

  /** {@return whether a throwaway token was signed and verified with the current key} */
  public boolean signingKeyUsable() {
    return signingKeyProblem == null;
  }

  /** {@return how long the oldest waiting message has waited; zero when none waits} */
  public Duration oldestPendingAge() {
    if (oldestPending == null || oldestPending.isAfter(at)) {
      return Duration.ZERO;
    }
    return Duration.between(oldestPending, at);
  }
}
