package dev.gatehouse.imports;

import dev.gatehouse.imports.internal.ImportBatchRow;
import dev.gatehouse.imports.internal.ImportChangeRow;
import dev.gatehouse.imports.internal.ImportIssueRow;
import dev.gatehouse.imports.internal.ImportLockRow;
import dev.gatehouse.imports.internal.ImportMappingRow;
import dev.gatehouse.imports.internal.ImportRunRow;
import java.util.List;

/**
 * Wiring for auth-import. Only a host that imports needs the importer's bookkeeping tables ({@code
 * gh_import_*}) and their entities; the library changelog leaves them out. Such a host includes
 * {@link #CHANGELOG} from its master changelog after the library's:
 *
 * <pre>{@code
 * <include file="dev/gatehouse/jpa/changelog/gatehouse.changelog.xml"/>
 * <include file="dev/gatehouse/imports/changelog/gatehouse-import.changelog.xml"/>
 * }</pre>
 *
 * and adds {@link #entityClasses()} to the persistence unit the {@link Importer} writes through:
 *
 * <pre>{@code
 * EntityManagerFactory emf =
 *     GatehouseJpa.bootstrap(dataSource, entities, GatehouseImports.entityClasses());
 * }</pre>
 *
 * <p>A database that ran the importer's changesets when they were part of the library changelog
 * (logical path {@code gatehouse/0005-import.xml}) sees them as already run: their logical path,
 * ids and checksums are unchanged.
 */
public final class GatehouseImports {
  /** Classpath location of the importer's changelog, to {@code <include>} from a host's. */
  public static final String CHANGELOG =
      "dev/gatehouse/imports/changelog/gatehouse-import.changelog.xml";

  private GatehouseImports() {}

  /**
   * {@return the import bookkeeping entity classes, to add to the host's persistence unit; an
   * immutable list}
   */
  public static List<Class<?>> entityClasses() {
    return List.of(
        ImportRunRow.class,
        ImportBatchRow.class,
        ImportMappingRow.class,
        ImportChangeRow.class,
        ImportIssueRow.class,
        ImportLockRow.class);
  }
}
