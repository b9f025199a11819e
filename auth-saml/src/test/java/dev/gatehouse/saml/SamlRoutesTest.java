package dev.gatehouse.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.module.Answer;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.Request;
import dev.gatehouse.core.session.SignInResult;
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

  /** The provider's form post as the browser sends it: the response, and the browser's cookies. */
  private static Request post(
      String response, Map<String, String> path, Map<String, String> cookies) {
    return new Request(
        Map.of("SAMLResponse", response, "RelayState", ""),
        path,
        Map.of(),
        Optional.empty(),
        SamlWorld.client(),
        cookies);
  }

  @Test
  void theRoutesServeTheMetadataStartTheSignInAndSignInAtTheAcs() {
    SamlWorld w = new SamlWorld(STORES, SamlStores.MEMORY, false, false);
    Map<String, String> org = Map.of("organization", w.org.id().toString());
    String hal = "hal@" + w.domain;

    Answer metadata = call(w, "GET", "/saml/{organization}/metadata/", request(Map.of(), org));
    Answer started = call(w, "POST", "/saml/start/", request(Map.of("email", hal), Map.of()));
    String requestId = (String) ((Map<?, ?>) started.body()).get("request_id");
    String response = SamlWorld.IDP.response(w.spec(hal, requestId, s -> {}));
    Answer signedIn =
        call(
            w,
            "POST",
            "/saml/{organization}/acs/",
            post(response, org, Map.of(SamlSignIn.REQUEST_COOKIE, requestId)));

    assertThat((String) ((Map<?, ?>) metadata.body()).get("metadata")).contains(w.acs());
    assertThat((String) ((Map<?, ?>) started.body()).get("redirect_url"))
        .startsWith(TestIdp.SSO_URL + "?SAMLRequest=");
    assertThat(new Saml().manifest().routes())
        .filteredOn(r -> r.path().equals("/saml/{organization}/acs/"))
        .singleElement()
        .extracting(ModuleRoute::reads)
        .isEqualTo(ModuleRoute.Reads.FORM);
    assertThat(signedIn.signIn()).isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void aResponsePostedIntoABrowserWithoutTheRequestsCookieSignsNobodyIn() {
    // Login CSRF: the attacker's own response, posted by the attacker's page into a victim's
    // browser, which never started that sign-in.
    SamlWorld w = new SamlWorld(STORES, SamlStores.MEMORY, false, false);
    Map<String, String> org = Map.of("organization", w.org.id().toString());
    String eve = "eve@" + w.domain;
    Answer started = call(w, "POST", "/saml/start/", request(Map.of("email", eve), Map.of()));
    String requestId = (String) ((Map<?, ?>) started.body()).get("request_id");
    String response = SamlWorld.IDP.response(w.spec(eve, requestId, s -> {}));

    assertThatThrownBy(
            () -> call(w, "POST", "/saml/{organization}/acs/", post(response, org, Map.of())))
        .isInstanceOf(AuthException.class)
        .extracting(e -> ((AuthException) e).code())
        .isEqualTo(SamlErrors.SAML_RESPONSE_INVALID.code());
    assertThat(w.accountExists(eve)).isFalse();
  }
}
