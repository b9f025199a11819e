package dev.gatehouse.mfa;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.secret.SealedSecrets;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.ModuleLimits.Guess;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Checking second factors (TOTP codes and recovery codes) the way passwords are checked: each
 * attempt is counted in the account's second-factor bucket before the code is looked at ({@link
 * ModuleLimits#guess}), so N parallel guesses evaluate at most the allowed number, and a code
 * becomes spent only through one atomic statement in the caller's transaction.
 */
final class SecondFactors {
  /** TOTP codes of one step before and after now are accepted (clock drift, slow typing). */
  static final int DRIFT_STEPS = 1;

  static final String TOTP = SecondFactorChallenge.METHOD_TOTP;
  static final String RECOVERY_CODE = SecondFactorChallenge.METHOD_RECOVERY_CODE;
  static final String RECOVERY_HASH_PURPOSE = "recovery-code";
  static final String SEED_PURPOSE = "totp-seed";
  private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SignInContext context;
  private final ModuleAudit auditTrail;
  private final SecretHasher secrets;
  private final ModuleLimits limits;
  private final SealedSecrets seeds;
  private final Totp totp = Totp.sha1();

  SecondFactors(SignInContext context) {
    this.context = context;
    this.auditTrail = context.capability(ModuleAudit.class);
    this.secrets = context.capability(SecretHasher.class);
    this.limits = this.context.capability(ModuleLimits.class);
    GatehouseConfig config = context.config();
    this.seeds =
        new SealedSecrets(
            SEED_PURPOSE,
            context.capability(Sealer.class),
            context.capability(SecretHasher.class),
            config.get(SecondFactorSettings.MFA_ENCRYPTION_KEYS),
            config.get(GatehouseConfig.PREVIOUS_SECRET_KEYS));
  }

  Totp totp() {
    return totp;
  }

  /**
   * Opens a user's sealed seed.
   *
   * @throws IllegalStateException when it does not open: a server fault, never the user's
   */
  byte[] openSeed(String sealed, UUID user) {
    return seeds.open(sealed, user.toString());
  }

  /** A TOTP code that matched, and its guess, to be settled where the step is spent. */
  record TotpMatch(long step, Guess guess) {}

  /**
   * Counts an attempt and checks a TOTP code against the user's seed (confirmed or, for a pending
   * enrolment, the unconfirmed one); {@code network}: whether the guess also counts against the
   * client's network (a step-up of a signed-in caller does not, as a password proof does not).
   *
   * @throws RejectedInputException {@code invalid_code} (counted and kept in the audit trail)
   * @throws AuthException.RateLimitedException when the bucket is locked or delayed
   */
  TotpMatch checkTotp(
      TotpFactor factor, String code, @Nullable ClientInfo client, boolean network, Instant now) {
    UUID user = factor.userId();
    Guess guess =
        limits.guess(
            SecondFactorCounters.SECOND_FACTOR_ACCOUNT,
            user,
            network && client != null ? client.ipAddress() : null,
            now);
    byte[] seed = openSeed(factor.sealedSecret(), user);
    OptionalLong step = totp.match(seed, normalizeTotp(code), now, DRIFT_STEPS);
    Arrays.fill(seed, (byte) 0);
    if (step.isEmpty()) {
      throw wrong(guess, user, TOTP, client, now, true);
    }
    return new TotpMatch(step.getAsLong(), guess);
  }

  /** Counts a guess against the account's second-factor bucket (and the client's network). */
  Guess guess(UUID user, @Nullable ClientInfo client, Instant now) {
    return limits.guess(
        SecondFactorCounters.SECOND_FACTOR_ACCOUNT,
        user,
        client == null ? null : client.ipAddress(),
        now);
  }

  /**
   * Spends a matched TOTP code in {@code tx}: refused when this step or a later one was used before
   * (a replay, also one racing this call), which rolls the caller's transaction back.
   *
   * @return whether it was spent
   */
  boolean spendTotp(StoreTransaction tx, UUID user, TotpMatch match) {
    if (!tx.secondFactors().advanceTotpStep(user, match.step())) {
      return false;
    }
    match.guess().settle(tx);
    return true;
  }

  static RejectedInputException codeUsed() {
    return new RejectedInputException(
        SecondFactorErrors.CODE_USED, "this code was already used; wait for the next one");
  }

  /** Spends a recovery code in {@code tx}, when it is one of the user's unused ones. */
  boolean spendRecovery(StoreTransaction tx, UUID user, String code, Guess guess, Instant now) {
    if (!tx.secondFactors()
        .useRecoveryCode(user, recoveryHash(user, normalizeRecovery(code)), now)) {
      return false;
    }
    guess.settle(tx);
    return true;
  }

  /** A new set of recovery codes, stored hashed in {@code tx} in place of the earlier set. */
  List<String> newRecoveryCodes(StoreTransaction tx, UUID user, Instant now) {
    int count = context.config().get(SecondFactorSettings.MFA_RECOVERY_CODES);
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

  /**
   * A wrong code: the lock it earned is published now (it stands whatever the caller's transaction
   * does), and, when {@code audit}, the refusal is kept naming the account.
   *
   * @return the refusal, to throw
   */
  RejectedInputException wrong(
      Guess guess,
      UUID user,
      String method,
      @Nullable ClientInfo client,
      Instant now,
      boolean audit) {
    RejectedInputException refusal =
        new RejectedInputException(ErrorCode.INVALID_CODE, "the code is not valid");
    if (audit) {
      auditTrail.refused(method, user, refusal, client);
    }
    Instant lockedUntil = guess.lockedUntil();
    if (lockedUntil != null) {
      context
          .store()
          .inNewTransaction(
              tx -> {
                auditTrail.publish(
                    tx,
                    new AuthEvent.Locked(
                        now, user, lockedUntil, ClientInfo.originOf(context.config(), client)));
                return null;
              });
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
    return new NewSeed(seed, seeds.seal(user.toString(), seed));
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
        SecondFactorErrors.TOTP_NOT_PENDING,
        "no authenticator app enrolment waits for confirmation");
  }

  static RejectedInputException notEnabled() {
    return new RejectedInputException(
        SecondFactorErrors.MFA_NOT_ENABLED, "the account has no authenticator app");
  }
}
