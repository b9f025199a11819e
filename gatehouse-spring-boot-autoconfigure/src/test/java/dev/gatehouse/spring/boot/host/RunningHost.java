package dev.gatehouse.spring.boot.host;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@link HostApplication} started on a fresh database of one kind, with capturing senders; closing
 * it stops the application and drops the database.
 */
final class RunningHost implements AutoCloseable {
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

  final TestDatabase db;
  final ConfigurableApplicationContext context;

  private RunningHost(TestDatabase db, ConfigurableApplicationContext context) {
    this.db = db;
    this.context = context;
  }

  /**
   * Starts the host.
   *
   * @param kind the database
   * @param properties further {@code key=value} properties
   * @return the running host
   */
  static RunningHost start(DatabaseKind kind, String... properties) {
    TestDatabase db = TestDatabase.create(kind);
    try {
      return new RunningHost(db, builder(db, TestSenders.class, properties).run());
    } catch (RuntimeException | Error e) {
      db.close();
      throw e;
    }
  }

  /**
   * An application builder for the host on {@code db}, with {@code extra} as a further source.
   *
   * @param db the database
   * @param extra a configuration class, or {@code null}
   * @param properties further {@code key=value} properties
   * @return the builder
   */
  static SpringApplicationBuilder builder(TestDatabase db, Class<?> extra, String... properties) {
    List<String> all = new ArrayList<>();
    all.add("spring.datasource.url=" + db.jdbcUrl());
    all.add("spring.datasource.username=" + db.user());
    all.add("spring.datasource.password=" + db.password());
    all.add("spring.main.banner-mode=off");
    all.addAll(List.of(properties));
    SpringApplicationBuilder b =
        extra == null
            ? new SpringApplicationBuilder(HostApplication.class)
            : new SpringApplicationBuilder(HostApplication.class, extra);
    return b.web(org.springframework.boot.WebApplicationType.NONE)
        .properties(all.toArray(String[]::new));
  }

  Gatehouse gatehouse() {
    return context.getBean(Gatehouse.class);
  }

  CapturingEmailSender email() {
    return context.getBean(CapturingEmailSender.class);
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** {@return the link token in the last email to {@code address}} */
  String tokenSentTo(String address) {
    EmailMessage message =
        email()
            .lastTo(address)
            .orElseThrow(() -> new AssertionError("no email was sent to " + address));
    Matcher m = TOKEN.matcher(message.textBody());
    if (!m.find()) {
      throw new AssertionError("no link token in the email to " + address);
    }
    return m.group(1);
  }

  /** {@return the number of rows {@code sql} counts, with one string argument} */
  long count(String sql, String arg) {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      context.close();
    } finally {
      db.close();
    }
  }

  /**
   * What a test adds to the host: capturing senders as beans, and deliveries on the committing
   * thread (after the commit) so a test sees the email without waiting.
   */
  static class TestSenders {
    @Bean
    CapturingEmailSender capturingEmailSender() {
      return new CapturingEmailSender();
    }

    @Bean
    CapturingSmsSender capturingSmsSender() {
      return new CapturingSmsSender();
    }

    @Bean
    GatehouseBuilderCustomizer deliverOnTheCommittingThread() {
      return builder -> builder.deliveryExecutor(Runnable::run);
    }
  }
}
