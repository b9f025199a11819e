package dev.gatehouse.core.account.internal;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.ClientDataType;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.attestation.statement.none.NoneAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.packed.PackedAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.NullCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.NullSelfAttestationTrustworthinessVerifier;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasskeySettings;
import dev.gatehouse.core.error.ConfigurationException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.RequestOrigin;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.passkey.PasskeyCredentialDescriptor;
import dev.gatehouse.core.passkey.PasskeyRequestOptions;
import dev.gatehouse.core.passkey.UserVerification;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.PasskeyRecord;
import dev.gatehouse.core.store.PasskeyStore;
import dev.gatehouse.core.store.StoreTransaction;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The WebAuthn checks every passkey flow shares, on webauthn4j: challenges (single-use action
 * tokens stored as keyed hashes), the relying party's settings, and the verification of
 * registration and authentication responses. Thread-safe.
 *
 * <p>A challenge is found by the keyed hash of the challenge the browser signed (in the response's
 * {@code clientDataJSON}), so a response can only complete the ceremony that issued its challenge;
 * the ceremony's purpose and user are checked against the stored token.
 */
public final class PasskeyCeremony {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(PasskeyCeremony.class);

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
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final int MAX_RESPONSE_CHARS = 64 * 1024;

  /** ES256, EdDSA, RS256: what authenticators use, most preferred first. */
  static final List<COSEAlgorithmIdentifier> ALGORITHMS =
      List.of(
          COSEAlgorithmIdentifier.ES256,
          COSEAlgorithmIdentifier.EdDSA,
          COSEAlgorithmIdentifier.RS256);

