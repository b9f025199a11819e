package dev.gatehouse.saml;

import dev.gatehouse.core.signin.Counters;
import java.time.Duration;

/**
 * The limit of {@code auth-saml}, declared in its manifest ({@link Saml#manifest()}) so that it
 * joins the one counter catalogue; its maximum is a setting of {@link SamlSettings}. The starts are
 * counted by the organisations' own limits, as an OpenID Connect start is.
 */
public final class SamlCounters {
  private SamlCounters() {}

  /**
   * Identity providers' responses posted from a client network (hash of the network): each costs
   * the server an XML parse and signature checks, so a network that posts many is stopped before.
   */
  public static final Counters NETWORK_SAML_RESPONSE =
      Counters.limit(
          "net:saml-response", SamlSettings.RESPONSE_MAX_PER_IP, Duration.ofHours(1), null);
}
