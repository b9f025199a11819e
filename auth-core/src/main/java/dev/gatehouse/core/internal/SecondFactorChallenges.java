package dev.gatehouse.core.internal;

import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.core.store.StoreTransaction;
import java.util.List;
import java.util.UUID;

/**
 * What the session starter (which issues second-factor challenges) and the second-factor service
 * (which completes them) share. Internal: not API.
 */
public final class SecondFactorChallenges {
  /** The action-token purpose of a second-factor login challenge. */
  public static final String PURPOSE = "mfa_login";

  /** An authenticator app's code (as in {@code SecondFactorChallenge.METHOD_TOTP}). */
  public static final String TOTP = "totp";

  /** A recovery code (as in {@code SecondFactorChallenge.METHOD_RECOVERY_CODE}). */
  public static final String RECOVERY_CODE = "recovery_code";

  /** A passkey (as in {@code SecondFactorChallenge.METHOD_WEBAUTHN}). */
  public static final String WEBAUTHN = "webauthn";

  private SecondFactorChallenges() {}

  /**
   * The second factors a user can answer a challenge with, in the order a client offers them.
   *
   * @param tx the flow's transaction
   * @param userPublicId the user
   * @return {@code totp}, {@code webauthn} and {@code recovery_code} as the user has them; empty
   *     without a confirmed authenticator app (passkeys alone do not make a login ask for a second
   *     factor: they answer one)
   */
  public static List<String> methods(StoreTransaction tx, UUID userPublicId) {
    boolean totp = tx.secondFactors().totp(userPublicId).filter(TotpFactor::confirmed).isPresent();
    if (!totp) {
      return List.of();
    }
    List<String> methods = new java.util.ArrayList<>(3);
    methods.add(TOTP);
    if (!tx.passkeys().listFor(userPublicId).isEmpty()) {
      methods.add(WEBAUTHN);
    }
    if (tx.secondFactors().unusedRecoveryCodes(userPublicId) > 0) {
      methods.add(RECOVERY_CODE);
    }
    return List.copyOf(methods);
  }

  /**
   * @param ctx the shared wiring
   * @param token a challenge
   * @return its keyed hash as stored
   */
  public static String hash(GatehouseContext ctx, String token) {
    return ctx.secrets().hash("action:" + PURPOSE, token);
  }
}
