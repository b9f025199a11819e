package dev.gatehouse.spring.boot;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.token.SigningKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code gatehouse.*} properties of a Spring Boot host.
 *
 * <p>Every setting of {@link GatehouseConfig} is read from the Spring {@code Environment} under its
 * own key, with Spring's relaxed binding ({@code gatehouse.otp.length} in {@code application.yml},
 * {@code GATEHOUSE_OTP_LENGTH} in the environment); see {@link GatehouseConfig#settings()} for the
 * list (the IDE completes them from the generated configuration metadata). An unknown {@code
 * gatehouse.*} key fails the start-up, naming the key, as {@link
 * GatehouseConfig#fromProperties(java.util.Map)} does.
 *
 * <p>This class holds the keys the starter adds on top of those settings:
 *
 * <pre>{@code
 * gatehouse:
 *   environment: production
 *   secret-key: ${GATEHOUSE_SECRET_KEY}
 *   frontend-url: https://app.example.com
 *   jwt:
 *     jwks: ${GATEHOUSE_JWT_JWKS}       # or hs256-secret + kid, or private-key-pem + alg + kid
 *   cleanup:
 *     interval: 1h                      # enabled: false turns the scheduled cleanup off
 * }</pre>
 *
 * <p>Mutable JavaBean, bound once at start-up by Spring; not thread-safe while being bound. {@link
 * #toString()} never prints key material.
 */
@ConfigurationProperties("gatehouse")
public class GatehouseProperties {
  private final Jwt jwt = new Jwt();
  private final Cleanup cleanup = new Cleanup();
  private final Templates templates = new Templates();
  private final Social social = new Social();

  /**
   * The host's own {@code GATEHOUSE_*} environment variables (names, or prefixes ending in {@code
   * _}) that Gatehouse does not warn about as unknown, e.g. {@code GATEHOUSE_DB_}.
   */
  private List<String> hostVariables = new ArrayList<>();

  /** Creates the properties with their defaults (no keys, cleanup every hour). */
  public GatehouseProperties() {}

  /** {@return the access-token signing keys} */
  public Jwt getJwt() {
    return jwt;
  }

  /** {@return the scheduled cleanup} */
  public Cleanup getCleanup() {
    return cleanup;
  }

  /**
   * {@return the host's own {@code GATEHOUSE_*} environment variables (names, or prefixes ending in
   * {@code _}) that are not warned about as unknown}
   */
  public List<String> getHostVariables() {
    return hostVariables;
  }

  /**
   * @param hostVariables the host's own {@code GATEHOUSE_*} variables or prefixes
   */
  public void setHostVariables(List<String> hostVariables) {
    this.hostVariables = new ArrayList<>(hostVariables);
  }

  /** {@return where the email templates are} */
  public Templates getTemplates() {
    return templates;
  }

  /** {@return where sign-in providers come from, beside the settings of auth-social} */
  public Social getSocial() {
    return social;
  }

  @Override
  public String toString() {
    return "GatehouseProperties[jwt="
        + jwt
        + ", cleanup="
        + cleanup
        + ", templates="
        + templates.getEmailPrefix()
        + ", social.spring-registrations="
        + social.isSpringRegistrations()
        + "]";
  }

  /**
   * The access-token signing keys, under {@code gatehouse.jwt.*}: the same sources as {@link
   * SigningKeys#fromEnvironment(Map)} reads from {@code GATEHOUSE_JWT_*} variables, so exactly one
   * of {@code jwks}, {@code hs256-secret} or {@code private-key-pem} may be set. With none set,
   * development mode signs with an ephemeral key and production mode refuses to start.
   */
  public static class Jwt {
    /** A JWK Set JSON document (the current key first, or named by current-kid). */
    private String jwks;

    /** The kid of the key within jwks that signs new tokens. */
    private String currentKid;

    /** A base64 HS256 secret of at least 256 bits (with kid). */
    private String hs256Secret;

    /** A PKCS#8 PEM private key (with alg and kid). */
    private String privateKeyPem;

    /** The algorithm of private-key-pem: RS256, ES256 or EdDSA. */
    private String alg;

    /** The kid of hs256-secret or private-key-pem. */
    private String kid;

    /** Creates an empty key configuration. */
    public Jwt() {}

    /** {@return a JWK Set JSON document (current key first, or named by current-kid)} */
    public String getJwks() {
      return jwks;
    }

    /**
     * @param jwks a JWK Set JSON document (current key first, or named by current-kid)
     */
    public void setJwks(String jwks) {
      this.jwks = jwks;
    }

    /** {@return the kid of the key within jwks that signs new tokens} */
    public String getCurrentKid() {
      return currentKid;
    }

    /**
     * @param currentKid the kid of the key within jwks that signs new tokens
     */
    public void setCurrentKid(String currentKid) {
      this.currentKid = currentKid;
    }

    /** {@return a base64 HS256 secret of at least 256 bits (with kid)} */
    public String getHs256Secret() {
      return hs256Secret;
    }

    /**
     * @param hs256Secret a base64 HS256 secret of at least 256 bits (with kid)
     */
    public void setHs256Secret(String hs256Secret) {
      this.hs256Secret = hs256Secret;
    }

    /** {@return a PKCS#8 PEM private key (with alg and kid)} */
    public String getPrivateKeyPem() {
      return privateKeyPem;
    }

    /**
     * @param privateKeyPem a PKCS#8 PEM private key (with alg and kid)
     */
    public void setPrivateKeyPem(String privateKeyPem) {
      this.privateKeyPem = privateKeyPem;
    }

    /** {@return the algorithm of private-key-pem: RS256, ES256 or EdDSA} */
    public String getAlg() {
      return alg;
    }

    /**
     * @param alg the algorithm of private-key-pem: RS256, ES256 or EdDSA
     */
    public void setAlg(String alg) {
      this.alg = alg;
    }

    /** {@return the kid of hs256-secret or private-key-pem} */
    public String getKid() {
      return kid;
    }

    /**
     * @param kid the kid of hs256-secret or private-key-pem
     */
    public void setKid(String kid) {
      this.kid = kid;
    }

    /** {@return whether any key source is set} */
    boolean configured() {
      return !asEnvironment().isEmpty();
    }

    /** The values under the names {@link SigningKeys#fromEnvironment(Map)} reads. */
    Map<String, String> asEnvironment() {
      Map<String, String> env = new LinkedHashMap<>();
      put(env, SigningKeys.ENV_JWKS, jwks);
      put(env, SigningKeys.ENV_CURRENT_KID, currentKid);
      put(env, SigningKeys.ENV_HS256_SECRET, hs256Secret);
      put(env, SigningKeys.ENV_PRIVATE_KEY_PEM, privateKeyPem);
      put(env, SigningKeys.ENV_ALG, alg);
      put(env, SigningKeys.ENV_KID, kid);
      return env;
    }

    private static void put(Map<String, String> env, String name, String value) {
      if (value != null && !value.isBlank()) {
        env.put(name, value);
      }
    }

    @Override
    public String toString() {
      return "Jwt[sources=" + asEnvironment().keySet() + "]";
    }
  }

  /**
   * The scheduled cleanup, under {@code gatehouse.cleanup.*} (beside the settings {@code
   * gatehouse.cleanup.retention} and {@code gatehouse.cleanup.batch-size} of {@link
   * GatehouseConfig}).
   */
  public static class Cleanup {
    /** Whether expired codes, sessions, logs and sent outbox rows are deleted on a schedule. */
    private boolean enabled = true;

    /** The time between two cleanup runs. */
    private Duration interval = Duration.ofHours(1);

    /** Creates the defaults: enabled, every hour. */
    public Cleanup() {}

    /**
     * {@return whether expired codes, sessions, logs and sent outbox rows are deleted on a
     * schedule}
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * @param enabled whether expired codes, sessions, logs and sent outbox rows are deleted on a
     *     schedule
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** {@return the time between two cleanup runs} */
    public Duration getInterval() {
      return interval;
    }

    /**
     * @param interval the time between two cleanup runs; positive
     */
    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    @Override
    public String toString() {
      return "Cleanup[enabled=" + enabled + ", interval=" + interval + "]";
    }
  }

  /**
   * The email templates, under {@code gatehouse.templates.*}, used when Thymeleaf is on the
   * classpath (see {@link ThymeleafEmailRenderer}).
   */
  public static class Templates {
    /** Classpath folder of the Thymeleaf email templates. */
    private String emailPrefix = ThymeleafEmailRenderer.DEFAULT_PREFIX;

    /** Creates the default: {@value ThymeleafEmailRenderer#DEFAULT_PREFIX}. */
    public Templates() {}

    /** {@return the classpath folder of the Thymeleaf email templates} */
    public String getEmailPrefix() {
      return emailPrefix;
    }

    /**
     * @param emailPrefix the classpath folder of the Thymeleaf email templates
     */
    public void setEmailPrefix(String emailPrefix) {
      this.emailPrefix = emailPrefix;
    }
  }

  /**
   * Where sign-in providers come from, under {@code gatehouse.social.*} (beside the settings of
   * {@code auth-social}, such as {@code gatehouse.social.handoff-url}).
   */
  public static class Social {
    /**
     * Whether sign-in providers are made from Spring Security's
     * spring.security.oauth2.client.registration.* properties (with auth-social on the classpath).
     */
    private boolean springRegistrations = true;

    /** Creates the default: providers from Spring Security's registrations. */
    public Social() {}

    /** {@return whether sign-in providers are made from Spring Security's client registrations} */
    public boolean isSpringRegistrations() {
      return springRegistrations;
    }

    /**
     * @param springRegistrations whether sign-in providers are made from Spring Security's client
     *     registrations
     */
    public void setSpringRegistrations(boolean springRegistrations) {
      this.springRegistrations = springRegistrations;
    }
  }
}