  private static final List<PublicKeyCredentialParameters> PARAMETERS =
      ALGORITHMS.stream()
          .map(a -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, a))
          .toList();

  private final GatehouseConfig config;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final SecurityEvents events;

  /**
   * webauthn4j's objects, built at the first ceremony: a host that never uses passkeys never loads
   * them (nor their Jackson 3).
   */
  private volatile Engine engine;

  private record Engine(ObjectConverter converter, WebAuthnManager manager) {}

  private Engine engine() {
    Engine e = engine;
    if (e == null) {
      synchronized (this) {
        e = engine;
        if (e == null) {
          ObjectConverter converter = new ObjectConverter();
          // "none" and "packed" attestation; attestation is checked for integrity, the
          // authenticator model is not judged (no trust anchors), as fits consumer passkeys.
          WebAuthnManager manager =
              new WebAuthnManager(
                  List.of(
                      new NoneAttestationStatementVerifier(),
                      new PackedAttestationStatementVerifier()),
                  new NullCertPathTrustworthinessVerifier(),
                  new NullSelfAttestationTrustworthinessVerifier(),
                  List.of(),
                  List.of(),
                  converter);
          e = new Engine(converter, manager);
          engine = e;
        }
      }
    }
    return e;
  }

  public PasskeyCeremony(
      GatehouseConfig config, AuthStore store, SecretHasher secrets, SecurityEvents events) {
    this.config = config;
    this.store = store;
    this.secrets = secrets;
    this.events = events;
  }

  /** The relying party's settings, read when a ceremony runs. */
  record RelyingParty(String id, String name, Set<Origin> origins, UserVerification uv) {}

  RelyingParty relyingParty() {
    GatehouseConfig c = config;
    String id = c.get(PasskeySettings.PASSKEY_RP_ID);
    if (id == null) {
      throw new ConfigurationException(
          "passkeys need gatehouse.passkeys.rp-id (the domain passkeys are bound to)");
    }
    String name = c.get(PasskeySettings.PASSKEY_RP_NAME);
    List<String> configured = c.get(PasskeySettings.PASSKEY_ORIGINS);
    Set<Origin> origins = new LinkedHashSet<>();
    if (configured.isEmpty()) {
      origins.add(new Origin("https://" + id));
    } else {
      configured.forEach(o -> origins.add(new Origin(o)));
    }
    return new RelyingParty(
        id,
        name != null ? name : c.get(GatehouseConfig.APP_NAME),
        Set.copyOf(origins),
        c.get(PasskeySettings.PASSKEY_USER_VERIFICATION));
  }

  long timeoutMillis() {
    return config.get(PasskeySettings.PASSKEY_CHALLENGE_TTL).toMillis();
  }

  /**
   * Records a new challenge in {@code tx}.
   *
   * @return the challenge, base64url
   */
  String issue(StoreTransaction tx, String purpose, UUID user, String binding, Instant now) {
    if (tx.passkeys() == PasskeyStore.NONE) {
      // No ceremony starts where no passkey could be stored or found: options handed to a browser
      // would end in a refusal after the person used their authenticator.
      throw PasskeyStore.notConfigured();
    }
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    String challenge = B64.encodeToString(b);
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
      String challenge, RelyingParty rp, List<PasskeyRecord> allowed, Instant now) {
    return new PasskeyRequestOptions(
        challenge,
        rp.id(),
        allowed.stream().map(PasskeyCeremony::descriptor).toList(),
        rp.uv().webAuthnValue(),
        timeoutMillis(),
        expiresAt(now));
  }

  static PasskeyCredentialDescriptor descriptor(PasskeyRecord p) {
    return new PasskeyCredentialDescriptor(p.credentialId(), transports(p.transports()));
  }

  static List<String> transports(String stored) {
    if (stored == null || stored.isEmpty()) {
      return List.of();
    }
    return List.of(stored.split(","));
  }

  static String b64(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  // ---- registration ------------------------------------------------------------------------

  /** A parsed registration response and its challenge's hash. */
  record Registration(RegistrationData data, String challengeHash) {}

  Registration parseRegistration(String json) {
    checkSize(json);
    RegistrationData data;
    try {
      data = engine().manager().parseRegistrationResponseJSON(json);
    } catch (DataConversionException | IllegalArgumentException | UnsupportedOperationException e) {
      throw malformed(e);
    } catch (RuntimeException e) {
      throw malformed(e);
    }
    CollectedClientData cd = data.getCollectedClientData();
    if (cd == null
        || cd.getChallenge() == null
        || data.getAttestationObject() == null
        || cd.getType() != ClientDataType.WEBAUTHN_CREATE) {
      throw malformed(null);
    }
    return new Registration(data, hash(REGISTER, b64(cd.getChallenge().getValue())));
  }

  /** Checks origin, RP id hash, challenge, flags and attestation; answers the new passkey. */
  PasskeyRecord verifyRegistration(
      Registration r, RelyingParty rp, UUID owner, String userHandle, String name, Instant now) {
    RegistrationData data = r.data();
    ServerProperty server = server(rp, data.getCollectedClientData());
    try {
      engine()
          .manager()
          .verify(data, new RegistrationParameters(server, PARAMETERS, uvRequired(rp), true));
    } catch (VerificationException e) {
      throw rejected(e, rp);
    }
    AuthenticatorData<?> ad = data.getAttestationObject().getAuthenticatorData();
    AttestedCredentialData acd = ad.getAttestedCredentialData();
    String credentialId = b64(acd.getCredentialId());
    if (credentialId.length() > 255) {
      throw new RejectedInputException(
          ErrorCode.PASSKEY_UNSUPPORTED,
          "the authenticator's credential id is longer than supported");
    }
    String cose = b64(engine().converter().getCborConverter().writeValueAsBytes(acd.getCOSEKey()));
    String transports =
        data.getTransports() == null
            ? null
            : String.join(
                ",", data.getTransports().stream().map(t -> t.getValue()).sorted().toList());
    AAGUID aaguid = acd.getAaguid();
    return new PasskeyRecord(
        null,
        owner,
        credentialId,
        cose,
        ad.getSignCount(),
        userHandle,
        transports == null || transports.isEmpty() ? null : transports,
        name,
        aaguid == null ? null : aaguid.getValue().toString(),
        data.getAttestationObject().getFormat(),
        ad.isFlagBE(),
        ad.isFlagBS(),
        ad.isFlagUV(),
        now,
        null);
  }

  // ---- authentication ----------------------------------------------------------------------

  /**
   * A parsed authentication response, its credential id and its challenge as hashed per purpose.
   */
  record Assertion(AuthenticationData data, String credentialId, String challenge) {
    String challengeHash(PasskeyCeremony c, String purpose) {
      return c.hash(purpose, challenge);
    }
  }

  Assertion parseAssertion(String json) {
    checkSize(json);
    AuthenticationData data;
    try {
      data = engine().manager().parseAuthenticationResponseJSON(json);
    } catch (RuntimeException e) {
      throw malformed(e);
    }
    CollectedClientData cd = data.getCollectedClientData();
    if (cd == null
        || cd.getChallenge() == null
        || data.getCredentialId() == null
        || data.getAuthenticatorData() == null
        || cd.getType() != ClientDataType.WEBAUTHN_GET) {
      throw malformed(null);
    }
    return new Assertion(data, b64(data.getCredentialId()), b64(cd.getChallenge().getValue()));
  }

  /** What a verified assertion proved. */
  record Verified(PasskeyRecord passkey, long newCount, boolean backedUp, boolean userVerified) {}

  /**
   * Finds the action token and the passkey an assertion answers, checks that they belong together
   * (the token's user, when it has one, owns the passkey; the user handle, when sent, is the
   * passkey's) and verifies signature, origin, RP id hash, challenge, flags and counter.
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
    RelyingParty rp = relyingParty();
    String hash = a.challengeHash(this, purpose);
    record Found(ActionToken token, Optional<PasskeyRecord> passkey) {}
    Found found =
        store.inTransaction(
            tx ->
                new Found(
                    tx.actionTokens().findUsable(purpose, hash, now).orElse(null),
                    tx.passkeys().find(a.credentialId())));
    ActionToken token = found.token();
    UUID wanted = expectedUser == null ? NOBODY : expectedUser;
    if (token == null
        || !token.userId().equals(wanted)
        || (binding != null && !binding.equals(token.binding()))) {
      throw invalidChallenge();
    }
    PasskeyRecord p = found.passkey().orElseThrow(PasskeyCeremony::unknownPasskey);
    if (expectedUser != null && !p.ownerPublicId().equals(expectedUser)) {
      throw unknownPasskey();
    }
    byte[] handle = a.data().getUserHandle();
    if (handle != null && handle.length > 0 && !b64(handle).equals(p.userHandle())) {
      throw unknownPasskey();
    }
    COSEKey key;
    try {
      key =
          engine()
              .converter()
              .getCborConverter()
              .readValue(B64D.decode(p.publicKeyCose()), COSEKey.class);
    } catch (RuntimeException e) {
      throw new IllegalStateException("stored passkey " + p.id() + " has an unreadable key", e);
    }
    CredentialRecordImpl record =
        new CredentialRecordImpl(
            null,
            p.uvInitialized(),
            p.backupEligible(),
            p.backedUp(),
            p.signCount(),
            new AttestedCredentialData(
                p.aaguid() == null ? AAGUID.ZERO : new AAGUID(UUID.fromString(p.aaguid())),
                B64D.decode(p.credentialId()),
                key),
            null,
            null,
            null,
            null);
    ServerProperty server = server(rp, a.data().getCollectedClientData());
    try {
      engine()
          .manager()
          .verify(
              a.data(),
              new AuthenticationParameters(
                  server, record, List.of(B64D.decode(p.credentialId())), uvRequired(rp), true));
    } catch (MaliciousCounterValueException e) {
      long presented = a.data().getAuthenticatorData().getSignCount();
      events.publish(
          new AuthEvent.PasskeyCounterRegressed(
              now, p.ownerPublicId(), p.id(), p.signCount(), presented, origin));
      throw new RejectedInputException(
          ErrorCode.PASSKEY_COUNTER_REGRESSED,
          "the passkey's signature counter went backwards; the authenticator may be cloned");
    } catch (VerificationException e) {
      throw rejected(e, rp);
    }
    AuthenticatorData<?> ad = a.data().getAuthenticatorData();
    return new Verified(p, ad.getSignCount(), ad.isFlagBS(), ad.isFlagUV());
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

  private ServerProperty server(RelyingParty rp, CollectedClientData cd) {
    // The challenge expected is the one the response carries: the action token found by its
    // keyed hash is what proves it was issued for this ceremony.
    return ServerProperty.builder()
        .origins(rp.origins())
        .rpId(rp.id())
        .challenge(new DefaultChallenge(cd.getChallenge().getValue()))
        .build();
  }

  private static boolean uvRequired(RelyingParty rp) {
    return rp.uv() == UserVerification.REQUIRED;
  }

  private static void checkSize(String json) {
    if (json == null || json.isEmpty() || json.length() > MAX_RESPONSE_CHARS) {
      throw malformed(null);
    }
  }

  static RejectedInputException malformed(Throwable cause) {
    return new RejectedInputException(
        ErrorCode.INVALID_PASSKEY_RESPONSE,
        "the passkey response is not a WebAuthn credential",
        cause);
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

  private static RejectedInputException rejected(VerificationException e, RelyingParty rp) {
    if (e instanceof BadChallengeException) {
      return invalidChallenge();
    }
    // The caller learns only that the passkey was refused; the operator learns why, with the
    // relying party's configured id and origins, so a misconfigured origin or RP id shows in the
    // log. Nothing of the account or the credential is logged.
    LOG.info(
        "Refused a passkey response: {} (configured RP id {}, origins {})",
        reason(e),
        rp.id(),
        rp.origins().stream().map(Origin::toString).sorted().toList());
    return new RejectedInputException(
        ErrorCode.PASSKEY_REJECTED, "the passkey response failed verification", e);
  }

  /** The kind of failure, from webauthn4j's exception type: "bad origin", "bad rp id", ... */
  static String reason(VerificationException e) {
    return e.getClass()
        .getSimpleName()
        .replaceAll("Exception$", "")
        .replaceAll("([a-z])([A-Z])", "$1 $2")
        .toLowerCase(java.util.Locale.ROOT);
  }

  static byte[] randomHandle() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b;
  }
}
