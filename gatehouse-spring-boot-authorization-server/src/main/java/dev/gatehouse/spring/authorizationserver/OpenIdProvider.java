package dev.gatehouse.spring.authorizationserver;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.session.ModuleMail;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gatehouse as the OpenID provider of a team's other applications: the module's tables (the
 * registered clients, the authorizations and the consents) and its clients' Java API ({@link
 * OpenIdClients}). Found on the class path by the Spring Boot auto-configuration, which serves the
 * protocol with Spring Authorization Server ({@link OpenIdProviderAutoConfiguration}); the host's
 * Liquibase changelog includes the module's ({@value #CHANGELOG}) after Gatehouse's.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store).install(new OpenIdProvider()).build();
 * OpenIdClients clients = gatehouse.feature(OpenIdClients.class);
 * }</pre>
 */
public final class OpenIdProvider implements GatehouseModule {
  /** The module's name, in its manifest and build errors. */
  public static final String NAME = "openid-provider";

  /**
   * Classpath location of the module's changelog, to {@code <include>} from a host's after the
   * library's: the clients ({@code gh_op_client}), authorizations ({@code gh_op_authorization}),
   * the refresh tokens a rotation retired ({@code gh_op_refresh_used}) and consents ({@code
   * gh_op_consent}); since issue 97 also the clients' back-channel logout URIs.
   */
  public static final String CHANGELOG =
      "dev/gatehouse/spring/authorizationserver/changelog/gatehouse-openid-provider.changelog.xml";

  private final boolean organizationIssuers;

  /** A module ready to install, with one issuer (the root). */
  public OpenIdProvider() {
    this(false);
  }

  private OpenIdProvider(boolean organizationIssuers) {
    this.organizationIssuers = organizationIssuers;
  }

  /**
   * The same module, with each organisation of {@code auth-organizations} an issuer of its own at
   * {@code {base}/o/{slug}} beside the root issuer: what an organisation's issuer issues is for its
   * members only and carries the claim {@code org}. A Spring Boot host declares it as a bean, which
   * is installed in place of the module found on the class path; it needs {@code
   * auth-organizations} installed, and {@code gatehouse.openid-provider.issuer} unset (the issuers
   * come from the request's address).
   *
   * <pre>{@code
   * @Bean
   * GatehouseModule openIdProvider() {
   *   return new OpenIdProvider().organizationIssuers();
   * }
   * }</pre>
   *
   * @return the module
   */
  public OpenIdProvider organizationIssuers() {
    return new OpenIdProvider(true);
  }

  /** {@return {@value #NAME}, the name the module installs under} */
  @Override
  public String name() {
    return NAME;
  }

  /** {@return what the module brings: its tables, error codes, event and staff routes} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(NAME)
        .errorCodes(
            OpenIdProviderErrors.OPENID_CLIENT_NOT_FOUND,
            OpenIdProviderErrors.INVALID_OPENID_CLIENT,
            OpenIdProviderErrors.OPENID_CLIENT_EXISTS)
        .events(OpenIdClientChanged.class)
        .routes(ClientRoutes.ROUTES.toArray(ModuleRoute<?>[]::new))
        .changelog(
            CHANGELOG,
            ProviderStore.CLIENTS,
            ProviderStore.AUTHORIZATIONS,
            ProviderStore.RETIRED_REFRESH,
            ProviderStore.CONSENTS)
        .build();
  }

  /**
   * The module's options, for the auto-configuration.
   *
   * @param organizationIssuers whether each organisation is an issuer of its own
   */
  record Options(boolean organizationIssuers) {}

  @Override
  public void installInto(Gatehouse.Builder builder) {
    // One store for the three features: the features are built in the order they were added.
    AtomicReference<ProviderStore> built = new AtomicReference<>();
    AtomicReference<BackchannelLogout> logout = new AtomicReference<>();
    builder.feature(
        OpenIdClients.class,
        context -> {
          ProviderStore store = new ProviderStore(context);
          built.set(store);
          // Told of every end of a Gatehouse session, in its transaction; delivers after commit.
          BackchannelLogout ends =
              new BackchannelLogout(store, context.capability(ModuleMail.class), context.clock());
          context.hook(ends);
          logout.set(ends);
          return store;
        });
    // The protocol's side (the auto-configuration's stores) asks for the tables by their own type.
    builder.feature(ProviderStore.class, context -> built.get());
    builder.feature(BackchannelLogout.class, context -> logout.get());
    builder.feature(OpenIdClientAdmin.class, context -> new StaffClients(context, built.get()));
    builder.feature(Options.class, context -> new Options(organizationIssuers));
  }
}
