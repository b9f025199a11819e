package dev.gatehouse.admin;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.UserPage;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Administration of users: find them, see one user's picture, disable and enable an account, end
 * its sessions, delete it. From {@code gatehouse.feature(AdminService.class)} once {@link
 * Administration} is installed.
 *
 * <p>Every call names its caller (a verified access token) and is refused with {@code forbidden}
 * unless the caller's session is alive and its account is active and staff or superuser; acting on
 * a staff or superuser account, and deleting any account, needs a superuser. A refusal changes
 * nothing and is kept in the audit trail ({@code AdminRefused}). Every change writes, in its own
 * transaction, an {@code AdminAction} audit entry whose actor is {@code admin}, whose subject is
 * the account and whose detail names the staff member, and hands that event to the listeners after
 * the commit.
 *
 * <pre>{@code
 * AdminService admin = gatehouse.feature(AdminService.class);
 * List<UserView> found = admin.search(staffToken, UserSearch.byEmail("ada@example.com"));
 * admin.disable(staffToken, found.get(0).id(), "chargeback fraud", client);
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface AdminService {

  /**
   * Finds accounts by one identifier, matched exactly on its canonical form through the store's
   * unique lookups (an index in every store), never by reading every account. Deleted accounts are
   * left out.
   *
   * @param caller the staff member's verified access token
   * @param search what to look for
   * @return the accounts found, at most {@link UserSearch#limit()}; empty when none
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} for a
   *     caller who is not staff
   */
  List<UserView> search(VerifiedAccessToken caller, UserSearch search);

  /**
   * Pages through accounts by a prefix of an identifier (canonical email, phone in E.164, canonical
   * username) in that identifier's order, or by a range of creation or last sign-in time in that
   * time's order; each page is one read of a range of an index, stopped at the page's size ({@link
   * dev.gatehouse.core.store.UserStore#page}), never a full scan, however deep the page. Deleted
   * accounts are left out. Each page leaves one {@code AdminAction} audit entry ({@code find})
   * whose subject is the staff member and whose detail names the key, never the prefix.
   *
   * @param caller the staff member's verified access token
   * @param query what to look for, and from where
   * @return the page and the cursor of the next one
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} for a
   *     caller who is not staff
   */
  Page find(VerifiedAccessToken caller, UserQuery query);

  /**
   * What {@link #find} looks for. A prefix that cannot begin an identifier of its kind (a phone
   * prefix with letters) finds nothing, as does a cursor naming no account.
   *
   * @param by the index read
   * @param prefix what the identifier starts with, as typed, for a prefix key; {@code null} for a
   *     time key
   * @param from the first instant, for a time key; {@code null} for a prefix key
   * @param to the first instant no longer found, after {@code from}; {@code null} for a prefix key
   * @param after the cursor a previous page answered ({@link Page#next()}), or {@code null} for the
   *     first page
   * @param limit the most accounts answered, 1 to 100
   */
  record UserQuery(
      UserPage.Key by,
      @Nullable String prefix,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable String after,
      int limit) {
    /**
     * Checks the parts.
     *
     * @param by the index read
     * @param prefix the prefix, or {@code null}
     * @param from the first instant, or {@code null}
     * @param to the first instant no longer found, or {@code null}
     * @param after the cursor, or {@code null}
     * @param limit the most accounts answered
     * @throws IllegalArgumentException when a prefix key has no prefix (1 to 254 characters) or a
     *     range, a time key no range (to after from) or a prefix, or the limit is not 1 to 100
     */
    public UserQuery {
      requireNonNull(by, "by");
      if (by.byPrefix()
          ? prefix == null
              || prefix.isBlank()
              || prefix.length() > 254
              || from != null
              || to != null
          : from == null || to == null || !to.isAfter(from) || prefix != null) {
        throw new IllegalArgumentException(
            "a prefix key takes a prefix of 1 to 254 characters, a time key a range, to after from");
      }
      if (limit < 1 || limit > 100) {
        throw new IllegalArgumentException("limit must be 1 to 100, was " + limit);
      }
    }

    /**
     * {@return the first page of accounts whose identifier starts with {@code prefix}}
     *
     * @param by {@link UserPage.Key#EMAIL}, {@link UserPage.Key#PHONE} or {@link
     *     UserPage.Key#USERNAME}
     * @param prefix what it starts with, as typed
     */
    public static UserQuery prefix(UserPage.Key by, String prefix) {
      return new UserQuery(by, prefix, null, null, null, 20);
    }

    /**
     * {@return the first page of accounts created, or last signed in, in {@code [from, to)}}
     *
     * @param by {@link UserPage.Key#CREATED} or {@link UserPage.Key#LAST_SIGN_IN}
     * @param from the first instant
     * @param to the first instant no longer found
     */
    public static UserQuery range(UserPage.Key by, Instant from, Instant to) {
      return new UserQuery(by, null, from, to, null, 20);
    }

    /**
     * {@return this query from the page after {@code cursor}}
     *
     * @param cursor a page's {@link Page#next()}
     */
    public UserQuery after(String cursor) {
      return new UserQuery(by, prefix, from, to, requireNonNull(cursor, "cursor"), limit);
    }

    /**
     * {@return this query with pages of {@code size} accounts}
     *
     * @param size 1 to 100
     */
    public UserQuery limit(int size) {
      return new UserQuery(by, prefix, from, to, after, size);
    }

    /** The key and limit only: a prefix may be part of someone's email. */
    @Override
    public String toString() {
      return "UserQuery[" + by + ", limit=" + limit + "]";
    }
  }

  /**
   * One page of {@link #find}.
   *
   * @param users the accounts, in the key's order
   * @param next the cursor of the next page ({@link UserQuery#after(String)}), or {@code null} when
   *     this page is the last
   */
  record Page(List<UserView> users, @Nullable String next) {
    /**
     * Copies the accounts.
     *
     * @param users the accounts
     * @param next the next page's cursor, or {@code null}
     */
    public Page {
      users = List.copyOf(users);
    }
  }

  /**
   * One account's picture: the account, its profiles, devices, live sessions, second factors,
   * passkeys, social identities and last audit entries.
   *
   * @param caller the staff member's verified access token
   * @param user the account's public id
   * @return the picture
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} for a
   *     caller who is not staff, {@code user_not_found} for an unknown or deleted account
   */
  UserPicture picture(VerifiedAccessToken caller, UUID user);

  /**
   * Disables the account: every sign-in is refused ({@code account_disabled}) and its sessions end
   * at once, in one transaction.
   *
   * @param caller the staff member's verified access token
   * @param user the account's public id
   * @param reason why, kept in the audit entry (1 to 150 characters)
   * @param client the staff member's request, or {@code null}
   * @return the account as it is now
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden}, {@code
   *     user_not_found}, or {@code invalid_settings} for a missing or overlong reason
   */
  UserView disable(
      VerifiedAccessToken caller, UUID user, String reason, @Nullable ClientInfo client);

  /**
   * Disables the account as {@link #disable(VerifiedAccessToken, UUID, String, ClientInfo)} does,
   * until {@code until} when it is given: the end is kept beside the account in the same
   * transaction, and {@link #enableExpired} enables the account once it has passed (the starter
   * runs it on its cleanup schedule, so the account signs in again up to one cleanup interval after
   * the end). Without an end, one set earlier is removed. The audit entry's detail names the end
   * before the reason. The end is kept in the module's table ({@link Administration#CHANGELOG}).
   *
   * @param caller the staff member's verified access token
   * @param user the account's public id
   * @param reason why, kept in the audit entry (1 to 150 characters)
   * @param until when the account is enabled again, kept to the second; in the future and at most
   *     ten years away; or {@code null} for no end
   * @param client the staff member's request, or {@code null}
   * @return the account as it is now
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden}, {@code
   *     user_not_found}, {@code invalid_reason}, or {@code invalid_disable_end} for an end that has
   *     passed or is too far
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException for an end on a store
   *     without the module's table; nothing changed
   */
  UserView disable(
      VerifiedAccessToken caller,
      UUID user,
      String reason,
      @Nullable Instant until,
      @Nullable ClientInfo client);

  /**
   * Enables the accounts whose disable has ended ({@code until} at or before {@code now}), at most
   * 100 per call, each in a transaction of its own with an {@code AdminAction} audit entry ({@code
   * disable_ended}, naming the staff member who set the end). Safe to run on every node at once: of
   * two nodes reaching the same account, one enables it. An account deleted or enabled since is
   * left as it is. For the host's scheduler (the starter's cleanup runs it); does nothing on a
   * store without the module's table.
   *
   * @param now the time to compare the ends with
   * @return how many accounts were enabled
   */
  int enableExpired(Instant now);

  /**
   * Enables a disabled account again; its sessions stay ended.
   *
   * @param caller the staff member's verified access token
   * @param user the account's public id
   * @param client the staff member's request, or {@code null}
   * @return the account as it is now
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} or
   *     {@code user_not_found}
   */
  UserView enable(VerifiedAccessToken caller, UUID user, @Nullable ClientInfo client);

  /**
   * Ends every session of the account at once: its refresh tokens are revoked and its access tokens
   * refused by live verification.
   *
   * @param caller the staff member's verified access token
   * @param user the account's public id
   * @param client the staff member's request, or {@code null}
   * @return how many live sessions were ended
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} or
   *     {@code user_not_found}
   */
  int revokeSessions(VerifiedAccessToken caller, UUID user, @Nullable ClientInfo client);

  /**
   * Requires a new password: the account's password no longer signs in (its hash is removed, as for
   * an account made without one) and its sessions end at once, in one transaction; the user sets a
   * new password through the password reset (or signs in another way they have). For a password
   * that leaked, or an account taken over.
   *
   * @param caller the staff member's verified access token
   * @param user the account's public id
   * @param reason why, kept in the audit entry (1 to 150 characters)
   * @param client the staff member's request, or {@code null}
   * @return the account as it is now
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden}, {@code
   *     user_not_found}, or {@code invalid_reason}
   */
  UserView requirePasswordReset(
      VerifiedAccessToken caller, UUID user, String reason, @Nullable ClientInfo client);

  /**
   * Removes the account's authenticator app with its recovery codes and remembered devices, for a
   * user who lost the phone it was on; the staff member has checked who is asking, and says how in
   * the reason. The next sign-in asks for no second factor (unless the host's policy requires one,
   * which then enrols a new one). Passkeys stay.
   *
   * @param caller the staff member's verified access token
   * @param user the account's public id
   * @param reason why, and how the identity was checked (1 to 150 characters)
   * @param client the staff member's request, or {@code null}
   * @return whether an authenticator app was enrolled (recovery codes and remembered devices are
   *     removed either way)
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden}, {@code
   *     user_not_found}, or {@code invalid_reason}
   */
  boolean removeSecondFactor(
      VerifiedAccessToken caller, UUID user, String reason, @Nullable ClientInfo client);

  /**
   * Deletes the account (soft delete, as the account's own deletion) and ends its sessions. Only a
   * superuser may, and never their own account.
   *
   * @param caller the superuser's verified access token
   * @param user the account's public id
   * @param client the superuser's request, or {@code null}
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} or
   *     {@code user_not_found}
   */
  void delete(VerifiedAccessToken caller, UUID user, @Nullable ClientInfo client);

  /**
   * Starts an impersonation: a session of the user, for 15 minutes at most, whose access tokens
   * carry RFC 8693's {@code act} claim naming the superuser ({@code {"sub": "<admin's public
   * id>"}}). The user sees it in their session list and ends it with their other sessions. It is
   * never a recent sign-in, and every sensitive change (password, email, phone, second factors,
   * passkeys, deleting the account) refuses a token carrying {@code act} with {@code forbidden}. At
   * each refresh the superuser is read again: one who is no longer an active superuser ends the
   * session. Only a superuser may, never on their own account nor on a staff or superuser account;
   * the start is audited ({@code AdminAction} "impersonate", naming both and the reason), and so is
   * an end by the live check ("impersonation_ended").
   *
   * @param caller the superuser's verified access token
   * @param user the account's public id
   * @param reason why, kept in the audit entry (1 to 150 characters)
   * @param client the superuser's request, or {@code null}
   * @return the impersonation session's tokens
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden}, {@code
   *     user_not_found}, or {@code invalid_reason} for a missing or overlong reason
   */
  TokenPair impersonate(
      VerifiedAccessToken caller, UUID user, String reason, @Nullable ClientInfo client);

  /**
   * Ends the impersonation session the token belongs to, as its logout would, and audits the end
   * ({@code AdminAction} "impersonation_ended" whose subject is the user and whose detail names the
   * superuser); the HTTP contract's logout with such a token comes here too. An impersonation that
   * runs out its 15 minutes leaves no entry of its own: its start's entry bounds it.
   *
   * @param impersonation the impersonation session's verified access token (carrying {@code act})
   * @param client the request, or {@code null}
   * @return whether a live session was ended (false when it had ended already)
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} for a
   *     token that carries no {@code act}
   */
  boolean endImpersonation(VerifiedAccessToken impersonation, @Nullable ClientInfo client);

  /**
   * What {@link #search} looks for: one identifier, matched exactly on its canonical form (a
   * case-insensitive email, a phone number in any form the configured region parses, a username),
   * or a public id.
   *
   * @param field the identifier's kind
   * @param value what was typed
   * @param limit the most accounts answered, 1 to 100
   */
  record UserSearch(Field field, String value, int limit) {
    /** The identifier {@link UserSearch} matches. */
    public enum Field {
      /** The email, case-insensitively. */
      EMAIL,
      /** The phone number, in E.164 after parsing. */
      PHONE,
      /** The username, case-insensitively. */
      USERNAME,
      /** The public id. */
      ID
    }

    /**
     * Checks the parts.
     *
     * @param field the identifier's kind
     * @param value what was typed
     * @param limit the most accounts answered, 1 to 100
     * @throws IllegalArgumentException when the limit is outside 1 to 100
     */
    public UserSearch {
      requireNonNull(field, "field");
      requireNonNull(value, "value");
      if (limit < 1 || limit > 100) {
        throw new IllegalArgumentException("limit must be 1 to 100, was " + limit);
      }
    }

    /**
     * {@return a search by email}
     *
     * @param email the email as typed
     */
    public static UserSearch byEmail(String email) {
      return new UserSearch(Field.EMAIL, email, 20);
    }

    /**
     * {@return a search by phone number}
     *
     * @param phone the number as typed
     */
    public static UserSearch byPhone(String phone) {
      return new UserSearch(Field.PHONE, phone, 20);
    }

    /**
     * {@return a search by username}
     *
     * @param username the username as typed
     */
    public static UserSearch byUsername(String username) {
      return new UserSearch(Field.USERNAME, username, 20);
    }

    @Override
    public String toString() {
      return "UserSearch[" + field + ", limit=" + limit + "]";
    }
  }

  /**
   * One account as a staff member sees it. Holds no secret: no password hash, token, sealed secret
   * or refresh token.
   *
   * @param account the account
   * @param profiles its profiles
   * @param devices its devices
   * @param sessions its live sessions, newest first
   * @param factors its second factors
   * @param passkeys its passkeys
   * @param socialIdentities its linked social identities (empty when the host declares no
   *     social-account entity)
   * @param audit its last audit entries, newest first (at most 50)
   * @param disabledUntil when a disabled account is enabled again by itself, or {@code null} when
   *     it has no end
   */
  record UserPicture(
      UserView account,
      List<Profile> profiles,
      List<Device> devices,
      List<Session> sessions,
      Factors factors,
      List<Passkey> passkeys,
      List<SocialIdentity> socialIdentities,
      List<AuditEntry> audit,
      @Nullable Instant disabledUntil) {
    /**
     * Copies the lists.
     *
     * @param account the account
     * @param profiles its profiles
     * @param devices its devices
     * @param sessions its live sessions, newest first
     * @param factors its second factors
     * @param passkeys its passkeys
     * @param socialIdentities its linked social identities
     * @param audit its last audit entries, newest first
     * @param disabledUntil when the account is enabled again by itself, or {@code null}
     */
    public UserPicture {
      requireNonNull(account, "account");
      requireNonNull(factors, "factors");
      profiles = List.copyOf(profiles);
      devices = List.copyOf(devices);
      sessions = List.copyOf(sessions);
      passkeys = List.copyOf(passkeys);
      socialIdentities = List.copyOf(socialIdentities);
      audit = List.copyOf(audit);
    }

    @Override
    public String toString() {
      return "UserPicture[" + account.id() + "]";
    }

    /**
     * A profile.
     *
     * @param id its key
     * @param role its role
     * @param label its label, or {@code null}
     * @param active whether it may be used
     * @param defaultProfile whether it is the account's default
     * @param createdAt when it was created
     */
    public record Profile(
        long id,
        String role,
        @Nullable String label,
        boolean active,
        boolean defaultProfile,
        Instant createdAt) {}

    /**
     * A device.
     *
     * @param id its key
     * @param platform its platform, or {@code null}
     * @param name its name, or {@code null}
     * @param linkedAt when it was linked
     * @param lastSeenAt when it was last seen, or {@code null}
     */
    public record Device(
        long id,
        @Nullable String platform,
        @Nullable String name,
        Instant linkedAt,
        @Nullable Instant lastSeenAt) {}

    /**
     * A live session.
     *
     * @param id its id
     * @param client the client it was issued to
     * @param amr how it was signed in to
     * @param network the coarse network it was last used from, or {@code null}
     * @param userAgent the user agent, or {@code null}
     * @param createdAt when it began
     * @param lastUsedAt when it was last used
     * @param expiresAt when it ends at the latest
     */
    public record Session(
        String id,
        String client,
        List<String> amr,
        @Nullable String network,
        @Nullable String userAgent,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt) {
      /**
       * Copies the methods.
       *
       * @param id its id
       * @param client the client it was issued to
       * @param amr how it was signed in to
       * @param network the coarse network it was last used from, or {@code null}
       * @param userAgent the user agent, or {@code null}
       * @param createdAt when it began
       * @param lastUsedAt when it was last used
       * @param expiresAt when it ends at the latest
       */
      public Session {
        amr = List.copyOf(amr);
      }

      /** The id only: no network nor user agent. */
      @Override
      public String toString() {
        return "Session[" + id + "]";
      }
    }

    /**
     * The second factors.
     *
     * @param authenticatorApp whether a confirmed authenticator app is enrolled
     * @param unusedRecoveryCodes how many recovery codes are left
     * @param rememberedDevices how many remembered devices are live
     */
    public record Factors(
        boolean authenticatorApp, int unusedRecoveryCodes, int rememberedDevices) {}

    /**
     * A passkey.
     *
     * @param id its key
     * @param name its name
     * @param createdAt when it was registered
     * @param lastUsedAt when it was last used, or {@code null}
     */
    public record Passkey(long id, String name, Instant createdAt, @Nullable Instant lastUsedAt) {}

    /**
     * A linked social identity, without the provider's tokens.
     *
     * @param provider the provider
     * @param email the email the provider gave, or {@code null}
     * @param linkedAt when it was linked
     * @param lastUsedAt when it last signed in, or {@code null}
     */
    public record SocialIdentity(
        String provider, @Nullable String email, Instant linkedAt, @Nullable Instant lastUsedAt) {
      /** The provider only: no email. */
      @Override
      public String toString() {
        return "SocialIdentity[" + provider + "]";
      }
    }
  }
}
