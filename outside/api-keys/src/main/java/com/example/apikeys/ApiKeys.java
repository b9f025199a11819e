package com.example.apikeys;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.module.ModuleManifest;

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
 */
public final class ApiKeys implements GatehouseModule {
  /** The module's name, in its manifest, settings and build errors. */
  public static final String NAME = "api-keys";

  /** A module ready to install. */
  public ApiKeys() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(NAME).settings(ApiKeySettings.class).build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(ApiKeyService.class, DefaultApiKeyService::new);
  }
}
