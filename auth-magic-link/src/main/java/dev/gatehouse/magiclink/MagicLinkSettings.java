package dev.gatehouse.magiclink;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;
import java.time.Duration;
import java.util.List;

/**
 * The settings of sign-in by emailed link. Each is read with {@link GatehouseConfig#get(Setting)}
 * and set like every other setting (its key, its {@code GATEHOUSE_*} variable, or {@link
 * GatehouseConfig.Builder#set(Setting, Object)}); {@link GatehouseConfig#settings()} lists them
 * all.
 */
public final class MagicLinkSettings implements ModuleSettings {
  /** For {@link java.util.ServiceLoader}, which finds the module's settings; not for hosts. */
  public MagicLinkSettings() {}

  @Override
  public String module() {
    return "magic-link";
  }

  /** Sign-in by link is the installed module's: turned on without it, the build fails. */
  @Override
  public List<Setting<?>> needModule() {
    return List.of(MAGIC_LINK_ENABLED);
  }

  /**
   * Whether accounts may sign in with an emailed link (and its code); off unless a host turns it
   * on, so a new way in never appears in an application that did not ask for it.
   */
  public static final Setting<Boolean> MAGIC_LINK_ENABLED =
      Setting.ofBoolean("gatehouse.magic-link.enabled", false);

  /** How long a sign-in link and its code work. */
  public static final Setting<Duration> MAGIC_LINK_TTL =
      Setting.ofDuration(
          "gatehouse.magic-link.ttl",
          Duration.ofMinutes(15),
          Duration.ofMinutes(2),
          Duration.ofHours(1));

  /** Whether a sign-in link to an address without an account creates the account on its use. */
  public static final Setting<Boolean> MAGIC_LINK_SIGNUP_ALLOWED =
      Setting.ofBoolean("gatehouse.magic-link.signup-allowed", false);

  /**
   * The sign-in link, relative to {@link GatehouseConfig#FRONTEND_URL}, with the {@code {token}}
   * placeholder of {@link dev.gatehouse.core.config.AccountSettings#CONFIRMATION_LINK}.
   */
  public static final Setting<String> MAGIC_LINK =
      Setting.ofLinkTemplate("gatehouse.links.magic-link", "/magic-link?token={token}");
}
