package dev.gatehouse.spring.authorizationserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The issuer names the provider in every token: production does not guess it from a request. */
class ProviderIssuerTest {
  /** The shared host's organisation issuers off: one issuer, which the setting names. */
  private static final String ONE_ISSUER = "provider-host.organization-issuers";

  @Test
  void inProductionTheProviderRefusesToStartWithoutAnIssuerAndNamesTheSetting() {
    assertThatThrownBy(
            () ->
                ProviderHost.start(
                        DatabaseKind.H2,
                        Map.of(
                            "gatehouse.environment",
                            "production",
                            "gatehouse.frontend-url",
                            "https://app.example.com",
                            "gatehouse.jwt.hs256-secret",
                            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                            "gatehouse.jwt.kid",
                            "k1",
                            // The shared host's development-only exemption, refused here.
                            "gatehouse.throttle.development.exempt-loopback",
                            "false",
                            ONE_ISSUER,
                            "false"))
                    .close())
        .hasStackTraceContaining("gatehouse.openid-provider.issuer is required in production");
  }

  @Test
  void theIssuerSetInTheHostsPropertiesIsTheOneDiscoveryAndTheTokensName() throws Exception {
    try (ProviderHost host =
        ProviderHost.start(
            DatabaseKind.H2,
            Map.of(
                "gatehouse.openid-provider.issuer",
                "https://accounts.example.test",
                ONE_ISSUER,
                "false"))) {
      HttpResponse<String> discovery =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(host.base() + "/.well-known/openid-configuration"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(JSONObjectUtils.parse(discovery.body()))
          .containsEntry("issuer", "https://accounts.example.test");
    }
  }
}
