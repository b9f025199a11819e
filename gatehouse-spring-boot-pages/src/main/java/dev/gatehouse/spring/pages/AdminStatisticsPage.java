package dev.gatehouse.spring.pages;

import dev.gatehouse.admin.AdminStatistics;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The staff's statistics page ({@code auth-admin}): sign-ins, failed sign-ins and lockouts per day
 * as a bar chart drawn on the server as inline SVG (no script, no outside asset, so the pages'
 * content security policy holds), with the same figures and the deliveries in a table below. The
 * days come from {@link AdminStatistics}, which guards them as the admin API does.
 */
@Controller
class AdminStatisticsPage implements ModulePage {
  static final String PATH = AdminPages.BASE + "/statistics/";

  /** The days shown without a range: the last two weeks, today included. */
  private static final int DEFAULT_DAYS = 14;

  private final Gatehouse gatehouse;
  private final PageSession pages;
  private final PageMessages messages;
  private final Clock clock;

  AdminStatisticsPage(
      Gatehouse gatehouse, PageSession pages, PageMessages messages, ObjectProvider<Clock> clock) {
    this.gatehouse = gatehouse;
    this.pages = pages;
    this.messages = messages;
    this.clock = clock.getIfUnique(Clock::systemUTC);
  }

  /**
   * One day's row of the table.
   *
   * @param day the day (UTC)
   * @param signIns the sign-ins by method, in the methods' order
   * @param signInTotal all sign-ins
   * @param failures the failed sign-ins by method
   * @param failureTotal all failed sign-ins
   * @param lockouts how many accounts were locked
   * @param deliveries the deliveries by outcome ({@code sent}, {@code failed}, {@code blocked})
   */
  record Row(
      LocalDate day,
      Map<String, Long> signIns,
      long signInTotal,
      Map<String, Long> failures,
      long failureTotal,
      long lockouts,
      Map<String, Long> deliveries) {}

