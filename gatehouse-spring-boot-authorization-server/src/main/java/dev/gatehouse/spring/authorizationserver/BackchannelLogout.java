package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.ModuleMail;
import dev.gatehouse.core.session.SessionsEnded;
import dev.gatehouse.core.signin.OutboxChannel;
import dev.gatehouse.core.store.StoreTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/**
 * OpenID Connect Back-Channel Logout 1.0. When Gatehouse sessions end, whichever way ({@link
 * SessionsEnded}: the one path of every end, in its transaction), each client that got tokens
 * through one of them and registered a {@link OpenIdClient#backchannelLogoutUri()} is recorded in
 * the outbox (channel {@value #CHANNEL}), and the client's authorizations of that session are
 * deleted, in the same transaction: a rolled-back end sends nothing and revokes nothing. After the
 * commit the core's delivery workers hand each entry back here ({@link OutboxChannel}), never on
 * the request's thread, with the outbox's claims and doubling backoff; the logout token is signed
 * then by the key ring and POSTed as {@code logout_token}, with bounded timeouts.
 *
 * <p>The logout token carries {@code iss} (the issuer of the client's ID token), {@code aud} (the
 * client), {@code iat}, {@code exp} ({@value #LIFETIME_SECONDS} seconds), {@code jti} (the same on
 * every attempt of one entry), {@code events} with {@value #EVENT}, {@code sub} and {@code sid}; no
 * {@code nonce}; its header's {@code typ} is {@value #TYPE}. {@code sid} is the one the ID token
 * carried ({@link #sid}): a keyed hash of the Gatehouse session's id, stable for the session,
 * neither the session's id nor anything a request accepts. Thread-safe.
 */
final class BackchannelLogout implements SessionsEnded, OutboxChannel {
  /** The outbox channel of logout tokens. */
  static final String CHANNEL = "op-logout";

  /** The event a logout token carries. */
  static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

  /** The logout token's {@code typ} (Back-Channel Logout 1.0, section 2.4). */
  static final String TYPE = "logout+jwt";

  /** How long a logout token is good for, from the attempt that sends it. */
  static final long LIFETIME_SECONDS = 120;

  /**
   * Attempts before an entry fails for good: with the outbox's doubling backoff from 30 seconds, a
   * relying party may be away for about four hours.
   */
  static final int MAX_ATTEMPTS = 10;

  /** The longest wait to connect to a relying party, and for its answer. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  /** The hash purpose of {@code sid}. */
  private static final String SID = "op:sid";

  private static final String PURPOSE = "backchannel-logout";

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(BackchannelLogout.class);

  private final ProviderStore store;
  private final ModuleMail outbox;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** Signs a logout token's claims with the key ring; set when the provider is served. */
  private volatile @Nullable Function<Map<String, Object>, String> signer;

  BackchannelLogout(ProviderStore store, ModuleMail outbox, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.outbox = requireNonNull(outbox, "outbox");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Signs logout tokens with the key ring from now on: the auto-configuration's, where the key ring
   * meets the protocol. Until then, entries wait in the outbox and are retried.
   *
   * @param signer signs a token's claims with a {@code typ} of {@value #TYPE}
   */
  void signWith(Function<Map<String, Object>, String> signer) {
    this.signer = requireNonNull(signer, "signer");
  }

  /**
   * {@return the {@code sid} of a Gatehouse session, as the ID token and the logout token carry it:
   * a keyed hash of its id (stable, not guessable, not the id and accepted nowhere)}
   *
   * @param sessionId the Gatehouse session's id
   */
  String sid(String sessionId) {
    return store.hash(SID, sessionId);
  }

  /**
   * Puts {@code sid} in an ID token granted in a Gatehouse session (its refreshes included), after
   * the provider's other claims.
   *
   * @param context the token's encoding context
   */
  void sessionClaim(JwtEncodingContext context) {
    if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
        && context.getPrincipal() instanceof ProviderPrincipal signedIn
        && signedIn.sessionId() != null) {
      context.getClaims().claim("sid", sid(signedIn.sessionId()));
    }
  }

  /**
   * {@return whether an RP-initiated logout's {@code id_token_hint} is of the browser's own
   * Gatehouse session: its {@code sid} is that session's, or it has none (issued before the
   * provider put one in)}
   *
   * @param logout the logout the server authenticated (the hint's {@code sub} is the browser's)
   * @param tokens the provider's back-channel logout, which derives {@code sid}
   */
  static boolean sameSession(OidcLogoutAuthenticationToken logout, BackchannelLogout tokens) {
    if (!(logout.getPrincipal() instanceof ProviderPrincipal browser)
        || browser.sessionId() == null
        || logout.getIdToken() == null
        || !(logout.getIdToken().getClaims().get("sid") instanceof String sid)) {
      return true;
    }
    return sid.equals(tokens.sid(browser.sessionId()));
  }

  /**
   * Spring Authorization Server's RP-initiated logout without its own {@code sid} check, which
   * compares the hint's {@code sid} with a hash of the browser's HTTP session as its in-memory
   * registry knows it: the ID token's {@code sid} is the Gatehouse session's, which {@link
   * #sameSession} checks. Any other provider is answered as it is.
   *
   * @param provider one of the logout endpoint's providers
   * @param clients the registered clients
   * @param authorizations the authorizations
   * @return the provider to use
   */
  static AuthenticationProvider withoutHttpSessions(
      AuthenticationProvider provider,
      RegisteredClientRepository clients,
      OAuth2AuthorizationService authorizations) {
    return provider instanceof OidcLogoutAuthenticationProvider
        ? new OidcLogoutAuthenticationProvider(clients, authorizations, new NoSessions())
        : provider;
  }

