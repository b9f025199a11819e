package dev.gatehouse.core.config;

import java.util.List;

/**
 * The settings of profiles: pictures, how many an account may have, their roles. Each is read with
 * {@link GatehouseConfig#get(Setting)} and set like every other setting (its key, its {@code
 * GATEHOUSE_*} variable, or {@link GatehouseConfig.Builder#set(Setting, Object)}); {@link
 * GatehouseConfig#settings()} lists them all.
 */
public final class ProfileSettings {
  private ProfileSettings() {}

  /**
   * The largest profile picture accepted, in bytes (jb-drf-auth's {@code
   * PROFILE_PICTURE_MAX_BYTES}, 1 MiB); a larger one is refused, not re-encoded.
   */
  public static final Setting<Integer> PROFILE_PICTURE_MAX_BYTES =
      Setting.ofInt("gatehouse.profile.picture-max-bytes", 1024 * 1024, 1024, 10 * 1024 * 1024);

  /**
   * The most profiles one account may have; creating one more is refused ({@code
   * too_many_profiles}). A bound on what one signed-in client can make the database hold, not a
   * product rule: set it to what the application needs.
   */
  public static final Setting<Integer> PROFILE_MAX_PER_USER =
      Setting.ofInt("gatehouse.profile.max-per-user", 50, 1, 10_000);

  /** The roles a profile may have. */
  public static final Setting<List<String>> PROFILE_ROLES =
      Setting.ofList(
          "gatehouse.profile.roles",
          List.of("client"),
          l -> !l.isEmpty() && l.stream().allMatch(r -> r.length() <= 50),
          "must list at least one role of at most 50 characters");

  /** The role of the profile created at registration; must be one of {@link #PROFILE_ROLES}. */
  public static final Setting<String> DEFAULT_PROFILE_ROLE =
      Setting.ofString(
          "gatehouse.profile.default-role", "client", s -> !s.isBlank(), "must not be blank");
}
