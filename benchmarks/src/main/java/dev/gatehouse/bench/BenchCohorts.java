package dev.gatehouse.bench;

import dev.gatehouse.cohorts.CohortMember;
import dev.gatehouse.cohorts.CohortRule;
import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.CohortState;
import dev.gatehouse.cohorts.Cohorts;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.jpa.GatehouseMigrations;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The "after" side of login and refresh with the cut-over by cohort installed (issue 76, done-when
 * 3), chosen with {@code -Dgatehouse.bench.cohorts=true}: {@code auth-cohorts} installed with a
 * rule of two cohorts, every benchmark account a legacy account (its legacy id its public id,
 * through the host's {@link LegacyAccountResolver}) assigned to the cohort {@code served}, which is
 * on Gatehouse, while the cohort {@code moving} is {@link CohortState#MOVING}: so each sign-in runs
 * the module's guard the whole way (the account's legacy id, its kept assignment), as a user
 * Gatehouse serves does while another cohort moves. Without the property nothing changes.
 */
final class BenchCohorts {
  private BenchCohorts() {}

  static final String PROPERTY = "gatehouse.bench.cohorts";

  static final CohortRule RULE =
      CohortRule.builder().salt("bench").legacyIds("moving", "m-1").rest("served").build();

  /** Every account's legacy id is its public id. */
  private static final LegacyAccountResolver LEGACY_IDS =
      new LegacyAccountResolver() {
        @Override
        public Optional<UUID> accountOf(String legacyUserId) {
          try {
            return Optional.of(UUID.fromString(legacyUserId));
          } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
          }
        }

        @Override
        public Optional<String> legacyUserIdOf(UUID account) {
          return Optional.of(account.toString());
        }
      };

  /** {@return whether this run measures the "after" side} */
  static boolean on() {
    return Boolean.getBoolean(PROPERTY);
  }

  /** Creates the module's tables, after the library's, when {@link #on()}. */
  static void migrate(DataSource ds, EntityClasses entities) {
    if (on()) {
      GatehouseMigrations.migrate(ds, Cohorts.CHANGELOG, entities);
    }
  }

  /** {@return the builder with the module and the legacy ids, when {@link #on()}} */
  static UnaryOperator<Gatehouse.Builder> install(UnaryOperator<Gatehouse.Builder> wiring) {
    if (!on()) {
      return wiring;
    }
    return b -> wiring.apply(b).install(new Cohorts(RULE)).legacyAccounts(LEGACY_IDS);
  }

  /**
   * Assigns the accounts (by email) to {@code served} and takes the two steps ({@code served} to
   * Gatehouse, {@code moving} to moving) as a staff member, when {@link #on()}.
   */
  static void prepare(Gatehouse g, AuthStore store, Collection<String> emails) {
    if (!on()) {
      return;
    }
    CohortService cohorts = g.feature(CohortService.class);
    List<UUID> accounts =
        store.inTransaction(
            tx ->
                emails.stream()
                    .map(e -> tx.users().findByEmail(e).orElseThrow().publicId())
                    .toList());
    for (UUID a : accounts) {
      if (!cohorts.assign(CohortMember.of(a.toString(), null)).cohort().equals("served")) {
        throw new IllegalStateException("the rule put a benchmark account elsewhere");
      }
    }
    TokenPair pair =
        BenchAccounts.signedIn(g, store, "staff-" + UUID.randomUUID() + "@example.test", true);
    VerifiedAccessToken staff = g.sessions().verifyAccessToken(pair.accessToken());
    cohorts.move(staff, "served", CohortState.GATEHOUSE, "the benchmark's served cohort", null);
    cohorts.move(staff, "moving", CohortState.MOVING, "the benchmark's moving cohort", null);
  }
}
