package dev.gatehouse.core.account.internal;

import dev.gatehouse.core.account.AccountService.CodeSent;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.internal.CountingTransactions;
import dev.gatehouse.core.internal.Notices;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.email.EmailSender.EmailMask;
import dev.gatehouse.sms.SmsSender.PhoneMask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One-time codes that account flows send to a signed-in account and check themselves
 * (reauthentication, email and phone changes). A code is a single-use action token whose keyed hash
 * covers the purpose, the user, the flow's scope (e.g. the new address) and the code, so it proves
 * nothing else; a newer code replaces the older one; its binding ties it to the state it was sent
 * for. Sends are limited per account and hour; wrong codes are counted per account and purpose in a
 * transaction of their own, and {@code OTP_MAX_ATTEMPTS} of them burn the pending code.
 */
public final class AccountCodes {
  private final GatehouseConfig config;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final Notices notices;

  public AccountCodes(
      GatehouseConfig config, AuthStore store, SecretHasher secrets, Notices notices) {
    this.config = config;
    this.store = store;
    this.secrets = secrets;
    this.notices = notices;
  }

  /** Counts one send for the account in {@code tx}; refuses past the hourly limit. */
  void limitSends(StoreTransaction tx, UUID userId, Instant now) {
    if (!config.get(ThrottleSettings.THROTTLE_ENABLED)) {
      return;
    }
    Optional<Duration> over = Counters.ACCOUNT_CODE_SENDS.count(config, tx, now, userId);
    if (over.isPresent()) {
      throw new RateLimitedException(
          ErrorCode.RATE_LIMITED, "too many codes were asked for; try again later", over.get());
    }
  }

  /**
   * Issues a code in {@code tx} and records its message (sent after commit).
   *
   * @param scope what else the code is bound to (the new address), or {@code ""}
   * @param binding the state it was sent for, checked when it comes back
   */
  CodeSent issue(
      StoreTransaction tx,
      String purpose,
      UUID userId,
      String scope,
      String binding,
      boolean sms,
      String to,
      String language,
      String template,
      Instant now) {
    Duration ttl = config.get(OtpSettings.OTP_TTL);
    String code = SecretHasher.newNumericCode(config.get(OtpSettings.OTP_LENGTH));
    tx.actionTokens()
        .issue(userId, purpose, hash(purpose, userId, scope, code), binding, now.plus(ttl), now);
    tx.counters().reset(attemptsKey(purpose, userId));
    notices.code(tx, sms, to, language, template, code, ttl);
    return new CodeSent(sms ? PhoneMask.mask(to) : EmailMask.mask(to), sms ? "sms" : "email", ttl);
  }

  /** The code as typed, stripped, if it has the configured shape. */
  String shape(String code) {
    int length = config.get(OtpSettings.OTP_LENGTH);
    String presented = code == null ? "" : code.strip();
    if (!presented.matches("[0-9]{" + length + "}")) {
      throw new RejectedInputException(
          ErrorCode.INVALID_CODE_FORMAT, "the code must be " + length + " digits");
    }
    return presented;
  }

  /**
   * Counts one attempt before the code is checked, in a transaction of its own that a host rollback
   * cannot undo; past the limit the pending code is burned and the attempt refused.
   */
  void countAttempt(String purpose, UUID userId, Instant now) {
    Counters limit = Counters.ACCOUNT_CODE_ATTEMPTS;
    String key = attemptsKey(purpose, userId);
    Optional<Duration> over =
        CountingTransactions.run(
            store, List.of(key), now, tx -> limit.count(config, tx, now, purpose, userId));
    if (over.isPresent()) {
      store.inNewTransaction(tx -> tx.actionTokens().revokeAll(userId, purpose, now));
      throw new RateLimitedException(
          ErrorCode.CODE_BURNED, "too many wrong codes; ask for a new one", over.get());
    }
  }

  /**
   * Spends the code in {@code tx} if it is the account's pending one for this purpose and scope and
   * its binding still holds.
   *
   * @return whether it was spent
   */
  boolean consume(
      StoreTransaction tx,
      String purpose,
      UUID userId,
      String scope,
      String code,
      String binding,
      Instant now) {
    String hash = hash(purpose, userId, scope, code);
    boolean ok =
        tx.actionTokens()
            .findUsable(purpose, hash, now)
            .filter(t -> t.userId().equals(userId))
            .filter(t -> SecretHasher.constantTimeEquals(binding, t.binding()))
            .isPresent();
    if (!ok || !tx.actionTokens().consume(purpose, hash, now)) {
      return false;
    }
    tx.counters().reset(attemptsKey(purpose, userId));
    return true;
  }

  /** A keyed fingerprint of the state a code is sent for. */
  String binding(String purpose, String state) {
    return secrets.hash(purpose + ":binding", String.valueOf(state));
  }

  private String hash(String purpose, UUID userId, String scope, String code) {
    return secrets.hash(purpose, userId + "|" + scope + "|" + code);
  }

  private static String attemptsKey(String purpose, UUID userId) {
    return Counters.ACCOUNT_CODE_ATTEMPTS.key(purpose, userId);
  }

  static RejectedInputException invalidCode() {
    return new RejectedInputException(ErrorCode.INVALID_CODE, "the code is wrong or expired");
  }
}
