package dev.gatehouse.bench;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link ScaleBench}'s load: a schema filled by the server itself ({@code insert … select} over
 * {@code generate_series}, copying a template account's rows the library wrote, so every column is
 * as the library writes it), with the loaded tables' foreign keys and the indexes that back no
 * constraint dropped for the load and recreated from the catalog's definitions after it.
 */
final class ScaleLoad {
  private static final long CHUNK = 1_000_000;
  private static final String UUID_HEAD = "'00000000-0000-4000-8000-' || lpad(to_hex(";

  private ScaleLoad() {}

  /**
   * Loads {@code users} accounts {@code s<i>@scale.test} (i from 1) with their default profile and
   * {@code perUser} sessions each, copying the rows of a template account the library wrote.
   */
  static void load(BenchWorld w, long users, int perUser) throws SQLException {
    BenchWorld.Instance in = w.instances.get(0);
    String hash = in.gatehouse.passwordHashing().hash(BenchWorld.PASSWORD);
    String tpl = w.createUsers(1, hash).get(0);
    // The template signs in once, as every loaded account is taken to have: its session, its last
    // login with its row of gh_user_sign_in, and its audit entry are copied for each account, so a
    // measured login meets those tables at their size. Its counters are not copied: a counter's
    // window ends and the cleanup deletes it, so an account that signs in today finds none.
    in.gatehouse
        .accounts()
        .login(new LoginRequest(tpl, BenchWorld.PASSWORD, Harness.client()))
        .orElseThrow();
    long t0 = System.nanoTime();
    try (Connection c = w.db.connect();
        Statement st = c.createStatement()) {
      List<String> restore = dropForLoad(st);
      String user = UUID_HEAD + "g), 12, '0')";
      long firstId = longValue(st, "select max(id) from gh_user");
      long auditPerUser =
          longValue(
              st,
              "select count(*) from gh_audit_event where subject = (select public_id from gh_user"
                  + " where email = '"
                  + tpl
                  + "')");
      for (long from = 1; from <= users; from += CHUNK) {
        long to = Math.min(users, from + CHUNK - 1);
        copy(
            st,
            "gh_user",
            "(select * from gh_user where email = '"
                + tpl
                + "') t, generate_series("
                + from
                + ", "
                + to
                + ") g",
            Map.of(
                "public_id", user,
                "email", "'s' || g || '@scale.test'",
                "email_normalized", "'s' || g || '@scale.test'",
                "created_at", "now() - interval '400 days' + g * interval '1 second'",
                "modified_at", "now() - interval '400 days' + g * interval '1 second'",
                "last_login_at", "now() - interval '30 days' + g * interval '100 milliseconds'"));
        // this chunk's accounts, as u
        String loaded =
            " gh_user u where u.id > "
                + firstId
                + " + "
                + (from - 1)
                + " and u.id <= "
                + firstId
                + " + "
                + to;
        st.executeUpdate(
            "insert into gh_user_sign_in (user_public_id, last_login_at) select u.public_id,"
                + " u.last_login_at from"
                + loaded);
        copy(
            st,
            "gh_audit_event",
            "(select a.* from gh_audit_event a where a.subject = (select public_id from gh_user"
                + " where email = '"
                + tpl
                + "')) t,"
                + loaded,
            Map.of("subject", "u.public_id", "occurred_at", "u.last_login_at"));
        copy(
            st,
            "gh_profile",
            "(select p.* from gh_profile p join gh_user x on x.id = p.user_id where x.email = '"
                + tpl
                + "') t,"
                + loaded,
            Map.of("user_id", "u.id", "default_marker", "u.public_id"));
        progress("accounts", to, t0);
      }
      long sessions = users * perUser;
      // The template's session holds its refresh token (issue 79): no token rows to copy, unless a
      // session form with rows is measured.
      long tokenRowsPerSession =
          longValue(
              st,
              "select count(*) from gh_refresh_token r join gh_session s on s.id = r.session_id"
                  + " where s.user_public_id = (select public_id from gh_user where email = '"
                  + tpl
                  + "')");
      // each account: the user, its profile, its sign-in row and the template's audit entries
      long rows = users * (3 + auditPerUser) + sessions * (1 + tokenRowsPerSession);
      String expired = "(g % 5 = 0)";
      for (long from = 1; from <= sessions; from += CHUNK) {
        long to = Math.min(sessions, from + CHUNK - 1);
        String range = "generate_series(" + from + ", " + to + ") g";
        copy(
            st,
            "gh_session",
            "(select s.* from gh_session s where s.user_public_id = (select public_id from gh_user"
                + " where email = '"
                + tpl
                + "')) t, "
                + range,
            Map.of(
                "id",
                "'10000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0')",
                "user_public_id",
                UUID_HEAD + "(g - 1) / " + perUser + " + 1), 12, '0')",
                "created_at",
                "now() - interval '40 days'",
                "last_used_at",
                "now() - interval '20 days'",
                "idle_expires_at",
                "case when "
                    + expired
                    + " then now() - interval '10 days'"
                    + " else now() + interval '10 days' end",
                "expires_at",
                "case when "
                    + expired
                    + " then now() - interval '5 days'"
                    + " else now() + interval '20 days' end"));
        copy(
            st,
            "gh_refresh_token",
            "(select r.* from gh_refresh_token r join gh_session s on s.id = r.session_id where"
                + " s.user_public_id = (select public_id from gh_user where email = '"
                + tpl
                + "')) t, "
                + range,
            Map.of(
                "token_hash", "lpad(to_hex(g), 64, '0')",
                "session_id", "'10000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0')",
                "created_at", "now() - interval '20 days'"));
        progress("sessions", to, t0);
      }
      long i0 = System.nanoTime();
      for (String ddl : restore) {
        st.execute(ddl);
      }
      System.out.printf(
          "%s: %,d rows loaded in %.0f s (%,.0f rows/s); %d indexes and foreign keys restored in"
              + " %.1f s%n",
          w.db.name(),
          rows,
          (i0 - t0) / 1e9,
          rows / ((i0 - t0) / 1e9),
          restore.size(),
          (System.nanoTime() - i0) / 1e9);
      long v0 = System.nanoTime();
      st.execute("vacuum analyze");
      System.out.printf(
          "%s: vacuum analyze %.1f s; heap+indexes: users %s, sessions %s, refresh tokens %s,"
              + " sign-in rows %s, audit trail %s (%,d audit entries per account)%n",
          w.db.name(),
          (System.nanoTime() - v0) / 1e9,
          text(st, "select pg_size_pretty(pg_total_relation_size('gh_user'))"),
          text(st, "select pg_size_pretty(pg_total_relation_size('gh_session'))"),
          text(st, "select pg_size_pretty(pg_total_relation_size('gh_refresh_token'))"),
          text(st, "select pg_size_pretty(pg_total_relation_size('gh_user_sign_in'))"),
          text(st, "select pg_size_pretty(pg_total_relation_size('gh_audit_event'))"),
          auditPerUser);
    }
  }

