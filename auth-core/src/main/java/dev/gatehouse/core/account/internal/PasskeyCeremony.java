package dev.gatehouse.core.account.internal;

import dev.gatehouse.core.account.PasskeyService.PasskeyCredentialDescriptor;
import dev.gatehouse.core.account.PasskeyService.PasskeyRequestOptions;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasskeySettings;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.passkey.PasskeyVerifier;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.PasskeyStore;
import dev.gatehouse.core.store.PasskeyStore.PasskeyRecord;
import dev.gatehouse.core.store.StoreTransaction;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What every passkey flow shares, whichever {@link PasskeyVerifier} reads and verifies the WebAuthn
 * responses: challenges (single-use action tokens stored as keyed hashes), the relying party's
 * settings, which stored passkey and account a response may answer for, and the spending of a
 * challenge with the counter's update. Thread-safe.
 *
 * <p>A challenge is found by the keyed hash of the challenge the browser signed (in the response's
 * {@code clientDataJSON}), so a response can only complete the ceremony that issued its challenge;
 * the ceremony's purpose and user are checked against the stored token.
 */
public final class PasskeyCeremony {
  /** Purposes of the ceremonies' action tokens. */
  static final String REGISTER = "passkey_register";

  static final String SIGN_IN = "passkey_sign_in";
  static final String MFA = "passkey_mfa";
  static final String STEP_UP = "passkey_step_up";

  /** The user of a usernameless sign-in challenge, which belongs to nobody yet. */
  static final UUID NOBODY = new UUID(0L, 0L);

  /** The {@code amr} value of a passkey. */
  static final String AMR = "webauthn";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int MAX_RESPONSE_CHARS = 64 * 1024;

  private final GatehouseConfig config;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final SecurityEvents events;
  private final @Nullable PasskeyVerifier verifier;

  /**
   * @param verifier the installed WebAuthn verifier, or null when no passkey module is installed
   */
  public PasskeyCeremony(
      GatehouseConfig config,
      AuthStore store,
      SecretHasher secrets,
      SecurityEvents events,
      @Nullable PasskeyVerifier verifier) {
    this.config = config;
    this.store = store;
    this.secrets = secrets;
    this.events = events;
    this.verifier = verifier;
  }

  /** The relying party's settings, read when a ceremony runs. */
  PasskeyVerifier.RelyingParty relyingParty() {
    verifier(); // no ceremony starts, or finishes, without a verifier to read its response
    GatehouseConfig c = config;
    String id = c.get(PasskeySettings.PASSKEY_RP_ID);
    if (id == null) {
      throw new ConfigurationException(
          "passkeys need gatehouse.passkeys.rp-id (the domain passkeys are bound to)");
    }
    String name = c.get(PasskeySettings.PASSKEY_RP_NAME);
    List<String> configured = c.get(PasskeySettings.PASSKEY_ORIGINS);
    return new PasskeyVerifier.RelyingParty(
        id,
        name != null ? name : c.get(GatehouseConfig.APP_NAME),
        configured.isEmpty() ? List.of("https://" + id) : configured.stream().distinct().toList(),
        c.get(PasskeySettings.PASSKEY_USER_VERIFICATION));
  }

  /** The installed verifier; without one no ceremony starts or finishes. */
  PasskeyVerifier verifier() {
    if (verifier == null) {
      throw new ConfigurationException(
          "passkeys need the auth-passkeys module: add it and call"
              + " Gatehouse.builder(...).install(new WebAuthn4jPasskeys())"
              + " (the Spring Boot starter installs it when it is on the class path)");
    }
    return verifier;
  }

  long timeoutMillis() {
    return config.get(PasskeySettings.PASSKEY_CHALLENGE_TTL).toMillis();
  }

  /**
   * Records a new challenge in {@code tx}.
   *
   * @return the challenge, base64url
   */
  String issue(
      StoreTransaction tx, String purpose, UUID user, @Nullable String binding, Instant now) {
    if (tx.passkeys() == PasskeyStore.NONE) {
      // No ceremony starts where no passkey could be stored or found: options handed to a browser
      // would end in a refusal after the person used their authenticator.
      throw PasskeyStore.notConfigured();
    }
    String challenge = random256();
    if (NOBODY.equals(user)) {
      // Usernameless sign-ins share the placeholder user: issuing one must not revoke the others,
      // or any anonymous caller could cancel everyone's sign-in. Each is still single use.
      tx.actionTokens().add(user, purpose, hash(purpose, challenge), binding, expiresAt(now), now);
    } else {
      tx.actionTokens()
          .issue(user, purpose, hash(purpose, challenge), binding, expiresAt(now), now);
    }
    return challenge;
  }

  Instant expiresAt(Instant now) {
    return now.plus(config.get(PasskeySettings.PASSKEY_CHALLENGE_TTL));
  }

  String hash(String purpose, String challenge) {
    return secrets.hash("action:" + purpose, challenge);
  }

  PasskeyRequestOptions requestOptions(
      String challenge, PasskeyVerifier.RelyingParty rp, List<PasskeyRecord> allowed, Instant now) {
    return new PasskeyRequestOptions(
        challenge,
        rp.id(),
        allowed.stream().map(PasskeyCeremony::descriptor).toList(),
        rp.userVerification().webAuthnValue(),
        timeoutMillis(),
        expiresAt(now));
  }

  static PasskeyCredentialDescriptor descriptor(PasskeyRecord p) {
    return new PasskeyCredentialDescriptor(p.credentialId(), transports(p.transports()));
  }

  static List<String> transports(@Nullable String stored) {
    if (stored == null || stored.isEmpty()) {
      return List.of();
    }
    return List.of(stored.split(","));
  }

  // ---- registration ------------------------------------------------------------------------

