package dev.gatehouse.spring.authorizationserver;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The provider's clients managed by staff: what the module's staff routes ({@code /openid-clients})
 * and its staff page ({@code /staff/openid-clients/}) call; the module's feature, from {@code
 * gatehouse.feature(OpenIdClientAdmin.class)}. Each call first checks the caller (a live session of
 * an active staff or superuser account; otherwise {@code forbidden}, kept in the audit trail), then
 * the input (a typed refusal that changes nothing), then makes the change and its audit entry
 * ({@link OpenIdClientChanged}) in one transaction. The host's own code uses {@link OpenIdClients},
 * which checks no caller. Thread-safe.
 *
 * <pre>{@code
 * OpenIdClientAdmin admin = gatehouse.feature(OpenIdClientAdmin.class);
 * String secret = admin.newSecret(staffToken, "admin-tool", client); // shown once
 * }</pre>
 */
public interface OpenIdClientAdmin {

  /**
   * Every registered client, by id.
   *
   * @param caller a live session of an active staff or superuser account
   * @return the clients
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden}
   */
  List<OpenIdClient> list(VerifiedAccessToken caller);

  /**
   * Registers a client from a description whose every part is given.
   *
   * @param caller a live session of an active staff or superuser account
   * @param draft the client; all of its parts
   * @param client the request's client, for the audit entry
   * @return the client and, for one that holds a secret, its secret, shown this once
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden}, {@code
   *     invalid_openid_client} for a missing or bad part, {@code openid_client_exists}
   */
  OpenIdClients.Registered register(
      VerifiedAccessToken caller, ClientDraft draft, @Nullable ClientInfo client);

  /**
   * Changes a client's name, party, redirect URIs, logout URIs or scopes: each part the draft gives
   * replaces the client's, a part it leaves {@code null} stays. Its id and kind stay.
   *
   * @param caller a live session of an active staff or superuser account
   * @param clientId the client's id
   * @param draft the parts to replace ({@link ClientDraft#clientId()} and {@link
   *     ClientDraft#kind()} must be {@code null} or the client's own)
   * @param client the request's client, for the audit entry
   * @return the client as changed
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden}, {@code
   *     openid_client_not_found}, {@code invalid_openid_client}
   */
  OpenIdClient change(
      VerifiedAccessToken caller, String clientId, ClientDraft draft, @Nullable ClientInfo client);

  /**
   * Replaces a client's secret; the old one stops working at once.
   *
   * @param caller a live session of an active staff or superuser account
   * @param clientId the client's id
   * @param client the request's client, for the audit entry
   * @return the new secret, shown this once
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden}, {@code
   *     openid_client_not_found}, {@code invalid_openid_client} for a public client
   */
  String newSecret(VerifiedAccessToken caller, String clientId, @Nullable ClientInfo client);

  /**
   * Removes a client with its consents and everything issued to it.
   *
   * @param caller a live session of an active staff or superuser account
   * @param clientId the client's id
   * @param client the request's client, for the audit entry
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden}, {@code
   *     openid_client_not_found}
   */
  void remove(VerifiedAccessToken caller, String clientId, @Nullable ClientInfo client);

  /**
   * A client's description as a request or a form gave it, unchecked: each part {@code null} when
   * absent (or not of its type), checked by the service after the caller.
   *
   * @param clientId the id
   * @param name the name the consent page shows
   * @param kind {@code PUBLIC}, {@code CONFIDENTIAL} or {@code SERVICE}
   * @param firstParty whether the team runs the client
   * @param redirectUris the redirect URIs
   * @param postLogoutRedirectUris the URIs RP-initiated logout may send the browser to
   * @param scopes the scopes it may ask for
   */
  record ClientDraft(
      @Nullable String clientId,
      @Nullable String name,
      @Nullable String kind,
      @Nullable Boolean firstParty,
      @Nullable List<String> redirectUris,
      @Nullable List<String> postLogoutRedirectUris,
      @Nullable List<String> scopes) {}
}
