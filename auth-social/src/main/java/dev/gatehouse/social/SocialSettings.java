package dev.gatehouse.social;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of social sign-in. Each is read with {@link GatehouseConfig#get(Setting)} and set
 * like every other setting (its key, its {@code GATEHOUSE_*} variable, or {@link
 * GatehouseConfig.Builder#set(Setting, Object)}); {@link GatehouseConfig#settings()} lists them
 * all.
 */
public final class SocialSettings implements ModuleSettings {
  /** For {@link java.util.ServiceLoader}, which finds the module's settings; not for hosts. */
  public SocialSettings() {}

  @Override
  public String module() {
    return "social";
  }

  /** The provider tokens' storage and the hand-off act only in the installed module. */
  @Override
  public List<Setting<?>> needModule() {
    return List.of(SOCIAL_STORE_PROVIDER_TOKENS, SOCIAL_HANDOFF_URL);
  }

  @Override
  public List<String> problems(GatehouseConfig c) {
    List<String> problems = new ArrayList<>();
    if (c.get(SOCIAL_STORE_PROVIDER_TOKENS) && c.get(SOCIAL_TOKEN_KEY) == null) {
      problems.add(
          SOCIAL_TOKEN_KEY.key()
              + " is required when "
              + SOCIAL_STORE_PROVIDER_TOKENS.key()
              + " is on");
    }
    if (c.production() && c.get(SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS)) {
      problems.add(
          SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS.key()
              + " is for development only; in production providers are reached over https at"
              + " public addresses (or the networks of "
              + SOCIAL_PROVIDER_INTERNAL_NETWORKS.key()
              + ")");
    }
    return problems;
  }

  /** Whether a first sign-in with a provider identity that matches no account creates one. */
  public static final Setting<Boolean> SOCIAL_SIGNUP_ALLOWED =
      Setting.ofBoolean("gatehouse.social.signup-allowed", true);

  /**
   * Whether a first sign-in links to the existing account with the same email. Only ever when the
   * provider asserts the email as verified and the account's email is verified too; otherwise the
   * sign-in answers "link required" and the user proves the account first.
   */
  public static final Setting<Boolean> SOCIAL_LINK_BY_EMAIL =
      Setting.ofBoolean("gatehouse.social.link-by-email", true);

  /**
   * Where the HTTP contract hands a browser's social sign-in to a single-page application: when
   * set, the callback redirects there with a one-time code in the fragment ({@code #code=...}, or
   * {@code #error=...}) instead of answering the tokens as JSON, and the application exchanges the
   * code with its PKCE verifier at {@code POST /auth/login/social/exchange/}. Unset (the default),
   * the callback answers JSON.
   */
  public static final Setting<URI> SOCIAL_HANDOFF_URL =
      Setting.ofUri("gatehouse.social.handoff-url", null);

  /**
   * How long a sign-in started at a provider (its {@code state}) and a "link required" answer stay
   * usable.
   */
  public static final Setting<Duration> SOCIAL_STATE_TTL =
      Setting.ofDuration(
          "gatehouse.social.state-ttl",
          Duration.ofMinutes(10),
          Duration.ofMinutes(1),
          Duration.ofHours(1));

  /**
   * Whether the provider's access and refresh tokens are kept with the linked identity (sealed with
   * AES-GCM under {@code gatehouse.social.token-key}); off by default: they are dropped.
   */
  public static final Setting<Boolean> SOCIAL_STORE_PROVIDER_TOKENS =
      Setting.ofBoolean("gatehouse.social.store-provider-tokens", false);

  /**
   * The key (at least 32 characters) the provider tokens are sealed under; required when {@code
   * gatehouse.social.store-provider-tokens} is on.
   */
  public static final Setting<String> SOCIAL_TOKEN_KEY =
      Setting.ofSecret("gatehouse.social.token-key", 32);

  /**
   * Keys that {@code gatehouse.social.token-key} replaced, newest first, separated by commas:
   * provider tokens sealed under them still open, while only the current key seals.
   */
  public static final Setting<List<String>> SOCIAL_PREVIOUS_TOKEN_KEYS =
      Setting.ofSecretList("gatehouse.social.previous-token-keys", 32);

  /**
   * Development and tests only (refused in production mode): identity providers on a loopback
   * address ({@code 127.0.0.0/8}, {@code ::1}) are reached, over plain {@code http} too. Off by
   * default: a request to a provider goes to an {@code https} address that resolves to public
   * addresses only. Applies to the social providers and to organisations' providers ({@code
   * auth-organizations}).
   */
  public static final Setting<Boolean> SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS =
      Setting.ofBoolean("gatehouse.social.development.loopback-providers", false);

  /**
   * Networks of the host's own (in CIDR notation, such as {@code 10.20.0.0/16}, separated by
   * commas) where identity providers may be reached over {@code https} although their addresses are
   * private, link-local, loopback or otherwise not public. Empty by default: a provider whose name
   * resolves to such an address, the cloud metadata service {@code 169.254.169.254} included, is
   * refused before any connection. Applies to the social providers and to organisations' providers.
   */
  public static final Setting<List<String>> SOCIAL_PROVIDER_INTERNAL_NETWORKS =
      Setting.ofList(
          "gatehouse.social.provider-internal-networks",
          List.of(),
          l -> l.stream().allMatch(ProviderAddresses::isNetwork),
          "must list networks in CIDR notation such as 10.20.0.0/16, separated by commas");
}
