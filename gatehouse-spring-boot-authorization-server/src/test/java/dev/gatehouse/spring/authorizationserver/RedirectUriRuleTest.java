package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.spring.authorizationserver.ClientRoutesTest.assertRefused;
import static dev.gatehouse.spring.authorizationserver.ClientRoutesTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where a client may send the browser (issue 93, finding 8): staff, or the host's code, try to
 * register or change a client with a {@code javascript:}, {@code data:}, wildcard or other unsafe
 * redirect or post-logout redirect URI; each path refuses it with a typed error and writes nothing.
 * A URI kept from before the rule is never used. On the JVM's shared host (H2).
 */
class RedirectUriRuleTest {
  private static ProviderHost host;

  @RegisterExtension
  static final BeforeAllCallback HOST =
      (ExtensionContext c) -> {
        host = ProviderHost.shared(c);
        ProviderFlowTest.host = host; // its browser's host: the same shared one
      };

  /** What an attacker with a staff account, or a careless one, would try. */
  static final List<String> REFUSED =
      List.of(
          "javascript:alert(document.domain)",
          "JavaScript://rp.example.test/%0Aalert(1)",
          "data:text/html,<script>alert(1)</script>",
          "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
          "file:///etc/passwd",
          "vbscript:msgbox(1)",
          "blob:https://rp.example.test/0b6f7a4e",
          "https://*.example.test/callback",
          "https://rp.example.test/*",
          "*",
          "https://rp.example.test/callback#fragment",
          "http://rp.example.test/callback",
          "http://127.0.0.1.evil.test/callback",
          "https://rp.example.test@evil.test/callback",
          "myapp:/callback",
          "/relative/callback",
          "https:///no-host");

  static final List<String> ALLOWED =
      List.of(
          "https://rp.example.test/callback",
          "https://rp.example.test:8443/cb?tenant=a",
          "http://127.0.0.1:53682/callback",
          "http://[::1]:8080/cb",
          "http://localhost/cb",
          "com.example.app:/oauth2redirect/provider");

  private static OpenIdClient client(String id, List<String> redirects, List<String> logouts) {
    return new OpenIdClient(
        id, "Rule " + id, OpenIdClient.Kind.PUBLIC, true, redirects, logouts, Set.of("openid"));
  }

  @Test
  void theHostsCodeCannotRegisterOrChangeAClientWithAnUnsafeRedirectUri() {
    String id = "rule-host-" + UUID.randomUUID().toString().substring(0, 8);
    for (String bad : REFUSED) {
      assertThatThrownBy(() -> host.clients().register(client(id, List.of(bad), List.of())))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("redirect URI");
      assertThatThrownBy(
              () ->
                  host.clients()
                      .register(
                          client(id, List.of("https://rp.example.test/callback"), List.of(bad))))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(host.clients().find(id)).as(bad).isEmpty();
    }
    for (String good : ALLOWED) {
      String each = id + "-" + Math.abs(good.hashCode());
      host.clients().register(client(each, List.of(good), List.of(good)));
      assertThat(host.clients().find(each).orElseThrow().redirectUris()).containsExactly(good);
    }
  }

  @Test
  void staffCannotRegisterOrChangeAClientWithAnUnsafeRedirectUriAndNothingIsWritten()
      throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String staff = host.signedIn("rule-staff-" + suffix + "@example.test", true);
    String id = "rule-" + suffix;
    String body =
        """
        {"client_id":"%s","name":"Rule","kind":"PUBLIC","first_party":false,
         "redirect_uris":[%s],"post_logout_redirect_uris":[%s],"scopes":["openid"]}""";
    String good = "\"https://rp.example.test/callback\"";
    for (String bad : REFUSED) {
      String quoted = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(Map.of("u", bad));
      String json = quoted.substring(quoted.indexOf(':') + 1, quoted.length() - 1);
      assertRefused(
          call(host, "POST", "/auth/openid-clients", staff, body.formatted(id, json, "")),
          400,
          "invalid_openid_client");
      assertRefused(
          call(host, "POST", "/auth/openid-clients", staff, body.formatted(id, good, json)),
          400,
          "invalid_openid_client");
      assertThat(host.clients().find(id)).as(bad).isEmpty();
    }

    assertThat(
            call(host, "POST", "/auth/openid-clients", staff, body.formatted(id, good, ""))
                .statusCode())
        .isEqualTo(201);
    OpenIdClient before = host.clients().find(id).orElseThrow();
    for (String bad : REFUSED) {
      String quoted = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(Map.of("u", bad));
      String json = quoted.substring(quoted.indexOf(':') + 1, quoted.length() - 1);
      assertRefused(
          call(
              host,
              "PATCH",
              "/auth/openid-clients/" + id,
              staff,
              "{\"redirect_uris\":[" + good + "," + json + "]}"),
          400,
          "invalid_openid_client");
      assertRefused(
          call(
              host,
              "PATCH",
              "/auth/openid-clients/" + id,
              staff,
              "{\"post_logout_redirect_uris\":[" + json + "]}"),
          400,
          "invalid_openid_client");
    }
    assertThat(host.clients().find(id)).contains(before);
  }

  @Test
  void aRedirectUriKeptFromBeforeTheRuleIsNeverUsed() throws Exception {
    String id = "rule-kept-" + UUID.randomUUID().toString().substring(0, 8);
    host.clients().register(client(id, List.of("https://rp.example.test/callback"), List.of()));
    // Written before the rule existed: straight into the table, as an older version allowed.
    ProviderStore store = host.gatehouse().feature(ProviderStore.class);
    store.inTransaction(
        tx ->
            ProviderStore.rows(tx, ProviderStore.CLIENTS)
                .update(
                    Map.of("client_id", id),
                    Map.of(
                        "redirect_uris",
                        "https://rp.example.test/callback javascript:alert(1)",
                        "logout_uris",
                        "data:text/html,x")));
    OpenIdClient read = host.clients().find(id).orElseThrow();
    assertThat(read.redirectUris()).containsExactly("https://rp.example.test/callback");
    assertThat(read.postLogoutRedirectUris()).isEmpty();
    assertThat(host.clients().list()).extracting(OpenIdClient::clientId).contains(id);

    ProviderFlowTest.Browser browser = new ProviderFlowTest.Browser();
    browser.signIn(host.confirmedAccount(id + "@example.test"));
    var refused =
        browser.get(
            "/oauth2/authorize?"
                + ProviderFlowTest.form(
                    Map.of(
                        "response_type", "code",
                        "client_id", id,
                        "redirect_uri", "javascript:alert(1)",
                        "scope", "openid",
                        "code_challenge", ProviderFlowTest.challenge("k".repeat(43)),
                        "code_challenge_method", "S256")));
    // Shown on the pages' error page, never sent to the redirect URI (AuthorizationErrorsTest).
    assertThat(ProviderFlowTest.location(refused)).endsWith("/oauth2/error/?error=redirect_uri");
  }
}