  private static final String LOADED =
      "('gh_user'::regclass, 'gh_profile'::regclass, 'gh_session'::regclass,"
          + " 'gh_refresh_token'::regclass, 'gh_user_sign_in'::regclass,"
          + " 'gh_audit_event'::regclass)";

  /**
   * Drops the loaded tables' foreign keys and the indexes that back no constraint, returning the
   * statements that recreate them from the catalog's own definitions (so the tables measured have
   * exactly the production schema's indexes and constraints): one index build and one validating
   * join after the load cost far less than a B-tree insert and a foreign-key lookup per row.
   * Primary keys and unique constraints stay (a foreign key needs its referenced key).
   */
  private static List<String> dropForLoad(Statement st) throws SQLException {
    List<String> restore = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    try (ResultSet r =
        st.executeQuery(
            "select conrelid::regclass, quote_ident(conname), pg_get_constraintdef(oid) from"
                + " pg_constraint where contype = 'f' and conrelid in "
                + LOADED
                + " order by conname")) {
      while (r.next()) {
        drop.add("alter table " + r.getString(1) + " drop constraint " + r.getString(2));
        restore.add(
            "alter table "
                + r.getString(1)
                + " add constraint "
                + r.getString(2)
                + " "
                + r.getString(3));
      }
    }
    List<String> indexes = new ArrayList<>();
    try (ResultSet r =
        st.executeQuery(
            "select i.indexrelid::regclass, pg_get_indexdef(i.indexrelid) from pg_index i where"
                + " i.indrelid in "
                + LOADED
                + " and not exists (select 1 from pg_constraint k where k.conindid ="
                + " i.indexrelid) order by 1")) {
      while (r.next()) {
        drop.add("drop index " + r.getString(1));
        indexes.add(r.getString(2));
      }
    }
    for (String ddl : drop) {
      st.execute(ddl);
    }
    indexes.addAll(restore); // indexes first: a foreign key's validating join may use them
    return indexes;
  }

  /** One {@code insert … select} of every column of {@code table}, some replaced. */
  private static void copy(Statement st, String table, String from, Map<String, String> replaced)
      throws SQLException {
    st.executeUpdate(copySql(st, table, from, replaced));
  }

  /**
   * The text of an {@code insert … select} of every column of {@code table} (but a generated key),
   * each taken from {@code t.<column>} of {@code from} unless {@code replaced} gives its
   * expression.
   */
  static String copySql(Statement st, String table, String from, Map<String, String> replaced)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet r =
        st.executeQuery(
            "select column_name from information_schema.columns where table_schema ="
                + " current_schema() and table_name = '"
                + table
                + "' and is_identity = 'NO'"
                + " and coalesce(column_default, '') not like 'nextval%' order by"
                + " ordinal_position")) {
      while (r.next()) {
        columns.add(r.getString(1));
      }
    }
    StringBuilder select = new StringBuilder();
    for (String c : columns) {
      select.append(select.length() == 0 ? "" : ", ").append(replaced.getOrDefault(c, "t." + c));
    }
    return "insert into "
        + table
        + " ("
        + String.join(", ", columns)
        + ") select "
        + select
        + " from "
        + from;
  }

  private static void progress(String what, long n, long t0) {
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("  %,d %s loaded, %.0f s%n", n, what, s);
  }

  static long longValue(Statement st, String sql) throws SQLException {
    try (ResultSet r = st.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  static String text(Statement st, String sql) throws SQLException {
    try (ResultSet r = st.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}
