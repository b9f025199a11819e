package dev.gatehouse.imports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The Django application of {@code django-app/} (a jb-drf-auth project's models and routes, on
 * Debian's Django, djangorestframework and simplejwt) on one PostgreSQL schema: one Django process
 * for a whole walk ({@code walk.py serve}), as the legacy application runs while Gatehouse takes
 * over. Commands go to it one per call ({@link #run}); {@link #serveHttp} has it answer HTTP too.
 * Public for the walks of other modules ({@code examples}: the cut-over by cohort behind one base
 * URL), which take it from this module's test jar.
 */
public final class LegacyDjango implements AutoCloseable {
  /** Django's {@code SECRET_KEY}, which simplejwt signs with. */
  public static final String SECRET_KEY =
      "django-insecure-cut-over-walk-0123456789abcdefghijklmnopqrstuvwxyz";

  private final LegacyPython.Served walk;

  /**
   * Starts Django on the database's schema (it creates nothing until {@code migrate}).
   *
   * @param db a PostgreSQL database of {@link TestDatabase}
   */
  public LegacyDjango(TestDatabase db) throws Exception {
    URI server = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    Map<String, String> env =
        Map.of(
            "LEGACY_SECRET_KEY", SECRET_KEY,
            "LEGACY_DB_HOST", server.getHost(),
            "LEGACY_DB_PORT", String.valueOf(server.getPort() < 0 ? 5432 : server.getPort()),
            "LEGACY_DB_NAME", server.getPath().substring(1),
            "LEGACY_DB_USER", db.user(),
            "LEGACY_DB_PASSWORD", db.password() == null ? "" : db.password(),
            "LEGACY_DB_SCHEMA", db.name());
    this.walk = LegacyPython.serve(LegacyPython.script("django-app/walk.py"), env);
  }

  /** Aborts without PostgreSQL (fails when the databases are required) or Django's packages. */
  public static void requireOnPostgres() throws Exception {
    boolean required = "true".equalsIgnoreCase(System.getenv("GATEHOUSE_REQUIRE_DBS"));
    if (!TestDatabase.enabledKinds().contains(DatabaseKind.POSTGRESQL)) {
      Assumptions.assumeFalse(required, "PostgreSQL is required");
      Assumptions.abort("Django runs on PostgreSQL here: GATEHOUSE_TEST_POSTGRES_URL unset");
    }
    LegacyPython.require("django", "rest_framework", "rest_framework_simplejwt", "psycopg2");
  }

  /**
   * Runs one command of {@code walk.py} (its docstring lists them).
   *
   * @param args the command and its arguments
   * @return its JSON answer
   */
  public JsonNode run(String... args) throws Exception {
    return walk.call(args);
  }

  /**
   * Has the same process answer HTTP on a port of loopback the system chose (a threaded WSGI
   * server), as the legacy application serves its clients; the stdin commands go on working.
   *
   * @return the address, e.g. {@code http://127.0.0.1:41234}
   */
  public URI serveHttp() throws Exception {
    return URI.create("http://127.0.0.1:" + run("http").get("port").asInt());
  }

  @Override
  public void close() throws Exception {
    walk.close();
  }
}
