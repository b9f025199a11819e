package dev.gatehouse.imports.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gatehouse-import cohort-step}: one step of a cut-over by cohort, taken through the host's
 * own staff route ({@code POST {url}/cohorts/{cohort}/state} of {@code auth-cohorts}), so that it
 * is the same audited operation as from the Java API or the administration, checked against the
 * host's rule and taken as the staff member whose token it carries. The tool holds no rule and no
 * database connection for it.
 */
final class CohortStep {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> STATES = List.of("LEGACY", "MOVING", "GATEHOUSE");

  private CohortStep() {}

  static void validate(Map<String, List<String>> o) {
    URI url;
    try {
      url = URI.create(CliOptions.required(o, "--url"));
    } catch (IllegalArgumentException e) {
      throw new ImportCli.Usage("bad value for --url: " + e.getMessage());
    }
    if (!List.of("http", "https").contains(url.getScheme()) || url.getHost() == null) {
      throw new ImportCli.Usage(
          "--url is the host's http or https base URL, e.g. https://app/auth");
    }
    String cohort = CliOptions.required(o, "--cohort");
    if (cohort.isBlank()) {
      throw new ImportCli.Usage("--cohort names a cohort");
    }
    if (!STATES.contains(CliOptions.required(o, "--state"))) {
      throw new ImportCli.Usage("--state is one of " + String.join(", ", STATES));
    }
    String reason = CliOptions.required(o, "--reason").strip();
    if (reason.isEmpty() || reason.length() > 150) {
      throw new ImportCli.Usage("--reason is 1 to 150 characters");
    }
  }

  /**
   * Takes the step; prints the cohort's state after it.
   *
   * @return 0 when the host took it, 1 when it refused it or could not be reached, 2 without a
   *     token
   */
  static int take(Map<String, List<String>> o, String token, PrintStream out, PrintStream err)
      throws IOException {
    if (token == null || token.isBlank()) {
      err.println("error: set GATEHOUSE_STAFF_TOKEN to a staff member's access token");
      return 2;
    }
    String base = CliOptions.required(o, "--url");
    URI route =
        URI.create(
            (base.endsWith("/") ? base : base + "/")
                + "cohorts/"
                + URLEncoder.encode(CliOptions.required(o, "--cohort"), StandardCharsets.UTF_8)
                + "/state");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", CliOptions.required(o, "--state"));
    body.put("reason", CliOptions.required(o, "--reason").strip());
    HttpRequest request =
        HttpRequest.newBuilder(route)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token.strip())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build();
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> answer;
    try {
      answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("failed: interrupted");
      return 1;
    }
    if (answer.statusCode() / 100 == 2) {
      out.println(answer.body());
      return 0;
    }
    err.println("failed: the host answered " + answer.statusCode() + ": " + answer.body());
    return 1;
  }
}
