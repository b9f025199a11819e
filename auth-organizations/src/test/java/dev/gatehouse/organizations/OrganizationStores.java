package dev.gatehouse.organizations;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/**
 * The stores the module's tests run on: the in-memory store with {@link InMemoryOrganizationStore},
 * and H2, PostgreSQL and MariaDB (when configured) with the JDBC store over auth-jpa's test store,
 * each database migrated with the library's changelog and then the module's ({@link
 * Organizations#CHANGELOG}). One store per kind for a test class; close it in {@code @AfterAll}.
 */
final class OrganizationStores implements AutoCloseable {
  static final String MEMORY = "memory";

  private final Map<String, StoreFixture> fixtures = new HashMap<>();
  private final Map<String, OrganizationStore> stores = new HashMap<>();

  /** The kinds, for {@code @ArgumentsSource}. */
  static final class Kinds implements ArgumentsProvider {
    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
      List<String> kinds = new ArrayList<>(List.of(MEMORY));
      TestDatabase.enabledKinds().forEach(k -> kinds.add(k.name().toLowerCase()));
      return kinds.stream().map(Arguments::of);
    }
  }

  private synchronized StoreFixture fixture(String kind) {
    return fixtures.computeIfAbsent(
        kind,
        k -> {
          if (k.equals(MEMORY)) {
            stores.put(k, new InMemoryOrganizationStore());
            return new StoreFixture(new InMemoryAuthStore());
          }
          JpaFixture jpa =
              JpaFixture.withModules(
                  DatabaseKind.valueOf(k.toUpperCase()), Organizations.CHANGELOG);
          stores.put(k, OrganizationStore.jdbc());
          return jpa;
        });
  }

  /** The organisation store the kind's Gatehouse is built with. */
  synchronized OrganizationStore store(String kind) {
    fixture(kind);
    return stores.get(kind);
  }

  /** The databases alone, for {@code @ArgumentsSource}. */
  static final class DatabaseKinds implements ArgumentsProvider {
    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
      return TestDatabase.enabledKinds().stream().map(k -> Arguments.of(k.name().toLowerCase()));
    }
  }

  /**
   * The database of {@code kind} migrated for a host that owns the organisation and membership
   * tables ({@link HostOrganizations#CHANGELOG}), one per kind like the others.
   */
  synchronized JpaFixture hostTables(String kind) {
    return (JpaFixture)
        fixtures.computeIfAbsent(
            "host-" + kind,
            k -> {
              return JpaFixture.withModules(
                  DatabaseKind.valueOf(kind.toUpperCase()), HostOrganizations.CHANGELOG);
            });
  }

  /** A Gatehouse over {@link #hostTables} with the module installed on {@code store}. */
  GatehouseFixture hostGatehouse(String kind, OrganizationStore store) {
    return new GatehouseFixture(
        hostTables(kind), c -> c, b -> b.install(Organizations.builder().store(store).build()));
  }

  /** A Gatehouse over the kind's store with the module installed. */
  GatehouseFixture gatehouse(
      String kind,
      UnaryOperator<Organizations.Builder> module,
      UnaryOperator<dev.gatehouse.core.config.GatehouseConfig.Builder> config) {
    return gatehouse(kind, module, config, b -> b);
  }

  /** A Gatehouse over the kind's store with the module and {@code others} installed. */
  GatehouseFixture gatehouse(
      String kind,
      UnaryOperator<Organizations.Builder> module,
      UnaryOperator<dev.gatehouse.core.config.GatehouseConfig.Builder> config,
      UnaryOperator<Gatehouse.Builder> others) {
    StoreFixture db = fixture(kind);
    OrganizationStore store = stores.get(kind);
    return new GatehouseFixture(
        db,
        config,
        b -> others.apply(b.install(module.apply(Organizations.builder().store(store)).build())));
  }

  GatehouseFixture gatehouse(String kind) {
    return gatehouse(kind, m -> m, c -> c);
  }

  static OrganizationService orgs(GatehouseFixture g) {
    return g.gatehouse.feature(OrganizationService.class);
  }

  /** Installs the module as the service loader does (for a test that needs no store). */
  static Gatehouse.Builder installed(Gatehouse.Builder b) {
    return b.install(new Organizations());
  }

  @Override
  public synchronized void close() {
    fixtures.values().forEach(StoreFixture::close);
    fixtures.clear();
  }
}
