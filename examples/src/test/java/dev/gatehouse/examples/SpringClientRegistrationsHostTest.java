package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.social.SocialService;
import dev.gatehouse.social.SocialService.SocialRedirect;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;

/**
 * A host that configures its sign-in providers only through Spring Security's own properties
 * ({@code spring.security.oauth2.client.registration.*} and {@code provider.*.issuer-uri}), as for
 * Spring's {@code oauth2Login()}: Google (its issuer pointed at a local stand-in) and an OpenID
 * Connect provider of its own both sign people in, with no Gatehouse bean or property; a client
 * registration for service calls is left alone.
 */
class SpringClientRegistrationsHostTest {
  private static OidcStandIn google;
  private static OidcStandIn okta;
  private static RunningExample app;

  private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));

  /** The stand-ins sign their tokens with this clock: the host uses the same one. */
  static class SharedClock {
    @Bean
    MutableClock clock() {
      return CLOCK;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    google = new OidcStandIn(CLOCK);
    okta = new OidcStandIn(CLOCK);
    String registration = "spring.security.oauth2.client.registration.";
    String provider = "spring.security.oauth2.client.provider.";
    Map<String, String> p = new HashMap<>();
    // docs/SOCIAL.md's settings, as a host's application.yml holds them, with their variables.
    p.put(
        "spring.config.additional-location",
        "classpath:dev/gatehouse/examples/social-providers.yml");
    p.put("GOOGLE_CLIENT_ID", OidcStandIn.CLIENT_ID);
    p.put("GOOGLE_CLIENT_SECRET", OidcStandIn.CLIENT_SECRET);
    p.put("OKTA_CLIENT_ID", OidcStandIn.CLIENT_ID);
    p.put("OKTA_CLIENT_SECRET", OidcStandIn.CLIENT_SECRET);
    // Test only: the providers' issuers are the local stand-ins.
    p.put(provider + "google.issuer-uri", google.issuer);
    p.put(provider + "okta.issuer-uri", okta.issuer);
    // A client of the host's own service calls: not a sign-in provider.
    p.put(registration + "reports.client-id", "reports");
    p.put(registration + "reports.client-secret", "reports-secret");
    p.put(registration + "reports.authorization-grant-type", "client_credentials");
    p.put(provider + "reports.token-uri", "http://127.0.0.1:9/token");
    // The stand-ins serve plain http on loopback: the development setting that allows it (issue
    // 73).
    p.put("gatehouse.social.development.loopback-providers", "true");
    app = RunningExample.start(DatabaseKind.H2, p, SharedClock.class);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    for (OidcStandIn s : new OidcStandIn[] {google, okta}) {
      if (s != null) {
        s.server.stop(0);
      }
    }
  }

  @Test
  void bothProvidersOfTheSpringPropertiesSignPeopleIn() throws Exception {
    Gatehouse gatehouse = app.bean(Gatehouse.class);
    assertThat(gatehouse.feature(SocialService.class).providers())
        .containsExactlyInAnyOrder("okta", "google");

    for (Map.Entry<String, OidcStandIn> e : Map.of("google", google, "okta", okta).entrySet()) {
      OidcStandIn standIn = e.getValue();
      standIn.subject = "sub-" + UUID.randomUUID();
      standIn.email =
          e.getKey() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
      standIn.emailVerified = true;
      SocialRedirect redirect =
          gatehouse
              .feature(SocialService.class)
              .begin(e.getKey(), URI.create("http://127.0.0.1/auth/callback"));
      assertThat(redirect.authorizationUri().toString()).startsWith(standIn.issuer + "/authorize");

      Map<String, String> callback = followToCallback(redirect.authorizationUri());
      SignInResult signIn =
          gatehouse
              .feature(SocialService.class)
              .complete(
                  e.getKey(),
                  callback.get("state"),
                  callback.get("code"),
                  Map.of(),
                  ClientInfo.web("203.0.113.8"));

      assertThat(signIn).as(e.getKey()).isInstanceOf(SignInResult.SignedIn.class);
      SignInResult.SignedIn in = (SignInResult.SignedIn) signIn;
      assertThat(in.created()).isTrue();
      assertThat(gatehouse.sessions().verifyAccessToken(in.tokens().accessToken()).userPublicId())
          .isEqualTo(in.userId());
    }
    // The host's scope list for okta, with the openid Gatehouse signs in with.
    assertThat(okta.authorizations.get(0).get("scope")).isEqualTo("openid email profile");
  }

  /** The provider's answer to the authorization request: the callback's parameters. */
  private static Map<String, String> followToCallback(URI authorization) throws Exception {
    HttpResponse<Void> r =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .build()
            .send(
                HttpRequest.newBuilder(authorization).build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(302);
    URI location = URI.create(r.headers().firstValue("Location").orElseThrow());
    Map<String, String> q = new HashMap<>();
    for (String pair : location.getRawQuery().split("&")) {
      int i = pair.indexOf('=');
      q.put(pair.substring(0, i), URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
    }
    return q;
  }
}
