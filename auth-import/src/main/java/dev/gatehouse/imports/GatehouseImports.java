package dev.gatehouse.imports;

import dev.gatehouse.imports.internal.ImportBatchRow;
import dev.gatehouse.imports.internal.ImportChangeRow;
import dev.gatehouse.imports.internal.ImportIssueRow;
import dev.gatehouse.imports.internal.ImportMappingRow;
import dev.gatehouse.imports.internal.ImportRunRow;
import java.util.List;

/**
 * Wiring for auth-import. The bookkeeping tables ({@code gh_import_*}) are created by the library
 * changelog ({@code gatehouse/0005-import.xml}); their entities must be in the persistence unit the
 * {@link Importer} writes through:
 *
 * <pre>{@code
 * EntityManagerFactory emf =
 *     GatehouseJpa.bootstrap(dataSource, entities, GatehouseImports.entityClasses());
 * }</pre>
 */
public final class GatehouseImports {
  private GatehouseImports() {}

  /** The import bookkeeping entities, to add to the host's persistence unit. */
  public static List<Class<?>> entityClasses() {
    return List.of(
        ImportRunRow.class,
        ImportBatchRow.class,
        ImportMappingRow.class,
        ImportChangeRow.class,
        ImportIssueRow.class);
  }
}
