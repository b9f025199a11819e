package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.REDIRECT;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.basic;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.json;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.location;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.spring.authorizationserver.ProviderFlowTest.Browser;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Discovery tells the truth (issue 97, item 2): read as a relying party reads it, every client
 * authentication method and grant it advertises is used and works, and each one Spring
 * Authorization Server knows but the provider does not advertise is tried, as an attacker would,
 * and refused; the scopes and claims listed are those served, a host's {@link OpenIdClaims}
 * included, and every claim an ID token or userinfo answers is listed. On the JVM's shared host
 * (H2).
 */
class DiscoveryTest {
  private static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private static ProviderHost host;

  /** The shared host, with the flow test's account and public client {@code spa}. */
  @RegisterExtension
  static final BeforeAllCallback HOST =
      context -> {
        ProviderFlowTest.HOST.beforeAll(context);
        host = ProviderFlowTest.host;
      };

  @SuppressWarnings("unchecked")
  private static List<String> listed(String member) throws Exception {
    return (List<String>) json(new Browser().get("/.well-known/openid-configuration")).get(member);
  }

  private static HttpResponse<String> token(Map<String, String> form, String authorization)
      throws Exception {
    return ClientAuthenticationTest.post("/oauth2/token", form, authorization);
  }

  /** A service client of its own: its id and its secret. */
  private static String[] service() {
    String id = "svc-" + UUID.randomUUID().toString().substring(0, 8);
    String secret =
        host.clients()
            .register(
                new OpenIdClient(
                    id,
                    "Service",
                    OpenIdClient.Kind.SERVICE,
                    true,
                    List.of(),
                    List.of(),
                    Set.of("reports.read")))
            .secret();
    return new String[] {id, secret};
  }

