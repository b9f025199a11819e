package dev.gatehouse.core.module;

import dev.gatehouse.core.module.ModuleRoute.Reads;
import dev.gatehouse.core.session.SignInResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The checks of a {@link ModuleRoute}'s declaration, as its constructor documents them. */
final class RouteChecks {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final Pattern PATH =
      Pattern.compile("(/([a-z0-9]+(-[a-z0-9]+)*|\\{[a-z][a-z0-9_]*\\}))+/?");

  private RouteChecks() {}

  static void check(
      String method,
      String path,
      String summary,
      Reads reads,
      Class<?> takes,
      Class<?> answers,
      int status,
      @Nullable String operationId,
      List<Integer> refusals) {
    String route = "the route " + method + " " + path;
    if (reads == Reads.FORM && !method.equals("POST")) {
      throw new IllegalArgumentException("only a POST route reads a form, not " + method);
    }
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException(
          "a module route's method is one of GET, POST, PUT, PATCH, DELETE, not '" + method + "'");
    }
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "a module route's path starts with / and each segment is lower-case letters, digits and"
              + " '-', or a variable {name}: '"
              + path
              + "'");
    }
    if (summary.isBlank()) {
      throw new IllegalArgumentException(route + " has no summary");
    }
    if (takes != Map.class && (reads == Reads.FORM || method.equals("GET"))) {
      String body = reads == Reads.FORM ? "a form's fields" : "no body";
      throw new IllegalArgumentException(
          route + " reads " + body + ": it takes Map.class, not " + takes.getName());
    }
    RecordTypes.check(takes, "the body of " + method + " " + path);
    if (answers != SignInResult.class) {
      RecordTypes.check(answers, "the answer of " + method + " " + path);
    }
    if ((status < 200 || status > 299) && status != 303) {
      throw new IllegalArgumentException(route + " succeeds with a 2xx or 303, not " + status);
    }
    for (int refusal : refusals) {
      if (refusal < 400 || refusal > 499) {
        throw new IllegalArgumentException(route + " lists " + refusal + ", not a 4xx refusal");
      }
    }
    if (operationId != null && !operationId.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "an operation id is letters, digits and '_', not '" + operationId + "'");
    }
  }
}
