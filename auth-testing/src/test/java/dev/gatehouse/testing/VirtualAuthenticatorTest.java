package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The emulated authenticator's answers pass webauthn4j's own verification, a relying party other
 * than webauthn4j's wrapper in auth-passkeys, so a passkey test that passes with it proves the
 * library's ceremony and not the emulator's mistake; and its attacker settings are refused there.
 */
class VirtualAuthenticatorTest {
  private static final String ORIGIN = "https://app.example";
  private static final String RP_ID = "app.example";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final List<PublicKeyCredentialParameters> ES256 =
      List.of(
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256));

  private final WebAuthnManager relyingParty = WebAuthnManager.createNonStrictWebAuthnManager();

  @ParameterizedTest
  @ValueSource(strings = {"none", "packed"})
  void aRegistrationAndAnAssertionPassWebauthn4j(String format) {
    VirtualAuthenticator authenticator = new VirtualAuthenticator(ORIGIN, RP_ID);
    RegistrationData registered = register(authenticator, format);
    assertThat(registered.getAttestationObject().getFormat()).isEqualTo(format);

    String challenge = challenge("sign-in");
    AuthenticationData signedIn =
        verifyAssertion(registered, authenticator.assertion(challenge), challenge);
    assertThat(signedIn.getAuthenticatorData().getSignCount()).isEqualTo(authenticator.counter());
    assertThat(signedIn.getAuthenticatorData().isFlagUV()).isTrue();
  }

  @Test
  void anAssertionFromAnotherOriginIsRefused() {
    VirtualAuthenticator authenticator = new VirtualAuthenticator(ORIGIN, RP_ID);
    RegistrationData registered = register(authenticator, "none");
    String challenge = challenge("phished");
    String fromElsewhere = authenticator.origin("https://app.example.evil").assertion(challenge);
    assertThatThrownBy(() -> verifyAssertion(registered, fromElsewhere, challenge))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void anAssertionForAnotherChallengeIsRefused() {
    VirtualAuthenticator authenticator = new VirtualAuthenticator(ORIGIN, RP_ID);
    RegistrationData registered = register(authenticator, "none");
    String replayed = authenticator.assertion(challenge("an earlier ceremony"));
    assertThatThrownBy(() -> verifyAssertion(registered, replayed, challenge("this ceremony")))
        .isInstanceOf(VerificationException.class);
  }

  private RegistrationData register(VirtualAuthenticator authenticator, String format) {
    String challenge = challenge("register");
    String created =
        authenticator.register(
            challenge, B64.encodeToString("user-1".getBytes(StandardCharsets.UTF_8)), format);
    RegistrationData data = relyingParty.parseRegistrationResponseJSON(created);
    relyingParty.verify(data, new RegistrationParameters(server(challenge), ES256, true, true));
    return data;
  }

  private AuthenticationData verifyAssertion(
      RegistrationData registered, String assertion, String challenge) {
    AuthenticationData data = relyingParty.parseAuthenticationResponseJSON(assertion);
    CredentialRecordImpl record =
        new CredentialRecordImpl(
            registered.getAttestationObject(),
            registered.getCollectedClientData(),
            registered.getClientExtensions(),
            registered.getTransports());
    byte[] id =
        registered
            .getAttestationObject()
            .getAuthenticatorData()
            .getAttestedCredentialData()
            .getCredentialId();
    relyingParty.verify(
        data, new AuthenticationParameters(server(challenge), record, List.of(id), true, true));
    return data;
  }

  private static ServerProperty server(String challenge) {
    return ServerProperty.builder()
        .origins(Set.of(new Origin(ORIGIN)))
        .rpId(RP_ID)
        .challenge(new DefaultChallenge(challenge))
        .build();
  }

  private static String challenge(String label) {
    return B64.encodeToString(label.getBytes(StandardCharsets.UTF_8));
  }
}
