package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real legacy applications' code, run by Debian's Python 3 with its packages ({@code
 * python3-django}, {@code python3-djangorestframework}, {@code
 * python3-djangorestframework-simplejwt}, {@code python3-psycopg2}, {@code python3-passlib}; {@code
 * .ci/run} installs them). Without them a test is skipped, unless {@code
 * GATEHOUSE_REQUIRE_DBS=true} (CI), where it fails.
 */
final class LegacyPython {
  private LegacyPython() {}

  /** The import checks that passed in this JVM. */
  private static final java.util.Set<String> IMPORTABLE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Debian's interpreter first: a pyenv one on the path lacks the system's packages. */
  static String interpreter() {
    String configured = System.getenv("GATEHOUSE_TEST_PYTHON");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  /**
   * Skips the test (or, under {@code GATEHOUSE_REQUIRE_DBS=true}, fails it) unless the Python
   * modules can be imported.
   *
   * @param modules the modules the test needs
   */
  static void require(String... modules) throws Exception {
    String check = "import " + String.join(", ", modules);
    // The interpreter and its packages do not change during a run: one launch per check.
    if (IMPORTABLE.contains(check)) {
      return;
    }
    Result r = run(null, Map.of(), null, List.of("-c", check));
    boolean required = "true".equalsIgnoreCase(System.getenv("GATEHOUSE_REQUIRE_DBS"));
    if (r.exit() != 0) {
      String why =
          "Python modules "
              + String.join(", ", modules)
              + " are not importable by "
              + interpreter()
              + " (apt-get install python3-django python3-djangorestframework"
              + " python3-djangorestframework-simplejwt python3-psycopg2 python3-passlib python3-bcrypt python3-jwt): "
              + r.err();
      if (required) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
    IMPORTABLE.add(check);
  }

  /**
   * A script of the test resources, as a file.
   *
   * @param resource e.g. {@code django-app/walk.py}
   * @return its path
   */
  static Path script(String resource) throws URISyntaxException, IOException {
    java.net.URL url = LegacyPython.class.getResource("/" + resource);
    if (url == null) {
      throw new IllegalArgumentException("no test resource " + resource);
    }
    if (!"jar".equals(url.getProtocol())) {
      return Path.of(url.toURI());
    }
    // From this module's test jar (another module's walk): the interpreter reads files, so the
    // script's top folder (its application) is copied out once per JVM.
    String folder = resource.substring(0, resource.indexOf('/') + 1);
    Path root =
        EXTRACTED.computeIfAbsent(
            folder,
            f -> {
              try (java.nio.file.FileSystem jar =
                  java.nio.file.FileSystems.newFileSystem(url.toURI(), Map.of())) {
                Path out = Files.createTempDirectory("gatehouse-legacy-python");
                Path from = jar.getPath("/" + f);
                try (java.util.stream.Stream<Path> all = Files.walk(from)) {
                  for (Path p : (Iterable<Path>) all::iterator) {
                    Path to = out.resolve(f).resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                      Files.createDirectories(to);
                    } else {
                      Files.copy(p, to);
                    }
                  }
                }
                return out;
              } catch (IOException | URISyntaxException e) {
                throw new IllegalStateException("could not copy " + f + " out of the test jar", e);
              }
            });
    return root.resolve(resource);
  }

  /** The folders copied out of the test jar, by name. */
  private static final Map<String, Path> EXTRACTED = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Runs a script with {@code stdin} as its input.
   *
   * @param script the script
   * @param stdin what it reads
   * @return what it printed, stripped
   */
  static String withInput(Path script, String stdin) throws Exception {
    Result r = run(script.getParent(), Map.of(), stdin, List.of(script.toString()));
    assertThat(r.exit()).as("%s: %s", script.getFileName(), r.err()).isZero();
    return r.out().strip();
  }

  /**
   * Runs a script with arguments.
   *
   * @param script the script
   * @param args its arguments
   * @return what it printed, stripped
   */
  static String output(Path script, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add(script.toString());
    all.addAll(List.of(args));
    Result r = run(script.getParent(), Map.of(), null, all);
    assertThat(r.exit()).as("%s: %s", script.getFileName(), r.err()).isZero();
    return r.out().strip();
  }

  /**
   * Starts a script that serves commands until its input ends ({@code script serve}): one
   * interpreter, and one start-up of the legacy application, for many commands.
   *
   * @param script the script
   * @param env its environment additions
   * @return the running script; close it to end it
   */
  static Served serve(Path script, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(interpreter(), script.toString(), "serve");
    // Counted by .ci/test-times.sh (issue 57: what a run starts).
    System.out.println("gatehouse-test-start: python " + script + " serve");
    pb.directory(script.getParent().toFile());
    pb.environment().putAll(env);
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    return new Served(script, p, read(p.getErrorStream()));
  }

  /** A script serving commands: each a JSON array of arguments in, one JSON line out. */
  static final class Served implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path script;
    private final Process process;
    private final CompletableFuture<String> err;
    private final java.io.BufferedReader out;
    private final java.io.Writer in;

    private Served(Path script, Process process, CompletableFuture<String> err) {
      this.script = script;
      this.process = process;
      this.err = err;
      this.out =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Runs one command and fails the test when the script fails or does not answer in 180 s.
     *
     * @param args the command and its arguments
     * @return the JSON it answered
     */
    JsonNode call(String... args) throws Exception {
      in.write(JSON.writeValueAsString(List.of(args)) + "\n");
      in.flush();
      CompletableFuture<String> line =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return out.readLine();
                } catch (IOException e) {
                  return null;
                }
              });
      String answer;
      try {
        answer = line.get(180, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        process.destroyForcibly();
        throw new AssertionError(script.getFileName() + " " + args[0] + ": no answer in 180 s", e);
      }
      if (answer == null) {
        process.waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError(
            script.getFileName()
                + " "
                + args[0]
                + " ended the script: "
                + err.get(30, TimeUnit.SECONDS));
      }
      return JSON.readTree(answer);
    }

    /** Ends the script's input, and fails the test unless it then ends cleanly. */
    @Override
    public void close() throws Exception {
      in.close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(script.getFileName() + " serve did not end in 60 s");
      }
      assertThat(process.exitValue())
          .as("%s serve: %s", script.getFileName(), err.get(30, TimeUnit.SECONDS))
          .isZero();
    }
  }

  record Result(int exit, String out, String err) {}

  private static Result run(Path dir, Map<String, String> env, String stdin, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(interpreter());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    // Counted by .ci/test-times.sh (issue 57: what a run starts).
    System.out.println("gatehouse-test-start: python " + String.join(" ", args).split(" ")[0]);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().putAll(env);
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(127, "", e.getMessage());
    }
    CompletableFuture<String> out = read(p.getInputStream());
    CompletableFuture<String> err = read(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in 180 s");
    }
    try {
      // The process has ended, so its streams close; a reader stuck anyway fails the test.
      return new Result(
          p.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(command + ": its output could not be read", e);
    }
  }

  private static CompletableFuture<String> read(java.io.InputStream s) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return e.toString();
          }
        });
  }
}
