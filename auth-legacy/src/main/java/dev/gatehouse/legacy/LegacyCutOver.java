package dev.gatehouse.legacy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SetupAdvice;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.migration.LegacyServing;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.CarryOver;
import dev.gatehouse.core.session.ExternalAccounts;
import dev.gatehouse.core.session.ModuleAccounts;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The legacy cut-over module: during the transition window, a legacy system's tokens carry their
 * sessions over into Gatehouse's — a djangorestframework-simplejwt refresh token at the refresh
 * routes ({@code gatehouse.legacy.simplejwt.*}), and at the token exchange ({@code
 * SessionService#exchangeLegacyToken}) a simplejwt access token, a FastAPI-Users JWT ({@code
 * gatehouse.legacy.fastapi-users.*}), a DRF {@code Token} key ({@code
 * gatehouse.legacy.drf-tokens.until}) or a Django session key ({@code
 * gatehouse.legacy.django-sessions.*}) — each signing in once through the core's one pipeline. The
 * account a legacy user became comes from the host's {@code LegacyAccountResolver} ({@code
 * Gatehouse.Builder#legacyAccounts}). The Spring Boot starter installs it with the host's {@link
 * LegacyCredentials} bean, if any; a setting of a legacy token kind without this module fails
 * {@link Gatehouse.Builder#build()} naming it. With {@link #lazyMigration}, a login or a reset for
 * a user only the legacy system knows moves that user over; with {@link #writeBack}, every change
 * Gatehouse makes to an account is written back to the legacy store during the window, and with
 * {@code gatehouse.legacy.simplejwt.issue-refresh-tokens} the sessions' refresh tokens of that
 * window are simplejwt's, so that they survive going back.
 *
 * <pre>{@code
 * Gatehouse gatehouse =
 *     Gatehouse.builder(config, store)
 *         .legacyAccounts(GatehouseImports.legacyAccounts(emf, "django"))
 *         .install(new LegacyCutOver(new DjangoCredentialTables(djangoDataSource)))
 *         .build();
 * }</pre>
 */
public final class LegacyCutOver implements GatehouseModule {
  private final LegacyCredentials credentials;
  private final boolean tables;
  private final @Nullable LegacyAuthenticator lazyMigration;
  private final @Nullable LegacyWriteBack writeBack;

  /** A module that reads no legacy credential tables (no DRF tokens, no Django sessions). */
  public LegacyCutOver() {
    this(LegacyCredentials.none(), false, null, null);
  }

  private LegacyCutOver(
      LegacyCredentials credentials,
      boolean tables,
      @Nullable LegacyAuthenticator lazyMigration,
      @Nullable LegacyWriteBack writeBack) {
    this.credentials = credentials;
    this.tables = tables;
    this.lazyMigration = lazyMigration;
    this.writeBack = writeBack;
  }

  /**
   * A module that reads the legacy credential tables: the owners of DRF {@code Token} keys, Django
   * sessions, and simplejwt's blacklist, which a carried-over refresh token must not be on.
   *
   * @param credentials the legacy credential tables, e.g. {@code new
   *     DjangoCredentialTables(dataSource)}
   */
  public LegacyCutOver(LegacyCredentials credentials) {
    this(requireNonNull(credentials, "credentials"), true, null, null);
  }

  /**
   * Turns on lazy migration: a password login or a password reset for an identifier no account has
   * asks the legacy system, and a user it knows (whose password matched, for a login) moves over
   * once, in the transaction that signs it in (see {@link LegacyAuthenticator}). The attempt is
   * counted by the login throttle like any password guess, and costs the same hash computations
   * whatever the legacy system answers.
   *
   * <pre>{@code
   * builder.install(new LegacyCutOver().lazyMigration(JdbcLegacyAuthenticator.django(ds, "auth_user")));
   * }</pre>
   *
   * @param authenticator the legacy system
   * @return a module that also migrates lazily through {@code authenticator}
   * @throws IllegalStateException when this module migrates lazily already
   */
  public LegacyCutOver lazyMigration(LegacyAuthenticator authenticator) {
    requireNonNull(authenticator, "authenticator");
    if (lazyMigration != null) {
      throw new IllegalStateException("lazy migration is already turned on for this module");
    }
    return new LegacyCutOver(credentials, tables, authenticator, writeBack);
  }

  /**
   * Turns on the write-back: while {@code gatehouse.legacy.write-back.until} lies ahead (required
   * then), and beyond it while an installed module's {@link LegacyServing} says the legacy system
   * still serves some users (a cut-over by cohort, {@code auth-cohorts}), every change Gatehouse
   * makes to an account is written back to the legacy store, so that a rollback to the legacy
   * application loses no account and no password change. Each change is journaled in the outbox in
   * its own transaction (a rolled-back change is never written back) and applied after the commit,
   * in order per account and retried; no request waits for the legacy store.
   *
   * <pre>{@code
   * builder.install(new LegacyCutOver().writeBack(UserTableWriteBack.django(ds, "auth_user")));
   * }</pre>
   *
   * @param target the legacy store
   * @return a module that also writes changes back to {@code target}
   * @throws IllegalStateException when this module writes back already
   */
  public LegacyCutOver writeBack(LegacyWriteBack target) {
    requireNonNull(target, "target");
    if (writeBack != null) {
      throw new IllegalStateException("the write-back is already turned on for this module");
    }
    return new LegacyCutOver(credentials, tables, lazyMigration, target);
  }

  /** {@return {@code legacy}, the name the module installs under} */
  @Override
  public String name() {
    return "legacy";
  }

  /** {@return what the module brings: its own error codes} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(name())
        .errorCodes(LegacyErrors.LEGACY_UNAVAILABLE, LegacyErrors.LEGACY_STORE_UNAVAILABLE)
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(
        CarryOver.class,
        context -> {
          GatehouseConfig config = context.config();
          for (var tokenKey :
              List.of(
                  LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY,
                  LegacySettings.LEGACY_FASTAPI_USERS_SECRET,
                  LegacySettings.LEGACY_DRF_TOKENS_UNTIL,
                  LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY)) {
            if (config.get(tokenKey) != null
                && context.capability(ModuleAccounts.class).legacyAccounts().isEmpty()) {
              boolean tables =
                  tokenKey == LegacySettings.LEGACY_DRF_TOKENS_UNTIL
                      || tokenKey == LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY;
              throw new ConfigurationException(
                  tokenKey.key()
                      + " is set but nothing says which account a legacy user became: "
                      + context.setupAdvice().fix(SetupAdvice.Part.LEGACY_ACCOUNTS)
                      + (tables
                          ? "; it also needs the legacy credential tables: "
                              + context.setupAdvice().fix(SetupAdvice.Part.LEGACY_CREDENTIALS)
                          : ""));
            }
          }
          for (var tableKey :
              List.of(
                  LegacySettings.LEGACY_DRF_TOKENS_UNTIL,
                  LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY)) {
            if (config.get(tableKey) != null && !tables) {
              throw new ConfigurationException(
                  tableKey.key()
                      + " is set but nothing reads the legacy credential tables: "
                      + context.setupAdvice().fix(SetupAdvice.Part.LEGACY_CREDENTIALS));
            }
          }
          Instant until = config.get(LegacySettings.LEGACY_WRITE_BACK_UNTIL);
          if ((until == null) != (writeBack == null)) {
            throw new ConfigurationException(
                writeBack == null
                    ? LegacySettings.LEGACY_WRITE_BACK_UNTIL.key()
                        + " is set but nothing writes to the legacy store: "
                        + context.setupAdvice().fix(SetupAdvice.Part.LEGACY_WRITE_BACK)
                    : "a legacy write-back target is registered but "
                        + LegacySettings.LEGACY_WRITE_BACK_UNTIL.key()
                        + " is not set: set the end of the transition window");
          }
          if (writeBack != null && until != null) {
            WriteBackJournal journal = new WriteBackJournal(context, writeBack, until);
            // One hook of two kinds: it hears every change and delivers its own channel's entries.
            context.hook(journal);
          }
          CarriedSessions sessions =
              new CarriedSessions(
                  context,
                  new LegacyTokens(
                      config,
                      context.capability(SecretHasher.class),
                      credentials,
                      () -> context.feature(LegacyServing.class)));
          context.hook(sessions);
          return sessions;
        });
    LegacyAuthenticator authenticator = lazyMigration;
    if (authenticator != null) {
      builder.feature(
          ExternalAccounts.class,
          context -> {
            LazyMigration migration = new LazyMigration(context, authenticator);
            context.hook(migration);
            return migration;
          });
    }
  }
}
