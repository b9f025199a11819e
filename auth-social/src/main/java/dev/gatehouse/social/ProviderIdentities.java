package dev.gatehouse.social;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.social.SocialService.SocialException;
import dev.gatehouse.social.SocialService.SocialRedirect;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The provider side of social sign-in ({@link SocialService}'s first half): the registered
 * providers, the authorization redirect with its sealed state, nonce and PKCE verifier, the code
 * exchange at the callback and the check of a native SDK's token. A state and a native token each
 * prove one sign-in (a one-time marker spends them), and a provider may only answer for itself.
 * Thread-safe.
 */
final class ProviderIdentities {
  private static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SignInContext context;
  private final ModuleLimits limits;
  private final GatehouseConfig config;
  private final Clock clock;
  private final SecretHasher secrets;
  private final SocialRows rows;
  private final Map<String, SocialProvider> providers;

  /**
   * @throws ConfigurationException when a provider id is malformed or taken twice
   */
  ProviderIdentities(SignInContext context, SocialRows rows, List<SocialProvider> providers) {
    this.context = context;
    this.limits = this.context.capability(ModuleLimits.class);
    this.config = context.config();
    this.clock = context.clock();
    this.secrets = context.capability(SecretHasher.class);
    this.rows = rows;
    Map<String, SocialProvider> byId = new LinkedHashMap<>();
    for (SocialProvider p : providers) {
      if (!PROVIDER_ID.matcher(p.id()).matches()) {
        throw new ConfigurationException(
            "social provider id must be 1 to 32 of [a-z0-9_-], was '" + p.id() + "'");
      }
      if (byId.putIfAbsent(p.id(), p) != null) {
        throw new ConfigurationException("two social providers have the id " + p.id());
      }
    }
    this.providers = Map.copyOf(byId);
  }

  /** {@return the ids of the registered providers, in order} */
  List<String> ids() {
    return List.copyOf(new TreeSet<>(providers.keySet()));
  }

  /** Whether a provider of that id is registered. */
  boolean has(String providerId) {
    return providerId != null && providers.containsKey(providerId);
  }

  /**
   * The authorization redirect of a sign-in or link: sealed state, nonce and PKCE; writes nothing.
   */
  SocialRedirect redirect(String providerId, URI redirectUri) {
    SocialProvider provider = provider(providerId);
    requireNonNull(redirectUri, "redirectUri");
    String nonce = random();
    String verifier = random() + random();
    Instant expires = clock.instant().plus(config.get(SocialSettings.SOCIAL_STATE_TTL));
    String state =
        rows.seal(
            SocialRows.STATE,
            List.of(
                provider.id(),
                redirectUri.toString(),
                nonce,
                verifier,
                Long.toString(expires.getEpochSecond()),
                random()));
    URI uri =
        provider.authorizationUri(
            new SocialProvider.AuthorizationRequest(
                redirectUri, state, nonce, challenge(verifier)));
    return new SocialRedirect(uri, state);
  }

  /** The identity a native SDK's token proves, verified by its provider, not yet spent. */
  VerifiedIdentity verifiedNative(String providerId, String token, String nonce) {
    SocialProvider provider = provider(providerId);
    if (token == null || token.isBlank() || token.length() > 16_384) {
      throw new SocialException(ErrorCode.INVALID_ID_TOKEN, "the token is missing or too long");
    }
    return ownIdentity(provider, provider.verifyNativeToken(token, nonce));
  }

  /** The identity of a native SDK's token, spent: each token proves one sign-in. */
  VerifiedIdentity nativeIdentity(String providerId, String token, String nonce) {
    VerifiedIdentity identity = verifiedNative(providerId, token, nonce);
    // A token proves a sign-in once: a copy taken from a log or a proxy cannot sign in again.
    spendOnce(
        SocialCounters.SOCIAL_TOKEN,
        secrets.hash("social-native-token", token),
        ErrorCode.INVALID_ID_TOKEN);
    return identity;
  }

  /** The identity the callback's code proves, its state checked and spent. */
  VerifiedIdentity exchange(
      String providerId, String state, String code, Map<String, String> parameters) {
    SocialProvider provider = provider(providerId);
    if (state == null || state.isEmpty() || state.length() > 2048) {
      throw invalidState();
    }
    List<String> f;
    try {
      f = rows.open(SocialRows.STATE, state);
    } catch (GeneralSecurityException e) {
      throw invalidState();
    }
    if (f.size() != 6 || !provider.id().equals(f.get(0))) {
      throw invalidState();
    }
    Instant now = clock.instant();
    if (!now.isBefore(Instant.ofEpochSecond(Long.parseLong(f.get(4))))) {
      throw invalidState();
    }
    if (code == null || code.isEmpty() || code.length() > 4096) {
      throw new SocialException(
          ErrorCode.PROVIDER_REFUSED, "the callback carries no authorization code");
    }
    // Spent before the exchange: a state works once, even when the exchange then fails.
    spendOnce(
        SocialCounters.SOCIAL_STATE,
        secrets.hash(SocialRows.STATE, f.get(5)),
        ErrorCode.INVALID_STATE);
    VerifiedIdentity identity =
        provider.exchangeCode(
            new SocialProvider.CodeExchange(
                code, f.get(3), URI.create(f.get(1)), f.get(2), parameters));
    return ownIdentity(provider, identity);
  }

  private static VerifiedIdentity ownIdentity(SocialProvider provider, VerifiedIdentity identity) {
    if (identity == null || !provider.id().equals(identity.provider())) {
      // A provider may only speak for itself: an identity of another provider could take over the
      // account linked there.
      throw new SocialException(
          ErrorCode.INVALID_ID_TOKEN, "the provider answered for another provider");
    }
    return identity;
  }

  private void spendOnce(Counters counter, String spent, ErrorCode code) {
    Instant now = clock.instant();
    Duration window = config.get(SocialSettings.SOCIAL_STATE_TTL).multipliedBy(2);
    if (context
        .store()
        .inTransaction(tx -> limits.spendOnce(tx, counter, window, now, spent))
        .isPresent()) {
      throw new SocialException(code, "already used");
    }
  }

  private SocialProvider provider(String id) {
    SocialProvider p = id == null ? null : providers.get(id);
    if (p == null) {
      throw new SocialException(
          ErrorCode.UNKNOWN_PROVIDER, "no social provider is registered under that id");
    }
    return p;
  }

  private static SocialException invalidState() {
    return new SocialException(
        ErrorCode.INVALID_STATE, "the sign-in state is invalid, expired or used");
  }

  private static String random() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * @param verifier a PKCE code verifier
   * @return its S256 challenge (RFC 7636)
   */
  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