  /** A parsed registration response and its challenge's hash. */
  record Registration(PasskeyVerifier.Registration response, String challengeHash) {}

  Registration parseRegistration(String json) {
    checkSize(json);
    PasskeyVerifier.Registration r = verifier().parseRegistration(json);
    return new Registration(r, hash(REGISTER, r.challenge()));
  }

  /** Checks origin, RP id hash, challenge, flags and attestation; answers the new passkey. */
  PasskeyRecord verifyRegistration(
      Registration r,
      PasskeyVerifier.RelyingParty rp,
      UUID owner,
      String userHandle,
      String name,
      Instant now) {
    return verifier().verifyRegistration(r.response(), rp, owner, userHandle, name, now);
  }

  // ---- authentication ----------------------------------------------------------------------

  /** A parsed authentication response. */
  record Assertion(PasskeyVerifier.Assertion response) {
    String credentialId() {
      return response.credentialId();
    }

    String challengeHash(PasskeyCeremony c, String purpose) {
      return c.hash(purpose, response.challenge());
    }
  }

  /** Reads a sign-in's response; a refusal is kept in the audit trail (no account named yet). */
  Assertion parseAssertion(String json, RequestOrigin origin) {
    try {
      checkSize(json);
      return new Assertion(verifier().parseAssertion(json));
    } catch (RejectedInputException e) {
      throw events.signInRefused(AMR, null, e, origin);
    }
  }

  /** What a verified assertion proved, and the passkey it proved it with. */
  record Verified(PasskeyRecord passkey, long newCount, boolean backedUp, boolean userVerified) {}

  /**
   * Finds the action token and the passkey an assertion answers, checks that they belong together
   * (the token's user, when it has one, owns the passkey; the user handle, when sent, is the
   * passkey's) and has the verifier check signature, origin, RP id hash, challenge, flags and
   * counter.
   *
   * <p>Each refusal is kept in the audit trail ({@link SecurityEvents#signInRefused}) with the
   * ceremony's account, or the presented passkey's owner.
   *
   * @param expectedUser the user the ceremony is for, or {@code null} for a usernameless sign-in
   * @param binding the binding the token must carry, or {@code null} for any
   */
  Verified verifyAssertion(
      Assertion a,
      String purpose,
      @Nullable UUID expectedUser,
      @Nullable String binding,
      RequestOrigin origin,
      Instant now) {
    PasskeyVerifier.RelyingParty rp = relyingParty();
    String hash = a.challengeHash(this, purpose);
    record Found(@Nullable ActionToken token, Optional<PasskeyRecord> passkey) {}
    Found found =
        store.inTransaction(
            tx ->
                new Found(
                    tx.actionTokens().findUsable(purpose, hash, now).orElse(null),
                    tx.passkeys().find(a.credentialId())));
    // The account the trail names for a refusal: the ceremony's, or the presented passkey's owner.
    UUID subject =
        expectedUser != null
            ? expectedUser
            : found.passkey().map(PasskeyRecord::ownerPublicId).orElse(null);
    ActionToken token = found.token();
    UUID wanted = expectedUser == null ? NOBODY : expectedUser;
    if (token == null
        || !token.userId().equals(wanted)
        || (binding != null && !binding.equals(token.binding()))) {
      throw events.signInRefused(AMR, subject, invalidChallenge(), origin);
    }
    PasskeyRecord p = found.passkey().orElse(null);
    if (p == null || (expectedUser != null && !p.ownerPublicId().equals(expectedUser))) {
      throw events.signInRefused(AMR, subject, unknownPasskey(), origin);
    }
    String handle = a.response().userHandle();
    if (handle != null && !handle.isEmpty() && !handle.equals(p.userHandle())) {
      throw events.signInRefused(AMR, subject, unknownPasskey(), origin);
    }
    PasskeyVerifier.Verified v;
    try {
      v = verifier().verifyAssertion(a.response(), p, rp);
    } catch (RejectedInputException e) {
      if (e.error() == ErrorCode.PASSKEY_COUNTER_REGRESSED) {
        events.publish(
            new AuthEvent.PasskeyCounterRegressed(
                now, p.ownerPublicId(), p.id(), p.signCount(), a.response().signCount(), origin));
      }
      throw events.signInRefused(AMR, subject, e, origin);
    }
    return new Verified(p, v.signCount(), v.backedUp(), v.userVerified());
  }

  /**
   * Spends the challenge and records the use, in the flow's transaction; refuses when another
   * finish got there first.
   */
  void spend(StoreTransaction tx, Assertion a, String purpose, Verified v, Instant now) {
    if (!tx.actionTokens().consume(purpose, a.challengeHash(this, purpose), now)) {
      throw invalidChallenge();
    }
    PasskeyRecord p = v.passkey();
    if (!tx.passkeys().recordUse(p.id(), p.signCount(), v.newCount(), v.backedUp(), now)) {
      throw unknownPasskey();
    }
  }

  private static void checkSize(@Nullable String json) {
    if (json == null || json.isEmpty() || json.length() > MAX_RESPONSE_CHARS) {
      throw new RejectedInputException(
          ErrorCode.INVALID_PASSKEY_RESPONSE, "the passkey response is not a WebAuthn credential");
    }
  }

  static RejectedInputException invalidChallenge() {
    return new RejectedInputException(
        ErrorCode.INVALID_CHALLENGE,
        "the passkey challenge is unknown, used or expired; start again");
  }

  static RejectedInputException unknownPasskey() {
    return new RejectedInputException(
        ErrorCode.PASSKEY_REJECTED, "the passkey is not registered for this account");
  }

  /** 256 random bits, base64url: a challenge, or a new account's user handle. */
  static String random256() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }
}
