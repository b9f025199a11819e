package dev.gatehouse.cohorts;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;
import java.time.Duration;
import java.util.List;

/**
 * The settings of the cut-over by cohort, found through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.gatehouse.core.config.ModuleSettings}) and set like Gatehouse's own:
 * by key in {@code application.yml}, by its {@code GATEHOUSE_*} variable, or with {@link
 * GatehouseConfig.Builder#set(Setting, Object)}.
 */
public final class CohortSettings implements ModuleSettings {
  /** For {@link java.util.ServiceLoader}; not for hosts. */
  public CohortSettings() {}

  @Override
  public String module() {
    return Cohorts.NAME;
  }

  @Override
  public List<Setting<?>> needModule() {
    return List.of(STATE_REFRESH);
  }

  /**
   * How long an instance answers from the cohorts' states it read before it reads them again: the
   * longest a step taken on another instance waits before this one follows it (the instance that
   * took the step follows it at once). Zero reads them for every decision.
   */
  public static final Setting<Duration> STATE_REFRESH =
      Setting.ofDuration(
          "gatehouse.cohorts.state-refresh",
          Duration.ofSeconds(5),
          Duration.ZERO,
          Duration.ofMinutes(1));
}
