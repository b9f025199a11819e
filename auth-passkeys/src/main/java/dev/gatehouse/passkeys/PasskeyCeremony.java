package dev.gatehouse.passkeys;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.PasskeyStore;
import dev.gatehouse.core.store.PasskeyStore.PasskeyRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.passkeys.PasskeyService.PasskeyCredentialDescriptor;
import dev.gatehouse.passkeys.PasskeyService.PasskeyRequestOptions;
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
final class PasskeyCeremony {
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

  private final SignInContext context;
  private final ModuleAudit auditTrail;
  private final SecretHasher secrets;
  private final GatehouseConfig config;
  private final PasskeyVerifier verifier;

  /**
   * @param context the core's sign-in context
   * @param verifier what reads and verifies the WebAuthn responses
   */
  PasskeyCeremony(SignInContext context, PasskeyVerifier verifier) {
    this.context = context;
    this.auditTrail = context.capability(ModuleAudit.class);
    this.secrets = context.capability(SecretHasher.class);
    this.config = context.config();
    this.verifier = verifier;
  }

  /** The relying party's settings, read when a ceremony runs. */
  PasskeyVerifier.RelyingParty relyingParty() {
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

  PasskeyVerifier verifier() {
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
  Assertion parseAssertion(String json, @Nullable ClientInfo client) {
    try {
      checkSize(json);
      return new Assertion(verifier().parseAssertion(json));
    } catch (RejectedInputException e) {
      throw auditTrail.refused(AMR, null, e, client);
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
   * <p>Each refusal is kept in the audit trail ({@link ModuleAudit#refused}) with the ceremony's
   * account, or the presented passkey's owner.
   *
   * @param expectedUser the user the ceremony is for, or {@code null} for a usernameless sign-in
   * @param binding the binding the token must carry, or {@code null} for any
   */
  Verified verifyAssertion(
      Assertion a,
      String purpose,
      @Nullable UUID expectedUser,
      @Nullable String binding,
      @Nullable ClientInfo client,
      Instant now) {
    PasskeyVerifier.RelyingParty rp = relyingParty();
    String hash = a.challengeHash(this, purpose);
    record Found(@Nullable ActionToken token, Optional<PasskeyRecord> passkey) {}
    Found found =
        context
            .store()
            .inTransaction(
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
      throw auditTrail.refused(AMR, subject, invalidChallenge(), client);
    }
    PasskeyRecord p = found.passkey().orElse(null);
    if (p == null || (expectedUser != null && !p.ownerPublicId().equals(expectedUser))) {
      throw auditTrail.refused(AMR, subject, unknownPasskey(), client);
    }
    String handle = a.response().userHandle();
    if (handle != null && !handle.isEmpty() && !handle.equals(p.userHandle())) {
      throw auditTrail.refused(AMR, subject, unknownPasskey(), client);
    }
    PasskeyVerifier.Verified v;
    try {
      v = verifier().verifyAssertion(a.response(), p, rp);
    } catch (RejectedInputException e) {
      if (e.error() == PasskeyErrors.PASSKEY_COUNTER_REGRESSED) {
        publish(
            new PasskeyService.PasskeyCounterRegressed(
                now,
                p.ownerPublicId(),
                p.id(),
                p.signCount(),
                a.response().signCount(),
                ClientInfo.originOf(config, client)));
      }
      throw auditTrail.refused(AMR, subject, e, client);
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

  /**
   * Records an event after the flow's work: in the transaction open on this thread (a host's the
   * flow joined) or one of its own; listeners hear of it after that commits.
   */
  void publish(AuthEvent event) {
    context
        .store()
        .inTransaction(
            tx -> {
              auditTrail.publish(tx, event);
              return null;
            });
  }

  private static void checkSize(@Nullable String json) {
    if (json == null || json.isEmpty() || json.length() > MAX_RESPONSE_CHARS) {
      throw new RejectedInputException(
          PasskeyErrors.INVALID_PASSKEY_RESPONSE,
          "the passkey response is not a WebAuthn credential");
    }
  }

  static RejectedInputException invalidChallenge() {
    return new RejectedInputException(
        ErrorCode.INVALID_CHALLENGE,
        "the passkey challenge is unknown, used or expired; start again");
  }

  static RejectedInputException unknownPasskey() {
    return new RejectedInputException(
        PasskeyErrors.PASSKEY_REJECTED, "the passkey is not registered for this account");
  }

  /** 256 random bits, base64url: a challenge, or a new account's user handle. */
  static String random256() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }
}
