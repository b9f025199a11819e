package dev.gatehouse.spring.authorizationserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.AuthStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clients' staff routes ({@code /auth/openid-clients}) over HTTP: an account that is not staff
 * is refused every route ({@code forbidden}, audited) and changes nothing; bad input is refused
 * with a typed code and changes nothing; staff register, change, replace a secret (the old one
 * stops working at the token endpoint) and remove, each audited. On the JVM's shared host (H2);
 * {@link ProviderTablesOnEveryDatabaseTest} runs {@link #staffRoutes} on PostgreSQL and MariaDB.
 */
class ClientRoutesTest {
  static ProviderHost host;

  @RegisterExtension
  static final BeforeAllCallback HOST = (ExtensionContext c) -> host = ProviderHost.shared(c);

  @Test
  void onlyStaffManageClientsAndBadInputChangesNothing() throws Exception {
    staffRoutes(host);
  }

  static void staffRoutes(ProviderHost host) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String plain = host.signedIn("plain-" + suffix + "@example.test", false);
    String staffEmail = "staff-" + suffix + "@example.test";
    String staff = host.signedIn(staffEmail, true);
    String id = "svc-" + suffix;
    String body =
        """
        {"client_id":"%s","name":"Reports","kind":"SERVICE","first_party":true,
         "redirect_uris":[],"scopes":["reports.read"]}"""
            .formatted(id);
    String path = "/auth/openid-clients/" + id;

    // Not staff: refused everywhere, nothing registered, changed or removed.
    assertRefused(call(host, "GET", "/auth/openid-clients", plain, null), 403, "forbidden");
    assertRefused(call(host, "POST", "/auth/openid-clients", plain, body), 403, "forbidden");
    assertThat(host.clients().find(id)).isEmpty();

    HttpResponse<String> registered = call(host, "POST", "/auth/openid-clients", staff, body);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    Map<String, Object> client = JSONObjectUtils.parse(registered.body());
    String secret = (String) client.get("client_secret");
    assertThat(secret).isNotBlank();
    assertThat(serviceToken(host, id, secret).statusCode()).isEqualTo(200);
    OpenIdClient before = host.clients().find(id).orElseThrow();

    assertRefused(call(host, "PATCH", path, plain, "{\"name\":\"Taken\"}"), 403, "forbidden");
    assertRefused(call(host, "POST", path + "/secret", plain, null), 403, "forbidden");
    assertRefused(call(host, "DELETE", path, plain, null), 403, "forbidden");
    assertThat(host.clients().find(id)).contains(before);
    assertThat(serviceToken(host, id, secret).statusCode()).isEqualTo(200);

    // Bad input: a typed refusal, nothing changed.
    for (String bad :
        List.of(
            body.replace("\"SERVICE\"", "\"ROOT\""),
            body.replace("\"name\":\"Reports\",", ""),
            body.replace("\"client_id\":\"" + id + "\"", "\"client_id\":\"no spaces\""),
            body.replace("\"redirect_uris\":[]", "\"redirect_uris\":[\"https://x.test/#f\"]"),
            body.replace("\"scopes\":[\"reports.read\"]", "\"scopes\":\"reports.read\""))) {
      assertRefused(
          call(host, "POST", "/auth/openid-clients", staff, bad), 400, "invalid_openid_client");
    }
    assertRefused(
        call(host, "POST", "/auth/openid-clients", staff, body), 409, "openid_client_exists");
    assertRefused(
        call(host, "PATCH", path, staff, "{\"kind\":\"PUBLIC\"}"), 400, "invalid_openid_client");
    assertRefused(
        call(host, "PATCH", path, staff, "{\"name\":\"\",\"scopes\":[\"a b\"]}"),
        400,
        "invalid_openid_client");
    assertRefused(
        call(host, "PATCH", "/auth/openid-clients/nobody-" + suffix, staff, "{\"name\":\"X\"}"),
        404,
        "openid_client_not_found");
    assertThat(host.clients().find(id)).contains(before);

    HttpResponse<String> changed =
        call(host, "PATCH", path, staff, "{\"name\":\"Reports v2\",\"scopes\":[\"reports\"]}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(host.clients().find(id).orElseThrow().name()).isEqualTo("Reports v2");
    assertThat(host.clients().find(id).orElseThrow().scopes()).containsExactly("reports");

    HttpResponse<String> replaced = call(host, "POST", path + "/secret", staff, null);
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    String newSecret = (String) JSONObjectUtils.parse(replaced.body()).get("client_secret");
    assertThat(serviceToken(host, id, secret).statusCode()).isEqualTo(401);
    assertThat(serviceToken(host, id, newSecret).statusCode()).isEqualTo(200);

    String spa = "spa-" + suffix;
    host.clients()
        .register(
            new OpenIdClient(
                spa,
                "SPA",
                OpenIdClient.Kind.PUBLIC,
                true,
                List.of("https://spa.example.test/cb"),
                List.of(),
                java.util.Set.of("openid")));
    assertRefused(
        call(host, "POST", "/auth/openid-clients/" + spa + "/secret", staff, null),
        400,
        "invalid_openid_client");

    assertThat(call(host, "DELETE", path, staff, null).statusCode()).isEqualTo(204);
    assertThat(host.clients().find(id)).isEmpty();
    assertThat(serviceToken(host, id, newSecret).statusCode()).isEqualTo(401);
    assertRefused(call(host, "DELETE", path, staff, null), 404, "openid_client_not_found");

    UUID staffId =
        host.bean(AuthStore.class)
            .inTransaction(tx -> tx.users().findByEmail(staffEmail))
            .orElseThrow()
            .publicId();
    List<String> methods =
        host.gatehouse().audit().forUser(staffId, 50).stream().map(AuditEntry::method).toList();
    assertThat(methods)
        .contains(
            "openid_client_registered",
            "openid_client_changed",
            "openid_client_secret_replaced",
            "openid_client_removed");
    assertThat(
            host.gatehouse().audit().forUser(staffId, 50).stream()
                .filter(e -> "openid_client_registered".equals(e.method())))
        .hasSize(1)
        .allSatisfy(e -> assertThat(e.detail()).endsWith(": " + id));
  }

  static void assertRefused(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(JSONObjectUtils.parse(response.body()).get("code")).isEqualTo(code);
  }

  static HttpResponse<String> call(
      ProviderHost host, String method, String path, String token, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(host.base() + path))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (json == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A service's client-credentials request at the token endpoint, its secret in Basic. */
  static HttpResponse<String> serviceToken(ProviderHost host, String id, String secret)
      throws Exception {
    String basic =
        Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(host.base() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
