package dev.gatehouse.social;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.social.SocialService.SocialException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Sign-in with any OpenID Connect provider, found by its issuer: the discovery document ({@code
 * /.well-known/openid-configuration}) and the provider's keys (JWKS) are fetched over {@code
 * java.net.http} with timeouts and cached; a token naming a key id the cache lacks makes it fetch
 * the keys again at once, so the provider can rotate its keys, and any other signature that does
 * not verify fetches them again once {@link Builder#jwksMinRefresh} has passed. Fetches caused by
 * tokens are at most one per 10 s of the builder's clock, so tokens with made-up key ids cannot
 * make Gatehouse hammer the provider; a token whose key id is still unknown is refused as such. The
 * authorization-code flow uses PKCE (S256), {@code state} and {@code nonce} (kept by {@code
 * SocialService}); the client authenticates at the token endpoint with {@code client_secret_basic},
 * {@code client_secret_post} or {@code private_key_jwt}, as configured or as the provider's
 * discovery document lists ({@link #tokenEndpointAuth()}).
 *
 * <p>An id_token is accepted only when it is signed with an asymmetric algorithm ({@code RS*},
 * {@code PS*}, {@code ES*}; never {@code none} nor an HMAC) by a key of the provider's JWKS, its
 * {@code iss} is the issuer, its {@code aud} names this client (and {@code azp}, when present or
 * when there are several audiences, is this client), {@code exp} is not past and {@code iat} not in
 * the future (with {@link Builder#maxClockSkew} either way), and its {@code nonce} is the expected
 * one.
 *
 * <pre>{@code
 * SocialProvider okta = OidcProvider.builder("okta", URI.create("https://acme.okta.com"), clientId)
 *     .clientSecret(System.getenv("OKTA_CLIENT_SECRET"))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class OidcProvider implements SocialProvider {
  private final String id;
  private final URI issuer;
  private final String clientId;
  private final Set<String> nativeClientIds;
  private final Supplier<String> clientSecret;
  private final TokenEndpointAuth tokenEndpointAuth;
  private final JWK signingKey;
  private final String scope;
  private final Map<String, String> extraAuthorizationParameters;
  private final Clock clock;
  private final IdentityMapper mapper;
  private final boolean nonceHashed;
  private final ProviderHttp http;
  private final OidcDiscovery provider;
  private final IdTokenCheck idTokens;

  /** Turns verified claims into an identity. */
  @FunctionalInterface
  public interface IdentityMapper {
    /**
     * @param provider the provider's id
     * @param claims the verified id_token claims
     * @param exchange the code exchange's callback parameters (empty on the native path)
     * @return the identity
     */
    VerifiedIdentity map(String provider, JWTClaimsSet claims, Map<String, String> exchange);
  }

  private OidcProvider(Builder b) {
    this.id = b.id;
    this.issuer = b.issuer;
    this.clientId = b.clientId;
    this.nativeClientIds = Set.copyOf(b.nativeClientIds);
    this.clientSecret = b.clientSecret;
    this.tokenEndpointAuth = b.tokenEndpointAuth;
    this.signingKey = b.signingKey;
    this.scope = b.scope;
    this.extraAuthorizationParameters = Map.copyOf(b.extraAuthorizationParameters);
    this.clock = b.clock;
    this.mapper = b.mapper;
    this.nonceHashed = b.nativeNonceHashed;
    this.http = new ProviderHttp(b.connectTimeout, b.requestTimeout);
    if (b.addressSettings != null) {
      http.addresses(ProviderAddresses.of(b.addressSettings));
    }
    this.provider =
        new OidcDiscovery(
            b.issuer, http, b.clock, b.discoveryTtl, b.jwksMinRefresh, b.endpointCheck);
    Set<String> issuers = new LinkedHashSet<>();
    issuers.add(b.issuer.toString());
    issuers.addAll(b.extraIssuers);
    this.idTokens = new IdTokenCheck(provider, issuers, b.clock, b.maxClockSkew, b.claimsCheck);
  }

  /** The client its requests go through, whose addresses {@link SocialSignIn} sets. */
  ProviderHttp http() {
    return http;
  }

  /**
   * @param id the provider's short name, such as {@code okta}
   * @param issuer the issuer, exactly as its id_tokens' {@code iss}
   * @param clientId this application's client id at the provider
   * @return a builder
   */
  public static Builder builder(String id, URI issuer, String clientId) {
    return new Builder(id, issuer, clientId);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public URI authorizationUri(AuthorizationRequest request) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId);
    q.put("redirect_uri", request.redirectUri().toString());
    q.put("scope", scope);
    q.put("state", request.state());
    q.put("nonce", request.nonce());
    q.put("code_challenge", request.codeChallenge());
    q.put("code_challenge_method", "S256");
    q.putAll(extraAuthorizationParameters);
    String endpoint = provider.endpoint("authorization_endpoint").toString();
    return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + ProviderHttp.form(q));
  }

  @Override
  public VerifiedIdentity exchangeCode(CodeExchange exchange) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", exchange.code());
    form.put("redirect_uri", exchange.redirectUri().toString());
    form.put("client_id", clientId);
    form.put("code_verifier", exchange.codeVerifier());
    URI tokenEndpoint = provider.endpoint("token_endpoint");
    Map<String, String> headers = new LinkedHashMap<>();
    switch (tokenEndpointAuth()) {
      case CLIENT_SECRET_BASIC ->
          headers.put("Authorization", ClientAuthentication.basic(clientId, secret()));
      case CLIENT_SECRET_POST -> form.put("client_secret", secret());
      case PRIVATE_KEY_JWT -> {
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", clientAssertion(tokenEndpoint));
      }
    }
    Map<String, Object> tokens = http.postForm(tokenEndpoint, form, headers);
    Object idToken = tokens.get("id_token");
    if (!(idToken instanceof String s)) {
      throw new SocialException(
          ErrorCode.PROVIDER_REFUSED, "the token endpoint answered no id_token");
    }
    JWTClaimsSet claims = verify(s, exchange.nonce(), Set.of(clientId));
    VerifiedIdentity identity = mapper.map(id, claims, exchange.parameters());
    return new VerifiedIdentity(
        identity.provider(),
        identity.subject(),
        identity.email(),
        identity.emailVerified(),
        identity.displayName(),
        identity.pictureUrl(),
        tokens.get("access_token") instanceof String a ? a : null,
        tokens.get("refresh_token") instanceof String r ? r : null);
  }

  /**
   * How this client authenticates at the token endpoint: as configured, else the first of {@code
   * private_key_jwt} (with a signing key), {@code client_secret_basic} and {@code
   * client_secret_post} that the provider's discovery document lists in {@code
   * token_endpoint_auth_methods_supported}; a document without the list means {@code
   * client_secret_basic}, OpenID Connect Discovery's default. Reads the discovery document when not
   * configured.
   *
   * @return the method the next code exchange uses
   * @throws SocialException {@code provider_refused} when the provider lists none this client has
   *     what it takes for
   */
  public TokenEndpointAuth tokenEndpointAuth() {
    if (tokenEndpointAuth != null) {
      return tokenEndpointAuth;
    }
    Object listed = provider.document().get("token_endpoint_auth_methods_supported");
    List<?> supported =
        listed instanceof List<?> l ? l : List.of(TokenEndpointAuth.CLIENT_SECRET_BASIC.wireName());
    if (signingKey != null && supported.contains(TokenEndpointAuth.PRIVATE_KEY_JWT.wireName())) {
      return TokenEndpointAuth.PRIVATE_KEY_JWT;
    }
    for (TokenEndpointAuth a :
        List.of(TokenEndpointAuth.CLIENT_SECRET_BASIC, TokenEndpointAuth.CLIENT_SECRET_POST)) {
      if (clientSecret != null && supported.contains(a.wireName())) {
        return a;
      }
    }
    throw new SocialException(
        ErrorCode.PROVIDER_REFUSED,
        "the provider's token endpoint takes none of the client authentications configured here"
            + " (it lists "
            + supported
            + ")");
  }

  private String secret() {
    if (clientSecret == null) {
      throw new SocialException(
          ErrorCode.PROVIDER_REFUSED, "no client secret is configured for provider " + id);
    }
    return clientSecret.get();
  }

  /** A client assertion (RFC 7523) for {@code private_key_jwt}. */
  private String clientAssertion(URI tokenEndpoint) {
    if (signingKey == null) {
      throw new SocialException(
          ErrorCode.PROVIDER_REFUSED, "no client signing key is configured for provider " + id);
    }
    return ClientAuthentication.assertion(signingKey, clientId, tokenEndpoint, clock.instant());
  }

  /** How a client authenticates at a token endpoint (OpenID Connect Core 1.0, section 9). */
  public enum TokenEndpointAuth {
    /** The client id and secret in an HTTP Basic {@code Authorization} header. */
    CLIENT_SECRET_BASIC,
    /** The client id and secret in the form body. */
    CLIENT_SECRET_POST,
    /** A JWT signed with the client's private key (RFC 7523), no secret. */
    PRIVATE_KEY_JWT;

    /** {@return the name in discovery documents, such as {@code client_secret_basic}} */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Override
  public VerifiedIdentity verifyNativeToken(String token, String nonce) {
    Set<String> audiences = new LinkedHashSet<>(nativeClientIds);
    audiences.add(clientId);
    String expected = nonce == null || !nonceHashed ? nonce : sha256Hex(nonce);
    return mapper.map(id, verify(token, expected, audiences), Map.of());
  }

  /**
   * Verifies an id_token (see the class description).
   *
   * @param idToken the compact JWT
   * @param expectedNonce the nonce it must carry, or {@code null} to accept any or none
   * @param audiences the client ids it may be issued to
   * @return its claims
   * @throws SocialException {@code invalid_id_token}
   */
  JWTClaimsSet verify(String idToken, @Nullable String expectedNonce, Set<String> audiences) {
    return idTokens.verify(idToken, expectedNonce, audiences);
  }

  static String sha256Hex(String s) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The standard claims: {@code sub}, {@code email}, {@code email_verified}, {@code name}, {@code
   * picture}.
   */
  static VerifiedIdentity standardClaims(
      String provider, JWTClaimsSet c, Map<String, String> ignored) {
    Object verified = c.getClaim("email_verified");
    boolean emailVerified =
        Boolean.TRUE.equals(verified) || "true".equals(verified); // Apple sends a string
    Object email = c.getClaim("email");
    Object name = c.getClaim("name");
    Object picture = c.getClaim("picture");
    return new VerifiedIdentity(
        provider,
        c.getSubject(),
        email instanceof String e ? e : null,
        emailVerified,
        name instanceof String n ? n : null,
        picture instanceof String p ? p : null);
  }

  @Override
  public String toString() {
    return "OidcProvider[" + id + ", " + issuer + "]";
  }

  /** Builder; not thread-safe. */
  public static final class Builder {
    private final String id;
    private URI issuer;
    private final String clientId;
    private final List<String> extraIssuers = new ArrayList<>();
    private final List<String> nativeClientIds = new ArrayList<>();
    private Supplier<String> clientSecret;
    private TokenEndpointAuth tokenEndpointAuth;
    private JWK signingKey;
    private String scope = "openid email profile";
    private final Map<String, String> extraAuthorizationParameters = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private Duration maxClockSkew = Duration.ofSeconds(60);
    private Duration discoveryTtl = Duration.ofHours(24);
    private Duration jwksMinRefresh = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Consumer<JWTClaimsSet> claimsCheck = c -> {};
    private BiConsumer<String, URI> endpointCheck = (name, uri) -> {};
    private @Nullable GatehouseConfig addressSettings;
    private IdentityMapper mapper = OidcProvider::standardClaims;
    private boolean nativeNonceHashed;

    private Builder(String id, URI issuer, String clientId) {
      this.id = requireNonNull(id, "id");
      this.issuer = requireNonNull(issuer, "issuer");
      this.clientId = requireNonNull(clientId, "clientId");
    }

    /**
     * How to authenticate at the token endpoint, instead of choosing from the provider's {@code
     * token_endpoint_auth_methods_supported}.
     *
     * @param method the method
     * @return this builder
     */
    public Builder tokenEndpointAuth(TokenEndpointAuth method) {
      this.tokenEndpointAuth = requireNonNull(method, "method");
      return this;
    }

    /**
     * The client's private key for {@code private_key_jwt} (an RSA key signs RS256, an EC P-256 key
     * ES256; its key id goes in the assertion's header, so the provider finds the registered public
     * key). Used when the provider lists {@code private_key_jwt}, or when configured with {@link
     * #tokenEndpointAuth}.
     *
     * @param key an RSA or EC private key with a key id
     * @return this builder
     */
    public Builder privateKeyJwt(JWK key) {
      requireNonNull(key, "key");
      if (!key.isPrivate() || !(key instanceof RSAKey || key instanceof ECKey)) {
        throw new IllegalArgumentException("an RSA or EC private key is needed");
      }
      this.signingKey = key;
      return this;
    }

    /**
     * @param secret the client secret (sent as {@code client_secret_basic} or {@code
     *     client_secret_post}, as {@link #tokenEndpointAuth} or the provider chooses)
     * @return this builder
     */
    public Builder clientSecret(String secret) {
      requireNonNull(secret, "secret");
      this.clientSecret = () -> secret;
      return this;
    }

    /**
     * @param secret computes the client secret at each exchange (Apple's signed JWT)
     * @return this builder
     */
    public Builder clientSecret(Supplier<String> secret) {
      this.clientSecret = requireNonNull(secret, "secret");
      return this;
    }

    /**
     * Replaces the issuer, for a local stand-in of a preset's provider in tests.
     *
     * @param issuer the issuer
     * @return this builder
     */
    public Builder issuer(URI issuer) {
      this.issuer = requireNonNull(issuer, "issuer");
      return this;
    }

    /**
     * @param iss a further accepted spelling of the issuer (Google's {@code accounts.google.com})
     * @return this builder
     */
    public Builder alsoAcceptIssuer(String iss) {
      extraIssuers.add(requireNonNull(iss, "iss"));
      return this;
    }

    /**
     * @param clientId a further audience accepted on the native path (an iOS or Android client id,
     *     Apple's bundle id)
     * @return this builder
     */
    public Builder nativeClientId(String clientId) {
      nativeClientIds.add(requireNonNull(clientId, "clientId"));
      return this;
    }

    /**
     * @param scope the scopes asked for (default {@code openid email profile})
     * @return this builder
     */
    public Builder scope(String scope) {
      this.scope = requireNonNull(scope, "scope");
      return this;
    }

    /**
     * @param name a further authorization parameter (such as {@code response_mode} or {@code hd})
     * @param value its value
     * @return this builder
     */
    public Builder authorizationParameter(String name, String value) {
      extraAuthorizationParameters.put(
          requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * @param clock the clock token times are checked against
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param skew tolerated clock difference for {@code exp} and {@code iat} (default 60 s, at most
     *     5 minutes)
     * @return this builder
     */
    public Builder maxClockSkew(Duration skew) {
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("maxClockSkew must be 0 to 5 minutes");
      }
      this.maxClockSkew = skew;
      return this;
    }

    /**
     * @param ttl how long the discovery document is cached (default 24 h)
     * @return this builder
     */
    public Builder discoveryTtl(Duration ttl) {
      this.discoveryTtl = requireNonNull(ttl, "ttl");
      return this;
    }

    /**
     * @param interval the least time since the last key fetch before a token whose key id the cache
     *     knows, but whose signature does not verify, fetches the keys again (default 30 s); a key
     *     id the cache lacks fetches them at once, and fetches caused by tokens are at most one per
     *     10 s whatever this says
     * @return this builder
     */
    public Builder jwksMinRefresh(Duration interval) {
      this.jwksMinRefresh = requireNonNull(interval, "interval");
      return this;
    }

    /**
     * @param connect the connect timeout (default 5 s)
     * @param request the whole-request timeout (default 10 s)
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = requireNonNull(connect, "connect");
      this.requestTimeout = requireNonNull(request, "request");
      return this;
    }

    /**
     * @param check a further check of the verified claims; throws {@link SocialException} to refuse
     * @return this builder
     */
    public Builder claimsCheck(Consumer<JWTClaimsSet> check) {
      this.claimsCheck = requireNonNull(check, "check");
      return this;
    }

    /**
     * A further check of each endpoint the provider's discovery document names ({@code
     * authorization_endpoint}, {@code token_endpoint}, {@code jwks_uri}), before it is used: {@code
     * auth-organizations} refuses an organisation's endpoints on another origin than its issuer's.
     *
     * @param check given the endpoint's name and address; throws {@link SocialException} to refuse
     * @return this builder
     */
    public Builder endpointCheck(BiConsumer<String, URI> check) {
      this.endpointCheck = requireNonNull(check, "check");
      return this;
    }

    /**
     * Where the provider's requests may go, read from a configuration's {@link
     * SocialSettings#SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS} and {@link
     * SocialSettings#SOCIAL_PROVIDER_INTERNAL_NETWORKS}; without it, their defaults ({@code https}
     * to public addresses only). For a provider used on its own, as {@code auth-organizations} uses
     * an organisation's: a provider given to {@link SocialSignIn} follows its Gatehouse's settings,
     * whatever is set here.
     *
     * @param config the configuration whose settings apply
     * @return this builder
     */
    public Builder addressSettings(GatehouseConfig config) {
      this.addressSettings = requireNonNull(config, "config");
      return this;
    }

    /**
     * @param mapper turns verified claims into an identity (default: the standard claims)
     * @return this builder
     */
    public Builder identityMapper(IdentityMapper mapper) {
      this.mapper = requireNonNull(mapper, "mapper");
      return this;
    }

    /**
     * @param hashed whether the native path's id_token carries the SHA-256 (hex) of the app's nonce
     *     rather than the nonce (Sign in with Apple)
     * @return this builder
     */
    public Builder nativeNonceHashed(boolean hashed) {
      this.nativeNonceHashed = hashed;
      return this;
    }

    /** {@return the provider} */
    public OidcProvider build() {
      return new OidcProvider(this);
    }
  }
}
