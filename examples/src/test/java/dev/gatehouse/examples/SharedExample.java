package dev.gatehouse.examples;

import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * One running example application per database kind and test JVM, for the HTTP classes that need
 * only "the example on database X" ({@link AccountHttpTest}, {@link ExamplePagesTest}, {@link
 * OrganizationsHttpTest}, {@link TypeScriptClientTest}): a start of the application (its context,
 * its database and the changelog's run) cost more of the test JVM's CPU than most of these classes'
 * own requests.
 *
 * <p>It runs with the test clock and the capturing email sender ({@link RunningExample.TestClock},
 * {@link RunningExample.CapturedEmail}), the front end's address and the bootstrap token. Each
 * class works with accounts of its own (a fresh address, or one no other sharer uses) and reads the
 * emails sent to them. A class that changes what the application holds for every caller starts an
 * application of its own: a clock it moves ({@link SessionHttpTest}, {@link OtpHttpTest}), a
 * warning given once per application ({@link ExampleServerTest}), settings of its own. The first
 * superuser is granted once per application; {@link AccountHttpTest} is the one sharer that asks
 * for it.
 *
 * <p>Each application has a fresh database ({@link RunningExample#start}), closed and dropped with
 * it when the test JVM ends.
 */
final class SharedExample {
  /** The token that grants the first superuser ({@code gatehouse.admin.bootstrap-token}). */
  static final String BOOTSTRAP = "bootstrap-token-0123456789-abcdefghijklmnop";

  /** The front end the emails' links point to ({@code gatehouse.frontend-url}). */
  static final String FRONTEND = "https://app.example.test";

  private static final Map<DatabaseKind, RunningExample> RUNNING =
      new EnumMap<>(DatabaseKind.class);

  private SharedExample() {}

  /** {@return the example application on {@code kind}, started at its first use in this JVM} */
  static synchronized RunningExample on(DatabaseKind kind) {
    return RUNNING.computeIfAbsent(
        kind,
        k -> {
          RunningExample app =
              RunningExample.start(
                  k,
                  Map.of(
                      "gatehouse.frontend-url", FRONTEND,
                      "gatehouse.admin.bootstrap-token", BOOTSTRAP),
                  RunningExample.TestClock.class,
                  RunningExample.CapturedEmail.class);
          // Closing waits for Spring's own shutdown hook if it closes the context first, then
          // drops the database.
          Runtime.getRuntime().addShutdownHook(new Thread(app::close, "stop-shared-example-" + k));
          return app;
        });
  }
}
