package com.example.apikeys;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;

/**
 * The settings of sign-in by API key, found through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.gatehouse.core.config.ModuleSettings}) and set like Gatehouse's own:
 * by key in {@code application.yml}, by its {@code GATEHOUSE_*} variable, or with {@link
 * GatehouseConfig.Builder#set(Setting, Object)}.
 */
public final class ApiKeySettings implements ModuleSettings {
  /** For {@link java.util.ServiceLoader}; not for hosts. */
  public ApiKeySettings() {}

  @Override
  public String module() {
    return ApiKeys.NAME;
  }

  /**
   * How many wrong keys one client network may present in an hour before every sign-in by key from
   * it is refused ({@code rate_limited}) until the hour ends. Right keys do not count: an automated
   * client signing in all day never reaches it.
   */
  public static final Setting<Integer> MAX_WRONG_PER_IP =
      Setting.ofInt("gatehouse.api-keys.max-wrong-per-ip", 20, 1, 10_000);

  /**
   * How many keys one account may hold; a create beyond it is refused ({@code api_key_quota},
   * audited). Checked under the account's lock, so two creates at once cannot both pass it.
   */
  public static final Setting<Integer> MAX_PER_ACCOUNT =
      Setting.ofInt("gatehouse.api-keys.max-per-account", 10, 1, 1_000);
}
