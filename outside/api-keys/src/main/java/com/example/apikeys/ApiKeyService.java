package com.example.apikeys;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Sign-in with a static API key per account. A key is shown once, when it is created; only its
 * keyed hash is stored, so a lost key is revoked and replaced, never shown again. Thread-safe.
 *
 * <pre>{@code
 * ApiKeyService keys = gatehouse.feature(ApiKeyService.class);
 * CreatedKey created = keys.create(caller, "nightly export");   // show created.key() once
 * SignInResult result = keys.signIn(created.key(), ClientInfo.web(ip));
 * }</pre>
 */
public interface ApiKeyService {
  /**
   * Creates a key for the caller's own account (never in a session where someone acts for the
   * owner).
   *
   * @param caller the signed-in caller
   * @param name what the key is for, 1 to 100 characters, shown in the list
   * @return the key, to show once, and its description
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException when the name is blank or
   *     too long
   */
  CreatedKey create(VerifiedAccessToken caller, String name);

  /**
   * {@return the caller's keys, oldest first, without their secrets}
   *
   * @param caller the signed-in caller
   */
  List<ApiKey> list(VerifiedAccessToken caller);

  /**
   * {@return the keys of any account, for a member of staff}: the one staff check Gatehouse gives
   * every module ({@code ModuleAccounts#staff}), whose refusal the audit trail keeps
   *
   * @param staff the caller's verified access token
   * @param account the account whose keys are listed
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} when
   *     the caller is not staff
   */
  List<ApiKey> keysOf(VerifiedAccessToken staff, UUID account);

  /**
   * Revokes one of the caller's own keys: it signs in no more. Sessions it started run on until
   * they end.
   *
   * @param caller the signed-in caller
   * @param id the key's id
   * @return whether the caller had that key
   */
  boolean revoke(VerifiedAccessToken caller, UUID id);

  /**
   * Signs in with a key through Gatehouse's one sign-in pipeline: the account's state, its second
   * step, the session, the audit entry and the events, as every other method.
   *
   * @param key the key, as {@link #create} answered it
   * @param client who is calling, or {@code null}
   * @return signed in, or the second step the account needs
   * @throws dev.gatehouse.core.error.AuthException the key is malformed, unknown, revoked or its
   *     account may not sign in; or {@code rate_limited} when the client's network presented too
   *     many wrong keys this hour
   */
  SignInResult signIn(String key, @Nullable ClientInfo client);

  /**
   * A key as listed: never its secret.
   *
   * @param id the key's id (part of the key itself)
   * @param name what it is for
   * @param createdAt when it was created
   * @param lastUsedAt when it last signed in, or {@code null}
   */
  record ApiKey(UUID id, String name, Instant createdAt, @Nullable Instant lastUsedAt) {
    /**
     * @param id see the record description
     * @param name see the record description
     * @param createdAt see the record description
     * @param lastUsedAt see the record description
     */
    public ApiKey {
      requireNonNull(id, "id");
      requireNonNull(name, "name");
      requireNonNull(createdAt, "createdAt");
    }
  }

  /**
   * A key just created. {@link #toString()} leaves the key out.
   *
   * @param description the key as it will be listed
   * @param key the key itself (a secret), shown this once
   */
  record CreatedKey(ApiKey description, String key) {
    /**
     * @param description see the record description
     * @param key see the record description
     */
    public CreatedKey {
      requireNonNull(description, "description");
      requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return "CreatedKey[" + description + "]";
    }
  }
}
