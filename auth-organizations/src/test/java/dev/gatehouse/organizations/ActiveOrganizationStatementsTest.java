package dev.gatehouse.organizations;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * SQL statements of the active organisation, counted at the JDBC level and pinned, beside the same
 * flows of a host without the module in the same run and on the same database: installing the
 * module adds no statement to a sign-in or to the refresh of a session without an active
 * organisation; a refresh with one adds exactly the membership's read.
 */
class ActiveOrganizationStatementsTest {
  /**
   * The switch: the membership and the caller's account (the service's own check, as for every
   * call), the session, the session's claims written, the refresh token replaced (the token the
   * session holds read, then advanced in one conditional update; issue 79: were the live session
   * counted, the old token row marked and a new one inserted), and the owner's flags for the roles
   * claim.
   */
  static final int SWITCH = 7;

  /** A refresh with an active organisation: a refresh's own statements and the membership read. */
  static final int REFRESH_EXTRA = 1;

  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theModuleAddsOnlyTheMembershipReadToARefreshWithAnActiveOrganisation(DatabaseKind kind) {
    List<String> executed = new ArrayList<>();
    try (JpaFixture db = JpaFixture.create(kind, ds -> counting(ds, executed))) {
      GatehouseMigrations.migrate(db.db.dataSource(), Organizations.CHANGELOG, db.entities);
      GatehouseFixture without = new GatehouseFixture(db);
      GatehouseFixture with =
          new GatehouseFixture(
              db,
              c -> c,
              b -> b.install(Organizations.builder().store(OrganizationStore.jdbc()).build()));
      OrganizationService orgs = with.gatehouse.feature(OrganizationService.class);
      Map<String, List<String>> seen = new LinkedHashMap<>();
      for (int round = 0; round < 2; round++) {
        for (GatehouseFixture g : List.of(without, with)) {
          String tag = g == with ? " with the module" : " without";
          String address = email();
          confirmed(g, address);
          TokenPair login =
              measure(
                  seen,
                  "login" + tag,
                  executed,
                  () ->
                      g.gatehouse
                          .accounts()
                          .login(new LoginRequest(address, PASSWORD, CLIENT))
                          .orElseThrow()
                          .tokens());
          measure(
              seen,
              "refresh" + tag,
              executed,
              () -> g.gatehouse.sessions().refresh(login.refreshToken(), CLIENT));
        }
        String address = email();
        UUID alice = confirmed(with, address);
        TokenPair login =
            with.gatehouse
                .accounts()
                .login(new LoginRequest(address, PASSWORD, CLIENT))
                .orElseThrow()
                .tokens();
        Organization acme =
            orgs.create(alice, "Acme", "acme-" + UUID.randomUUID().toString().substring(0, 8));
        TokenPair switched =
            measure(
                seen,
                "switch",
                executed,
                () -> orgs.switchOrganization(alice, login.sessionId(), acme.id()));
        measure(
            seen,
            "refresh with an active organisation",
            executed,
            () -> with.gatehouse.sessions().refresh(switched.refreshToken(), CLIENT));
      }
      Map<String, Integer> actual = new LinkedHashMap<>();
      seen.forEach((flow, statements) -> actual.put(flow, statements.size()));
      int login = actual.get("login without");
      int refresh = actual.get("refresh without");
      Map<String, Integer> expected = new LinkedHashMap<>();
      expected.put("login without", login);
      expected.put("refresh without", refresh);
      expected.put("login with the module", login);
      expected.put("refresh with the module", refresh);
      expected.put("switch", SWITCH);
      expected.put("refresh with an active organisation", refresh + REFRESH_EXTRA);
      assertThat(actual)
          .as("SQL statements per flow on %s%s", kind, listing(seen))
          .isEqualTo(expected);
    }
  }

  private static <T> T measure(
      Map<String, List<String>> seen, String flow, List<String> executed, Supplier<T> run) {
    synchronized (executed) {
      executed.clear();
    }
    T result = run.get();
    synchronized (executed) {
      seen.put(flow, List.copyOf(executed));
    }
    return result;
  }

  private static String listing(Map<String, List<String>> seen) {
    StringBuilder b = new StringBuilder();
    seen.forEach(
        (flow, statements) -> {
          b.append("\n").append(flow).append(":");
          statements.forEach(s -> b.append("\n  ").append(s));
        });
    return b.toString();
  }

  /** {@code target} recording every statement executed through it into {@code executed}. */
  private static DataSource counting(DataSource target, List<String> executed) {
    return proxy(DataSource.class, target, executed, null);
  }

  private static <T> T proxy(Class<T> type, T target, List<String> executed, String sql) {
    return type.cast(
        Proxy.newProxyInstance(
            ActiveOrganizationStatementsTest.class.getClassLoader(),
            new Class<?>[] {type},
            (p, m, args) -> {
              if (target instanceof Statement && m.getName().startsWith("execute")) {
                boolean withSql = args != null && args.length > 0 && args[0] instanceof String;
                synchronized (executed) {
                  executed.add(withSql ? (String) args[0] : sql);
                }
              }
              Object result;
              try {
                result = m.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result instanceof Connection c && m.getName().equals("getConnection")) {
                return proxy(Connection.class, c, executed, null);
              }
              if (target instanceof Connection) {
                if (result instanceof PreparedStatement ps && m.getName().startsWith("prepare")) {
                  return proxy(PreparedStatement.class, ps, executed, (String) args[0]);
                }
                if (result instanceof Statement s && m.getName().equals("createStatement")) {
                  return proxy(Statement.class, s, executed, null);
                }
              }
              return result;
            }));
  }
}
