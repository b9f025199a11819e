package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * What the example itself adds to the library's sign-in pages (their flows are tested in headless
 * Chromium in {@code gatehouse-spring-boot-pages}, in a host that did not write them): its site
 * name over the module's texts ({@code messages*.properties}), its choice of language ({@code
 * PageSettings}: {@code ?lang=} as a cookie, else the browser's language) and its session cookie
 * ({@code application.yml}).
 */
@OneDatabase(
    "the example's texts, language and cookie over the pages; their flows are the module's")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class ExamplePagesTest {
  @Parameter DatabaseKind kind;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static RunningExample app;

  @BeforeParameterizedClassInvocation
  static void start(DatabaseKind kind) {
    app = SharedExample.on(kind);
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theExamplesNameOverTheModulesTextsInEnglishAndFrench() throws Exception {
    HttpResponse<String> english = get("/login/");
    assertThat(english.statusCode()).isEqualTo(200);
    assertThat(english.body()).contains("<title>Log in · Gatehouse example</title>");
    assertThat(english.body()).contains("lang=\"en\"");

    HttpResponse<String> french = get("/login/?lang=fr");
    assertThat(french.body()).contains("<title>Se connecter · Exemple Gatehouse</title>");
    // ?lang= is remembered in a cookie of the example's (PageSettings), for a year.
    String lang =
        french.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("lang="))
            .findFirst()
            .orElseThrow();
    assertThat(lang).startsWith("lang=fr;").contains("Max-Age=31536000").contains("HttpOnly");
    assertThat(get("/otp/request/", "Cookie", "lang=fr").body())
        .contains("Envoyez-moi un code")
        .contains("lang=\"fr\"");

    // Without the cookie, the browser's language; English for a language the pages do not have.
    assertThat(get("/otp/request/", "Accept-Language", "fr-CH, fr;q=0.9, en;q=0.8").body())
        .contains("Se connecter avec un code");
    assertThat(get("/otp/request/", "Accept-Language", "de-DE, de;q=0.9").body())
        .contains("Send me a code")
        .contains("lang=\"en\"");
  }

  @Test
  void theSessionCookieIsTheExamplesOwnSecureHttpOnlyAndLax() throws Exception {
    HttpResponse<String> form = get("/login/");
    // A page that holds a form starts a session for its CSRF token.
    String session =
        form.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("example_session="))
            .findFirst()
            .orElseThrow();
    assertThat(session).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");
    // The session travels in the cookie only, never in a URL.
    assertThat(form.body()).doesNotContain(";jsessionid=").doesNotContain("example_session=");
  }
}
