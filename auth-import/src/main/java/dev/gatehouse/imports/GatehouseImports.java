package dev.gatehouse.imports;

import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.imports.internal.ImportBatchRow;
import dev.gatehouse.imports.internal.ImportChangeRow;
import dev.gatehouse.imports.internal.ImportIssueRow;
import dev.gatehouse.imports.internal.ImportLockRow;
import dev.gatehouse.imports.internal.ImportMappingRow;
import dev.gatehouse.imports.internal.ImportRunRow;
import dev.gatehouse.imports.internal.Ledger;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.UUID;

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
   * Which account a legacy user became, by the importer's mapping of one source: what carries the
   * legacy system's sessions over during the transition window ({@code Gatehouse.Builder#
   * legacyAccounts}, {@code gatehouse.legacy.simplejwt.*}). A user is found once the batch that
   * imported them committed; users the import skipped or has not reached yet are not found, and
   * their legacy sessions are refused.
   *
   * <pre>{@code
   * Gatehouse.builder(config, store)
   *     .legacyAccounts(GatehouseImports.legacyAccounts(emf, "django"))
   *     .build();
   * }</pre>
   *
   * @param emf a factory whose unit holds {@link #entityClasses()}
   * @param sourceName the import source's name, as the import runs gave it
   * @return the resolver; each lookup is one read of the mapping by its {@code (source, legacy id)}
   *     index, in a short transaction of its own
   */
  public static LegacyAccountResolver legacyAccounts(EntityManagerFactory emf, String sourceName) {
    java.util.Objects.requireNonNull(emf, "emf");
    java.util.Objects.requireNonNull(sourceName, "sourceName");
    Ledger ledger = new Ledger(emf);
    return legacyUserId ->
        ledger.read(r -> r.mappedUser(sourceName, legacyUserId)).map(UUID::fromString);
  }

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
