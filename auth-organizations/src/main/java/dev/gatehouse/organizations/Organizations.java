package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleTemplate;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The organisations module: organisations, their members and roles, and invitations by email
 * ({@link OrganizationService}), on the core's sign-in SPI. Installed with one call; the Spring
 * Boot starter installs it (it is found through {@link java.util.ServiceLoader}) with the JDBC
 * store over the JPA store's transactions, whose tables a host creates by including {@link
 * #CHANGELOG} after the library's changelog.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store)
 *     .install(Organizations.builder()
 *         .role(new OrganizationRole("billing", Set.of(OrganizationRole.READ, "invoices.manage")))
 *         .build())
 *     .build();
 * OrganizationService orgs = gatehouse.feature(OrganizationService.class);
 * }</pre>
 */
public final class Organizations implements GatehouseModule {
  /** The module's name, as a module that requires it names it. */
  public static final String NAME = "organizations";

  /**
   * The invitation email ({@code organization_invitation}): a link to join an organisation; a host
   * translates or replaces it under its name.
   */
  public static final ModuleTemplate ORGANIZATION_INVITATION =
      ModuleTemplate.mail(
          "organization_invitation",
          "You are invited to join an organisation on {app}",
          "Open this link to join the organisation on {app}:\n\n    {link}\n\n"
              + "The link works for {minutes} minutes. If you did not ask for it, you can ignore"
              + " this email.\n\n{app}\n");

  /** Classpath location of the module's changelog, to {@code <include>} from a host's. */
  public static final String CHANGELOG =
      "dev/gatehouse/organizations/changelog/gatehouse-organizations.changelog.xml";

  /**
   * Classpath location of the module's changelog for a host that owns the organisation and
   * membership tables ({@link OrganizationStore#jdbc(Class, Class)}): the invitations, domains,
   * sign-in connections and policies only, keyed by the organisation's id without a foreign key to
   * the host's table. Included instead of {@link #CHANGELOG}, never beside it.
   */
  public static final String HOST_TABLES_CHANGELOG =
      "dev/gatehouse/organizations/changelog/gatehouse-organizations-host-tables.changelog.xml";

  private final @Nullable OrganizationStore store;
  private final Map<String, OrganizationRole> roles;
  private final DomainVerifier domainVerifier;
  private final Predicate<URI> issuers;
  private final Duration requiredDomainsRefresh;

  /**
   * The module with the built-in roles and the JDBC store ({@link OrganizationStore#jdbc()}), as
   * {@link java.util.ServiceLoader} builds it.
   */
  public Organizations() {
    this(builder());
  }

  private Organizations(Builder b) {
    this.store = b.store;
    this.roles = Map.copyOf(b.roles);
    this.domainVerifier = b.domainVerifier != null ? b.domainVerifier : DomainVerifier.dns();
    this.issuers = b.issuers != null ? b.issuers : Organizations::httpsIssuer;
    this.requiredDomainsRefresh = b.requiredDomainsRefresh;
  }

  /** The default issuers: any {@code https} URL. */
  private static boolean httpsIssuer(URI issuer) {
    return "https".equals(issuer.getScheme());
  }

