package dev.gatehouse.examples.docs;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.migration.LegacyAuthenticator;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.EntityClasses;
import dev.gatehouse.examples.django.DjangoEntities;
import dev.gatehouse.imports.GatehouseImports;
import dev.gatehouse.imports.Importer;
import dev.gatehouse.imports.VerificationPolicy;
import dev.gatehouse.imports.lazy.JdbcLegacyAuthenticator;
import dev.gatehouse.imports.source.ColumnMapping;
import dev.gatehouse.imports.source.MongoContent;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.SchemaAdoption;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The Java snippets of docs/MIGRATION.md, compiled with the examples' tests (so a changed API
 * breaks the build, not the guide). The importer, lazy-migration and schema-adoption flows they
 * show are run end to end by auth-import's and the examples' own tests.
 */
final class MigrationGuideSnippets {
  private MigrationGuideSnippets() {}

  static Importer importer(
      DataSource dataSource,
      EntityClasses entities,
      GatehouseConfig config,
      PasswordHashing passwordHashing) {
    // snippet:start importer
    EntityManagerFactory emf =
        GatehouseJpa.bootstrap(dataSource, entities, GatehouseImports.entityClasses());
    Importer importer =
        Importer.builder()
            .dataSource(dataSource)
            .entityManagerFactory(emf)
            .entities(entities)
            .config(config)
            .hashing(passwordHashing)
            .build();
    // snippet:end importer
    return importer;
  }

  static void mongoReferences(Importer importer) {
    // snippet:start mongo-references
    MongoContent.references(
        Path.of("biographs.jsonl"),
        "user_id",
        ref ->
            importer
                .resolve("biograph", ref.ownerLegacyId())
                .ifPresent(owner -> attach(ref.id(), owner)));
    // snippet:end mongo-references
  }

  static Gatehouse lazyMigration(
      DataSource legacyDataSource, GatehouseConfig config, AuthStore store) {
    // snippet:start lazy-migration
    LegacyAuthenticator legacy =
        JdbcLegacyAuthenticator.builder(legacyDataSource, "auth_user", ColumnMapping.django())
            .migratedColumn("gatehouse_migrated_at") // optional: stamp + skip migrated rows
            .verificationPolicy(
                VerificationPolicy.ASSUME_VERIFIED) // auth_user records no verification
            .build();
    Gatehouse gatehouse = Gatehouse.builder(config, store).legacyAuthenticator(legacy).build();
    // snippet:end lazy-migration
    return gatehouse;
  }

  static void schemaAdoption(DataSource dataSource) throws IOException {
    // snippet:start schema-adoption
    SchemaAdoption.Report r = SchemaAdoption.check(dataSource, DjangoEntities.classes());
    System.out.println(r); // missing columns, NOT NULL columns to relax, unmapped required columns
    Files.writeString(
        Path.of("0002-adopt-gatehouse.xml"),
        r.toChangelog("django-host", "django-0002-adopt-gatehouse"));
    // snippet:end schema-adoption
  }

  private static void attach(String contentId, UUID owner) {}
}