  /** A session registry that keeps nothing. */
  private static final class NoSessions implements SessionRegistry {
    @Override
    public List<Object> getAllPrincipals() {
      return List.of();
    }

    @Override
    public List<SessionInformation> getAllSessions(
        Object principal, boolean includeExpiredSessions) {
      return List.of();
    }

    @Override
    public @Nullable SessionInformation getSessionInformation(String sessionId) {
      return null;
    }

    @Override
    public void refreshLastRequest(String sessionId) {}

    @Override
    public void registerNewSession(String sessionId, Object principal) {}

    @Override
    public void removeSessionInformation(String sessionId) {}
  }

  // ---- in the transaction that ended the sessions -----------------------------------------------

  @Override
  public void ended(
      StoreTransaction tx, UUID account, @Nullable String sessionId, String reason, Instant now) {
    if (signer == null) {
      // The provider is not served here (its jar is on the class path, its auto-configuration off):
      // no relying party got tokens through this host, whose database need not hold the module's
      // tables, and a sign-out must not fail for want of them.
      return;
    }
    String principal = account.toString();
    List<Map<String, Object>> rows =
        ProviderStore.rows(tx, ProviderStore.AUTHORIZATIONS)
            .find(
                sessionId != null
                    ? Map.of("session_id", sessionId)
                    : Map.of("principal", principal));
    Set<String> told = new HashSet<>();
    for (Map<String, Object> row : rows) {
      String session = (String) row.get("session_id");
      if (session == null
          || !principal.equals(row.get("principal"))
          || ProviderStore.live(tx, session, principal, now)) {
        continue;
      }
      String clientId = (String) row.get("client_id");
      String issuer = issuer(row);
      if (issuer != null && told.add(clientId + ' ' + session)) {
        ProviderStore.client(tx, clientId)
            .map(ProviderStore.StoredClient::client)
            .filter(c -> c.backchannelLogoutUri() != null)
            .ifPresent(c -> record(tx, issuer, clientId, principal, sid(session), now));
      }
      // What was issued through the session ends with it, now rather than at its next use.
      ProviderStore.deleteAuthorization(tx, (String) row.get("id"));
    }
  }

  /**
   * {@return the issuer the client's tokens named, or {@code null} when it got none (a code not
   * exchanged, a consent pending): a client is told only of a session it got tokens through}
   */
  private static @Nullable String issuer(Map<String, Object> row) {
    for (String column : List.of("id_token_claims", "access_claims")) {
      Object json = row.get(column);
      if (json instanceof String text && row.get(column.replace("_claims", "_hash")) != null) {
        Object iss = PlainJson.claims(text).get("iss");
        if (iss != null) {
          return iss.toString();
        }
      }
    }
    return null;
  }

  private void record(
      StoreTransaction tx,
      String issuer,
      String clientId,
      String subject,
      String sid,
      Instant now) {
    String jti = UUID.randomUUID().toString();
    outbox.enqueue(
        tx,
        CHANNEL,
        new OutboxChannel.Entry(
            0,
            PURPOSE,
            "client " + clientId + ' ' + jti,
            clientId,
            Arrays.asList(issuer, clientId, subject, sid, jti)),
        MAX_ATTEMPTS,
        now);
  }

  // ---- on a delivery worker, after the commit ---------------------------------------------------

  @Override
  public String channel() {
    return CHANNEL;
  }

  @Override
  public String name() {
    return "relying party";
  }

  @Override
  public Optional<String> deliver(Entry entry) {
    List<@Nullable String> f = entry.fields();
    String issuer = requireNonNull(f.get(0));
    String clientId = requireNonNull(f.get(1));
    Function<Map<String, Object>, String> sign = signer;
    if (sign == null) {
      throw new IllegalStateException("the OpenID provider is not served by this instance yet");
    }
    Optional<OpenIdClient> client =
        store.storedClient(clientId).map(ProviderStore.StoredClient::client);
    if (client.isEmpty()) {
      return Optional.of("the client " + clientId + " was removed");
    }
    String uri = client.get().backchannelLogoutUri();
    if (uri == null) {
      return Optional.of("the client " + clientId + " has no back-channel logout URI any more");
    }
    Optional<String> refused = RedirectUris.backChannelRefusal(uri, store.production());
    if (refused.isPresent()) {
      return refused;
    }
    long now = clock.instant().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("aud", clientId);
    claims.put("iat", now);
    claims.put("exp", now + LIFETIME_SECONDS);
    claims.put("jti", f.get(4));
    claims.put("events", Map.of(EVENT, Map.of()));
    claims.put("sub", f.get(2));
    claims.put("sid", f.get(3));
    String token = sign.apply(claims);
    HttpResponse<Void> answer;
    try {
      answer =
          http.send(
              HttpRequest.newBuilder(URI.create(uri))
                  .timeout(ANSWER_TIMEOUT)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "logout_token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII)))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException("the relying party " + clientId + " was not reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while telling " + clientId, e);
    }
    int status = answer.statusCode();
    if (status / 100 == 2) {
      return Optional.empty();
    }
    if (status / 100 == 4 && status != 408 && status != 429) {
      // The relying party refused the token itself (400 in the specification): sending it again
      // would not change its mind.
      LOG.warn("OpenID client {} refused a logout token ({})", clientId, status);
      return Optional.of("the relying party answered " + status);
    }
    throw new IllegalStateException("the relying party " + clientId + " answered " + status);
  }
}
