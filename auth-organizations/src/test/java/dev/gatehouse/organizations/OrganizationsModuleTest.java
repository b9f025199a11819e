package dev.gatehouse.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The module installed by hand and found by the starter; its roles checked when it is built. */
class OrganizationsModuleTest {
  private static final GatehouseConfig CONFIG =
      GatehouseConfig.builder()
          .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
          .set(AccountSettings.REQUIRE_VERIFIED, false)
          .build();

  @Test
  void anInstalledModuleKeepsOrganisationsAndTheHostsRoles() {
    GatehouseConfig config = CONFIG;
    AuthStore store = new InMemoryAuthStore();
    // snippet:start install
    Gatehouse gatehouse =
        Gatehouse.builder(config, store)
            .install(
                Organizations.builder()
                    // snippet:hide
                    .store(new InMemoryOrganizationStore())
                    // snippet:show
                    .role(
                        new OrganizationRole(
                            "billing", Set.of(OrganizationRole.READ, "invoices.manage")))
                    .build())
            .build();
    OrganizationService orgs = gatehouse.feature(OrganizationService.class);
    // snippet:end install
    try (gatehouse) {
      gatehouse
          .accounts()
          .register(
              RegistrationRequest.builder()
                  .email("alice@example.test")
                  .password("correct horse battery staple")
                  .build());
      UUID alice =
          store
              .inTransaction(tx -> tx.users().findByEmail("alice@example.test"))
              .orElseThrow()
              .publicId();
      // snippet:start use
      Organization acme = orgs.create(alice, "Acme", "acme");
      orgs.invite(alice, acme.id(), "bob@example.test", "billing");
      boolean may = orgs.can(alice, acme.id(), "invoices.manage"); // the owner may do anything
      // snippet:end use
      assertThat(may).isTrue();
      assertThat(orgs.role("billing")).isPresent();
      assertThat(orgs.invitations(alice, acme.id())).hasSize(1);
    }
  }

  @Test
  void theStarterFindsTheModuleWhoseDefaultStoreNeedsTheJpaStore() {
    assertThat(ServiceLoader.load(GatehouseModule.class).stream().map(p -> p.type().getName()))
        .contains(Organizations.class.getName());
    try (Gatehouse gatehouse =
        Gatehouse.builder(CONFIG, new InMemoryAuthStore()).install(new Organizations()).build()) {
      // Installing never fails a host on another store; using the module there names the fix.
      assertThatThrownBy(
              () -> gatehouse.feature(OrganizationService.class).memberships(UUID.randomUUID()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("Organizations.Builder#store");
    }
  }

  @Test
  void aDatabaseWithoutTheModulesTablesIsRefusedWithTheChangelogToInclude() {
    try (JpaFixture jpa = JpaFixture.create(DatabaseKind.H2)) {
      GatehouseFixture g =
          new GatehouseFixture(
              jpa,
              c -> c,
              b -> b.install(Organizations.builder().store(OrganizationStore.jdbc()).build()));
      OrganizationService orgs = g.gatehouse.feature(OrganizationService.class);
      // A host that forgot the module's changelog gets the fix, not a 500 from missing tables.
      assertThatThrownBy(() -> orgs.memberships(UUID.randomUUID()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(Organizations.CHANGELOG);
      GatehouseMigrations.migrate(jpa.db.dataSource(), Organizations.CHANGELOG, jpa.entities);
      assertThat(orgs.memberships(UUID.randomUUID())).isEmpty();
    }
  }

  @Test
  void anOrganisationPrintsNeitherItsNameNorItsSettings() {
    UUID id = UUID.randomUUID();
    java.time.Instant now = java.time.Instant.EPOCH;
    String printed =
        new Organization(id, "Secret Project", "acme", "{\"apiKey\":\"s3cret\"}", now, now)
            .toString();
    assertThat(printed).contains(id.toString()).doesNotContain("s3cret", "Secret Project");
  }

  @Test
  void aHostRoleCannotReplaceABuiltInOne() {
    assertThatThrownBy(
            () -> Organizations.builder().role(new OrganizationRole("owner", Set.of("x"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OrganizationRole("Owner!", Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
