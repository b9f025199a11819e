package dev.gatehouse.bench;

import static dev.gatehouse.bench.SideBySide.GH;
import static dev.gatehouse.bench.SideBySide.GH_BEFORE;
import static dev.gatehouse.bench.SideBySide.KC;

import dev.gatehouse.bench.SideBySide.LaunchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The side-by-side run's summary: each figure per side as the median over its launches (each launch
 * beside it), each Gatehouse side against Keycloak, and the targets. The signature
 * subtracted is the mean of the measurements before and after the launches.
 */
final class SideBySideSummary {
  private final SignatureCost signatures;
  private final Consumer<String> out;

  SideBySideSummary(SignatureCost signatures, Consumer<String> out) {
    this.signatures = signatures;
    this.out = out;
  }

  private void line(String l) {
    out.accept(l);
  }

  void write(List<LaunchResult> results) {
    List<String> sides = new ArrayList<>();
    if (results.stream().anyMatch(r -> r.side.equals(GH_BEFORE))) {
      sides.add(GH_BEFORE);
    }
    sides.add(GH);
    sides.add(KC);
    line("## HTTP, per side (median over launches; each launch in parentheses, in launch order)");
    line("");
    StringBuilder head = new StringBuilder("| figure |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String side : sides) {
      head.append(' ').append(side.equals(KC) ? "Keycloak" : side).append(" |");
      rule.append("---|");
    }
    for (String side : sides) {
      if (!side.equals(KC)) {
        head.append(' ').append(side).append(" / KC |");
        rule.append("---|");
      }
    }
    line(head.toString());
    line(rule.toString());
    row(sides, results, "password logins/s", r -> r.login.rate(), false);
    row(sides, results, "server CPU ms per login", r -> r.login.serverCpuPerOp(), true);
    row(sides, results, "PostgreSQL CPU ms per login", r -> r.login.pgCpuPerOp(), true);
    row(sides, results, "refresh rotations/s", r -> r.refresh.rate(), false);
    row(sides, results, "server CPU ms per refresh", r -> r.refresh.serverCpuPerOp(), true);
    row(
        sides,
        results,
        "server CPU ms per refresh, JIT compiler threads left out",
        r -> r.refresh.serverCpuPerOpWithoutJit(),
        true);
    row(
        sides,
        results,
        "server CPU ms per refresh beyond one signature (" + signatures.brief() + ")",
        r -> r.refresh.serverCpuPerOp() - signatures.signMs(r.side.equals(KC)),
        true);
    row(
        sides,
        results,
        "the same, JIT compiler threads left out",
        r -> r.refresh.serverCpuPerOpWithoutJit() - signatures.signMs(r.side.equals(KC)),
        true);
    row(sides, results, "PostgreSQL CPU ms per refresh", r -> r.refresh.pgCpuPerOp(), true);
    row(sides, results, "idle RSS MiB (after start-up)", r -> r.idleRssKib / 1024.0, true);
    row(
        sides,
        results,
        "start-up s (to ready; the first launch creates the schema)",
        r -> r.startSeconds,
        true);
    row(sides, results, "load generator CPU ms per login", r -> r.login.clientCpuPerOp(), true);
    row(sides, results, "load generator CPU ms per refresh", r -> r.refresh.clientCpuPerOp(), true);
    double kc = median(results, KC, r -> r.refresh.rate());
    double kcLogin = median(results, KC, r -> r.login.rate());
    line("");
    for (String side : sides) {
      if (side.equals(KC)) {
        continue;
      }
      double gh = median(results, side, r -> r.refresh.rate());
      double ghLogin = median(results, side, r -> r.login.rate());
      double beyond =
          median(results, side, r -> r.refresh.serverCpuPerOp()) - signatures.signMs(false);
      line(
          String.format(
              Locale.ROOT,
              "Targets, %s: logins ≥ 1.0× Keycloak: %.2f× (%s); refresh ≥ 3×: %.2f× (%s);"
                  + " server CPU per refresh beyond one signature ≤ 0.3 ms: %.2f ms (%s).",
              side,
              ghLogin / kcLogin,
              ghLogin / kcLogin >= 1.0 ? "met" : "missed",
              gh / kc,
              gh / kc >= 3.0 ? "met" : "missed",
              beyond,
              beyond <= 0.3 ? "met" : "missed"));
    }
    double cliShare =
        results.stream()
            .mapToDouble(r -> r.refresh.clientCpuMs() / (r.refresh.seconds() * 1000))
            .max()
            .orElse(0);
    line(
        String.format(
            Locale.ROOT,
            "Load generator: at most %.2f cores busy during a refresh phase (of %d).",
            cliShare,
            Runtime.getRuntime().availableProcessors()));
  }

  private void row(
      List<String> sides,
      List<LaunchResult> results,
      String label,
      Function<LaunchResult, Double> f,
      boolean cost) {
    StringBuilder b = new StringBuilder("| ").append(label).append(" |");
    for (String side : sides) {
      StringBuilder all = new StringBuilder();
      for (LaunchResult r : results) {
        if (r.side.equals(side)) {
          all.append(all.length() == 0 ? "" : ", ").append(fmt(f.apply(r)));
        }
      }
      b.append(' ').append(fmt(median(results, side, f))).append(" (").append(all).append(") |");
    }
    double kc = median(results, KC, f);
    for (String side : sides) {
      if (!side.equals(KC)) {
        b.append(String.format(Locale.ROOT, " **%.2f**", median(results, side, f) / kc))
            .append(cost ? " (lower is better)" : "")
            .append(" |");
      }
    }
    line(b.toString());
  }

  private static double median(
      List<LaunchResult> results, String side, Function<LaunchResult, Double> f) {
    double[] v =
        results.stream().filter(r -> r.side.equals(side)).mapToDouble(f::apply).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String fmt(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
