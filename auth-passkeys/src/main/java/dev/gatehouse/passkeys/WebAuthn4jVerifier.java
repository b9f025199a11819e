package dev.gatehouse.passkeys;

import com.webauthn4j.WebAuthnManager;
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
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.store.PasskeyStore.PasskeyRecord;
import dev.gatehouse.passkeys.PasskeySettings.UserVerification;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link PasskeyVerifier} on webauthn4j. Thread-safe; keeps no state but its engine. */
final class WebAuthn4jVerifier implements PasskeyVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(WebAuthn4jVerifier.class);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /** ES256, EdDSA, RS256: what authenticators use, most preferred first. */
  private static final List<COSEAlgorithmIdentifier> ALGORITHMS =
      List.of(
          COSEAlgorithmIdentifier.ES256,
          COSEAlgorithmIdentifier.EdDSA,
          COSEAlgorithmIdentifier.RS256);

  private static final List<PublicKeyCredentialParameters> PARAMETERS =
      ALGORITHMS.stream()
          .map(a -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, a))
          .toList();

  /**
   * webauthn4j's objects, built at the first ceremony: a host that never uses passkeys never loads
   * them (nor their Jackson 3).
   */
  private volatile @Nullable Engine engine;

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

  @Override
  public List<Integer> algorithms() {
    return ALGORITHMS.stream().map(a -> (int) a.getValue()).toList();
  }

  // ---- registration ------------------------------------------------------------------------

  private record Registration(RegistrationData data, String challenge)
      implements PasskeyVerifier.Registration {}

  @Override
  public PasskeyVerifier.Registration parseRegistration(String json) {
    RegistrationData data;
    try {
      data = engine().manager().parseRegistrationResponseJSON(json);
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
    return new Registration(data, b64(cd.getChallenge().getValue()));
  }

  @Override
  public PasskeyRecord verifyRegistration(
      PasskeyVerifier.Registration response,
      RelyingParty rp,
      UUID owner,
      String userHandle,
      String name,
      Instant now) {
    RegistrationData data = ((Registration) response).data();
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
          PasskeyErrors.PASSKEY_UNSUPPORTED,
          "the authenticator's credential id is longer than supported");
    }
    String cose = b64(engine().converter().getCborConverter().writeValueAsBytes(acd.getCOSEKey()));
    String transports =
        data.getTransports() == null
            ? ""
            : data.getTransports().stream()
                .map(t -> t.getValue())
                .sorted()
                .collect(Collectors.joining(","));
    AAGUID aaguid = acd.getAaguid();
    return new PasskeyRecord(
        null,
        owner,
        credentialId,
        cose,
        ad.getSignCount(),
        userHandle,
        transports.isEmpty() ? null : transports,
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

  private record Assertion(
      AuthenticationData data,
      String credentialId,
      String challenge,
      @Nullable String userHandle,
      long signCount)
      implements PasskeyVerifier.Assertion {}

  @Override
  public PasskeyVerifier.Assertion parseAssertion(String json) {
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
    byte[] handle = data.getUserHandle();
    return new Assertion(
        data,
        b64(data.getCredentialId()),
        b64(cd.getChallenge().getValue()),
        handle == null || handle.length == 0 ? null : b64(handle),
        data.getAuthenticatorData().getSignCount());
  }

  @Override
  public Verified verifyAssertion(
      PasskeyVerifier.Assertion response, PasskeyRecord p, RelyingParty rp) {
    AuthenticationData data = ((Assertion) response).data();
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
    ServerProperty server = server(rp, data.getCollectedClientData());
    try {
      engine()
          .manager()
          .verify(
              data,
              new AuthenticationParameters(
                  server, record, List.of(B64D.decode(p.credentialId())), uvRequired(rp), true));
    } catch (MaliciousCounterValueException e) {
      throw new RejectedInputException(
          PasskeyErrors.PASSKEY_COUNTER_REGRESSED,
          "the passkey's signature counter went backwards; the authenticator may be cloned");
    } catch (VerificationException e) {
      throw rejected(e, rp);
    }
    AuthenticatorData<?> ad = data.getAuthenticatorData();
    return new Verified(ad.getSignCount(), ad.isFlagBS(), ad.isFlagUV());
  }

  private static ServerProperty server(RelyingParty rp, CollectedClientData cd) {
    // The challenge expected is the one the response carries: the action token the core found by
    // its keyed hash is what proves it was issued for this ceremony.
    Set<Origin> origins =
        rp.origins().stream().map(Origin::new).collect(Collectors.toUnmodifiableSet());
    return ServerProperty.builder()
        .origins(origins)
        .rpId(rp.id())
        .challenge(new DefaultChallenge(cd.getChallenge().getValue()))
        .build();
  }

  private static boolean uvRequired(RelyingParty rp) {
    return rp.userVerification() == UserVerification.REQUIRED;
  }

  private static String b64(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  private static RejectedInputException malformed(@Nullable Throwable cause) {
    return new RejectedInputException(
        PasskeyErrors.INVALID_PASSKEY_RESPONSE,
        "the passkey response is not a WebAuthn credential",
        cause);
  }

  private static RejectedInputException rejected(VerificationException e, RelyingParty rp) {
    if (e instanceof BadChallengeException) {
      return new RejectedInputException(
          ErrorCode.INVALID_CHALLENGE, "the passkey response answers another challenge", e);
    }
    // The caller learns only that the passkey was refused; the operator learns why, with the
    // relying party's configured id and origins, so a misconfigured origin or RP id shows in the
    // log. Nothing of the account or the credential is logged.
    LOG.info(
        "Refused a passkey response: {} (configured RP id {}, origins {})",
        reason(e),
        rp.id(),
        rp.origins().stream().sorted().toList());
    return new RejectedInputException(
        PasskeyErrors.PASSKEY_REJECTED, "the passkey response failed verification", e);
  }

  /** The kind of failure, from webauthn4j's exception type: "bad origin", "bad rp id", ... */
  static String reason(VerificationException e) {
    return e.getClass()
        .getSimpleName()
        .replaceAll("Exception$", "")
        .replaceAll("([a-z])([A-Z])", "$1 $2")
        .toLowerCase(Locale.ROOT);
  }
}
