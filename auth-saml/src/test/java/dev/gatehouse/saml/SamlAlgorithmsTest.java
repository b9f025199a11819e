package dev.gatehouse.saml;

import static dev.gatehouse.saml.SamlAttacksTest.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onelogin.saml2.util.Constants;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.xml.security.encryption.XMLCipher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The module's one algorithm policy ({@link SamlAlgorithms}) on every message of a provider (issue
 * 93 finding 12): a signature or a digest below SHA-256, on an assertion, a response or a logout
 * request, and an RSA PKCS#1 v1.5 key transport, are refused with {@code saml_response_invalid} and
 * change nothing; both RSA-OAEP identifiers are accepted. On the in-memory store, H2, PostgreSQL
 * and MariaDB.
 */
class SamlAlgorithmsTest {
  private static final SamlStores STORES = new SamlStores();

  @AfterAll
  static void close() {
    STORES.close();
  }

  private static SamlWorld world(String kind) {
    return new SamlWorld(STORES, kind, false, false);
  }

  private static String address(SamlWorld w) {
    return "u" + UUID.randomUUID().toString().substring(0, 6) + "@" + w.domain;
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anAssertionSignedWithRsaSha256OverASha1DigestIsRefused(String kind) {
    SamlWorld w = world(kind);
    AuthException e = refusedWith(w, address(w), s -> s.digestAlgorithm = Constants.SHA1);
    assertThat(e.getMessage()).contains(Constants.SHA1);
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aResponseSignedOverASha1DigestIsRefusedThoughItsAssertionsSignatureIsStrong(String kind) {
    SamlWorld w = world(kind);
    AuthException e =
        refusedWith(
            w,
            address(w),
            s -> {
              s.signResponse = true;
              s.responseDigestAlgorithm = Constants.SHA1;
            });
    assertThat(e.getMessage()).contains(Constants.SHA1);
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anAssertionSignedWithRsaSha1IsRefused(String kind) {
    SamlWorld w = world(kind);
    refusedWith(w, address(w), s -> s.signatureAlgorithm = Constants.RSA_SHA1);
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anAssertionEncryptedUnderRsaPkcs1v15KeyTransportIsRefused(String kind) {
    SamlWorld w = world(kind);
    AuthException e =
        refusedWith(
            w,
            address(w),
            s -> {
              s.encryptTo = SamlWorld.SP_KEY.certificate();
              s.keyTransport = XMLCipher.RSA_v1dot5;
            });
    assertThat(e.getMessage()).contains(XMLCipher.RSA_v1dot5);
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anAssertionEncryptedUnderEitherRsaOaepSignsIn(String kind) {
    SamlWorld w = world(kind);
    for (String oaep : List.of(XMLCipher.RSA_OAEP, XMLCipher.RSA_OAEP_11)) {
      Consumer<TestIdp.Spec> encrypted =
          s -> {
            s.encryptTo = SamlWorld.SP_KEY.certificate();
            s.keyTransport = oaep;
          };
      assertThat(w.signIn(address(w), encrypted)).as(oaep).isInstanceOf(SignedIn.class);
    }
  }

  // ---- logout requests ------------------------------------------------------------------------

  private static TokenPair signedIn(SamlWorld w, String email) {
    return ((SignedIn) w.signIn(email)).tokens();
  }

  private static boolean live(SamlWorld w, TokenPair tokens) {
    try {
      w.g.gatehouse.sessions().verifyLiveAccessToken(tokens.accessToken());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Map<String, String> logout(
      SamlWorld w, String nameId, Consumer<TestIdp.Logout> change) {
    TestIdp.Logout l =
        new TestIdp.Logout(
            ServiceProvider.slo(SamlStores.SERVICE_PROVIDER, w.org.id()),
            nameId,
            w.g.clock.instant());
    l.signer = SamlWorld.IDP.key;
    change.accept(l);
    return SamlWorld.IDP.logout(l);
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aLogoutRequestSignedWithRsaSha1EndsNothing(String kind) {
    SamlWorld w = world(kind);
    String ann = address(w);
    TokenPair tokens = signedIn(w, ann);
    Map<String, String> query = logout(w, ann, l -> l.sigAlg = Constants.RSA_SHA1);

    assertThatThrownBy(() -> w.saml.logout(w.org.id(), query, SamlWorld.client()))
        .isInstanceOf(AuthException.class)
        .extracting(e -> ((AuthException) e).code())
        .isEqualTo(SamlErrors.SAML_RESPONSE_INVALID.code());
    assertThat(live(w, tokens)).isTrue();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aLogoutRequestsSubjectUnderRsaPkcs1v15KeyTransportEndsNothing(String kind) {
    SamlWorld w = world(kind);
    String bob = address(w);
    TokenPair tokens = signedIn(w, bob);
    Map<String, String> query =
        logout(
            w,
            bob,
            l -> {
              l.encryptTo = SamlWorld.SP_KEY.certificate();
              l.keyTransport = XMLCipher.RSA_v1dot5;
            });

    assertThatThrownBy(() -> w.saml.logout(w.org.id(), query, SamlWorld.client()))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining(XMLCipher.RSA_v1dot5)
        .extracting(e -> ((AuthException) e).code())
        .isEqualTo(SamlErrors.SAML_RESPONSE_INVALID.code());
    assertThat(live(w, tokens)).isTrue();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aLogoutRequestsSubjectUnderRsaOaepEndsTheSessions(String kind) {
    SamlWorld w = world(kind);
    String carol = address(w);
    TokenPair tokens = signedIn(w, carol);

    w.saml.logout(
        w.org.id(),
        logout(w, carol, l -> l.encryptTo = SamlWorld.SP_KEY.certificate()),
        SamlWorld.client());

    assertThat(live(w, tokens)).isFalse();
  }
}
