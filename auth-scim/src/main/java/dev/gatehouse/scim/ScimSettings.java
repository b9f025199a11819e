package dev.gatehouse.scim;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;

/**
 * The settings of {@code auth-scim}. Each is read with {@link GatehouseConfig#get(Setting)} and set
 * like every other setting; {@link GatehouseConfig#settings()} lists them all.
 */
public final class ScimSettings implements ModuleSettings {
  /** For {@link java.util.ServiceLoader}, which finds the module's settings; not for hosts. */
  public ScimSettings() {}

  @Override
  public String module() {
    return Scim.NAME;
  }

  /**
   * SCIM requests one client network may make per minute, with a token or without one (a wrong
   * token costs the same as a right one): a directory's full sync stays under it, a token guesser
   * does not.
   */
  public static final Setting<Integer> REQUESTS_PER_IP =
      Setting.ofInt("gatehouse.throttle.scim.per-ip-per-minute", 1200, 1, 1_000_000);

  /** SCIM requests one organisation's directory token may make per minute. */
  public static final Setting<Integer> REQUESTS_PER_TOKEN =
      Setting.ofInt("gatehouse.throttle.scim.per-token-per-minute", 1200, 1, 1_000_000);

  /** The most resources one list answers ({@code count} above it is cut to it). */
  public static final Setting<Integer> MAX_RESULTS =
      Setting.ofInt("gatehouse.scim.max-results", 200, 1, 1_000);
}