  /** {@return a builder starting from the built-in roles} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** {@return what the module brings: its own error codes, counters and templates} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(name())
        .errorCodes(
            OrganizationErrors.DOMAIN_NOT_VERIFIED,
            OrganizationErrors.ORGANIZATION_POLICY,
            OrganizationErrors.ORGANIZATION_NOT_FOUND,
            OrganizationErrors.LAST_OWNER,
            OrganizationErrors.ORGANIZATION_SIGN_IN_REQUIRED)
        .counters(
            OrganizationCounters.NETWORK_ORGANIZATION_SIGN_IN,
            OrganizationCounters.ORGANIZATION_SIGN_IN)
        .templates(ORGANIZATION_INVITATION)
        .changelog(
            CHANGELOG,
            OrganizationRows.DOMAINS,
            OrganizationRows.CONNECTIONS,
            OrganizationRows.POLICIES)
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    OrganizationStore kept = store != null ? store : defaultStore();
    DefaultOrganizationService[] orgs = {null};
    builder.feature(
        OrganizationService.class,
        context -> orgs[0] = new DefaultOrganizationService(context, kept, roles));
    // Built after the service (features are built in the order they were added), whose
    // permission check and memberships they share.
    builder.feature(
        OrganizationImports.class, context -> new ImportedOrganizations(context, kept, orgs[0]));
    // For a module of the organisation's directory (auth-scim): the same memberships.
    builder.feature(
        OrganizationDirectory.class, context -> new DirectoryMemberships(context, kept, orgs[0]));
    DefaultOrganizationSignIn[] signIn = {null};
    builder.feature(
        OrganizationSignIn.class,
        context ->
            signIn[0] =
                new DefaultOrganizationSignIn(
                    context, kept, orgs[0], domainVerifier, issuers, requiredDomainsRefresh));
    // For a module of another protocol (auth-saml), installed after this one: the same rules.
    builder.feature(
        OrganizationProtocolSignIn.class, context -> new ProtocolSignIns(context, kept, signIn[0]));
  }

  /**
   * The JDBC store when the persistence API its entities' annotations need is on the class path (as
   * it is with the JPA store); otherwise a store whose every use names the fix, so that installing
   * the module (as the service loader does) never fails a host.
   */
  private static OrganizationStore defaultStore() {
    try {
      Class.forName("jakarta.persistence.Table", false, Organizations.class.getClassLoader());
      return OrganizationStore.jdbc();
    } catch (ClassNotFoundException e) {
      return (OrganizationStore)
          java.lang.reflect.Proxy.newProxyInstance(
              Organizations.class.getClassLoader(),
              new Class<?>[] {OrganizationStore.class},
              (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                  return method.getName().equals("toString")
                      ? "OrganizationStore[unconfigured]"
                      : method.getName().equals("hashCode")
                          ? System.identityHashCode(proxy)
                          : proxy == args[0];
                }
                throw new ConfigurationException(NEEDS_STORE);
              });
    }
  }

  /** Why the default store cannot serve a host's store. */
  static final String NEEDS_STORE =
      "the organisations module keeps its tables in plain SQL on the connection of a relational"
          + " store's transaction (StoreTransaction#moduleTables), which this store has not; give"
          + " Organizations.Builder#store an OrganizationStore for this store";

  /** Why the JDBC store refuses a database without the module's tables. */
  static final String NEEDS_CHANGELOG =
      "the organisations module's tables (gh_org_invitation and the others) are not in this"
          + " database's schema; include "
          + CHANGELOG
          + " (or, when the host owns the organisation and membership tables, "
          + HOST_TABLES_CHANGELOG
          + ") in the host's Liquibase changelog after Gatehouse's";

  /** What an {@link Organizations} module is built from. Not thread-safe. */
  public static final class Builder {
    private @Nullable OrganizationStore store;
    private final Map<String, OrganizationRole> roles = new LinkedHashMap<>();
    private @Nullable DomainVerifier domainVerifier;
    private @Nullable Predicate<URI> issuers;
    private Duration requiredDomainsRefresh = Duration.ofSeconds(30);

    private Builder() {
      for (OrganizationRole r : OrganizationRole.builtIn()) {
        roles.put(r.name(), r);
      }
    }

    /**
     * Sets where organisations are kept (the default is {@link OrganizationStore#jdbc()}).
     *
     * @param store the store
     * @return this builder
     * @throws IllegalStateException when a store was set already
     */
    public Builder store(OrganizationStore store) {
      requireNonNull(store, "store");
      if (this.store != null) {
        throw new IllegalStateException("store was already set");
      }
      this.store = store;
      return this;
    }

    /**
     * Adds a role of the host's, with its permissions.
     *
     * @param role the role
     * @return this builder
     * @throws IllegalArgumentException when a role of that name exists (a built-in one included)
     */
    public Builder role(OrganizationRole role) {
      requireNonNull(role, "role");
      if (roles.putIfAbsent(role.name(), role) != null) {
        throw new IllegalArgumentException("the role " + role.name() + " exists already");
      }
      return this;
    }

    /**
     * Sets how an organisation proves that it holds an email domain (the default, {@link
     * DomainVerifier#dns()}, reads a TXT record).
     *
     * @param verifier the verifier
     * @return this builder
     * @throws IllegalStateException when one was set already
     */
    public Builder domainVerifier(DomainVerifier verifier) {
      requireNonNull(verifier, "verifier");
      if (this.domainVerifier != null) {
        throw new IllegalStateException("domainVerifier was already set");
      }
      this.domainVerifier = verifier;
      return this;
    }

    /**
     * Sets which issuer URLs an organisation may register as its identity provider (the default:
     * any {@code https} URL). Whatever it accepts, the server's requests to the provider go only
     * where {@code auth-social}'s address rule allows ({@code https}, public addresses; see {@link
     * dev.gatehouse.social.SocialSettings#SOCIAL_PROVIDER_INTERNAL_NETWORKS}) and to endpoints on
     * the issuer's origin ({@link OrganizationSettings#PROVIDER_ENDPOINT_ORIGINS}).
     *
     * @param accepted whether an issuer URL is accepted
     * @return this builder
     * @throws IllegalStateException when it was set already
     */
    public Builder issuers(Predicate<URI> accepted) {
      requireNonNull(accepted, "accepted");
      if (this.issuers != null) {
        throw new IllegalStateException("issuers was already set");
      }
      this.issuers = accepted;
      return this;
    }

    /**
     * Sets how long a node keeps the domains whose organisation requires its own sign-in before it
     * reads them again (30 seconds by default): what a change made on another node takes at most to
     * be enforced here. A change made on this node is enforced here at once.
     *
     * @param interval a positive interval
     * @return this builder
     * @throws IllegalArgumentException when it is not positive
     */
    public Builder requiredDomainsRefresh(Duration interval) {
      requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("requiredDomainsRefresh must be positive: " + interval);
      }
      this.requiredDomainsRefresh = interval;
      return this;
    }

    /** {@return the module} */
    public Organizations build() {
      return new Organizations(this);
    }
  }
}
