package dev.gatehouse.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One product {@link SideBySide} drives: how to start its server, prepare its users and call its
 * login, refresh and JWKS routes.
 */
abstract class ServerSide {
  /** An access token and a refresh token. */
  record Pair(String access, String refresh) {}

  /** A started server process: the JVM's pid (not a wrapper script's) and its log. */
  static final class Server {
    final Process process;
    final long pid;
    final double startSeconds;

    Server(Process process, long pid, double startSeconds) {
      this.process = process;
      this.pid = pid;
      this.startSeconds = startSeconds;
    }

    void stop() throws InterruptedException {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
    }
  }

  final SideBySideSettings s;
  final SideBySidePostgres pg;

  ServerSide(SideBySideSettings s, SideBySidePostgres pg) {
    this.s = s;
    this.pg = pg;
  }

  abstract String name();

  abstract String database();

  abstract Server start(int launch) throws Exception;

  /** Creates the users (and realm) on the first launch; nothing later. */
  abstract void prepare(Server server) throws Exception;

  /** Where the measured requests go: the server's scheme, host and port. */
  abstract URI server();

  abstract Pair login(KeepAliveHttp c, String user) throws Exception;

  abstract Pair refresh(KeepAliveHttp c, String refreshToken) throws Exception;

  abstract String jwks(HttpClient c) throws Exception;

  // ---- as an OpenID provider (ProviderSideBySide) -------------------------------------------

  /** The relying party both providers serve: a first-party public client with PKCE. */
  static final String RP_CLIENT = "bench-rp";

  /** Where its codes go; never contacted: the load generator reads the code off the redirect. */
  static final String RP_REDIRECT = "http://127.0.0.1:9/bench-rp/callback";

  /** {@return the path of the provider's authorization endpoint} */
  abstract String authorizePath();

  /** {@return the path of the provider's token endpoint} */
  abstract String tokenPath();

  /** {@return the path of the provider's userinfo endpoint} */
  abstract String userinfoPath();

  /**
   * Signs {@code user} in with the password at the login form that the authorization endpoint's
   * answer {@code authorize} led the browser to, as a browser does, and answers the provider's
   * redirect back to the client (with the code).
   */
  abstract KeepAliveHttp.Response signInForm(
      ProviderBrowser browser, KeepAliveHttp.Response authorize, String user) throws Exception;

  abstract String issuer();

  Server launch(
      List<String> command, Map<String, String> env, Path log, String health, boolean child)
      throws Exception {
    List<String> pinned = new ArrayList<>();
    if (s.serverCpus() != null) {
      // taskset execs the command (same pid); kc.sh's java inherits the mask.
      pinned.addAll(List.of("taskset", "-c", s.serverCpus()));
    }
    pinned.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(pinned);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    long started = System.nanoTime();
    Process p = pb.start();
    long deadline = System.nanoTime() + s.startLimit().toNanos();
    HttpClient c = HttpClient.newHttpClient();
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException(name() + " exited during start-up; see " + log);
      }
      try {
        HttpResponse<String> r =
            c.send(
                HttpRequest.newBuilder(URI.create(health)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          break;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException(
            name()
                + " did not start within "
                + s.startLimit().toMinutes()
                + " minutes (sbs.startMinutes); see "
                + log);
      }
      Thread.sleep(500);
    }
    long pid = p.pid();
    if (child) { // kc.sh runs java as its child
      pid =
          p.descendants()
              .filter(h -> h.info().command().orElse("").endsWith("java"))
              .findFirst()
              .orElseThrow()
              .pid();
    }
    return new Server(p, pid, (System.nanoTime() - started) / 1e9);
  }
}
