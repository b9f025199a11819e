package dev.gatehouse.saml;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.organizations.Organizations;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.jspecify.annotations.Nullable;

/**
 * The SAML module: organisations sign in through their SAML 2.0 identity provider ({@link
 * SamlSignIn}), with the application as each organisation's service provider, by the organisations
 * module's rules. It requires {@code auth-organizations}' module, whose sign-in it goes through
 * (installed in either order); a host creates its tables by including {@link #CHANGELOG} after the
 * organisations module's changelog, and sets {@link SamlSettings#SERVICE_PROVIDER_URL}.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store)
 *     .install(Organizations.builder().build())
 *     .install(Saml.builder().serviceProviderKey(privateKey, certificate).build())
 *     .build();
 * SamlSignIn saml = gatehouse.feature(SamlSignIn.class);
 * }</pre>
 */
public final class Saml implements GatehouseModule {
  /** The module's name. */
  public static final String NAME = "saml";

  /** Classpath location of the module's changelog, to {@code <include>} from a host's. */
  public static final String CHANGELOG =
      "dev/gatehouse/saml/changelog/gatehouse-saml.changelog.xml";

  private final ServiceProvider.@Nullable Key key;

  /**
   * The module without a key of its own (encrypted assertions refused), as the service loader
   * builds it.
   */
  public Saml() {
    this(builder());
  }

  private Saml(Builder b) {
    this.key = b.key;
  }

  /** {@return a builder} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** {@return what the module brings: its error code, limit, settings, tables and routes} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(NAME)
        .requires(Organizations.NAME)
        .errorCodes(SamlErrors.SAML_RESPONSE_INVALID)
        .counters(SamlCounters.NETWORK_SAML_RESPONSE)
        .settings(SamlSettings.class)
        .changelog(
            CHANGELOG,
            SamlTables.PROVIDER_TABLE,
            SamlTables.REQUEST_TABLE,
            SamlTables.ASSERTION_TABLE,
            SamlTables.SESSION_TABLE,
            SamlTables.LOGOUT_REQUEST_TABLE)
        .routes(SamlRoutes.ROUTES.toArray(new dev.gatehouse.core.module.ModuleRoute<?>[0]))
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(SamlSignIn.class, context -> new DefaultSamlSignIn(context, key));
  }

  /** What a {@link Saml} module is built from. Not thread-safe. */
  public static final class Builder {
    private ServiceProvider.@Nullable Key key;

    private Builder() {}

    /**
     * Sets the service provider's key: identity providers encrypt assertions to its certificate
     * (published in every organisation's service provider metadata) and the module decrypts them
     * with the private key. Without one, an encrypted assertion is refused.
     *
     * @param privateKey the RSA private key
     * @param certificate its certificate
     * @return this builder
     * @throws IllegalStateException when a key was set already
     */
    public Builder serviceProviderKey(PrivateKey privateKey, X509Certificate certificate) {
      requireNonNull(privateKey, "privateKey");
      requireNonNull(certificate, "certificate");
      if (key != null) {
        throw new IllegalStateException("serviceProviderKey was already set");
      }
      key = new ServiceProvider.Key(privateKey, certificate);
      return this;
    }

    /** {@return the module} */
    public Saml build() {
      return new Saml(this);
    }
  }
}
