package dev.gatehouse.organizations;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;
import java.time.Duration;
import java.util.List;

/**
 * The settings of organisations' invitations and providers ({@code auth-organizations}). Each is
 * read with {@link GatehouseConfig#get(Setting)} and set like every other setting; {@link
 * GatehouseConfig#settings()} lists them all.
 */
public final class OrganizationSettings implements ModuleSettings {
  /** For {@link java.util.ServiceLoader}, which finds the module's settings; not for hosts. */
  public OrganizationSettings() {}

  @Override
  public String module() {
    return "organizations";
  }

  /** How long an invitation to an organisation may be accepted (a resend starts it again). */
  public static final Setting<Duration> INVITATION_TTL =
      Setting.ofDuration(
          "gatehouse.organizations.invitation-ttl",
          Duration.ofDays(7),
          Duration.ofHours(1),
          Duration.ofDays(30));

  /**
   * The invitation's link, relative to {@link GatehouseConfig#FRONTEND_URL}, with the {@code
   * {token}} placeholder of {@link dev.gatehouse.core.config.AccountSettings#CONFIRMATION_LINK}.
   */
  public static final Setting<String> INVITATION_LINK =
      Setting.ofLinkTemplate(
          "gatehouse.links.organization-invitation", "/organizations/invitation?token={token}");

  /**
   * Origins ({@code https://login.example.com}, separated by commas) an organisation's OpenID
   * Connect provider may name endpoints at besides its issuer's own origin. Empty by default: the
   * discovery document's {@code authorization_endpoint}, {@code token_endpoint} and {@code
   * jwks_uri} must share the issuer's scheme, host and port, or the sign-in is refused before any
   * request to them. A provider whose endpoints live elsewhere (Google's) is listed here by the
   * host.
   */
  public static final Setting<List<String>> PROVIDER_ENDPOINT_ORIGINS =
      Setting.ofList(
          "gatehouse.organizations.provider-endpoint-origins",
          List.of(),
          l -> l.stream().allMatch(o -> OidcSso.origin(o) != null),
          "must list origins such as https://login.example.com (scheme, host and port only),"
              + " separated by commas");

  /**
   * Organisation sign-ins one client network may start per hour ({@code auth-organizations}): each
   * may make the server call the organisation's identity provider.
   */
  public static final Setting<Integer> ORGANIZATION_SIGN_IN_MAX_PER_IP =
      Setting.ofInt("gatehouse.throttle.organization-sign-in.per-ip-hourly", 20, 1, 100000);

  /**
   * Sign-ins that may be started per hour with one organisation's identity provider, from every
   * network together ({@code auth-organizations}).
   */
  public static final Setting<Integer> ORGANIZATION_SIGN_IN_MAX_PER_ORGANIZATION =
      Setting.ofInt(
          "gatehouse.throttle.organization-sign-in.per-organization-hourly", 1000, 1, 10000000);
}
