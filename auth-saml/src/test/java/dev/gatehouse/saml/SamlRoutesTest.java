package dev.gatehouse.saml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.ModuleRoute.Answer;
import dev.gatehouse.core.module.ModuleRoute.Request;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The module's routes as its manifest declares them, called as the web module calls them: the
 * metadata, the start and the assertion consumer service signing in with the provider's response.
 */
class SamlRoutesTest {
  private static final SamlStores STORES = new SamlStores();

  @AfterAll
  static void close() {
    STORES.close();
  }

  private static Answer call(SamlWorld w, String method, String path, Request request) {
    ModuleManifest manifest = new Saml().manifest();
    ModuleRoute<?> route =
        manifest.routes().stream()
            .filter(r -> r.method().equals(method) && r.path().equals(path))
            .findFirst()
            .orElseThrow();
    return route.handle(w.saml, request);
  }

  private static Request request(Map<String, Object> body, Map<String, String> path) {
    return new Request(body, path, Map.of(), Optional.empty(), SamlWorld.client());
  }

  @Test
  void theRoutesServeTheMetadataStartTheSignInAndSignInAtTheAcs() {
    SamlWorld w = new SamlWorld(STORES, SamlStores.MEMORY, false, false);
    Map<String, String> org = Map.of("organization", w.org.id().toString());
    String hal = "hal@" + w.domain;

    Answer metadata = call(w, "GET", "/saml/{organization}/metadata/", request(Map.of(), org));
    Answer started = call(w, "POST", "/saml/start/", request(Map.of("email", hal), Map.of()));
    String requestId = (String) started.body().get("request_id");
    String response = SamlWorld.IDP.response(w.spec(hal, requestId, s -> {}));
    Answer signedIn =
        call(
            w,
            "POST",
            "/saml/{organization}/acs/",
            request(Map.of("saml_response", response, "request_id", requestId), org));

    assertThat((String) metadata.body().get("metadata")).contains(w.acs());
    assertThat((String) started.body().get("redirect_url"))
        .startsWith(TestIdp.SSO_URL + "?SAMLRequest=");
    assertThat(signedIn.status()).isEqualTo(200);
    assertThat(signedIn.body()).containsKeys("access", "refresh", "user_id");
  }
}
