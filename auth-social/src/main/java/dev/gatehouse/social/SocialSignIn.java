package dev.gatehouse.social;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleTemplate;
import java.util.List;

/**
 * The social sign-in module: sign-in, sign-up and linking with the providers it is given, a sign-in
 * method on the core's sign-in SPI. The Spring Boot starter installs it with the host's {@link
 * SocialProvider} beans and Spring Security's client registrations; a host without Spring installs
 * it with one call. Providers need a social-account entity in the store ({@code
 * EntityClasses.builder().socialAccount(...)}); without one, {@link Gatehouse.Builder#build()}
 * fails saying so.
 *
 * <pre>{@code
 * Gatehouse gatehouse =
 *     Gatehouse.builder(config, store)
 *         .install(new SocialSignIn(GoogleProvider.builder(clientId, clientSecret).build()))
 *         .build();
 * SocialService social = gatehouse.feature(SocialService.class);
 * }</pre>
 */
public final class SocialSignIn implements GatehouseModule {
  /**
   * The notice that a social identity was linked to the account ({@code social_linked}), by email
   * or SMS; a host translates or replaces it under its name.
   */
  public static final ModuleTemplate SOCIAL_LINKED =
      new ModuleTemplate(
          "social_linked",
          "A sign-in was linked to your {app} account",
          "An account at another provider was just linked to your {app} account and can now sign"
              + " in to it.\n\n"
              + "If this was you, there is nothing to do. If it was not, secure your account now.\n\n"
              + "{app}\n",
          "A sign-in at another provider was linked to your {app} account. If this was not you,"
              + " change your password.");

  private final List<SocialProvider> providers;

  /**
   * A module with these providers (none: the service answers {@code unknown_provider} to every
   * provider, while a host may still sign in with identities it verified itself).
   *
   * @param providers the providers, each with an id of its own
   */
  public SocialSignIn(SocialProvider... providers) {
    this(List.of(providers));
  }

  /**
   * A module with these providers.
   *
   * @param providers the providers, each with an id of its own
   */
  public SocialSignIn(List<? extends SocialProvider> providers) {
    this.providers = List.copyOf(requireNonNull(providers, "providers"));
  }

  /** {@return {@code social}, the name the module installs under} */
  @Override
  public String name() {
    return "social";
  }

  /** {@return what the module brings: its own error codes, counters and templates} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(name())
        .errorCodes(
            SocialErrors.INVALID_CODE_CHALLENGE,
            SocialErrors.INVALID_GRANT,
            SocialErrors.UNSUPPORTED_FLOW,
            SocialErrors.INVALID_LINK_TOKEN,
            SocialErrors.LAST_SIGN_IN_METHOD,
            SocialErrors.SOCIAL_SIGNUP_DISABLED,
            SocialErrors.SOCIAL_ACCOUNT_NOT_FOUND,
            SocialErrors.SOCIAL_ACCOUNT_TAKEN,
            SocialErrors.PROVIDER_ALREADY_LINKED,
            SocialErrors.SOCIAL_PROVIDER_UNAVAILABLE,
            SocialErrors.SOCIAL_NOT_CONFIGURED)
        .counters(SocialCounters.SOCIAL_STATE, SocialCounters.SOCIAL_TOKEN)
        .templates(SOCIAL_LINKED)
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(SocialService.class, context -> new DefaultSocialService(context, providers));
  }
}
