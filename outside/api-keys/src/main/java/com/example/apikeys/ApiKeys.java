package com.example.apikeys;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.ModuleTemplate;

/**
 * Sign-in with a static API key per account, a Gatehouse module built outside Gatehouse's
 * repository on its released jars: a signed-in account creates keys (each shown once), lists and
 * revokes them, and a client signs in with one and gets Gatehouse's token pair. Installed with one
 * call, or found by the Spring Boot starter through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store).install(new ApiKeys()).build();
 * ApiKeyService keys = gatehouse.feature(ApiKeyService.class);
 * }</pre>
 *
 * <p>Everything it brings is declared in {@link #manifest()}: its error codes, its limit and that
 * limit's setting, its mail, its table, its HTTP routes and the {@code X-API-Key} header by which a
 * key authenticates a request to the host's own routes ({@link ApiKeyCallers}). The host's
 * Liquibase changelog includes the module's ({@value KeyTable#CHANGELOG}).
 */
public final class ApiKeys implements GatehouseModule {
  /** The module's name, in its manifest, settings and build errors. */
  public static final String NAME = "api-keys";

  /** The mail to an account's owner when a key was created for it. */
  static final ModuleTemplate CREATED =
      ModuleTemplate.mail(
          "api_key_created",
          "A new API key for your {app} account",
          "An API key was just created for your {app} account. If it was not you, revoke it and"
              + " change your password.");

  /** A module ready to install. */
  public ApiKeys() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(NAME)
        .errorCodes(
            ApiKeyErrors.API_KEY_INVALID,
            ApiKeyErrors.API_KEY_NOT_FOUND,
            ApiKeyErrors.API_KEY_QUOTA,
            ApiKeyCallers.API_KEY_REFUSED)
        .counters(WrongKeys.NETWORK)
        .settings(ApiKeySettings.class)
        .templates(CREATED)
        .changelog(KeyTable.CHANGELOG, KeyTable.TABLE)
        .routes(ApiKeyRoutes.ROUTES.toArray(ModuleRoute<?>[]::new))
        .credentials(ApiKeyCallers.CREDENTIAL)
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(ApiKeyService.class, DefaultApiKeyService::new);
    builder.feature(ApiKeyCallers.class, ApiKeyCallers::new);
  }
}
