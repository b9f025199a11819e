package dev.gatehouse.core.account.internal;

import dev.gatehouse.core.account.internal.LoginThrottle.Reservation;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.internal.ClientDetails;
import dev.gatehouse.core.internal.SecondFactorChallenges;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.mfa.Totp;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.secret.internal.SecretBox;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Checking second factors (TOTP codes and recovery codes) the way passwords are checked: each
 * attempt is counted in the account's second-factor bucket before the code is looked at, so N
 * parallel guesses evaluate at most the allowed number, and a code becomes spent only through one
 * atomic statement in the caller's transaction.
 */
public final class SecondFactors {
  /** TOTP codes of one step before and after now are accepted (clock drift, slow typing). */
  static final int DRIFT_STEPS = 1;

  static final String RECOVERY_HASH_PURPOSE = "recovery-code";
  static final String SEED_PURPOSE = "totp-seed";
  private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final GatehouseConfig config;
  private final SecretHasher secrets;
  private final SecurityEvents events;
  private final LoginThrottle throttle;
  private final Sealer seeds;
  // Seeds sealed before the Sealer ("v1:<key id>:..."): the ring and each server key's derived key.
  private final List<SecretBox> earlierSeeds;
  private final Totp totp = Totp.sha1();

  public SecondFactors(
      GatehouseConfig config,
      SecretHasher secrets,
      Sealer sealer,
      SecurityEvents events,
      LoginThrottle throttle) {
    this.config = config;
    this.secrets = secrets;
    this.events = events;
    this.throttle = throttle;
    SecretBox derived = derivedBox(secrets);
    String ring = config.get(SecondFactorSettings.MFA_ENCRYPTION_KEYS);
    List<SecretBox> earlier = new ArrayList<>();
    if (ring == null) {
      this.seeds = sealer;
      earlier.add(derived);
    } else {
      SecretBox box = SecretBox.parse(ring);
      List<String> keys = box.sealingSecrets();
      this.seeds = Sealer.of(keys.get(0), keys.subList(1, keys.size())).thenOpening(sealer);
      earlier.add(box.thenOpening(derived));
    }
    for (String previous : config.get(GatehouseConfig.PREVIOUS_SECRET_KEYS)) {
      earlier.add(derivedBox(new SecretHasher(previous)));
    }
    this.earlierSeeds = List.copyOf(earlier);
  }

  private static SecretBox derivedBox(SecretHasher serverKey) {
    return SecretBox.derived(HexFormat.of().parseHex(serverKey.hash("secret-box", "v1")));
  }

  /** The bucket that counts an account's second-factor attempts. */
  static String bucket(UUID userPublicId) {
    return Counters.SECOND_FACTOR_ACCOUNT.key(userPublicId);
  }

  Totp totp() {
    return totp;
  }

  /**
   * Opens a user's sealed seed.
   *
   * @throws IllegalStateException when it does not open (its key is gone, or it was altered or
   *     moved to another account): a server fault, never the user's
   */
  byte[] openSeed(String sealed, UUID user) {
    if (sealed.startsWith("v1:")) {
      IllegalStateException failed = null;
      for (SecretBox box : earlierSeeds) {
        try {
          return box.open(sealed, user.toString());
        } catch (IllegalStateException e) {
          failed = e;
        }
      }
      throw failed;
    }
    try {
      return seeds.open(SEED_PURPOSE, user.toString(), Base64.getUrlDecoder().decode(sealed));
    } catch (Sealer.Unopenable | IllegalArgumentException e) {
      throw new IllegalStateException("a TOTP seed does not open: " + e.getMessage());
    }
  }

  /** A TOTP code that matched, and its attempt, to be settled where the step is spent. */
  record TotpMatch(long step, Reservation reservation) {}

  /**
   * Counts an attempt and checks a TOTP code against the user's seed (confirmed or, for {@code
   * pending}, the unconfirmed one).
   *
   * @throws RejectedInputException {@code invalid_code} (counted), {@code mfa_not_enabled}
   * @throws dev.gatehouse.core.error.AuthException.RateLimitedException when the bucket is locked
   *     or delayed
   */
  TotpMatch checkTotp(
      TotpFactor factor, String code, String ipBucket, Instant now, RequestOrigin origin) {
    UUID user = factor.userId();
    Reservation attempt = throttle.reserve(ipBucket, bucket(user), now);
    byte[] seed = openSeed(factor.sealedSecret(), user);
    OptionalLong step = totp.match(seed, normalizeTotp(code), now, DRIFT_STEPS);
    java.util.Arrays.fill(seed, (byte) 0);
    if (step.isEmpty()) {
      throw failed(attempt, user, SecondFactorChallenges.TOTP, now, origin);
    }
    return new TotpMatch(step.getAsLong(), attempt);
  }

