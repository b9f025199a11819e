package dev.gatehouse.core.config;

import java.util.List;

/**
 * The settings of phone numbers: the default region and the regions accepted or refused. Each is
 * read with {@link GatehouseConfig#get(Setting)} and set like every other setting (its key, its
 * {@code GATEHOUSE_*} variable, or {@link GatehouseConfig.Builder#set(Setting, Object)}); {@link
 * GatehouseConfig#settings()} lists them all.
 */
public final class PhoneSettings {
  private PhoneSettings() {}

  /** Region used to read numbers typed without a country code (ISO 3166 alpha-2). */
  public static final Setting<String> PHONE_DEFAULT_REGION =
      Setting.ofString(
          "gatehouse.phone.default-region",
          "US",
          ValueShapes::region,
          "must be an ISO 3166 alpha-2 region code");

  /** If not empty, only numbers of these regions are accepted. */
  public static final Setting<List<String>> PHONE_ALLOWED_REGIONS =
      Setting.ofList(
          "gatehouse.phone.allowed-regions",
          List.of(),
          ValueShapes::regions,
          "must be a comma-separated list of region codes");

  /**
   * Whether phone numbers of a possible length outside libphonenumber's known ranges are accepted
   * on every phone input (login codes, sign-up, phone change), as imported with the importer's
   * lenient phone mode. Off by default: only valid numbers.
   */
  public static final Setting<Boolean> PHONE_ACCEPT_POSSIBLE_NUMBERS =
      Setting.ofBoolean("gatehouse.phone.accept-possible-numbers", false);

  /** Numbers of these regions are refused. */
  public static final Setting<List<String>> PHONE_DENIED_REGIONS =
      Setting.ofList(
          "gatehouse.phone.denied-regions",
          List.of(),
          ValueShapes::regions,
          "must be a comma-separated list of region codes");
}
