package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.StoreTransaction;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Authorization Server's authorizations in the module's table {@code gh_op_authorization}:
 * plain columns and JSON of plain values, nothing serialised, so no class of the host's can break a
 * read. Codes and tokens are kept as keyed hashes; a token read back carries its hash in place of
 * its value, except the one it was found by.
 *
 * <p>What was issued through a Gatehouse session is only as alive as that session: an authorization
 * whose session ended (sign-out, revocation, a reused refresh token of Gatehouse's) or whose
 * account was disabled is deleted when it is next looked up, so its refresh token, userinfo and
 * introspection stop working at once. A refresh token presented again after its rotation deletes
 * its whole authorization (reuse detection): whoever holds a copy, thief or client, must sign in
 * again. A rotation is a compare-and-set on the refresh token it was made from: of two requests
 * that present one refresh token at the same moment, one rotates it and the other, a reuse too,
 * revokes the authorization and answers {@code invalid_grant}.
 */
final class GatehouseAuthorizations implements OAuth2AuthorizationService {
  /** A token read back: its kept hash after this prefix, never a value a client presented. */
  private static final String KEPT = "kept-hash:";

  private static final String CODE = "op:code";
  private static final String ACCESS = "op:access";
  private static final String REFRESH = "op:refresh";
  private static final String ID_TOKEN = "op:id-token";
  private static final String STATE = "op:state";

  /**
   * The attribute of an authorization read from the table: its refresh token as read, which a save
   * of a change made from it compares and sets. Never written to the table.
   */
  private static final String READ = GatehouseAuthorizations.class.getName() + ".read";

  /** A refresh token's hash and expiry as read, both {@code null} when there was none. */
  private record Read(@Nullable String refresh, @Nullable Instant refreshExpires)
      implements java.io.Serializable {}

  /** How long an authorization that waits for the user's consent is kept. */
  private static final java.time.Duration PENDING = java.time.Duration.ofMinutes(10);

  private final ProviderStore store;
  private final RegisteredClientRepository clients;

  GatehouseAuthorizations(ProviderStore store, RegisteredClientRepository clients) {
    this.store = requireNonNull(store, "store");
    this.clients = requireNonNull(clients, "clients");
  }

  private String hashOf(String purpose, String value) {
    return value.startsWith(KEPT) ? value.substring(KEPT.length()) : store.hash(purpose, value);
  }

  @Override
  public void save(OAuth2Authorization authorization) {
    requireNonNull(authorization, "authorization");
    Instant now = store.clock().instant();
    Map<String, Object> row = row(authorization, now);
    Read read = authorization.getAttribute(READ);
    boolean lost =
        store.inTransaction(
            tx -> {
              ModuleRows rows = ProviderStore.rows(tx, ProviderStore.AUTHORIZATIONS);
              String id = authorization.getId();
              Map<String, Object> set = new HashMap<>(row);
              set.remove("id");
              // Compare-and-set on the refresh token the change was made from, when the
              // authorization held one or is given one: of two requests that read the same
              // token, only the first to write rotates it.
              boolean guarded =
                  read != null && (read.refresh() != null || row.get("refresh_hash") != null);
              Map<String, Object> where = new HashMap<>();
              where.put("id", id);
              if (guarded) {
                where.put("refresh_hash", read.refresh());
              }
              if (rows.update(where, set) == 0) {
                if (guarded) {
                  // The token was used (or the authorization revoked) since it was read: two
                  // requests presented one refresh token, which is a reuse.
                  ProviderStore.deleteAuthorization(tx, id);
                  return true;
                }
                row.put("created_at", now);
                rows.insert(row);
                return false;
              }
              if (read != null
                  && read.refresh() != null
                  && !read.refresh().equals(row.get("refresh_hash"))) {
                // A rotation: the old refresh token is remembered, so that its reuse is noticed.
                Map<String, Object> used = new HashMap<>();
                used.put("token_hash", read.refresh());
                used.put("authorization_id", id);
                used.put("expires_at", read.refreshExpires() == null ? now : read.refreshExpires());
                ProviderStore.rows(tx, ProviderStore.RETIRED_REFRESH).insert(used);
              }
              return false;
            });
    if (lost) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              OAuth2ErrorCodes.INVALID_GRANT,
              "the refresh token was used by another request at the same time: the"
                  + " authorization is revoked",
              null));
    }
  }

  private Map<String, Object> row(OAuth2Authorization a, Instant now) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", a.getId());
    row.put("client_id", a.getRegisteredClientId());
    row.put("principal", a.getPrincipalName());
    row.put("grant_type", a.getAuthorizationGrantType().getValue());
    row.put("scopes", String.join(" ", a.getAuthorizedScopes()));
    Authentication principal = a.getAttribute(Principal.class.getName());
    if (principal instanceof ProviderPrincipal p) {
      row.put("session_id", p.sessionId());
      row.put("auth_time", p.authTime());
    } else {
      row.put("session_id", null);
      row.put("auth_time", null);
    }
    OAuth2AuthorizationRequest request = a.getAttribute(OAuth2AuthorizationRequest.class.getName());
    row.put("request", request == null ? null : PlainJson.write(request(request)));
    String state = a.getAttribute(OAuth2ParameterNames.STATE);
    row.put("state_hash", state == null ? null : hashOf(STATE, state));
    Instant expires = null;
    expires = token(row, "code", CODE, a.getToken(OAuth2AuthorizationCode.class), expires);
    OAuth2Authorization.Token<OAuth2AccessToken> access = a.getAccessToken();
    expires = token(row, "access", ACCESS, access, expires);
    row.put(
        "access_scopes", access == null ? null : String.join(" ", access.getToken().getScopes()));
    row.put(
        "access_claims",
        access == null || access.getClaims() == null ? null : PlainJson.write(access.getClaims()));
    expires = token(row, "refresh", REFRESH, a.getRefreshToken(), expires);
    OAuth2Authorization.Token<OidcIdToken> id = a.getToken(OidcIdToken.class);
    row.put("id_token_hash", id == null ? null : hashOf(ID_TOKEN, id.getToken().getTokenValue()));
    row.put("id_token_issued_at", id == null ? null : id.getToken().getIssuedAt());
    row.put("id_token_expires_at", id == null ? null : id.getToken().getExpiresAt());
    row.put("id_token_claims", id == null ? null : PlainJson.write(id.getToken().getClaims()));
    row.put("expires_at", expires == null ? now.plus(PENDING) : expires);
    return row;
  }

  /** Puts one token's columns; {@return the later of {@code expires} and its expiry} */
  private @Nullable Instant token(
      Map<String, Object> row,
      String prefix,
      String purpose,
      OAuth2Authorization.@Nullable Token<? extends OAuth2Token> token,
      @Nullable Instant expires) {
    String revoked = prefix.equals("code") ? "code_used" : prefix + "_revoked";
    if (token == null) {
      row.put(prefix + "_hash", null);
      row.put(prefix + "_issued_at", null);
      row.put(prefix + "_expires_at", null);
      row.put(revoked, null);
      return expires;
    }
    row.put(prefix + "_hash", hashOf(purpose, token.getToken().getTokenValue()));
    row.put(prefix + "_issued_at", token.getToken().getIssuedAt());
    row.put(prefix + "_expires_at", token.getToken().getExpiresAt());
    row.put(revoked, token.isInvalidated());
    Instant at = token.getToken().getExpiresAt();
    return at == null || (expires != null && expires.isAfter(at)) ? expires : at;
  }

  private static Map<String, Object> request(OAuth2AuthorizationRequest r) {
    Map<String, Object> plain = new LinkedHashMap<>();
    plain.put("authorization_uri", r.getAuthorizationUri());
    plain.put("client_id", r.getClientId());
    plain.put("redirect_uri", r.getRedirectUri());
    plain.put("scopes", new ArrayList<>(r.getScopes()));
    plain.put("state", r.getState());
    Map<String, Object> parameters = new LinkedHashMap<>();
    r.getAdditionalParameters().forEach((k, v) -> parameters.put(k, String.valueOf(v)));
    plain.put("parameters", parameters);
    return plain;
  }

  @SuppressWarnings("unchecked")
  private static OAuth2AuthorizationRequest request(String json) {
    Map<String, Object> plain = PlainJson.read(json);
    return OAuth2AuthorizationRequest.authorizationCode()
        .authorizationUri((String) plain.get("authorization_uri"))
        .clientId((String) plain.get("client_id"))
        .redirectUri((String) plain.get("redirect_uri"))
        .scopes(new java.util.LinkedHashSet<>((List<String>) plain.get("scopes")))
        .state((String) plain.get("state"))
        .additionalParameters((Map<String, Object>) plain.get("parameters"))
        .build();
  }

  @Override
  public void remove(OAuth2Authorization authorization) {
    requireNonNull(authorization, "authorization");
    store.inTransaction(
        tx -> {
          ProviderStore.deleteAuthorization(tx, authorization.getId());
          return null;
        });
  }

  @Override
  public @Nullable OAuth2Authorization findById(String id) {
    requireNonNull(id, "id");
    return store.inTransaction(
        tx ->
            ProviderStore.rows(tx, ProviderStore.AUTHORIZATIONS).find(Map.of("id", id)).stream()
                .findFirst()
                .flatMap(r -> alive(tx, r))
                .map(r -> authorization(r, null, null))
                .orElse(null));
  }

  @Override
  public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType type) {
    requireNonNull(token, "token");
    return store.inTransaction(
        tx -> {
          for (String column : columns(type)) {
            String hash = store.hash(purposeOf(column), token);
            Optional<Map<String, Object>> found =
                ProviderStore.rows(tx, ProviderStore.AUTHORIZATIONS)
                    .find(Map.of(column, hash))
                    .stream()
                    .findFirst();
            if (found.isPresent()) {
              return alive(tx, found.get()).map(r -> authorization(r, column, token)).orElse(null);
            }
            if (column.equals("refresh_hash")) {
              reused(tx, hash);
            }
          }
          return null;
        });
  }

  /** A retired refresh token presented again: its whole authorization is revoked. */
  private static void reused(StoreTransaction tx, String hash) {
    ProviderStore.rows(tx, ProviderStore.RETIRED_REFRESH).find(Map.of("token_hash", hash)).stream()
        .findFirst()
        .ifPresent(r -> ProviderStore.deleteAuthorization(tx, (String) r.get("authorization_id")));
  }

  /** The row when what it issued may still be used; deleted, and empty, when not. */
  private Optional<Map<String, Object>> alive(StoreTransaction tx, Map<String, Object> row) {
    if (ProviderStore.live(
        tx,
        (String) row.get("session_id"),
        (String) row.get("principal"),
        store.clock().instant())) {
      return Optional.of(row);
    }
    ProviderStore.deleteAuthorization(tx, (String) row.get("id"));
    return Optional.empty();
  }

  private static List<String> columns(@Nullable OAuth2TokenType type) {
    if (type == null) {
      return List.of("state_hash", "code_hash", "access_hash", "refresh_hash", "id_token_hash");
    }
    return switch (type.getValue()) {
      case OAuth2ParameterNames.STATE -> List.of("state_hash");
      case OAuth2ParameterNames.CODE -> List.of("code_hash");
      case OAuth2ParameterNames.ACCESS_TOKEN -> List.of("access_hash");
      case OAuth2ParameterNames.REFRESH_TOKEN -> List.of("refresh_hash");
      case OidcParameterNames.ID_TOKEN -> List.of("id_token_hash");
      default -> List.of();
    };
  }

  private static String purposeOf(String column) {
    return switch (column) {
      case "state_hash" -> STATE;
      case "code_hash" -> CODE;
      case "access_hash" -> ACCESS;
      case "refresh_hash" -> REFRESH;
      default -> ID_TOKEN;
    };
  }

  /**
   * The authorization of a row; the token it was found by ({@code column}) carries the presented
   * value, every other one its kept hash.
   */
  private OAuth2Authorization authorization(
      Map<String, Object> r, @Nullable String column, @Nullable String presented) {
    String clientId = (String) r.get("client_id");
    RegisteredClient client = clients.findById(clientId);
    if (client == null) {
      throw new IllegalStateException("the authorization's client " + clientId + " is gone");
    }
    String grant = (String) r.get("grant_type");
    OAuth2Authorization.Builder b =
        OAuth2Authorization.withRegisteredClient(client)
            .id((String) r.get("id"))
            .principalName((String) r.get("principal"))
            .authorizationGrantType(new AuthorizationGrantType(grant))
            .authorizedScopes(ProviderStore.scopes((String) r.get("scopes")))
            .attribute(
                READ,
                new Read((String) r.get("refresh_hash"), (Instant) r.get("refresh_expires_at")));
    if (r.get("request") != null) {
      b.attribute(OAuth2AuthorizationRequest.class.getName(), request((String) r.get("request")));
    }
    if (!grant.equals(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue())) {
      b.attribute(
          Principal.class.getName(),
          new ProviderPrincipal(
              (String) r.get("principal"),
              (String) r.get("session_id"),
              (Instant) r.get("auth_time")));
    }
    if (r.get("state_hash") != null) {
      b.attribute(OAuth2ParameterNames.STATE, value(r, "state_hash", column, presented));
    }
    if (r.get("code_hash") != null) {
      b.token(
          new OAuth2AuthorizationCode(
              value(r, "code_hash", column, presented),
              (Instant) r.get("code_issued_at"),
              (Instant) r.get("code_expires_at")),
          m -> invalidated(m, r.get("code_used")));
    }
    if (r.get("access_hash") != null) {
      Map<String, Object> claims =
          r.get("access_claims") == null
              ? Map.of()
              : PlainJson.claims((String) r.get("access_claims"));
      b.token(
          new OAuth2AccessToken(
              OAuth2AccessToken.TokenType.BEARER,
              value(r, "access_hash", column, presented),
              (Instant) r.get("access_issued_at"),
              (Instant) r.get("access_expires_at"),
              ProviderStore.scopes((String) r.get("access_scopes"))),
          m -> {
            m.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
            invalidated(m, r.get("access_revoked"));
          });
    }
    if (r.get("refresh_hash") != null) {
      b.token(
          new OAuth2RefreshToken(
              value(r, "refresh_hash", column, presented),
              (Instant) r.get("refresh_issued_at"),
              (Instant) r.get("refresh_expires_at")),
          m -> invalidated(m, r.get("refresh_revoked")));
    }
    if (r.get("id_token_hash") != null) {
      Map<String, Object> claims = PlainJson.claims((String) r.get("id_token_claims"));
      b.token(
          new OidcIdToken(
              value(r, "id_token_hash", column, presented),
              (Instant) r.get("id_token_issued_at"),
              (Instant) r.get("id_token_expires_at"),
              claims),
          m -> m.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims));
    }
    return b.build();
  }

  private static String value(
      Map<String, Object> r, String column, @Nullable String foundBy, @Nullable String presented) {
    return column.equals(foundBy) && presented != null ? presented : KEPT + r.get(column);
  }

  private static void invalidated(Map<String, Object> metadata, @Nullable Object flag) {
    if (Boolean.TRUE.equals(flag)) {
      metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true);
    }
  }
}
