package dev.gatehouse.legacy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the legacy system's own credential tables say during the transition window: the owner of a
 * djangorestframework {@code Token} key, whether djangorestframework-simplejwt's blacklist holds a
 * refresh token, and a Django session with its user's current password hash. Given to the module,
 * {@code new LegacyCutOver(credentials)}; {@code new DjangoCredentialTables(dataSource)} reads a
 * Django database's {@code authtoken_token} and {@code token_blacklist_*} tables.
 *
 * <p>Called outside Gatehouse's transaction, once per carried-over credential; must be thread-safe.
 * A lookup that cannot reach the legacy store throws: the credential is then refused (a blacklist
 * that cannot be read does not let a revoked token through).
 */
public interface LegacyCredentials {

  /**
   * The legacy user a DRF {@code Token} key belongs to.
   *
   * @param key the key as the client sends it ({@code Authorization: Token <key>})
   * @return the user's key in the legacy system, or empty when no such token exists
   */
  Optional<String> drfTokenOwner(String key);

  /**
   * Whether simplejwt's blacklist holds the refresh token with this {@code jti} (its logout, or a
   * rotation with {@code BLACKLIST_AFTER_ROTATION}).
   *
   * @param jti the token's {@code jti}
   * @return whether it was blacklisted; false when the project has no blacklist tables
   */
  boolean simpleJwtBlacklisted(String jti);

  /**
   * A row of Django's {@code django_session} table. Its {@link #toString()} shows neither field.
   *
   * @param sessionData the signed, encoded session ({@code session_data})
   * @param expiresAt when Django stops accepting it ({@code expire_date})
   */
  record StoredSession(String sessionData, Instant expiresAt) {
    /**
     * Checks that both are present.
     *
     * @param sessionData the signed, encoded session
     * @param expiresAt when Django stops accepting it
     */
    public StoredSession {
      Objects.requireNonNull(sessionData, "sessionData");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
      return "StoredSession[...]";
    }
  }

  /**
   * A Django session by its key (the {@code sessionid} cookie's value).
   *
   * @param sessionKey the key
   * @return the stored session, or empty when there is none
   */
  Optional<StoredSession> djangoSession(String sessionKey);

  /**
   * The legacy user's current password hash ({@code password} of the user table), which a Django
   * session's {@code _auth_user_hash} is checked against: a session made before a password change
   * no longer verifies, as in Django.
   *
   * @param legacyUserId the user's key
   * @return the hash, or empty when the user or its hash is gone
   */
  Optional<String> djangoPasswordHash(String legacyUserId);

  /**
   * {@return the lookup of a host without legacy credential tables: no DRF token exists, nothing is
   * blacklisted}
   */
  static LegacyCredentials none() {
    return None.INSTANCE;
  }

  /** The {@link #none()} lookup. */
  enum None implements LegacyCredentials {
    /** The one instance. */
    INSTANCE;

    @Override
    public Optional<String> drfTokenOwner(String key) {
      return Optional.empty();
    }

    @Override
    public boolean simpleJwtBlacklisted(String jti) {
      return false;
    }

    @Override
    public Optional<StoredSession> djangoSession(String sessionKey) {
      return Optional.empty();
    }

    @Override
    public Optional<String> djangoPasswordHash(String legacyUserId) {
      return Optional.empty();
    }
  }
}
