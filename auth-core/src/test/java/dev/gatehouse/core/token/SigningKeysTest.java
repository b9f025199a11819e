package dev.gatehouse.core.token;

import static dev.gatehouse.core.token.TokenFixtures.SETTINGS;
import static dev.gatehouse.core.token.TokenFixtures.T0;
import static dev.gatehouse.core.token.TokenFixtures.key;
import static dev.gatehouse.core.token.TokenFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import dev.gatehouse.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
  private final MutableClock clock = MutableClock.at(T0);

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static void roundTrip(SigningKeys signing, SigningKeys verifying) {
    String token =
        new AccessTokenIssuer(signing, SETTINGS, MutableClock.at(T0)).issue(request()).token();
    assertThat(
            new AccessTokenVerifier(verifying, SETTINGS, MutableClock.at(T0))
                .verify(token)
                .subject())
        .isEqualTo(TokenFixtures.SUBJECT);
  }

  @Test
  void anHs256SecretOf31BytesIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> TokenKey.hmac("short-one", new byte[31]))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("short-one")
        .hasMessageContaining("248 bits");
  }

  @Test
  void anHs256SecretOf31BytesFromTheEnvironmentIsRefusedAtStartUp() {
    Map<String, String> env =
        Map.of(
            SigningKeys.ENV_HS256_SECRET,
            Base64.getEncoder().encodeToString(new byte[31]),
            SigningKeys.ENV_KID,
            "env-hs");
    assertThatThrownBy(() -> SigningKeys.fromEnvironment(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("env-hs");
  }

  @Test
  void anHs256SecretFromTheEnvironmentSignsAndVerifies() {
    byte[] secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);
    SigningKeys keys =
        SigningKeys.fromEnvironment(
            Map.of(
                SigningKeys.ENV_HS256_SECRET,
                Base64.getEncoder().encodeToString(secret),
                SigningKeys.ENV_KID,
                "env-hs"));
    assertThat(keys.current().kid()).isEqualTo("env-hs");
    assertThat(keys.current().algorithm()).isEqualTo(SigningAlgorithm.HS256);
    roundTrip(
        keys,
        SigningKeys.of(
            TokenKey.hmacBase64(
                "env-hs", Base64.getUrlEncoder().withoutPadding().encodeToString(secret))));
  }

  @Test
  void theEnvironmentNeedsExactlyOneSource() {
    assertThatThrownBy(() -> SigningKeys.fromEnvironment(Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(SigningKeys.ENV_JWKS);
    assertThatThrownBy(
            () ->
                SigningKeys.fromEnvironment(
                    Map.of(SigningKeys.ENV_HS256_SECRET, "x", SigningKeys.ENV_JWKS, "{}")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("More than one");
    assertThatThrownBy(
            () ->
                SigningKeys.fromEnvironment(
                    Map.of(
                        SigningKeys.ENV_HS256_SECRET,
                        Base64.getEncoder().encodeToString(new byte[32]))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(SigningKeys.ENV_KID);
  }

  @Test
  void aJwkSetFromTheEnvironmentUsesTheNamedCurrentKey() throws Exception {
    RSAKey rsa =
        new RSAKeyGenerator(2048)
            .keyID("r1")
            .algorithm(com.nimbusds.jose.JWSAlgorithm.RS256)
            .generate();
    ECKey ec =
        new ECKeyGenerator(Curve.P_256)
            .keyID("e1")
            .algorithm(com.nimbusds.jose.JWSAlgorithm.ES256)
            .generate();
    String json = new JWKSet(List.<JWK>of(rsa, ec)).toString(false);

    SigningKeys firstSigning = SigningKeys.fromEnvironment(Map.of(SigningKeys.ENV_JWKS, json));
    assertThat(firstSigning.current().kid()).isEqualTo("r1");
    assertThat(firstSigning.previous()).extracting(TokenKey::kid).containsExactly("e1");

    SigningKeys named =
        SigningKeys.fromEnvironment(
            Map.of(SigningKeys.ENV_JWKS, json, SigningKeys.ENV_CURRENT_KID, "e1"));
    assertThat(named.current().kid()).isEqualTo("e1");
    roundTrip(
        named,
        SigningKeys.fromJwkSet(
            named
                .publicJwks()
                .replace(
                    "]",
                    ","
                        + new OctetSequenceKey.Builder(new byte[32])
                            .keyID("h")
                            .algorithm(com.nimbusds.jose.JWSAlgorithm.HS256)
                            .build()
                            .toJSONString()
                        + "]")));
  }

  @Test
  void aJwkSetWithPublicPreviousKeysVerifiesTheirTokens() throws Exception {
    SigningKeys old = SigningKeys.of(key(SigningAlgorithm.EDDSA));
    String token = new AccessTokenIssuer(old, SETTINGS, clock).issue(request()).token();
    // The public JWKS of the old ring, plus a new private key listed first, is a valid key ring.
    OctetSequenceKey hs =
        new OctetSequenceKey.Builder(new byte[32])
            .keyID("new-hs")
            .algorithm(com.nimbusds.jose.JWSAlgorithm.HS256)
            .build();
    Map<String, Object> jwks = JSONObjectUtils.parse(old.publicJwks());
    List<Object> entries = new java.util.ArrayList<>(JSONObjectUtils.getJSONArray(jwks, "keys"));
    entries.add(0, hs.toJSONObject());
    jwks.put("keys", entries);
    SigningKeys rotated = SigningKeys.fromJwkSet(JSONObjectUtils.toJSONString(jwks));

    assertThat(rotated.current().kid()).isEqualTo("new-hs");
    assertThat(new AccessTokenVerifier(rotated, SETTINGS, clock).verify(token).keyId())
        .isEqualTo("ed-1");
  }

  @Test
  void everyJwkMustCarryKidAndAlg() throws Exception {
    ECKey noKid =
        new ECKeyGenerator(Curve.P_256).algorithm(com.nimbusds.jose.JWSAlgorithm.ES256).generate();
    assertThatThrownBy(() -> SigningKeys.fromJwkSet(new JWKSet(noKid).toString(false)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("kid");
    ECKey noAlg = new ECKeyGenerator(Curve.P_256).keyID("no-alg").generate();
    assertThatThrownBy(() -> SigningKeys.fromJwkSet(new JWKSet(noAlg).toString(false)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no-alg")
        .hasMessageContaining("alg");
  }

  @Test
  void aJwkWhoseAlgDoesNotMatchItsKeyTypeIsRefused() throws Exception {
    ECKey ec =
        new ECKeyGenerator(Curve.P_256)
            .keyID("ec-as-rs")
            .algorithm(com.nimbusds.jose.JWSAlgorithm.RS256)
            .generate();
    assertThatThrownBy(() -> SigningKeys.fromJwkSet(new JWKSet(ec).toString(false)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ec-as-rs");
    ECKey p384 =
        new ECKeyGenerator(Curve.P_384)
            .keyID("p384")
            .algorithm(com.nimbusds.jose.JWSAlgorithm.ES256)
            .generate();
    assertThatThrownBy(() -> SigningKeys.fromJwkSet(new JWKSet(p384).toString(false)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("p384");
  }

  @Test
  void aJwkSetWithDuplicateKidsOrOnlyPublicKeysIsRefused() throws Exception {
    String pub = SigningKeys.of(key(SigningAlgorithm.ES256)).publicJwks();
    assertThatThrownBy(() -> SigningKeys.fromJwkSet(pub))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no private");
    ECKey a =
        new ECKeyGenerator(Curve.P_256)
            .keyID("dup")
            .algorithm(com.nimbusds.jose.JWSAlgorithm.ES256)
            .generate();
    ECKey b =
        new ECKeyGenerator(Curve.P_256)
            .keyID("dup")
            .algorithm(com.nimbusds.jose.JWSAlgorithm.ES256)
            .generate();
    assertThatThrownBy(() -> SigningKeys.fromJwkSet(new JWKSet(List.<JWK>of(a, b)).toString(false)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dup");
  }

  @Test
  void invalidJwkSetJsonIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(
            () -> SigningKeys.fromJwkSet("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"\""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining("c2VjcmV0");
  }

  @Test
  void theRfc8037Ed25519KeySignsExactlyTheRfcSignature() throws Exception {
    // RFC 8037 appendix A.1 key and A.4 signature: interop with other EdDSA implementations.
    OctetKeyPair okp =
        OctetKeyPair.parse(
            "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"rfc8037\",\"alg\":\"EdDSA\","
                + "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}");
    TokenKey key = TokenKey.fromJwk(okp);
    String input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    Base64URL sig = key.sign(new JWSHeader(com.nimbusds.jose.JWSAlgorithm.EdDSA), bytes);
    assertThat(sig.toString())
        .isEqualTo(
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
    assertThat(key.verifySignature(bytes, sig)).isTrue();
  }

  @Test
  void pkcs8PrivateKeysLoadFromPemForEachAsymmetricAlgorithm() throws Exception {
    for (Object[] c :
        new Object[][] {
          {"RSA", SigningAlgorithm.RS256},
          {"EC", SigningAlgorithm.ES256},
          {"Ed25519", SigningAlgorithm.EDDSA}
        }) {
      KeyPairGenerator g = KeyPairGenerator.getInstance((String) c[0]);
      if (c[0].equals("RSA")) {
        g.initialize(2048);
      } else if (c[0].equals("EC")) {
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      }
      KeyPair pair = g.generateKeyPair();
      SigningAlgorithm alg = (SigningAlgorithm) c[1];
      TokenKey signing =
          TokenKey.fromPem("pem-" + c[0], alg, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      TokenKey verifying =
          TokenKey.fromPem("pem-" + c[0], alg, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      assertThat(signing.canSign()).isTrue();
      assertThat(verifying.canSign()).isFalse();
      roundTrip(
          SigningKeys.of(signing),
          SigningKeys.of(TokenKey.generate("other", SigningAlgorithm.HS256), List.of(verifying)));
    }
  }

  @Test
  void aSmallRsaKeyIsRefused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    byte[] der = g.generateKeyPair().getPrivate().getEncoded();
    assertThatThrownBy(
            () -> TokenKey.fromPem("rsa-1024", SigningAlgorithm.RS256, pem("PRIVATE KEY", der)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("rsa-1024")
        .hasMessageContaining("1024 bits");
  }

  @Test
  void aPemKeyOfTheWrongTypeOrFormatIsRefused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
    byte[] p384 = g.generateKeyPair().getPublic().getEncoded();
    assertThatThrownBy(
            () -> TokenKey.fromPem("p384", SigningAlgorithm.ES256, pem("PUBLIC KEY", p384)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("P-256");
    assertThatThrownBy(
            () -> TokenKey.fromPem("ec-as-ed", SigningAlgorithm.EDDSA, pem("PUBLIC KEY", p384)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ec-as-ed");
    assertThatThrownBy(
            () ->
                TokenKey.fromPem(
                    "pkcs1", SigningAlgorithm.RS256, pem("RSA PRIVATE KEY", new byte[10])))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("pkcs8");
    assertThatThrownBy(() -> TokenKey.fromPem("none", SigningAlgorithm.RS256, "hello"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("none");
  }

  @Test
  void thePemAndEnvironmentLoaderAgree() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    KeyPair pair = g.generateKeyPair();
    SigningKeys keys =
        SigningKeys.fromEnvironment(
            Map.of(
                SigningKeys.ENV_PRIVATE_KEY_PEM, pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
                SigningKeys.ENV_ALG, "EdDSA",
                SigningKeys.ENV_KID, "env-ed"));
    roundTrip(
        keys,
        SigningKeys.of(
            TokenKey.generate("x", SigningAlgorithm.HS256),
            List.of(
                TokenKey.fromPem(
                    "env-ed",
                    SigningAlgorithm.EDDSA,
                    pem("PUBLIC KEY", pair.getPublic().getEncoded())))));
    assertThatThrownBy(
            () ->
                SigningKeys.fromEnvironment(
                    Map.of(
                        SigningKeys.ENV_PRIVATE_KEY_PEM, "x",
                        SigningKeys.ENV_ALG, "HS256",
                        SigningKeys.ENV_KID, "k")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(SigningKeys.ENV_ALG);
  }

  @Test
  void thePublicJwksHoldsNoPrivatePartsAndNoHmacKeys() throws Exception {
    SigningKeys keys =
        SigningKeys.of(
            key(SigningAlgorithm.RS256),
            List.of(
                key(SigningAlgorithm.ES256),
                key(SigningAlgorithm.EDDSA),
                key(SigningAlgorithm.HS256)));
    String json = keys.publicJwks();

    List<Object> entries = JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(json), "keys");
    assertThat(entries).hasSize(3);
    for (Object o : entries) {
      @SuppressWarnings("unchecked")
      Map<String, Object> jwk = (Map<String, Object>) o;
      assertThat(jwk).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "k", "oth");
      assertThat(jwk).containsKeys("kid", "alg", "kty").containsEntry("use", "sig");
    }
    assertThat(json).doesNotContain("hs-1");
    JWKSet parsed = JWKSet.parse(json);
    assertThat(parsed.getKeys()).extracting(JWK::getKeyID).containsExactly("rs-1", "es-1", "ed-1");
    assertThat(parsed.getKeys()).noneMatch(JWK::isPrivate);
    assertThat(parsed.getKeyByKeyId("ed-1").getAlgorithm().getName()).isEqualTo("EdDSA");
  }

  @Test
  void anEphemeralKeyRingWorksAndHidesItsMaterial() {
    SigningKeys keys = SigningKeys.ephemeral(SigningAlgorithm.ES256);
    assertThat(keys.current().kid()).startsWith("ephemeral-");
    assertThat(keys.toString()).contains(keys.current().kid()).doesNotContain("\"d\"");
    roundTrip(keys, keys);
  }

  @Test
  void theCurrentKeyMustBeAbleToSign() {
    TokenKey publicOnly = key(SigningAlgorithm.ES256).verificationOnly();
    assertThatThrownBy(() -> SigningKeys.of(publicOnly))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("es-1");
  }

  @Test
  void rotatingToAKidAlreadyInUseIsRefused() {
    SigningKeys keys =
        SigningKeys.of(key(SigningAlgorithm.ES256), List.of(key(SigningAlgorithm.RS256)));
    assertThatThrownBy(() -> keys.rotateTo(TokenKey.generate("rs-1", SigningAlgorithm.ES256)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("rs-1");
  }

  @Test
  void keyToStringNamesTheKidButNoMaterial() {
    TokenKey hs =
        TokenKey.hmac(
            "toString-key", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    assertThat(hs.toString()).contains("toString-key").doesNotContain("0123456789");
  }

  @Test
  void aJwtSignedForAnotherUseVerifiesWithThePublicKeysButIsNeverAnAccessToken() throws Exception {
    SigningKeys keys = SigningKeys.of(TokenKey.generate("op-1", SigningAlgorithm.ES256));
    assertThatThrownBy(() -> keys.signJwt(Map.of("sub", "x"), "at+jwt"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> keys.signJwt(Map.of("sub", "x"), "application/AT+JWT"))
        .isInstanceOf(IllegalArgumentException.class);
    Map<String, Object> claims =
        Map.of(
            "iss",
            SETTINGS.issuer(),
            "aud",
            SETTINGS.audience(),
            "sub",
            "00000000-0000-0000-0000-000000000001",
            "sid",
            "s",
            "iat",
            T0.getEpochSecond(),
            "exp",
            T0.getEpochSecond() + 60);
    String jwt = keys.signJwt(claims, "JWT");
    com.nimbusds.jwt.SignedJWT parsed = com.nimbusds.jwt.SignedJWT.parse(jwt);
    assertThat(parsed.getHeader().getKeyID()).isEqualTo("op-1");
    assertThat(
            parsed.verify(
                new com.nimbusds.jose.crypto.ECDSAVerifier(
                    JWKSet.parse(keys.publicJwks()).getKeys().get(0).toECKey())))
        .isTrue();
    assertThatThrownBy(() -> new AccessTokenVerifier(keys, SETTINGS, clock).verify(jwt))
        .isInstanceOf(AccessTokenVerifier.InvalidTokenException.class);
  }
}
