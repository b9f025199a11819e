package dev.gatehouse.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.social.FacebookProvider;
import dev.gatehouse.social.OidcProvider;
import dev.gatehouse.social.SocialProvider;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Which of Spring Security's client registrations become sign-in providers, and how. */
class SpringClientRegistrationsTest {
  private static final String R = "spring.security.oauth2.client.registration.";
  private static final String P = "spring.security.oauth2.client.provider.";

  private static SpringClientRegistrations read(Map<String, Object> properties, String... taken) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return new SpringClientRegistrations(env, Set.of(taken), Clock.systemUTC());
  }

  private static Map<String, Object> props(String... keysAndValues) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  @Test
  void presetsByRegistrationIdOrProviderAndAnyIssuerBecomeProvidersNamedByRegistration() {
    SpringClientRegistrations r =
        read(
            props(
                R + "google.client-id", "g",
                R + "google.client-secret", "gs",
                R + "work.provider", "google",
                R + "work.client-id", "w",
                R + "work.client-secret", "ws",
                R + "apple.client-id", "com.example.web",
                R + "apple.client-secret", "signed.jwt.secret",
                R + "facebook.client-id", "f",
                R + "facebook.client-secret", "fs",
                R + "okta.client-id", "o",
                P + "okta.issuer-uri", "https://acme.okta.example"));

    assertThat(r.providers())
        .extracting(SocialProvider::id)
        .containsExactly("apple", "facebook", "google", "okta", "work");
    assertThat(r.providers().get(1)).isInstanceOf(FacebookProvider.class);
    assertThat(r.providers()).filteredOn(p -> p instanceof OidcProvider).hasSize(4);
  }

  @Test
  void registrationsThatAreNoSignInAreLeftToSpring() {
    SpringClientRegistrations r =
        read(
            props(
                R + "github.client-id", "gh",
                R + "github.client-secret", "ghs",
                R + "reports.client-id", "rep",
                R + "reports.authorization-grant-type", "client_credentials",
                P + "reports.issuer-uri", "https://idp.example"));
    assertThat(r.providers()).isEmpty();
  }

  @Test
  void aHostBeanWithTheSameIdWins() {
    SpringClientRegistrations r =
        read(props(R + "google.client-id", "g", R + "google.client-secret", "gs"), "google");
    assertThat(r.providers()).isEmpty();
  }

  @Test
  void whatCannotWorkFailsTheStartNamingTheKey() {
    assertThatThrownBy(() -> read(props(R + "google.client-secret", "gs")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(R + "google.client-id");
    assertThatThrownBy(() -> read(props(R + "google.client-id", "g")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(R + "google.client-secret");
    assertThatThrownBy(
            () ->
                read(
                    props(
                        R + "okta.client-id", "o",
                        R + "okta.client-authentication-method", "private_key_jwt",
                        P + "okta.issuer-uri", "https://acme.okta.example")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("private_key_jwt")
        .hasMessageContaining("SocialProvider bean");
    assertThatThrownBy(
            () ->
                read(
                    props(
                        R + "fb.provider", "facebook",
                        R + "fb.client-id", "f",
                        R + "fb.client-secret", "fs")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("named facebook");
  }
}
