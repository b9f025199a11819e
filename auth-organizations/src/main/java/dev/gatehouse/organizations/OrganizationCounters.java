package dev.gatehouse.organizations;

import dev.gatehouse.core.signin.Counters;
import java.time.Duration;

/**
 * The limits of organisations' sign-ins, declared in the module's manifest ({@link
 * Organizations#manifest()}) so that they join the one counter catalogue; their maximums are
 * settings of {@link OrganizationSettings}.
 */
public final class OrganizationCounters {
  private OrganizationCounters() {}

  /**
   * Organisation sign-ins started from a client network (hash of the network): each may make the
   * server call an organisation's provider.
   */
  public static final Counters NETWORK_ORGANIZATION_SIGN_IN =
      Counters.limit(
          "net:organization-sign-in",
          OrganizationSettings.ORGANIZATION_SIGN_IN_MAX_PER_IP,
          Duration.ofHours(1),
          null);

  /** Sign-ins started with one organisation's provider (the organisation's id). */
  public static final Counters ORGANIZATION_SIGN_IN =
      Counters.limit(
          "organization-sign-in",
          OrganizationSettings.ORGANIZATION_SIGN_IN_MAX_PER_ORGANIZATION,
          Duration.ofHours(1),
          null);
}
