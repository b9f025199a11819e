package dev.gatehouse.spring.web.internal.admin;

import dev.gatehouse.admin.AdminErrors;
import dev.gatehouse.admin.AdminStatistics;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.PermissionFirst;
import dev.gatehouse.spring.web.internal.shared.ProtocolError;
import dev.gatehouse.spring.web.internal.shared.Replies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The statistics route of Gatehouse's own contract ({@code GET admin/statistics/?from=&to=}),
 * served when {@code auth-admin} is on the class path: sign-ins, failures and lockouts per day
 * (UTC) and method, the day's codes by channel and purpose (sent, verified, expired, burned,
 * replaced) and its deliveries. Staff only, as every administration route.
 */
@RestController
@ConditionalOnClass(name = "dev.gatehouse.admin.AdminStatistics")
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class AdminStatisticsController implements PermissionFirst {
  private final ContractSupport support;

  AdminStatisticsController(ContractSupport support) {
    this.support = support;
  }

  /**
   * The permission before the query: an empty range is refused (403, audited) for a caller who may
   * not read statistics, and reads nothing for one who may.
   */
  @Override
  public void requirePermission(HttpServletRequest request) {
    try {
      support
          .gatehouse()
          .feature(AdminStatistics.class)
          .daily(support.liveCaller(request), LocalDate.EPOCH, LocalDate.EPOCH.minusDays(1));
    } catch (RejectedInputException e) {
      if (e.error() != AdminErrors.INVALID_RANGE) {
        throw e;
      }
    }
  }

  /** {@code ?from=YYYY-MM-DD&to=YYYY-MM-DD}, both days included, at most 92 days. */
  @GetMapping("/admin/statistics/")
  void statistics(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    AdminStatistics stats = support.gatehouse().feature(AdminStatistics.class);
    LocalDate from;
    LocalDate to;
    try {
      from = day(request, "from");
      to = day(request, "to");
    } catch (ApiException badQuery) {
      requirePermission(request);
      throw badQuery;
    }
    List<Object> days = new ArrayList<>();
    for (AdminStatistics.Day d : stats.daily(caller, from, to)) {
      Map<String, Object> day = new LinkedHashMap<>();
      day.put("day", d.day().toString());
      day.put("sign_ins", new TreeMap<>(d.signIns()));
      day.put("failures", new TreeMap<>(d.failures()));
      day.put("lockouts", d.lockouts());
      List<Object> deliveries = new ArrayList<>();
      for (AdminStatistics.Delivery x : d.deliveries()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("channel", x.channel());
        row.put("purpose", x.purpose());
        row.put("provider", x.provider());
        row.put("outcome", x.outcome());
        row.put("count", x.count());
        deliveries.add(row);
      }
      day.put("deliveries", deliveries);
      List<Object> codes = new ArrayList<>();
      for (AdminStatistics.Codes x : d.codes()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("channel", x.channel());
        row.put("purpose", x.purpose());
        row.put("sent", x.sent());
        row.put("verified", x.verified());
        row.put("expired", x.expired());
        row.put("burned", x.burned());
        row.put("replaced", x.replaced());
        codes.add(row);
      }
      day.put("codes", codes);
      days.add(day);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", from.toString());
    body.put("to", to.toString());
    body.put("days", days);
    Replies.ok(body).send(response);
  }

  private static LocalDate day(HttpServletRequest request, String name) {
    String v = request.getParameter(name);
    if (v == null) {
      throw new ApiException(ProtocolError.MISSING_FIELD, name + " is required (YYYY-MM-DD)");
    }
    if (!v.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
      throw new ApiException(ProtocolError.INVALID_FIELD, name + " must be a day (YYYY-MM-DD)");
    }
    try {
      return LocalDate.parse(v);
    } catch (java.time.DateTimeException notADay) {
      throw new ApiException(ProtocolError.INVALID_FIELD, name + " must be a day (YYYY-MM-DD)");
    }
  }
}