  @GetMapping(PATH)
  String statistics(
      @RequestParam(defaultValue = "") String from,
      @RequestParam(defaultValue = "") String to,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    VerifiedAccessToken caller = pages.live(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate first = day(from);
    LocalDate last = day(to);
    boolean given = !from.isEmpty() || !to.isEmpty();
    if (first == null
        || last == null
        || last.isBefore(first)
        || first.plusDays(AdminStatistics.MAX_DAYS).isBefore(last)) {
      if (given) {
        model.addAttribute(
            "error", messages.text("admin.stats.range", AdminStatistics.MAX_DAYS + 1));
      }
      last = today;
      first = today.minusDays(DEFAULT_DAYS - 1);
    }
    List<AdminStatistics.Day> days;
    try {
      days = gatehouse.feature(AdminStatistics.class).daily(caller, first, last);
    } catch (AuthException e) {
      return AdminPages.refused(response, model, e, messages);
    }
    List<Row> rows = days.stream().map(AdminStatisticsPage::row).toList();
    model.addAttribute("from", first.toString());
    model.addAttribute("to", last.toString());
    model.addAttribute("rows", rows);
    model.addAttribute("chart", StatisticsChart.of(rows));
    return "gatehouse/pages/admin-statistics";
  }

  /** A day typed as YYYY-MM-DD, or {@code null} when it is none. */
  private static LocalDate day(String typed) {
    if (!typed.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
      return null;
    }
    try {
      return LocalDate.parse(typed);
    } catch (DateTimeException notADay) {
      return null;
    }
  }

  private static Row row(AdminStatistics.Day d) {
    Map<String, Long> deliveries = new TreeMap<>();
    for (AdminStatistics.Delivery x : d.deliveries()) {
      deliveries.merge(x.outcome(), x.count(), Long::sum);
    }
    return new Row(
        d.day(),
        new TreeMap<>(d.signIns()),
        total(d.signIns()),
        new TreeMap<>(d.failures()),
        total(d.failures()),
        d.lockouts(),
        deliveries);
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The chart's shapes, in the SVG's user units: a pair of bars a day (sign-ins, failures), a mark
   * for a day with lockouts, the value axis's lines and the days' labels.
   *
   * @param width the drawing's width
   * @param height the drawing's height
   * @param bars the bars
   * @param ticks the value axis's lines
   * @param labels the days' labels under the bars
   */
  record StatisticsChart(
      int width, int height, List<Bar> bars, List<Tick> ticks, List<Label> labels) {
    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    private static final int LEFT = 48;
    private static final int RIGHT = 8;
    private static final int TOP = 12;
    private static final int BOTTOM = 32;

    /**
     * A bar.
     *
     * @param x its left edge
     * @param y its top
     * @param w its width
     * @param h its height
     * @param kind {@code sign-ins}, {@code failures} or {@code lockouts}, its class in the CSS
     * @param day the day it counts
     * @param value the count
     */
    record Bar(double x, double y, double w, double h, String kind, LocalDate day, long value) {}

    /**
     * A line of the value axis.
     *
     * @param y its height
     * @param value the count it marks
     */
    record Tick(double y, long value) {}

    /**
     * A day's label.
     *
     * @param x its centre
     * @param text the day, as MM-DD
     */
    record Label(double x, String text) {}

    static StatisticsChart of(List<Row> rows) {
      long top = 0;
      for (Row r : rows) {
        top = Math.max(top, Math.max(r.signInTotal(), Math.max(r.failureTotal(), r.lockouts())));
      }
      long max = niceCeiling(top);
      double plotWidth = WIDTH - LEFT - RIGHT;
      double plotHeight = HEIGHT - TOP - BOTTOM;
      double slot = plotWidth / Math.max(1, rows.size());
      double bar = slot * 0.28;
      List<Bar> bars = new ArrayList<>();
      List<Label> labels = new ArrayList<>();
      int every = Math.max(1, (int) Math.ceil(rows.size() / 14.0));
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        double x = LEFT + i * slot + slot * 0.08;
        bars.add(bar(x, bar, r.signInTotal(), max, plotHeight, "sign-ins", r.day()));
        bars.add(bar(x + bar, bar, r.failureTotal(), max, plotHeight, "failures", r.day()));
        bars.add(bar(x + 2 * bar, bar, r.lockouts(), max, plotHeight, "lockouts", r.day()));
        if (i % every == 0) {
          labels.add(new Label(round(LEFT + i * slot + slot / 2), r.day().toString().substring(5)));
        }
      }
      List<Tick> ticks = new ArrayList<>();
      for (int i = 0; i <= 4; i++) {
        long value = max * i / 4;
        ticks.add(new Tick(round(TOP + plotHeight - plotHeight * value / max), value));
      }
      return new StatisticsChart(WIDTH, HEIGHT, bars, ticks, labels);
    }

    private static Bar bar(
        double x, double w, long value, long max, double plotHeight, String kind, LocalDate day) {
      double h = plotHeight * value / max;
      return new Bar(round(x), round(TOP + plotHeight - h), round(w), round(h), kind, day, value);
    }

    /** To a tenth of a unit: short numbers in the page, written the same in every language. */
    private static double round(double v) {
      return Math.round(v * 10) / 10.0;
    }

    /**
     * The smallest of 4, 8, 20, 40, 80, 200... (so the four lines are whole) not below {@code n}.
     */
    static long niceCeiling(long n) {
      long step = 1;
      while (true) {
        for (long m : new long[] {4, 8, 20}) {
          if (m * step >= n) {
            return m * step;
          }
        }
        step *= 10;
      }
    }

    /** {@return the bottom of the plot, where the bars stand} */
    public int baseline() {
      return HEIGHT - BOTTOM;
    }

    /** {@return the left edge of the plot} */
    public int left() {
      return LEFT;
    }
  }
}
