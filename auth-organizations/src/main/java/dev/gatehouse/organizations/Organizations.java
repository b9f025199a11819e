package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
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
  /** Classpath location of the module's changelog, to {@code <include>} from a host's. */
  public static final String CHANGELOG =
      "dev/gatehouse/organizations/changelog/gatehouse-organizations.changelog.xml";

  private final @Nullable OrganizationStore store;
  private final Map<String, OrganizationRole> roles;

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
  }

  /** {@return a builder starting from the built-in roles} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "organizations";
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(
        OrganizationService.class,
        context ->
            new DefaultOrganizationService(context, store != null ? store : defaultStore(), roles));
  }

  /**
   * The JDBC store when auth-jpa is on the class path; otherwise a store whose every use names the
   * fix, so that installing the module (as the service loader does) never fails a host.
   */
  private static OrganizationStore defaultStore() {
    try {
      Class.forName("dev.gatehouse.jpa.JpaAuthStore", false, Organizations.class.getClassLoader());
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
      "the organisations module keeps its tables through the JPA store (auth-jpa); give"
          + " Organizations.Builder#store an OrganizationStore for this store";

  /** Why the JDBC store refuses a database without the module's tables. */
  static final String NEEDS_CHANGELOG =
      "the organisations module's tables (gh_org, gh_org_member, gh_org_invitation) are not in"
          + " this database's schema; include "
          + CHANGELOG
          + " in the host's Liquibase changelog after Gatehouse's";

  /** What an {@link Organizations} module is built from. Not thread-safe. */
  public static final class Builder {
    private @Nullable OrganizationStore store;
    private final Map<String, OrganizationRole> roles = new LinkedHashMap<>();

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

    /** {@return the module} */
    public Organizations build() {
      return new Organizations(this);
    }
  }
}