  private static String assertion(String clientId, JWSHeader header, SignedJWTSigner signer)
      throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            header,
            new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(host.base() + "/oauth2/token")
                .jwtID(UUID.randomUUID().toString())
                .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                .build());
    signer.sign(jwt);
    return jwt.serialize();
  }

  @FunctionalInterface
  private interface SignedJWTSigner {
    void sign(SignedJWT jwt) throws Exception;
  }

  @Test
  void everyAdvertisedClientAuthenticationMethodWorksAndNoOtherIsAccepted() throws Exception {
    List<String> methods = listed("token_endpoint_auth_methods_supported");
    assertThat(methods)
        .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post", "none");
    String[] svc = service();
    Map<String, String> credentials =
        Map.of("grant_type", "client_credentials", "scope", "reports.read");
    for (String method : methods) {
      HttpResponse<String> answer =
          switch (method) {
            case "client_secret_basic" -> token(credentials, basic(svc[0], svc[1]));
            case "client_secret_post" -> {
              Map<String, String> form = new LinkedHashMap<>(credentials);
              form.put("client_id", svc[0]);
              form.put("client_secret", svc[1]);
              yield token(form, null);
            }
            case "none" -> {
              // The public client's code exchange: its client_id and PKCE verifier alone.
              Browser browser = new Browser();
              String verifier = "n".repeat(43);
              yield ProviderFlowTest.codeExchange(
                  browser, ProviderFlowTest.code(browser, verifier), verifier);
            }
            default -> throw new AssertionError("advertised and not tried: " + method);
          };
      assertThat(answer.statusCode()).as(method + ": " + answer.body()).isEqualTo(200);
    }
    // The introspection endpoint is a secret holder's (no "none"), revocation also a public
    // client's by its id.
    assertThat(listed("introspection_endpoint_auth_methods_supported"))
        .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post");
    assertThat(listed("revocation_endpoint_auth_methods_supported"))
        .containsExactlyInAnyOrderElementsOf(methods);

    // What Spring Authorization Server knows and the provider does not advertise: refused, even
    // with the client's own secret as the MAC key.
    String secretJwt =
        assertion(
            svc[0],
            new JWSHeader(JWSAlgorithm.HS256),
            jwt -> jwt.sign(new MACSigner(svc[1].getBytes(StandardCharsets.UTF_8))));
    String privateKeyJwt =
        assertion(
            svc[0],
            new JWSHeader(JWSAlgorithm.RS256),
            jwt -> jwt.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate())));
    for (String refused : List.of(secretJwt, privateKeyJwt)) {
      Map<String, String> form = new LinkedHashMap<>(credentials);
      form.put("client_id", svc[0]);
      form.put("client_assertion_type", ASSERTION_TYPE);
      form.put("client_assertion", refused);
      HttpResponse<String> answer = token(form, null);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
      assertThat(answer.body()).contains("invalid_client").doesNotContain("access_token");
    }
    // tls_client_auth and self_signed_tls_client_auth: the client_id with no certificate (and no
    // TLS here) is a confidential client without its secret.
    Map<String, String> idOnly = new LinkedHashMap<>(credentials);
    idOnly.put("client_id", svc[0]);
    HttpResponse<String> answer = token(idOnly, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
    assertThat(methods)
        .doesNotContain(
            "client_secret_jwt",
            "private_key_jwt",
            "tls_client_auth",
            "self_signed_tls_client_auth");
  }

  @Test
  void everyAdvertisedGrantWorksAndNoOtherIsAccepted() throws Exception {
    List<String> grants = listed("grant_types_supported");
    assertThat(grants)
        .containsExactlyInAnyOrder("authorization_code", "refresh_token", "client_credentials");
    String[] svc = service();
    Map<String, Object> signedIn = ProviderFlowTest.signedInTokens(ProviderFlowTest.user);
    for (String grant : grants) {
      HttpResponse<String> answer =
          switch (grant) {
            case "authorization_code" -> {
              Browser browser = new Browser();
              String verifier = "g".repeat(43);
              yield ProviderFlowTest.codeExchange(
                  browser, ProviderFlowTest.code(browser, verifier), verifier);
            }
            case "refresh_token" -> ProviderFlowTest.refresh(signedIn.get("refresh_token"));
            case "client_credentials" ->
                token(
                    Map.of("grant_type", "client_credentials", "scope", "reports.read"),
                    basic(svc[0], svc[1]));
            default -> throw new AssertionError("advertised and not tried: " + grant);
          };
      assertThat(answer.statusCode()).as(grant + ": " + answer.body()).isEqualTo(200);
    }

    // Grants Spring Authorization Server knows, not advertised: refused to a client with a
    // secret and to the public client, whatever comes with them.
    String accessToken = (String) signedIn.get("access_token");
    List<Map<String, String>> unadvertised =
        List.of(
            Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", accessToken,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
            Map.of(
                "grant_type",
                "urn:ietf:params:oauth:grant-type:device_code",
                "device_code",
                "guessed"),
            Map.of(
                "grant_type",
                "password",
                "username",
                ProviderFlowTest.user,
                "password",
                ProviderHost.PASSWORD),
            Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion", "x"));
    for (Map<String, String> form : unadvertised) {
      for (String authorization : List.of(basic(svc[0], svc[1]), "")) {
        Map<String, String> asked = new LinkedHashMap<>(form);
        if (authorization.isEmpty()) {
          asked.put("client_id", "spa");
        }
        HttpResponse<String> answer = token(asked, authorization.isEmpty() ? null : authorization);
        assertThat(answer.statusCode()).as(asked + ": " + answer.body()).isIn(400, 401);
        assertThat(answer.body()).doesNotContain("access_token");
      }
      assertThat(grants).doesNotContain(form.get("grant_type"));
    }
    // No device authorization is offered: nothing advertises it and nothing answers one; nor
    // tokens bound to a TLS certificate or a DPoP key, which nothing here checks.
    assertThat(json(new Browser().get("/.well-known/openid-configuration")))
        .doesNotContainKeys(
            "device_authorization_endpoint",
            "tls_client_certificate_bound_access_tokens",
            "dpop_signing_alg_values_supported");
    HttpResponse<String> device =
        new Browser()
            .post("/oauth2/device_authorization", Map.of("client_id", "spa", "scope", "openid"));
    assertThat(device.statusCode()).as(device.body()).isNotEqualTo(200);
    assertThat(device.body()).doesNotContain("user_code");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theScopesAndClaimsListedAreThoseServedAndEveryClaimAnsweredIsListed() throws Exception {
    List<String> scopes = listed("scopes_supported");
    // The standard scopes served, the organisations' (auth-organizations on this host) and the
    // host's own (ProviderHost's OpenIdClaims: plan).
    assertThat(scopes)
        .containsExactlyInAnyOrder("openid", "email", "phone", "profile", "organizations", "plan");
    List<String> claims = listed("claims_supported");
    assertThat(claims).contains("sub", "iss", "aud", "exp", "iat", "auth_time", "sid", "amr");
    assertThat(claims).contains("email", "email_verified", "name", "plan", "plan_for");
    assertThat(claims).doesNotHaveDuplicates();
    assertThat(listed("id_token_signing_alg_values_supported"))
        .containsExactlyElementsOf(
            com.nimbusds.jose.jwk.JWKSet.parse(host.gatehouse().publicJwks()).getKeys().stream()
                .map(k -> k.getAlgorithm().getName())
                .distinct()
                .toList());
    assertThat(json(new Browser().get("/.well-known/openid-configuration")))
        .containsEntry("backchannel_logout_supported", true)
        .containsEntry("backchannel_logout_session_supported", true);

    // A client that asks for every scope listed: each claim its ID token and userinfo carry is
    // listed.
    String clientId = "disco-" + UUID.randomUUID().toString().substring(0, 8);
    host.clients()
        .register(
            new OpenIdClient(
                clientId,
                "Discovery",
                OpenIdClient.Kind.PUBLIC,
                true,
                List.of(REDIRECT),
                List.of(),
                Set.copyOf(scopes)));
    String verifier = "s".repeat(43);
    Browser browser = new Browser();
    String url =
        ProviderFlowTest.authorizeUrl(verifier, REDIRECT, clientId)
            .replace("scope=openid+email+profile", "scope=" + String.join("+", scopes));
    assertThat(location(browser.get(url))).endsWith("/login/");
    browser.signIn();
    String redirect =
        location(browser.get(ProviderFlowTest.continueTo(browser.get("/signed-in/"))));
    assertThat(redirect).startsWith(REDIRECT + "?code=");
    String code = redirect.substring(redirect.indexOf("code=") + 5);
    Map<String, Object> tokens =
        ProviderFlowTest.exchange(
            browser, code.substring(0, code.indexOf('&')), verifier, clientId);
    JWTClaimsSet id = ProviderFlowTest.verified((String) tokens.get("id_token"));
    assertThat(id.getClaims()).containsKey("plan");
    assertThat(claims).containsAll(id.getClaims().keySet());
    HttpResponse<String> info = ProviderFlowTest.userinfo(tokens.get("access_token"));
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(json(info)).containsKeys("email", "plan");
    assertThat(claims).containsAll(json(info).keySet());
  }
}
