package dev.gatehouse.saml;

import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.organizations.InMemoryOrganizationStore;
import dev.gatehouse.organizations.OrganizationStore;
import dev.gatehouse.organizations.Organizations;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/**
 * The stores the module's tests run on: the in-memory store, and H2, PostgreSQL and MariaDB (when
 * configured) migrated with the library's changelog, the organisations module's and this module's
 * ({@link Saml#CHANGELOG}). One store per kind for a test class; close it in {@code @AfterAll}.
 */
final class SamlStores implements AutoCloseable {
  static final String MEMORY = "memory";
  static final URI SERVICE_PROVIDER = URI.create("https://app.example.test/auth");

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
                  DatabaseKind.valueOf(k.toUpperCase()), Organizations.CHANGELOG, Saml.CHANGELOG);
          stores.put(k, OrganizationStore.jdbc());
          return jpa;
        });
  }

  /**
   * A Gatehouse over the kind's store with the organisations module (any domain verifies) and the
   * SAML module with {@code saml}; its clock at the system's time, which java-saml reads for the
   * subject's confirmation beside the module's clock.
   */
  GatehouseFixture gatehouse(String kind, Saml saml) {
    StoreFixture db = fixture(kind);
    OrganizationStore store = stores.get(kind);
    GatehouseFixture g =
        new GatehouseFixture(
            db,
            c -> c.set(SamlSettings.SERVICE_PROVIDER_URL, SERVICE_PROVIDER),
            b ->
                b.install(
                        Organizations.builder()
                            .store(store)
                            .domainVerifier((domain, challenge) -> true)
                            .build())
                    .install(saml));
    g.clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    return g;
  }

  @Override
  public synchronized void close() {
    fixtures.values().forEach(StoreFixture::close);
    fixtures.clear();
  }
}
