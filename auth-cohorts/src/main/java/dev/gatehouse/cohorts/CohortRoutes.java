package dev.gatehouse.cohorts;

import static dev.gatehouse.core.module.ModuleRoute.Access.SIGNED_IN;

import dev.gatehouse.cohorts.CohortService.CohortStatus;
import dev.gatehouse.core.module.Answer;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.Request;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The module's administration routes, declared in its manifest and served by Gatehouse's web module
 * under the contract's base path ({@code /auth/cohorts}), for staff only (the service checks the
 * caller's account: {@code forbidden} otherwise, audited).
 */
final class CohortRoutes {
  private CohortRoutes() {}

  static final List<ModuleRoute<CohortService>> ROUTES =
      List.of(
          ModuleRoute.get(
              "/cohorts",
              SIGNED_IN,
              "Staff: every cohort with its state, its version and how many accounts it holds",
              CohortService.class,
              (cohorts, request) ->
                  Answer.ok(
                      Map.of(
                          "cohorts",
                          cohorts.cohorts(request.caller().orElseThrow()).stream()
                              .map(CohortRoutes::described)
                              .toList()))),
          ModuleRoute.post(
              "/cohorts/{cohort}/state",
              SIGNED_IN,
              "Staff: move a cohort forward or back (body: state, reason); audited",
              CohortService.class,
              CohortRoutes::move),
          ModuleRoute.get(
              "/cohorts/{cohort}/not-moved",
              SIGNED_IN,
              "Staff: the cohort's accounts Gatehouse does not serve yet and why (query: after,"
                  + " limit)",
              CohortService.class,
              CohortRoutes::notMoved));

  private static Answer notMoved(CohortService cohorts, Request request) {
    // A limit that is no number of 1 to 500 is read as the nearest one (100 when none).
    String limit = request.query().getOrDefault("limit", "100");
    int n = limit.matches("[0-9]{1,9}") ? Math.max(1, Math.min(500, Integer.parseInt(limit))) : 100;
    List<CohortService.NotMoved> page =
        cohorts.notMoved(
            request.caller().orElseThrow(),
            request.pathVariables().get("cohort"),
            request.query().get("after"),
            n);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "accounts",
        page.stream()
            .map(m -> Map.of("legacy_id", m.legacyId(), "reason", m.reason().name()))
            .toList());
    body.put("next", page.size() < n ? null : page.get(page.size() - 1).legacyId());
    return Answer.ok(body);
  }

  private static Answer move(CohortService cohorts, Request request) {
    CohortStatus after =
        cohorts.move(
            request.caller().orElseThrow(),
            request.pathVariables().get("cohort"),
            state(request.body().get("state")),
            request.body().get("reason") instanceof String s ? s : "",
            request.client());
    return Answer.ok(described(after));
  }

  /**
   * The body's state, or {@code null} for anything else, which the service refuses ({@code
   * invalid_cohort_step}) after it checked the caller: a non-staff caller is refused first.
   */
  private static @Nullable CohortState state(@Nullable Object value) {
    return Arrays.stream(CohortState.values())
        .filter(s -> s.name().equals(value))
        .findFirst()
        .orElse(null);
  }

  private static Map<String, Object> described(CohortStatus s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cohort", s.cohort());
    body.put("state", s.state().name());
    body.put("version", s.version());
    body.put("changed_at", s.changedAt() == null ? null : s.changedAt().toString());
    if (s.assigned() >= 0) {
      body.put("assigned", s.assigned());
    }
    return body;
  }
}
