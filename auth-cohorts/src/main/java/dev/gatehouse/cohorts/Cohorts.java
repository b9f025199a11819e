package dev.gatehouse.cohorts;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.migration.LegacyServing;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleRoute;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The cut-over by cohort: users move from a legacy system to Gatehouse a cohort at a time, each
 * step reversible ({@link CohortService}), with the cohorts of a {@link CohortRule}. Installed by
 * the host with its rule (it is not found on the class path, since only the host knows its rule);
 * the host's Liquibase changelog includes the module's ({@value #CHANGELOG}) after Gatehouse's.
 *
 * <pre>{@code
 * CohortRule rule = CohortRule.builder().share("pilot", 1_000).rest("everyone").build();
 * Gatehouse gatehouse = Gatehouse.builder(config, store).install(new Cohorts(rule)).build();
 * CohortService cohorts = gatehouse.feature(CohortService.class);
 * }</pre>
 *
 * <p>Everything it brings is declared in {@link #manifest()}: its error codes, its setting ({@link
 * CohortSettings}), its tables and its administration routes ({@code GET /cohorts}, {@code POST
 * /cohorts/{cohort}/state}, for staff).
 */
public final class Cohorts implements GatehouseModule {
  /** The module's name, in its manifest, settings and build errors. */
  public static final String NAME = "cohorts";

  /**
   * Classpath location of the module's changelog, to {@code <include>} from a host's after the
   * library's: the assignments ({@code gh_cohort_member}) and the cohorts' states ({@code
   * gh_cohort_state}).
   */
  public static final String CHANGELOG =
      "dev/gatehouse/cohorts/changelog/gatehouse-cohorts.changelog.xml";

  private final CohortRule rule;
  private final @Nullable SyncConflicts conflicts;

  /**
   * A module ready to install.
   *
   * @param rule the rule that assigns legacy accounts to cohorts
   */
  public Cohorts(CohortRule rule) {
    this(rule, null);
  }

  private Cohorts(CohortRule rule, @Nullable SyncConflicts conflicts) {
    this.rule = requireNonNull(rule, "rule");
    this.conflicts = conflicts;
  }

  /**
   * The same module, whose report of the accounts not yet moved ({@link CohortService#notMoved})
   * names those the sync from the legacy system found changed on both sides.
   *
   * <pre>{@code
   * builder.install(new Cohorts(rule).syncConflicts(legacySync::conflicted));
   * }</pre>
   *
   * @param conflicts the sync's conflicts
   * @return the module
   */
  public Cohorts syncConflicts(SyncConflicts conflicts) {
    return new Cohorts(rule, requireNonNull(conflicts, "conflicts"));
  }

  /** {@return {@value #NAME}, the name the module installs under} */
  @Override
  public String name() {
    return NAME;
  }

  /** {@return what the module brings: its error codes, setting, tables, event and routes} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(NAME)
        .errorCodes(
            CohortErrors.COHORT_NOT_FOUND,
            CohortErrors.INVALID_COHORT_STEP,
            CohortErrors.COHORT_CHANGED,
            CohortErrors.COHORT_ON_LEGACY)
        .settings(CohortSettings.class)
        .changelog(CHANGELOG, CohortTables.MEMBER_TABLE, CohortTables.STATE_TABLE)
        .events(CohortMoved.class)
        .routes(CohortRoutes.ROUTES.toArray(ModuleRoute<?>[]::new))
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    // The features are built in the order they were added: the second one is the first one's.
    AtomicReference<DefaultCohortService> built = new AtomicReference<>();
    builder.feature(
        CohortService.class,
        context -> {
          DefaultCohortService cohorts = new DefaultCohortService(context, rule, conflicts);
          // A sign-in of a moving cohort's account records its move in the sign-in's transaction;
          // one of a cohort still on the legacy system is refused (the rule the forwarding applies,
          // for the surfaces outside it: the pages, a host's own form).
          context.hook(cohorts);
          built.set(cohorts);
          return cohorts;
        });
    // auth-legacy keeps its way back (write-back, legacy-format refresh tokens) open while any
    // cohort is on the legacy system.
    builder.feature(LegacyServing.class, context -> built.get());
    // Its signals, for gauges and health: a feature of its own, as they need no caller.
    builder.feature(CohortSignals.class, context -> built.get());
  }
}
