package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.source.SpringSecurityJdbcSource;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.LdapShaPasswordEncoder;
import org.springframework.security.crypto.password.MessageDigestPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.crypto.password.StandardPasswordEncoder;
import org.springframework.security.crypto.scrypt.SCryptPasswordEncoder;

/**
 * A Spring Security application's {@code JdbcUserDetailsManager} tables, filled through Spring
 * Security's own encoders (every id its {@code DelegatingPasswordEncoder} writes, Spring 5 and 6
 * parameters), taken over by the import: every person signs in with the password they had (and no
 * other), the hash is upgraded at that login, {@code {noop}} signs nobody in, {@code enabled} is
 * the active flag and the authorities are profile roles.
 */
@SuppressWarnings("deprecation") // the legacy encoders are what old Spring applications stored
@OneDatabase(
    "Spring Security's encoders through the import; the import's writes on each database are DjangoImportTest's")
class SpringSecurityImportTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  static Map<String, PasswordEncoder> encoders() {
    Map<String, PasswordEncoder> m = new LinkedHashMap<>();
    m.put("bcrypt", new BCryptPasswordEncoder());
    m.put("pbkdf2", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_5());
    m.put("pbkdf2@SpringSecurity_v5_8", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());
    m.put("scrypt", SCryptPasswordEncoder.defaultsForSpringSecurity_v4_1());
    m.put("scrypt@SpringSecurity_v5_8", SCryptPasswordEncoder.defaultsForSpringSecurity_v5_8());
    m.put("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_2());
    m.put("argon2@SpringSecurity_v5_8", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8());
    m.put("sha256", new StandardPasswordEncoder());
    m.put("MD5", new MessageDigestPasswordEncoder("MD5"));
    m.put("SHA-1", new MessageDigestPasswordEncoder("SHA-1"));
    m.put("SHA-256", new MessageDigestPasswordEncoder("SHA-256"));
    m.put("ldap", new LdapShaPasswordEncoder());
    return m;
  }

  private static String password() {
    byte[] b = new byte[10];
    RANDOM.nextBytes(b);
    return "pw-" + HexFormat.of().formatHex(b);
  }

