package dev.gatehouse.spring.pages;

import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.CohortService.CohortStatus;
import dev.gatehouse.cohorts.CohortService.NotMoved;
import dev.gatehouse.cohorts.CohortSignals;
import dev.gatehouse.cohorts.CohortState;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.migration.LegacySyncStatus;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The cut-over by cohort's staff page ({@code auth-cohorts}) under {@value #COHORTS}: each cohort
 * with its state, its users on each system, the sign-ins each system accepted and refused, the
 * sync's backlog, delay and conflicts (with the host's {@link LegacySyncStatus} bean), a step
 * forward or back with a reason, and the report of the accounts not yet moved and why.
 *
 * <p>Every page asks {@link CohortService} with the browser's live access token, so the permission
 * is the module's staff routes' own: an account that is not staff gets 403 and nothing changes, the
 * service keeping the refusal in the audit trail. A step is the service's one audited operation
 * ({@link CohortService#move}). Served in the pages' filter chain (its session and CSRF check) when
 * {@code auth-cohorts} and {@code auth-admin} are on the class path; a host that did not install
 * the module gets 404.
 */
@Controller
class CohortPages implements ModulePage {
  static final String COHORTS = AdminPages.BASE + "/cohorts/";
  private static final int REPORT_PAGE = 100;

  private final Gatehouse gatehouse;
  private final PageSession pages;
  private final PageMessages messages;
  private final ObjectProvider<LegacySyncStatus> sync;

  CohortPages(
      Gatehouse gatehouse,
      PageSession pages,
      PageMessages messages,
      ObjectProvider<LegacySyncStatus> sync) {
    this.gatehouse = gatehouse;
    this.pages = pages;
    this.messages = messages;
    this.sync = sync;
  }

  /**
   * One cohort's row.
   *
   * @param cohort its name
   * @param state its state
   * @param version how many steps it was moved
   * @param changedAt when the last step was taken, or {@code null}
   * @param users the accounts assigned to it
   * @param onGatehouse of them, those Gatehouse serves (all in a Gatehouse cohort, the moved ones
   *     in a moving cohort)
   * @param onLegacy of them, those the legacy system serves
   * @param signIns the sign-ins each system accepted and refused, on this instance
   * @param steps the states a step may move it to (the other two)
   */
  record Row(
      String cohort,
      CohortState state,
      long version,
      @Nullable String changedAt,
      long users,
      long onGatehouse,
      long onLegacy,
      CohortSignals.Signal signIns,
      List<CohortState> steps) {}

  /**
   * One account of the report.
   *
   * @param legacyId its legacy id
   * @param reason why it is not moved, in words
   * @param code the reason's name
   */
  record Account(String legacyId, String reason, String code) {}

  @GetMapping(COHORTS)
  String list(
      @RequestParam(required = false) String done,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    if ("moved".equals(done)) {
      model.addAttribute("notice", messages.text("admin.cohorts.done.moved"));
    }
    return page(
        request, response, model, (service, caller) -> listPage(response, model, service, caller));
  }

  /** What a page of the module does for a live caller, with the installed service. */
  @FunctionalInterface
  private interface Page {
    String show(CohortService service, VerifiedAccessToken caller);
  }

  /**
   * The page for the browser's live caller: the login when its session ended, 404 when the host's
   * Gatehouse does not install the module.
   */
  private String page(
      HttpServletRequest request, HttpServletResponse response, Model model, Page page) {
    VerifiedAccessToken caller = pages.live(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    Optional<CohortService> service = gatehouse.findFeature(CohortService.class);
    return service.isEmpty() ? notInstalled(response, model) : page.show(service.get(), caller);
  }

  private String listPage(
      HttpServletResponse response,
      Model model,
      CohortService service,
      VerifiedAccessToken caller) {
    List<CohortStatus> statuses;
    try {
      // The guarded read first: a caller who is not staff is refused (and audited) before the
      // unguarded signals are read.
      statuses = service.cohorts(caller);
    } catch (AuthException e) {
      return AdminPages.refused(response, model, e, messages);
    }
    Map<String, CohortSignals.Signal> signals =
        gatehouse
            .findFeature(CohortSignals.class)
            .map(CohortSignals::read)
            .orElse(List.of())
            .stream()
            .collect(Collectors.toMap(CohortSignals.Signal::cohort, Function.identity()));
    model.addAttribute(
        "rows", statuses.stream().map(s -> row(s, signals.get(s.cohort()))).toList());
    LegacySyncStatus legacySync = sync.getIfUnique();
    model.addAttribute("sync", legacySync == null ? null : legacySync.reading());
    return "gatehouse/pages/admin-cohorts";
  }

  private static Row row(CohortStatus s, CohortSignals.@Nullable Signal signal) {
    CohortSignals.Signal read =
        signal != null
            ? signal
            : new CohortSignals.Signal(
                s.cohort(), s.state(), s.version(), Math.max(0, s.assigned()), 0, 0, 0, 0, 0, 0);
    long users = read.users();
    long onGatehouse =
        switch (s.state()) {
          case LEGACY -> 0;
          case MOVING -> Math.min(users, read.moved());
          case GATEHOUSE -> users;
        };
    return new Row(
        s.cohort(),
        s.state(),
        s.version(),
        s.changedAt() == null ? null : s.changedAt().toString(),
        users,
        onGatehouse,
        users - onGatehouse,
        read,
        Arrays.stream(CohortState.values()).filter(t -> t != s.state()).toList());
  }

  @PostMapping(COHORTS + "{cohort}/state")
  String move(
      @PathVariable String cohort,
      @RequestParam(defaultValue = "") String state,
      @RequestParam(defaultValue = "") String reason,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    CohortState to =
        Arrays.stream(CohortState.values())
            .filter(s -> s.name().equals(state))
            .findFirst()
            .orElse(null);
    return page(
        request,
        response,
        model,
        (service, caller) -> {
          try {
            service.move(caller, cohort, to, reason.strip(), PageSession.client(request));
            return "redirect:" + COHORTS + "?done=moved";
          } catch (AuthException e) {
            ErrorCode.Kind kind = e.error().kind();
            if (kind != ErrorCode.Kind.REJECTED_INPUT && kind != ErrorCode.Kind.CONFLICT) {
              return AdminPages.refused(response, model, e, messages);
            }
            response.setStatus(kind.httpStatus());
            model.addAttribute("error", messages.of(e));
            return listPage(response, model, service, caller);
          }
        });
  }

  @GetMapping(COHORTS + "{cohort}/not-moved/")
  String notMoved(
      @PathVariable String cohort,
      @RequestParam(defaultValue = "") String after,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    return page(
        request,
        response,
        model,
        (service, caller) -> {
          try {
            return reportPage(
                model,
                cohort,
                service.notMoved(caller, cohort, after.isEmpty() ? null : after, REPORT_PAGE));
          } catch (AuthException e) {
            return AdminPages.refused(response, model, e, messages);
          }
        });
  }

  private String reportPage(Model model, String cohort, List<NotMoved> page) {
    model.addAttribute("cohort", cohort);
    model.addAttribute(
        "accounts",
        page.stream()
            .map(
                m ->
                    new Account(
                        m.legacyId(),
                        messages.text("admin.cohorts.reason." + m.reason().name()),
                        m.reason().name()))
            .toList());
    model.addAttribute(
        "next", page.size() < REPORT_PAGE ? null : page.get(page.size() - 1).legacyId());
    return "gatehouse/pages/admin-cohort-not-moved";
  }

  /** A host whose Gatehouse does not install the module: nothing to show. */
  private String notInstalled(HttpServletResponse response, Model model) {
    response.setStatus(404);
    model.addAttribute("title", messages.text("error.title"));
    model.addAttribute("error", messages.text("admin.cohorts.none"));
    return "gatehouse/pages/message";
  }
}
