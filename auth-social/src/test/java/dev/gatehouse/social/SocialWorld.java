package dev.gatehouse.social;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** A Gatehouse on a fresh database of one kind with social providers; closing drops it. */
final class SocialWorld implements AutoCloseable {
  final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  final TestDatabase db;
  final EntityManagerFactory emf;
  final Gatehouse gatehouse;
  final JpaAuthStore store;
  final SocialService social;

  /**
   * The settings of a provider used on its own in a test: its stand-in serves plain http on
   * loopback, which only the development setting lets a provider reach.
   */
  static final GatehouseConfig LOOPBACK =
      GatehouseConfig.builder()
          .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
          .set(SocialSettings.SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS, true)
          .build();

  /** {@return a Facebook provider used on its own, set to reach its loopback stand-in} */
  static FacebookProvider onLoopback(FacebookProvider provider) {
    ProviderHttp.addresses(provider, ProviderAddresses.of(LOOPBACK));
    return provider;
  }

  /** A world whose providers are local servers (loopback, plain http: the development setting). */
  SocialWorld(DatabaseKind kind, Function<MutableClock, List<SocialProvider>> providers) {
    this(kind, providers, c -> c.set(SocialSettings.SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS, true));
  }

  /** A world with the configuration {@code config} makes of the test's defaults. */
  SocialWorld(
      DatabaseKind kind,
      Function<MutableClock, List<SocialProvider>> providers,
      UnaryOperator<GatehouseConfig.Builder> config) {
    db = TestDatabase.create(kind);
    var entities = DefaultEntities.classes();
    GatehouseMigrations.migrate(db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, entities);
    emf = GatehouseJpa.bootstrap(db.dataSource(), entities, List.of());
    store = new JpaAuthStore(emf, entities);
    Gatehouse.Builder b =
        Gatehouse.builder(
                config
                    .apply(
                        GatehouseConfig.builder()
                            .clock(clock)
                            .set(
                                GatehouseConfig.SECRET_KEY,
                                "test-secret-key-0123456789abcdef-0123456789")
                            .set(PasswordSettings.ARGON2_MEMORY_KIB, 7168)
                            .set(PasswordSettings.ARGON2_ITERATIONS, 1))
                    .build(),
                store)
            .smsSender(new CapturingSmsSender())
            .emailSender(new CapturingEmailSender())
            .listener(events::add)
            .deliveryExecutor(Runnable::run)
            .install(new SocialSignIn(providers.apply(clock)));
    gatehouse = b.build();
    social = gatehouse.feature(SocialService.class);
  }

  @Override
  public void close() {
    gatehouse.close();
    emf.close();
    db.close();
  }
}
