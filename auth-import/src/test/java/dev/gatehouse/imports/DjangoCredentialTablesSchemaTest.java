package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.lazy.DjangoCredentialTables;
import dev.gatehouse.legacy.LegacyCredentials;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.sqlite.SQLiteDataSource;

/**
 * The Django credential tables as Django creates them on each server database (its column types:
 * {@code timestamptz} on PostgreSQL, a naive {@code datetime(6)} in UTC on MySQL/MariaDB, an
 * integer user key, {@code key} a reserved word in MySQL), filled with the rows Django wrote into
 * the SQLite fixture ({@code django-credentials/make.py}): every lookup answers what it answers on
 * SQLite.
 */
class DjangoCredentialTablesSchemaTest {
  @TempDir Path dir;

  private static Map<String, JsonNode> credentials() throws Exception {
    Map<String, JsonNode> m = new HashMap<>();
    try (InputStream in =
        DjangoCredentialTablesSchemaTest.class.getResourceAsStream(
            "/django-credentials/credentials.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          JsonNode n = new ObjectMapper().readTree(line);
          m.put(n.get("name").asText(), n);
        }
      }
    }
    return m;
  }

  /** Django's DDL for the four tables on each database (the columns the lookups read). */
  private static List<String> ddl(DatabaseKind kind) {
    String tz = kind == DatabaseKind.MARIADB ? "datetime(6)" : "timestamp with time zone";
    String key = kind == DatabaseKind.MARIADB ? "`key`" : "\"key\"";
    return List.of(
        "create table auth_user (id integer primary key, password varchar(128) not null)",
        "create table authtoken_token ("
            + key
            + " varchar(40) primary key, created "
            + tz
            + " not null, user_id integer not null unique)",
        "create table django_session (session_key varchar(40) primary key,"
            + " session_data text not null, expire_date "
            + tz
            + " not null)",
        "create table token_blacklist_outstandingtoken (id bigint primary key, token text not null,"
            + " created_at "
            + tz
            + " null, expires_at "
            + tz
            + " not null, user_id integer null, jti varchar(255) not null unique)",
        "create table token_blacklist_blacklistedtoken (id bigint primary key, blacklisted_at "
            + tz
            + " not null, token_id bigint not null unique)");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theLookupsReadDjangosTablesOnEveryDatabase(DatabaseKind kind) throws Exception {
    Path fixture = dir.resolve("credentials.sqlite3");
    try (InputStream in =
        getClass().getResourceAsStream("/django-credentials/credentials.sqlite3")) {
      Files.copy(in, fixture);
    }
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl("jdbc:sqlite:file:" + fixture.toAbsolutePath() + "?mode=ro");
    Map<String, JsonNode> c = credentials();
    try (TestDatabase db = TestDatabase.create(kind)) {
      try (Connection to = db.connect();
          Statement s = to.createStatement()) {
        for (String statement : ddl(kind)) {
          s.execute(statement);
        }
        String key = kind == DatabaseKind.MARIADB ? "`key`" : "\"key\"";
        boolean naive = kind == DatabaseKind.MARIADB;
        copy(
            sqlite,
            to,
            "select id, password from auth_user",
            "insert into auth_user values (?, ?)",
            naive);
        copy(
            sqlite,
            to,
            "select key, created, user_id from authtoken_token",
            "insert into authtoken_token (" + key + ", created, user_id) values (?, ?, ?)",
            naive);
        copy(
            sqlite,
            to,
            "select session_key, session_data, expire_date from django_session",
            "insert into django_session values (?, ?, ?)",
            naive);
        copy(
            sqlite,
            to,
            "select id, token, created_at, expires_at, user_id, jti"
                + " from token_blacklist_outstandingtoken",
            "insert into token_blacklist_outstandingtoken values (?, ?, ?, ?, ?, ?)",
            naive);
        copy(
            sqlite,
            to,
            "select id, blacklisted_at, token_id from token_blacklist_blacklistedtoken",
            "insert into token_blacklist_blacklistedtoken values (?, ?, ?)",
            naive);
      }
      LegacyCredentials onServer = new DjangoCredentialTables(db.dataSource());
      LegacyCredentials onSqlite = new DjangoCredentialTables(sqlite);

      for (String token : List.of("drf_token_7", "drf_token_12")) {
        String k = c.get(token).get("key").asText();
        assertThat(onServer.drfTokenOwner(k))
            .contains(c.get(token).get("user_id").asText())
            .isEqualTo(onSqlite.drfTokenOwner(k));
      }
      assertThat(onServer.drfTokenOwner("0123456789abcdef0123456789abcdef01234567")).isEmpty();
      assertThat(onServer.simpleJwtBlacklisted(c.get("refresh_blacklisted").get("jti").asText()))
          .isTrue();
      assertThat(onServer.simpleJwtBlacklisted(c.get("refresh_kept").get("jti").asText()))
          .isFalse();
      String sessionKey = c.get("session_7").get("session_key").asText();
      Instant expires =
          OffsetDateTime.parse(c.get("session_7").get("expire_date").asText()).toInstant();
      LegacyCredentials.StoredSession server = onServer.djangoSession(sessionKey).orElseThrow();
      LegacyCredentials.StoredSession file = onSqlite.djangoSession(sessionKey).orElseThrow();
      assertThat(server.sessionData()).isEqualTo(file.sessionData());
      assertThat(server.expiresAt().truncatedTo(ChronoUnit.MILLIS))
          .isEqualTo(file.expiresAt().truncatedTo(ChronoUnit.MILLIS))
          // The file's line was written from get_expiry_date() a moment after the row was saved.
          .isCloseTo(expires, org.assertj.core.api.Assertions.within(1, ChronoUnit.SECONDS));
      assertThat(onServer.djangoSession("abcdefghijklmnopqrstuvwxyz012345")).isEmpty();
      assertThat(onServer.djangoPasswordHash("7"))
          .isEqualTo(onSqlite.djangoPasswordHash("7"))
          .hasValueSatisfying(h -> assertThat(h).startsWith("pbkdf2_sha256$"));
      assertThat(onServer.djangoPasswordHash("404")).isEmpty();
    }
  }

  /** Copies rows; SQLite's text dates (UTC) become the column's timestamp. */
  private static void copy(
      SQLiteDataSource from, Connection to, String select, String insert, boolean naive)
      throws Exception {
    try (Connection f = from.getConnection();
        Statement s = f.createStatement();
        ResultSet rs = s.executeQuery(select);
        PreparedStatement p = to.prepareStatement(insert)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          String type = rs.getMetaData().getColumnTypeName(i).toLowerCase(java.util.Locale.ROOT);
          Object v = rs.getObject(i);
          if (v != null && type.contains("datetime")) {
            LocalDateTime utc = LocalDateTime.parse(rs.getString(i).replace(' ', 'T'));
            // MySQL/MariaDB keep Django's UTC as a naive datetime; the others an instant.
            p.setObject(i, naive ? utc : utc.atOffset(ZoneOffset.UTC));
          } else {
            p.setObject(i, v);
          }
        }
        p.addBatch();
      }
      p.executeBatch();
    }
  }
}
