package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TypeScript client ({@code clients/typescript}) is built as a front-end team builds it —
 * {@code npm ci}, then {@code npm run build}, which generates its types from {@code
 * docs/openapi.json} and compiles the client with the strictest checks, then {@code npm run
 * build:walk}, which compiles the walk against the built package — and then drives the example
 * through it: register, confirm by the emailed link, login, {@code /me}, refresh, a replayed
 * refresh token (which ends the session), login again, logout, a wrong password. A route or field
 * the contract changed without its document, or a document the client no longer compiles against,
 * fails here. The package a front end installs is checked too: packed from an unbuilt copy and from
 * this built checkout, it holds the built client and none of its tests, and it is built once: by
 * {@code npm pack}'s {@code prepack} script, not at {@code npm ci} (a {@code prepare} script would
 * build at both, and npm 11 warns about it where the tarball is installed).
 */
@OneDatabase("an HTTP walk of one account of its own")
class TypeScriptClientTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String EMAIL = "tess@example.com";
  private static final long STEP_SECONDS = 120;

  private static final Path CLIENT =
      Path.of("..").toAbsolutePath().normalize().resolve("clients/typescript");

  private static RunningExample app;

  @BeforeAll
  static void buildTheClientAndStartTheExample() throws Exception {
    assertThat(CLIENT.resolve("package-lock.json")).exists();
    run(CLIENT, List.of("npm", "ci", "--no-audit", "--no-fund"));
    run(CLIENT, List.of("npm", "run", "build"));
    run(CLIENT, List.of("npm", "run", "build:walk"));
    app = SharedExample.on(DatabaseKind.H2);
  }

  @Test
  void aFrontEndSignsUpSignsInRefreshesAndSignsOutThroughTheTypedClient() throws Exception {
    Path errors = Path.of("target", "typescript-walk.err");
    Process walk =
        new ProcessBuilder(
                "node", "walk/walk.js", "http://127.0.0.1:" + app.port(), EMAIL, PASSWORD)
            .directory(CLIENT.toFile())
            .redirectError(errors.toFile())
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> readLines(walk, lines), "walk-stdout");
    reader.setDaemon(true);
    reader.start();
    Map<String, JsonNode> steps = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    try (Writer stdin = new OutputStreamWriter(walk.getOutputStream(), StandardCharsets.UTF_8)) {
      while (true) {
        String line = lines.poll(STEP_SECONDS, TimeUnit.SECONDS);
        assertThat(line).as("the walk's next step after %s", steps.keySet()).isNotNull();
        if (line.equals(EOF)) {
          break;
        }
        JsonNode step = json.readTree(line);
        steps.put(step.get("step").asText(), step);
        if (step.get("step").asText().equals("registered")) {
          stdin.write(confirmationToken() + "\n");
          stdin.flush();
        }
      }
    }
    assertThat(walk.waitFor(STEP_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(walk.exitValue())
        .as("the walk's exit code; steps: %s; its errors:%n%s", steps, Files.readString(errors))
        .isZero();

    assertThat(steps)
        .containsOnlyKeys(
            "registered",
            "confirmed",
            "login",
            "me",
            "refreshed",
            "sessions",
            "me-after-refresh",
            "replayed",
            "session-ended-by-replay",
            "logged-out",
            "wrong-password");
    assertThat(steps.get("login").get("email").asText()).isEqualTo(EMAIL);
    assertThat(steps.get("login").get("verified").asBoolean()).isTrue();
    assertThat(steps.get("login").get("expiresIn").asInt()).isPositive();
    assertThat(steps.get("me").get("email").asText()).isEqualTo(EMAIL);
    assertThat(steps.get("me").get("profiles").asInt()).isPositive();
    assertThat(steps.get("refreshed").get("newAccess").asBoolean()).isTrue();
    assertThat(steps.get("refreshed").get("newRefresh").asBoolean()).isTrue();
    assertThat(steps.get("sessions").get("status").asInt()).isEqualTo(200);
    assertThat(steps.get("sessions").get("count").asInt()).isEqualTo(1);
    assertThat(steps.get("sessions").get("current").asBoolean()).isTrue();
    assertThat(steps.get("me-after-refresh").get("email").asText()).isEqualTo(EMAIL);
    assertThat(steps.get("replayed").get("status").asInt()).isEqualTo(401);
    assertThat(steps.get("replayed").get("code").asText()).isEqualTo("invalid_refresh_token");
    assertThat(steps.get("session-ended-by-replay").get("status").asInt()).isEqualTo(401);
    assertThat(steps.get("logged-out").get("tokensForgotten").asBoolean()).isTrue();
    assertThat(steps.get("logged-out").get("refreshStatus").asInt()).isEqualTo(401);
    assertThat(steps.get("wrong-password").get("status").asInt()).isEqualTo(400);
    assertThat(steps.get("wrong-password").get("code").asText()).isEqualTo("invalid_credentials");
    assertThat(steps.get("wrong-password").get("title").asText()).isNotBlank();
  }

  /** What {@code npm pack} must put in the package: the built client, its README, no tests. */
  private static final Set<String> PACKAGE =
      Set.of(
          "package/package.json",
          "package/README.md",
          "package/dist/index.js",
          "package/dist/index.d.ts",
          "package/dist/schema.js",
          "package/dist/schema.d.ts");

  @Test
  void npmPackOfAnUnbuiltCheckoutGivesTheBuiltClientWithoutItsTests(@TempDir Path checkout)
      throws Exception {
    Path client = checkout.resolve("clients/typescript");
    copyTheSources(client);
    Files.createDirectories(checkout.resolve("docs"));
    Files.copy(
        CLIENT.resolve("../../docs/openapi.json").normalize(),
        checkout.resolve("docs/openapi.json"));
    assertThat(client.resolve("dist")).doesNotExist();
    assertThat(client.resolve("src/schema.ts")).doesNotExist();
    // The dependencies only: npm ci builds nothing, npm pack builds the client once (prepack).
    run(client, List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"));
    assertThat(client.resolve("dist")).as("built by npm ci").doesNotExist();
    Path tarballs = Files.createDirectories(checkout.resolve("tarballs"));
    String pack = run(client, List.of("npm", "pack", "--pack-destination", tarballs.toString()));
    assertThat(pack.lines().filter(l -> l.strip().equals("> @gatehouse/client@0.1.0 build")))
        .as("builds during npm pack:%n%s", pack)
        .hasSize(1);

    Path tarball = tarballs.resolve("gatehouse-client-0.1.0.tgz");
    assertThat(tarball).exists();
    assertThat(entries(List.of("tar", "-tzf", tarball.toString())))
        .as("the tarball of an unbuilt checkout")
        .containsExactlyInAnyOrderElementsOf(PACKAGE);
    JsonNode scripts =
        new ObjectMapper()
            .readTree(
                output(
                    Path.of("."),
                    List.of("tar", "-xzOf", tarball.toString(), "package/package.json")))
            .get("scripts");
    assertThat(scripts.has("prepare"))
        .as("a prepare script in the packed package.json (npm would run it at every install)")
        .isFalse();
  }

  @Test
  void npmPackOfTheBuiltCheckoutLeavesTheWalkOut() throws Exception {
    assertThat(CLIENT.resolve("walk/walk.js")).as("the walk is built").exists();
    String json = output(CLIENT, List.of("npm", "pack", "--dry-run", "--json", "--ignore-scripts"));
    JsonNode packed = new ObjectMapper().readTree(json.substring(json.indexOf('[')));
    Set<String> files = new TreeSet<>();
    packed.get(0).get("files").forEach(f -> files.add("package/" + f.get("path").asText()));
    assertThat(files).as("the package of the built checkout").isEqualTo(new TreeSet<>(PACKAGE));
  }

  /** The client's tracked sources: what a fresh clone has, without anything built or installed. */
  private static void copyTheSources(Path target) throws IOException {
    Set<String> built = Set.of("node_modules", "dist", "walk", "schema.ts");
    List<Path> sources;
    try (Stream<Path> files = Files.walk(CLIENT)) {
      sources =
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().endsWith(".tgz"))
              .filter(
                  f ->
                      StreamSupport.stream(CLIENT.relativize(f).spliterator(), false)
                          .noneMatch(part -> built.contains(part.toString())))
              .toList();
    }
    for (Path source : sources) {
      Path copy = target.resolve(CLIENT.relativize(source).toString());
      Files.createDirectories(copy.getParent());
      Files.copy(source, copy);
    }
  }

  private static Set<String> entries(List<String> command) throws Exception {
    Set<String> entries = new TreeSet<>();
    for (String line : output(Path.of("."), command).split("\\R")) {
      if (!line.isBlank() && !line.endsWith("/")) {
        entries.add(line.strip());
      }
    }
    return entries;
  }

  private static final String EOF = "\u0000end";

  private static void readLines(Process process, BlockingQueue<String> lines) {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("{\"step\":\"stdout-failed\"}");
    }
    lines.add(EOF);
  }

  private static String confirmationToken() {
    Matcher link =
        Pattern.compile("token=([A-Za-z0-9_-]+)")
            .matcher(app.bean(CapturingEmailSender.class).lastTo(EMAIL).orElseThrow().textBody());
    assertThat(link.find()).as("the confirmation mail carries a link token").isTrue();
    return link.group(1);
  }

  /**
   * Runs a command in a directory, its output into a file of the module's {@code target} (the test
   * JVM's own standard streams belong to Surefire), shown when it fails; returns what this command
   * wrote.
   */
  private static String run(Path directory, List<String> command) throws Exception {
    Path log = Files.createDirectories(Path.of("target")).resolve("typescript-client.log");
    long before = Files.exists(log) ? Files.size(log) : 0;
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    String what = String.join(" ", command);
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).as(what).isTrue();
    assertThat(process.exitValue()).as("%s failed:%n%s", what, Files.readString(log)).isZero();
    byte[] all = Files.readAllBytes(log);
    return new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
  }

  /** Runs a command in a directory and returns its standard output. */
  private static String output(Path directory, List<String> command) throws Exception {
    Path out = Files.createTempFile("typescript-client", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectOutput(out.toFile())
              .start();
      String what = String.join(" ", command);
      assertThat(process.waitFor(10, TimeUnit.MINUTES)).as(what).isTrue();
      assertThat(process.exitValue()).as("%s failed", what).isZero();
      return Files.readString(out);
    } finally {
      Files.delete(out);
    }
  }
}
