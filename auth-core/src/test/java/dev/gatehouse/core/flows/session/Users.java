package dev.gatehouse.core.flows.session;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Creating users and logging them in, the way the account flows do. */
public final class Users {
  private Users() {}

  /**
   * Gatehouse's own refresh token: a session's held token ({@code
   * <sid>.<generation>.<secret>.<mac>}, issue 79) or a token row's 43 random characters (a session
   * started before that, or the successor of a legacy-format token once its window closed).
   */
  public static final java.util.regex.Pattern OWN_REFRESH_TOKEN =
      java.util.regex.Pattern.compile(
          "[0-9a-f-]{36}\\.\\d{1,9}\\.[A-Za-z0-9_-]{43}\\.[0-9a-f]{32}|[A-Za-z0-9_-]{43}");

  /** A JWT's shape: three base64url parts (a legacy system's refresh token). */
  public static final java.util.regex.Pattern JWT_SHAPED =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  /** A new active user with a default profile; returns the public id. */
  public static UUID create(GatehouseFixture f) {
    Instant now = f.clock.instant();
    return f.db.store.inTransaction(
        tx -> {
          String email = "u" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
          return AccountFactory.of(f.gatehouse.config())
              .create(tx, UserRecord.newAccount(now).email(email, email).verified(true).build())
              .publicId();
        });
  }

  /** Starts a session for the user inside a transaction, as a login flow does. */
  public static TokenPair login(GatehouseFixture f, UUID user, ClientInfo client) {
    return f.db.store.inTransaction(
        tx -> f.gatehouse.sessions().start(tx, user, List.of("pwd"), client));
  }

  /** A web login. */
  public static TokenPair login(GatehouseFixture f, UUID user) {
    return login(f, user, ClientInfo.web("203.0.113.77"));
  }
}