  /**
   * Spends a matched TOTP code in {@code tx}: refused when this step or a later one was used before
   * (a replay, also one racing this call), which rolls the caller's transaction back.
   *
   * @throws RejectedInputException {@code code_used}, kept in the audit trail whatever the caller's
   *     transaction does
   */
  void spendTotp(StoreTransaction tx, UUID user, TotpMatch match, RequestOrigin origin) {
    if (!tx.secondFactors().advanceTotpStep(user, match.step())) {
      throw events.signInRefused(
          SecondFactorChallenges.TOTP,
          user,
          new RejectedInputException(
              ErrorCode.CODE_USED, "this code was already used; wait for the next one"),
          origin);
    }
    throttle.settleSuccess(tx, match.reservation());
  }

  /** Counts an attempt at a recovery code; answers the reservation and the code's hash. */
  record RecoveryAttempt(String hash, Reservation reservation) {}

  RecoveryAttempt countRecoveryAttempt(UUID user, String code, String ipBucket, Instant now) {
    Reservation attempt = throttle.reserve(ipBucket, bucket(user), now);
    return new RecoveryAttempt(recoveryHash(user, normalizeRecovery(code)), attempt);
  }

  /**
   * Spends a recovery code in {@code tx}, or throws (the attempt stays counted).
   *
   * @throws RejectedInputException {@code invalid_code}
   */
  void spendRecovery(
      StoreTransaction tx, UUID user, RecoveryAttempt attempt, Instant now, RequestOrigin origin) {
    if (!tx.secondFactors().useRecoveryCode(user, attempt.hash(), now)) {
      throw failed(attempt.reservation(), user, SecondFactorChallenges.RECOVERY_CODE, now, origin);
    }
    throttle.settleSuccess(tx, attempt.reservation());
  }

  /** A new set of recovery codes, stored hashed in {@code tx} in place of the earlier set. */
  List<String> newRecoveryCodes(StoreTransaction tx, UUID user, Instant now) {
    int count = config.get(SecondFactorSettings.MFA_RECOVERY_CODES);
    List<String> codes = new ArrayList<>(count);
    List<String> hashes = new ArrayList<>(count);
    while (codes.size() < count) {
      StringBuilder b = new StringBuilder(11);
      for (int i = 0; i < 10; i++) {
        if (i == 5) {
          b.append('-');
        }
        b.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
      }
      String code = b.toString();
      String hash = recoveryHash(user, normalizeRecovery(code));
      if (!hashes.contains(hash)) {
        codes.add(code);
        hashes.add(hash);
      }
    }
    tx.secondFactors().replaceRecoveryCodes(user, hashes, now);
    return codes;
  }

  private String recoveryHash(UUID user, String normalized) {
    return secrets.hash(RECOVERY_HASH_PURPOSE, user + "|" + normalized);
  }

  /** Publishes the failure (now: it is counted whatever the caller's transaction does). */
  private RejectedInputException failed(
      Reservation r, UUID user, String method, Instant now, RequestOrigin origin) {
    RejectedInputException refusal =
        events.signInRefused(
            method,
            user,
            new RejectedInputException(ErrorCode.INVALID_CODE, "the code is not valid"),
            origin);
    if (r.lockedUntil() != null) {
      events.publishNow(new AuthEvent.Locked(now, user, r.lockedUntil(), origin));
    }
    return refusal;
  }

  static String normalizeTotp(String code) {
    return code == null ? "" : code.replace(" ", "").replace("-", "").strip();
  }

  static String normalizeRecovery(String code) {
    if (code == null) {
      return "";
    }
    String s = code.replace(" ", "").replace("-", "").strip().toLowerCase(Locale.ROOT);
    // Bounded: a long string is no code, and must not cost a long hash.
    return s.length() > 32 ? "" : s;
  }

  /** A fresh seed, sealed for the user. */
  record NewSeed(byte[] seed, String sealed) {}

  NewSeed newSeed(UUID user) {
    byte[] seed = Totp.newSecret();
    return new NewSeed(
        seed,
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(seeds.seal(SEED_PURPOSE, user.toString(), seed)));
  }

  // ---- shared by the second-factor flows ---------------------------------------------------

  static String deviceLabel(ClientInfo client) {
    String agent = ClientDetails.userAgent(client.userAgent());
    return agent == null || agent.length() <= 100 ? agent : agent.substring(0, 100);
  }

  static String label(UserRecord u) {
    if (u.email() != null) {
      return u.email();
    }
    if (u.username() != null) {
      return u.username();
    }
    return u.phone() != null ? u.phone() : u.publicId().toString();
  }

  static RejectedInputException invalidChallenge() {
    return new RejectedInputException(
        ErrorCode.INVALID_CHALLENGE,
        "the sign-in challenge is unknown, used or expired; sign in again");
  }

  static RejectedInputException notPending() {
    return new RejectedInputException(
        ErrorCode.TOTP_NOT_PENDING, "no authenticator app enrolment waits for confirmation");
  }

  static RejectedInputException notEnabled() {
    return new RejectedInputException(
        ErrorCode.MFA_NOT_ENABLED, "the account has no authenticator app");
  }
}
