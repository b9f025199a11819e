package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.basic;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.authorizationserver.ProviderFlowTest.Browser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may introspect and revoke (issue 93, finding 6), tried as an outsider would: a public
 * client's id is public, so naming it — with {@code grant_type=refresh_token}, or with a code and
 * verifier of the outsider's own sign-in — must not open introspection, which needs a confidential
 * client's secret. A public client revokes its own tokens by its id alone (RFC 7009), never another
 * client's. On the JVM's shared host (H2).
 */
class ClientAuthenticationTest {
  private static ProviderHost host;

  /** The shared host, with the flow test's account and public client {@code spa}. */
  @RegisterExtension
  static final BeforeAllCallback HOST =
      context -> {
        ProviderFlowTest.HOST.beforeAll(context);
        host = ProviderFlowTest.host;
      };

  /** A form POSTed to {@code path}, with an {@code Authorization} header unless it is null. */
  static HttpResponse<String> post(String path, Map<String, String> form, String authorization)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(ProviderFlowTest.host.base() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(ProviderFlowTest.form(form)));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return new Browser().http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> with(Map<String, String> form, String... more) {
    Map<String, String> all = new LinkedHashMap<>(form);
    for (int i = 0; i < more.length; i += 2) {
      all.put(more[i], more[i + 1]);
    }
    return all;
  }

  private static String confidentialClient() {
    String id = "partner-" + UUID.randomUUID().toString().substring(0, 8);
    return id
        + ":"
        + host.clients()
            .register(
                new OpenIdClient(
                    id,
                    "Partner",
                    OpenIdClient.Kind.CONFIDENTIAL,
                    false,
                    List.of("https://partner.example.test/cb"),
                    List.of(),
                    Set.of("openid")))
            .secret();
  }

  @Test
  void aPublicClientsIdOpensNoIntrospectionWhateverElseComesWithIt() throws Exception {
    Map<String, Object> victim = ProviderFlowTest.signedInTokens(ProviderFlowTest.user);
    // The outsider's own sign-in at the same public client: a code and its verifier.
    Browser outsider = new Browser();
    String verifier = "o".repeat(43);
    String code = ProviderFlowTest.code(outsider, verifier);

    for (String token : List.of("access_token", "refresh_token")) {
      Map<String, String> asked = Map.of("token", (String) victim.get(token));
      for (Map<String, String> attempt :
          List.of(
              with(asked, "client_id", "spa", "grant_type", "refresh_token"),
              with(asked, "client_id", "spa"),
              with(
                  asked,
                  "client_id",
                  "spa",
                  "grant_type",
                  "authorization_code",
                  "code",
                  code,
                  "code_verifier",
                  verifier,
                  "redirect_uri",
                  "https://rp.example.test/callback"))) {
        HttpResponse<String> answer = post("/oauth2/introspect", attempt, null);
        assertThat(answer.statusCode()).as(attempt + " " + answer.body()).isIn(400, 401);
        assertThat(answer.body()).doesNotContain("\"active\"").doesNotContain("ada@");
      }
    }
    // The outsider's code was not spent by the attempts: its own exchange still works.
    assertThat(ProviderFlowTest.codeExchange(outsider, code, verifier).statusCode()).isEqualTo(200);
  }

  @Test
  void aConfidentialClientIntrospectsWithItsSecret() throws Exception {
    Map<String, Object> tokens = ProviderFlowTest.signedInTokens(ProviderFlowTest.user);
    String[] partner = confidentialClient().split(":", 2);
    HttpResponse<String> wrong =
        post(
            "/oauth2/introspect",
            Map.of("token", (String) tokens.get("access_token")),
            basic(partner[0], "guessed"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> answer =
        post(
            "/oauth2/introspect",
            Map.of("token", (String) tokens.get("access_token")),
            basic(partner[0], partner[1]));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(json(answer)).containsEntry("active", true).containsEntry("client_id", "spa");
    // The access token's scope is one string (RFC 9068), and introspection answers it as one.
    assertThat(Set.of(((String) json(answer).get("scope")).split(" ")))
        .containsExactlyInAnyOrder("openid", "email", "profile");
  }

  @Test
  void aPublicClientRevokesItsOwnTokensByItsIdAloneAndNoOneElses() throws Exception {
    host.clients()
        .register(
            new OpenIdClient(
                "other-spa-" + UUID.randomUUID().toString().substring(0, 8),
                "Other",
                OpenIdClient.Kind.PUBLIC,
                true,
                List.of("https://other.example.test/cb"),
                List.of(),
                Set.of("openid")));
    String other =
        host.clients().list().stream()
            .map(OpenIdClient::clientId)
            .filter(i -> i.startsWith("other-spa-"))
            .findFirst()
            .orElseThrow();
    Map<String, Object> tokens = ProviderFlowTest.signedInTokens(ProviderFlowTest.user);
    String refresh = (String) tokens.get("refresh_token");

    // Another public client's id, bare or with the refresh trick: the token stays.
    for (Map<String, String> attempt :
        List.of(
            Map.of("token", refresh, "client_id", other),
            Map.of("token", refresh, "client_id", other, "grant_type", "refresh_token"),
            Map.of("token", refresh, "client_id", "nobody"))) {
      HttpResponse<String> refused = post("/oauth2/revoke", attempt, null);
      assertThat(refused.statusCode()).as(attempt + " " + refused.body()).isIn(400, 401);
    }
    HttpResponse<String> rotated = ProviderFlowTest.refresh(refresh);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    refresh = (String) json(rotated).get("refresh_token");

    // Its own client, by its id alone: revoked, the refresh grant refuses it.
    HttpResponse<String> revoked =
        post("/oauth2/revoke", Map.of("token", refresh, "client_id", "spa"), null);
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(ProviderFlowTest.refresh(refresh).statusCode()).isEqualTo(400);
  }
}
