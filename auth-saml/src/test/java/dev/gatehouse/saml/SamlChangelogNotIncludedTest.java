package dev.gatehouse.saml;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A host that did not include a module's changelog is told which file to include (issue 94, item
 * 5): the JPA store's refusal of a module table that is not in the schema names the changelog that
 * the module's manifest declares for it, not only the table.
 */
class SamlChangelogNotIncludedTest {
  @Test
  void aMissingModuleTableNamesTheChangelogToInclude() {
    try (JpaFixture jpa = JpaFixture.create(DatabaseKind.H2)) {
      assertThatThrownBy(
              () ->
                  jpa.store.inTransaction(
                      tx -> tx.moduleTables().rows(SamlTables.PROVIDERS).find(Map.of())))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(SamlTables.PROVIDERS)
          .hasMessageContaining(
              "include " + Saml.CHANGELOG + " (the " + Saml.NAME + " module's changelog)");
    }
  }
}