  /** username -> password, written to a Spring Security schema with the given encoder ids. */
  private static JdbcDataSource springApplication(String name, Map<String, String[]> users)
      throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      // Spring Security's users.ddl.
      s.execute(
          "create table users(username varchar(50) not null primary key,"
              + " password varchar(500) not null, enabled boolean not null)");
      s.execute(
          "create table authorities (username varchar(50) not null, authority varchar(50) not"
              + " null, constraint fk_authorities_users foreign key(username) references"
              + " users(username))");
      try (PreparedStatement u = c.prepareStatement("insert into users values (?, ?, ?)");
          PreparedStatement a = c.prepareStatement("insert into authorities values (?, ?)")) {
        for (Map.Entry<String, String[]> e : users.entrySet()) {
          u.setString(1, e.getKey());
          u.setString(2, e.getValue()[0]);
          u.setBoolean(3, !e.getKey().startsWith("disabled"));
          u.executeUpdate();
          a.setString(1, e.getKey());
          a.setString(2, "ROLE_USER");
          a.executeUpdate();
          if (e.getKey().startsWith("admin")) {
            a.setString(2, "ROLE_ADMIN");
            a.executeUpdate();
          }
        }
      }
    }
    return ds;
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void everyPasswordSpringSecurityStoredSignsItsOwnerInAndNoOtherPassword(DatabaseKind kind)
      throws Exception {
    Map<String, String> passwords = new LinkedHashMap<>();
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (Map.Entry<String, PasswordEncoder> e : encoders().entrySet()) {
      String username =
          "u-" + e.getKey().toLowerCase().replaceAll("[^a-z0-9]", "-") + "@example.com";
      String password = password();
      String stored =
          new DelegatingPasswordEncoder(e.getKey(), Map.of(e.getKey(), e.getValue()))
              .encode(password);
      passwords.put(username, password);
      rows.put(username, new String[] {stored});
    }
    String noop = password();
    rows.put("noop@example.com", new String[] {"{noop}" + noop});
    String adminPassword = password();
    rows.put(
        "admin@example.com",
        new String[] {
          new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder()))
              .encode(adminPassword)
        });
    rows.put("disabled@example.com", new String[] {"{noop}x"});
    rows.put("alice", new String[] {"{noop}y"});

    try (ImportFixture f = ImportFixture.create(kind)) {
      GatehouseConfig config =
          GatehouseConfig.builder()
              .clock(f.clock)
              .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
              .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
              .set(ProfileSettings.PROFILE_ROLES, List.of("user", "admin"))
              .set(ProfileSettings.DEFAULT_PROFILE_ROLE, "user")
              // Every wrong password below is a deliberate failure, not an attack to throttle.
              .set(ThrottleSettings.THROTTLE_ENABLED, false)
              .build();
      Importer importer =
          Importer.builder()
              .dataSource(f.db.dataSource())
              .entityManagerFactory(f.emf)
              .entities(f.entities)
              .config(config)
              .hashing(f.hashing)
              .clock(f.clock)
              .build();
      LegacySource source = SpringSecurityJdbcSource.of(springApplication("spring_" + kind, rows));
      ImportOptions options = ImportOptions.builder("spring-app").build();

      PlanReport plan = importer.plan(source, options);
      assertThat(plan.records()).isEqualTo(rows.size());
      assertThat(plan.hashFormats())
          .containsKeys("{bcrypt}", "{pbkdf2@SpringSecurity_v5_8}", "{noop}");
      RunReport run = importer.run(source, options);
      assertThat(run.created()).isEqualTo(rows.size());

      Gatehouse gatehouse = Gatehouse.builder(config, f.store).passwordHashing(f.hashing).build();
      int signedIn = 0;
      for (Map.Entry<String, String> p : passwords.entrySet()) {
        for (String other : List.of(p.getValue() + "x", noop, adminPassword)) {
          assertThatThrownBy(() -> gatehouse.accounts().login(LoginRequest.of(p.getKey(), other)))
              .as("%s with another password", p.getKey())
              .isInstanceOf(AuthException.class);
        }
        TokenPair pair =
            gatehouse
                .accounts()
                .login(LoginRequest.of(p.getKey(), p.getValue()))
                .orElseThrow()
                .tokens();
        assertThat(pair.accessToken()).isNotBlank();
        signedIn++;
        // Upgraded at that login: the next one verifies Gatehouse's own hash.
        assertThat(
                f.count(
                    "select count(*) from gh_user where email = '"
                        + p.getKey()
                        + "' and password_hash like '$argon2id$%'"))
            .isEqualTo(1);
        assertThat(gatehouse.accounts().login(LoginRequest.of(p.getKey(), p.getValue())))
            .isNotNull();
      }
      assertThat(signedIn).isEqualTo(12);
      assertThatThrownBy(
              () -> gatehouse.accounts().login(LoginRequest.of("noop@example.com", noop)))
          .isInstanceOf(AuthException.class)
          .hasFieldOrPropertyWithValue("error", ErrorCode.INVALID_CREDENTIALS);

      assertThat(f.count("select count(*) from gh_user where is_active = false")).isEqualTo(1);
      assertThat(f.count("select count(*) from gh_user where username = 'alice' and email is null"))
          .isEqualTo(1);
      assertThat(
              f.count(
                  "select count(*) from gh_profile p join gh_user u on p.user_id = u.id"
                      + " where u.email = 'admin@example.com'"))
          .isEqualTo(2);
      assertThat(
              f.count(
                  "select count(*) from gh_profile p join gh_user u on p.user_id = u.id"
                      + " where u.email = 'admin@example.com' and p.is_default = true"
                      + " and p.role = 'user'"))
          .isEqualTo(1);
    }
  }

  @org.junit.jupiter.api.Test
  void springSecuritysDefaultIsUpgradedLdapsOwnMd5StaysLdapAndAnUnknownIdIsUnsupported()
      throws Exception {
    PasswordHashing hashing = PasswordHashing.create(PasswordHashingOptions.defaults());
    String password = password();
    String stored =
        org.springframework.security.crypto.factory.PasswordEncoderFactories
            .createDelegatingPasswordEncoder()
            .encode(password);
    assertThat(stored).startsWith("{bcrypt}$2a$");
    assertThat(hashing.verify(password, stored))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(hashing.verify(password, "{whirlpool}abcdef"))
        .isEqualTo(PasswordVerification.UNSUPPORTED);
    // LDAP's {MD5} (Base64) is not Spring's {MD5} (hex): it still verifies as LDAP.
    String ldapMd5 =
        "{MD5}"
            + java.util.Base64.getEncoder()
                .encodeToString(
                    java.security.MessageDigest.getInstance("MD5")
                        .digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(hashing.verify(password, ldapMd5).matched()).isTrue();
    assertThat(hashing.verify(password + "x", ldapMd5).matched()).isFalse();
  }
}
