package dev.gatehouse.saml;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The settings of {@code auth-saml}. Each is read with {@link GatehouseConfig#get(Setting)} and set
 * like every other setting; {@link GatehouseConfig#settings()} lists them all.
 */
public final class SamlSettings implements ModuleSettings {
  /** For {@link java.util.ServiceLoader}, which finds the module's settings; not for hosts. */
  public SamlSettings() {}

  @Override
  public String module() {
    return Saml.NAME;
  }

  @Override
  public List<Setting<?>> needModule() {
    return List.of(SERVICE_PROVIDER_URL);
  }

  /**
   * The public address under which the host serves the module's routes (the contract's base path,
   * {@code https://app.example/api/auth}): an organisation's service provider is {@code
   * <this>/saml/<organisation>/metadata/} (its entity id and metadata) and receives the provider's
   * answer at {@code <this>/saml/<organisation>/acs/}. Never the request's Host. Required by the
   * module.
   */
  public static final Setting<URI> SERVICE_PROVIDER_URL =
      Setting.ofUri("gatehouse.saml.service-provider-url", null);

  /**
   * How long a sign-in started with an organisation's identity provider may be answered: the
   * request's id is remembered this long, and a response to it is accepted once within it.
   */
  public static final Setting<Duration> REQUEST_TTL =
      Setting.ofDuration(
          "gatehouse.saml.request-ttl",
          Duration.ofMinutes(10),
          Duration.ofMinutes(1),
          Duration.ofHours(1));

  /** Identity providers' responses one client network may post per hour ({@code auth-saml}). */
  public static final Setting<Integer> RESPONSE_MAX_PER_IP =
      Setting.ofInt("gatehouse.throttle.saml-response.per-ip-hourly", 60, 1, 100000);
}
