package dev.gatehouse.core.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.config.SecondFactorSettings.SecondFactorRequirement;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.SecondFactorStore.RememberedDevice;
import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the session starter (which issues second-factor challenges) and the sign-in context (through
 * which a module reads and completes them) share. Internal: not API.
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

  /** The action-token purpose of an enrolment-only challenge ({@code mfa_enrolment_required}). */
  public static final String ENROL_PURPOSE = "mfa_enrol";

  /** The only method of an enrolment-only challenge: enrolling an authenticator app. */
  public static final String TOTP_ENROLMENT = "totp_enrolment";

  /** The {@code amr} value of a login whose second factor a remembered device stood in for. */
  public static final String REMEMBERED_DEVICE = "rdt";

  private static final String DEVICE_HASH_PURPOSE = "remembered-device";

  private SecondFactorChallenges() {}

  /**
   * @param purpose {@link #PURPOSE} or {@link #ENROL_PURPOSE}
   * @param token a challenge
   * @return its keyed hash as stored
   */
  public static String hash(SecretHasher secrets, String purpose, String token) {
    return secrets.hash("action:" + purpose, token);
  }

  /**
   * @param token a remembered-device token
   * @return its keyed hash as stored
   */
  public static String deviceHash(SecretHasher secrets, String token) {
    return secrets.hash(DEVICE_HASH_PURPOSE, token);
  }

  /**
   * Whether the host's second-factor policy covers a user: everyone, or a user with a profile of
   * one of the required roles.
   *
   * @param tx the flow's transaction
   * @param userPublicId the user
   * @return whether the user must have a second factor
   */
  public static boolean policyCovers(
      GatehouseConfig config, StoreTransaction tx, UUID userPublicId) {
    SecondFactorRequirement required = config.get(SecondFactorSettings.MFA_REQUIRED);
    if (required == SecondFactorRequirement.EVERYONE) {
      return true;
    }
    if (required == SecondFactorRequirement.NONE) {
      return false;
    }
    List<String> roles = config.get(SecondFactorSettings.MFA_REQUIRED_ROLES);
    return tx.profiles().list(userPublicId).stream()
        .map(ProfileRecord::role)
        .anyMatch(roles::contains);
  }

  /**
   * The remembered device a login presents, when it may stand in for the user's second factor:
   * remembering is on, the token is known by its keyed hash (so the lookup compares no secret),
   * belongs to this user, is neither revoked nor expired, and was issued no earlier than the user's
   * authenticator app was confirmed (a re-enrolled app forgets older devices).
   *
   * @param tx the flow's transaction
   * @param userPublicId the user who just proved the first factor
   * @param token the presented token, or {@code null}
   * @param now the current time
   * @return the device, or empty when it cannot stand in
   */
  public static Optional<RememberedDevice> rememberedDevice(
      GatehouseConfig config,
      SecretHasher secrets,
      StoreTransaction tx,
      UUID userPublicId,
      String token,
      Instant now) {
    if (token == null
        || token.isEmpty()
        || token.length() > 128
        || config.get(SecondFactorSettings.MFA_REMEMBER_DEVICE).isZero()) {
      return Optional.empty();
    }
    Optional<RememberedDevice> found =
        tx.secondFactors()
            .rememberedDevice(deviceHash(secrets, token))
            .filter(d -> d.userId().equals(userPublicId))
            .filter(d -> d.revokedAt() == null && now.isBefore(d.expiresAt()));
    if (found.isEmpty()) {
      return found;
    }
    Instant confirmed =
        tx.secondFactors().totp(userPublicId).map(TotpFactor::confirmedAt).orElse(null);
    return confirmed != null && found.get().createdAt().isBefore(confirmed)
        ? Optional.empty()
        : found;
  }

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
   * The second factors a user can answer a challenge after this first factor with: {@link
   * #methods(StoreTransaction, UUID)} without {@code webauthn} when the first factor already was a
   * passkey (one possession factor never counts twice).
   *
   * @param tx the flow's transaction
   * @param userPublicId the user
   * @param firstFactor the first factor's {@code amr}
   * @return the methods, possibly empty
   */
  public static List<String> methods(
      StoreTransaction tx, UUID userPublicId, List<String> firstFactor) {
    List<String> all = methods(tx, userPublicId);
    if (!firstFactor.contains(WEBAUTHN) || !all.contains(WEBAUTHN)) {
      return all;
    }
    List<String> rest = new java.util.ArrayList<>(all);
    rest.remove(WEBAUTHN);
    return List.copyOf(rest);
  }

  /**
   * @param token a challenge
   * @return its keyed hash as stored
   */
  public static String hash(SecretHasher secrets, String token) {
    return secrets.hash("action:" + PURPOSE, token);
  }
}
