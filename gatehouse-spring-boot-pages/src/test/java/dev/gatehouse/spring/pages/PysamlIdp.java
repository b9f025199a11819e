package dev.gatehouse.spring.pages;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A SAML identity provider nobody here wrote: Debian's pysaml2 ({@code python3-pysaml2}, signing
 * with {@code xmlsec1}; {@code .ci/run} installs both) run by {@code saml/pysaml2_idp.py} on a free
 * loopback port, one process per test class. A missing pysaml2 fails the test where the browser is
 * required (CI) and skips it otherwise, as {@link HeadlessChromium} does.
 */
final class PysamlIdp implements AutoCloseable {
  private static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  private final Process process;
  private final Path work;
  final String base;

  private PysamlIdp(Process process, Path work, int port) {
    this.process = process;
    this.work = work;
    this.base = "http://127.0.0.1:" + port;
  }

  static PysamlIdp start() {
    try {
      Process check =
          new ProcessBuilder(PYTHON, "-c", "import saml2").redirectErrorStream(true).start();
      boolean ok = check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
      if (!ok || !Files.isExecutable(Path.of("/usr/bin/xmlsec1"))) {
        String reason = "pysaml2 or xmlsec1 is missing: apt-get install python3-pysaml2 xmlsec1";
        if ("true".equalsIgnoreCase(System.getenv("GATEHOUSE_TEST_REQUIRE_BROWSER"))
            || "true".equalsIgnoreCase(System.getenv("GATEHOUSE_REQUIRE_DBS"))) {
          fail(reason);
        }
        Assumptions.abort(reason);
      }
      Path work = Files.createTempDirectory("gatehouse-pysaml2-");
      Path script = work.resolve("pysaml2_idp.py");
      try (InputStream in = PysamlIdp.class.getResourceAsStream("/saml/pysaml2_idp.py")) {
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      Process p =
          new ProcessBuilder(PYTHON, script.toString(), work.toString())
              .redirectError(work.resolve("stderr.txt").toFile())
              .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      // The first line names the port; a provider that never starts fails the test, not the build.
      String line =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return out.readLine();
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .get(60, TimeUnit.SECONDS);
      if (line == null || !line.startsWith("listening ")) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "pysaml2 did not start: " + Files.readString(work.resolve("stderr.txt")));
      }
      // Counted by .ci/test-times.sh (issue 57: what a run starts).
      System.out.println("gatehouse-test-start: peer pysaml2 identity provider");
      return new PysamlIdp(p, work, Integer.parseInt(line.substring("listening ".length())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("pysaml2 did not start", e);
    }
  }

  /** {@return the provider's metadata document} */
  String metadata() {
    return get("/metadata");
  }

  /**
   * Registers a service provider's metadata, as the organisation's IT registers the application.
   */
  void trust(String serviceProviderMetadata) {
    send(
        HttpRequest.newBuilder(URI.create(base + "/control/sp"))
            .POST(HttpRequest.BodyPublishers.ofString(serviceProviderMetadata))
            .build(),
        204);
  }

  /**
   * {@return the provider's signed response to the request in {@code redirect} (its single sign-on
   * address with the request) for {@code user}}, as its login form would post it
   */
  String respond(URI redirect, String user) {
    String form = send(HttpRequest.newBuilder(redirect).build(), 200);
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("name='id' value='([^']*)'").matcher(form);
    java.util.regex.Matcher sp =
        java.util.regex.Pattern.compile("name='sp' value='([^']*)'").matcher(form);
    if (!id.find() || !sp.find()) {
      throw new IllegalStateException("no login form: " + form);
    }
    String body =
        "id="
            + java.net.URLEncoder.encode(id.group(1), StandardCharsets.UTF_8)
            + "&sp="
            + java.net.URLEncoder.encode(sp.group(1).replace("&amp;", "&"), StandardCharsets.UTF_8)
            + "&user="
            + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8);
    String posted =
        send(
            HttpRequest.newBuilder(URI.create(base + "/sso/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            200);
    java.util.regex.Matcher response =
        java.util.regex.Pattern.compile("name=\"SAMLResponse\" value=\"([^\"]*)\"").matcher(posted);
    if (!response.find()) {
      throw new IllegalStateException("no response: " + posted);
    }
    return response.group(1);
  }

  /** {@return what the provider received and answered, a line each} */
  String log() {
    return get("/control/log");
  }

  private String get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).build(), 200);
  }

  private static String send(HttpRequest request, int status) {
    try {
      // A client per call: the provider's server (wsgiref) closes each connection after its
      // answer, and a kept-alive one would be reused closed.
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .build()
              .send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != status) {
        throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(work)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
