package dev.gatehouse.legacy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The old auth system, consulted for lazy migration: when a login or a password reset names an
 * identifier that no Gatehouse account has, Gatehouse asks this authenticator. If the legacy system
 * knows the user (and, for a login, the password matches), Gatehouse creates the account the way a
 * registration does (user plus default profile, one transaction), stores the password re-hashed
 * with the current algorithm, starts the session through the normal login path, and then calls
 * {@link #markMigrated} so the legacy side can cut its link. From then on the user is local and the
 * legacy system is never asked about them again.
 *
 * <p>Register it once, with the legacy module (the Spring Boot starter does so with a bean of this
 * type):
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store)
 *     .install(new LegacyCutOver()
 *         .lazyMigration(JdbcLegacyAuthenticator.django(legacyDataSource, "auth_user")))
 *     .build();
 * }</pre>
 *
 * <p><b>Hash computations.</b> A login for an unknown identifier costs the same number of password
 * hash computations whatever the legacy system answers: when it returns a stored hash, verifying
 * that hash takes the place of the dummy verification Gatehouse runs for unknown users; when it
 * confirms the password itself, or does not know the user, the dummy runs as before. So a login
 * that the legacy system cannot resolve still costs exactly one hash (two for a password not in
 * NFKC form), and a successful migration costs one more, to re-hash with the current algorithm —
 * the same as logging in with a legacy-format hash that needs an upgrade.
 *
 * <p><b>Contract.</b> Implementations must be thread-safe, must not log passwords or hashes, and
 * should answer within a bounded time: the login waits for them. An exception thrown by {@link
 * #lookup} fails the login as an infrastructure error; the account is not created.
 */
public interface LegacyAuthenticator {

  /**
   * Finds the user the identifier names in the legacy system.
   *
   * <p>An implementation that reads the legacy user store returns the account with its {@link
   * LegacyAccount#passwordHash() stored hash} and ignores {@code password}. An implementation that
   * asks the old application to check the password (an HTTP endpoint) returns the account with
   * {@link LegacyAccount#passwordConfirmed()} set only when the password was right, and empty
   * otherwise. Accounts the legacy system marks as already migrated should be answered as unknown.
   *
   * @param identifier what the user typed, and its canonical form
   * @param password the password exactly as typed for a login, or {@code null} for a password reset
   *     (an implementation that can only check passwords then answers empty)
   * @return the legacy account, or empty when the legacy system does not know it (or, for a
   *     password-checking implementation, the password is wrong)
   */
  Optional<LegacyAccount> lookup(LegacyIdentifier identifier, @Nullable String password);

  /**
   * Called after the Gatehouse account has been committed: the legacy side may now mark the user
   * migrated (so {@link #lookup} stops answering for them) or disable the old login. Failures are
   * logged by Gatehouse and do not undo the migration; the local account already wins every later
   * lookup. The default does nothing.
   *
   * @param legacyId the {@link LegacyAccount#legacyId()} that was migrated
   * @param userPublicId the new Gatehouse account's public id
   */
  default void markMigrated(String legacyId, UUID userPublicId) {}

  /**
   * The identifier a login or a reset named, as Gatehouse understood it.
   *
   * @param kind email, phone or username
   * @param canonical the form Gatehouse looks up: a lower-cased email, an E.164 phone, a canonical
   *     username; a legacy lookup should compare case-insensitively for email and username
   * @param typed the identifier exactly as the user typed it (trimmed of nothing), for legacy
   *     systems that compare the raw value
   */
  public record LegacyIdentifier(IdentifierKind kind, String canonical, String typed) {

    /**
     * Checks the components.
     *
     * @param kind email, phone or username
     * @param canonical the form Gatehouse looks up: a lower-cased email, an E.164 phone, a
     *     canonical username; a legacy lookup should compare case-insensitively for email and
     *     username
     * @param typed the identifier exactly as the user typed it (trimmed of nothing), for legacy
     *     systems that compare the raw value
     */
    public LegacyIdentifier {
      requireNonNull(kind, "kind");
      requireNonNull(canonical, "canonical");
      requireNonNull(typed, "typed");
    }

    /** Never shows the identifier: it is personal data. */
    @Override
    public String toString() {
      return "LegacyIdentifier[" + kind + "]";
    }
  }

  /**
   * A user as the legacy system knows it, answered by a {@link LegacyAuthenticator}. Either it
   * carries the stored {@link #passwordHash()} (Gatehouse verifies the typed password against it;
   * the format must be one {@code PasswordHashing} recognises, e.g. Django's {@code
   * pbkdf2_sha256$…} or bcrypt), or the legacy system already checked the password ({@link
   * #passwordConfirmed()}), or neither (only a password reset can then migrate the user).
   * Immutable; build with {@link #builder(String)}.
   *
   * <pre>{@code
   * LegacyAccount a = LegacyAccount.builder("42")
   *     .email("alice@example.com").username("alice")
   *     .passwordHash("pbkdf2_sha256$260000$...").emailVerified(true).build();
   * }</pre>
   *
   * @param legacyId the user's key in the legacy system, handed back to {@link
   *     LegacyAuthenticator#markMigrated}
   * @param email the email as stored, or {@code null}
   * @param phone the phone as stored (international form preferred), or {@code null}
   * @param username the username as stored, or {@code null}
   * @param passwordHash the stored password hash, or {@code null}
   * @param passwordConfirmed whether the legacy system itself confirmed the typed password
   * @param active whether the legacy account may sign in
   * @param verified the account-level verified flag
   * @param emailVerified whether the email is known to be verified
   * @param phoneVerified whether the phone is known to be verified
   * @param createdAt when the legacy account was created, or {@code null}
   */
  public record LegacyAccount(
      String legacyId,
      @Nullable String email,
      @Nullable String phone,
      @Nullable String username,
      @Nullable String passwordHash,
      boolean passwordConfirmed,
      boolean active,
      boolean verified,
      boolean emailVerified,
      boolean phoneVerified,
      @Nullable Instant createdAt) {

    /**
     * Checks the legacy id.
     *
     * @param legacyId the user's key in the legacy system, handed back to {@link
     *     LegacyAuthenticator#markMigrated}
     * @param email the email as stored, or {@code null}
     * @param phone the phone as stored (international form preferred), or {@code null}
     * @param username the username as stored, or {@code null}
     * @param passwordHash the stored password hash, or {@code null}
     * @param passwordConfirmed whether the legacy system itself confirmed the typed password
     * @param active whether the legacy account may sign in
     * @param verified the account-level verified flag
     * @param emailVerified whether the email is known to be verified
     * @param phoneVerified whether the phone is known to be verified
     * @param createdAt when the legacy account was created, or {@code null}
     */
    public LegacyAccount {
      requireNonNull(legacyId, "legacyId");
    }

    /**
     * Starts a builder for one legacy user.
     *
     * @param legacyId the user's key in the legacy system; not {@code null}
     * @return a new builder (active, nothing verified, no password)
     */
    public static Builder builder(String legacyId) {
      return new Builder(legacyId);
    }

    /** Never shows the hash or the identifiers. */
    @Override
    public String toString() {
      return "LegacyAccount[" + legacyId + "]";
    }

    /** Single-threaded builder. */
    public static final class Builder {
      private final String legacyId;
      private String email;
      private String phone;
      private String username;
      private String passwordHash;
      private boolean passwordConfirmed;
      private boolean active = true;
      private boolean verified;
      private boolean emailVerified;
      private boolean phoneVerified;
      private Instant createdAt;

      private Builder(String legacyId) {
        this.legacyId = requireNonNull(legacyId, "legacyId");
      }

      /**
       * Sets the email as stored.
       *
       * @param v the email as the legacy system stored it, or {@code null}
       * @return this builder
       */
      public Builder email(@Nullable String v) {
        this.email = v;
        return this;
      }

      /**
       * Sets the phone as stored.
       *
       * @param v the phone number as the legacy system stored it, or {@code null}
       * @return this builder
       */
      public Builder phone(@Nullable String v) {
        this.phone = v;
        return this;
      }

      /**
       * Sets the username as stored.
       *
       * @param v the username as the legacy system stored it, or {@code null}
       * @return this builder
       */
      public Builder username(@Nullable String v) {
        this.username = v;
        return this;
      }

      /**
       * Sets the stored hash for Gatehouse to verify.
       *
       * @param v the legacy password hash, or {@code null} for no password
       * @return this builder
       */
      public Builder passwordHash(@Nullable String v) {
        this.passwordHash = v;
        return this;
      }

      /**
       * Says the legacy system itself confirmed the typed password.
       *
       * @param v {@code true} if the legacy system already checked the password
       * @return this builder
       */
      public Builder passwordConfirmed(boolean v) {
        this.passwordConfirmed = v;
        return this;
      }

      /**
       * Sets the active flag (default true).
       *
       * @param v whether the account may log in
       * @return this builder
       */
      public Builder active(boolean v) {
        this.active = v;
        return this;
      }

      /**
       * Sets the account-level verified flag.
       *
       * @param v whether the account has confirmed an identifier
       * @return this builder
       */
      public Builder verified(boolean v) {
        this.verified = v;
        return this;
      }

      /**
       * Sets whether the email is verified.
       *
       * @param v whether the email was proven to belong to the user
       * @return this builder
       */
      public Builder emailVerified(boolean v) {
        this.emailVerified = v;
        return this;
      }

      /**
       * Sets whether the phone is verified.
       *
       * @param v whether the phone was proven to belong to the user
       * @return this builder
       */
      public Builder phoneVerified(boolean v) {
        this.phoneVerified = v;
        return this;
      }

      /**
       * Sets the creation time.
       *
       * @param v when the legacy account was created, or {@code null}
       * @return this builder
       */
      public Builder createdAt(@Nullable Instant v) {
        this.createdAt = v;
        return this;
      }

      /**
       * Builds the account.
       *
       * @return the account built from these values
       */
      public LegacyAccount build() {
        return new LegacyAccount(
            legacyId,
            email,
            phone,
            username,
            passwordHash,
            passwordConfirmed,
            active,
            verified,
            emailVerified,
            phoneVerified,
            createdAt);
      }
    }
  }
}
