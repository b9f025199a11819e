package dev.gatehouse.imports;

import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.imports.internal.Ledger;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Wiring for auth-import. Only a host that imports needs the importer's bookkeeping tables ({@code
 * gh_import_*}); the library changelog leaves them out. Such a host includes {@link #CHANGELOG}
 * from its master changelog after the library's:
 *
 * <pre>{@code
 * <include file="dev/gatehouse/jpa/changelog/gatehouse.changelog.xml"/>
 * <include file="dev/gatehouse/imports/changelog/gatehouse-import.changelog.xml"/>
 * }</pre>
 *
 * <p>The tables are not JPA entities: the importer reads and writes them in plain SQL on the
 * connection of its transactions, so the persistence unit needs nothing of the importer's.
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
   * <p>It also answers the other way, an account's legacy id ({@link
   * LegacyAccountResolver#legacyUserIdOf}), which {@code gatehouse.token.integer-user-ids} shows
   * clients as the user's id; an account merged from several legacy users answers the smallest of
   * their ids compared as text.
   *
   * @param emf a factory over the database that holds the import tables
   * @param sourceName the import source's name, as the import runs gave it
   * @return the resolver; each lookup is one read of the mapping by its {@code (source, legacy id)}
   *     or its account index, in a short transaction of its own
   */
  public static LegacyAccountResolver legacyAccounts(EntityManagerFactory emf, String sourceName) {
    java.util.Objects.requireNonNull(emf, "emf");
    java.util.Objects.requireNonNull(sourceName, "sourceName");
    Ledger ledger = new Ledger(emf);
    return new LegacyAccountResolver() {
      @Override
      public Optional<UUID> accountOf(String legacyUserId) {
        return ledger.read(r -> r.mappedUser(sourceName, legacyUserId)).map(UUID::fromString);
      }

      @Override
      public Optional<String> legacyUserIdOf(UUID account) {
        return ledger.read(r -> r.legacyIdOf(sourceName, account.toString()));
      }
    };
  }

  /**
   * The importer has no entity classes any more: its tables are read and written in plain SQL. Kept
   * so that a host's bootstrap that adds them still compiles.
   *
   * @return an empty list
   * @deprecated the persistence unit needs nothing of the importer's; remove the call
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static List<Class<?>> entityClasses() {
    return List.of();
  }
}
