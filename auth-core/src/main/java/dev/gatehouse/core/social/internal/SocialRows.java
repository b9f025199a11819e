package dev.gatehouse.core.social.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SocialSettings;
import dev.gatehouse.core.internal.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.core.social.SocialService;
import dev.gatehouse.core.store.SocialAccountStore.SocialAccountRecord;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What social sign-in keeps and hands out sealed: the link rows built and refreshed from a verified
 * identity (its provider tokens sealed at rest under {@code gatehouse.social.token-key} when kept),
 * the sign-in state and the link token of {@code LinkRequired}, sealed under a key derived from the
 * server key.
 */
final class SocialRows {
  // Logged under the facade's name, as before the split, so hosts' logging settings still apply.
  private static final Logger LOG = LoggerFactory.getLogger(SocialService.class);

  static final String STATE = "social-state";
  static final String LINK = "social-link";
  private static final String TOKEN = "social-provider-token";
  private final GatehouseConfig config;
  private final Sealer sealer;
  private final Sealer tokenSealer;

  SocialRows(GatehouseConfig config, SecretHasher secrets) {
    this.config = config;
    this.sealer = new Sealer(HexFormat.of().parseHex(secrets.hash("social-seal", "v1")));
    String tokenKey = config.get(SocialSettings.SOCIAL_TOKEN_KEY);
    this.tokenSealer =
        tokenKey == null
            ? null
            : new Sealer(
                HexFormat.of()
                    .parseHex(new SecretHasher(tokenKey).hash("social-provider-tokens", "v1")));
  }

  /** Seals a state or link token ({@link #STATE}, {@link #LINK}). */
  String seal(String purpose, List<String> fields) {
    return sealer.seal(purpose, fields);
  }

  /** Opens what {@link #seal} sealed for the same purpose. */
  List<String> open(String purpose, String sealed) throws GeneralSecurityException {
    return sealer.open(purpose, sealed);
  }

  /** The sealed, expiring token a {@link SignInResult.LinkRequired} carries. */
  String linkToken(UUID userId, VerifiedIdentity identity, Instant now) {
    return sealer.seal(
        LINK,
        List.of(
            userId.toString(),
            Long.toString(now.plus(config.get(SocialSettings.SOCIAL_STATE_TTL)).getEpochSecond()),
            identity.provider(),
            identity.subject(),
            identity.email() == null ? "" : identity.email(),
            Boolean.toString(identity.emailVerified()),
            identity.displayName() == null ? "" : identity.displayName(),
            identity.pictureUrl() == null ? "" : identity.pictureUrl()));
  }

  SocialAccountRecord newLink(UUID owner, VerifiedIdentity i, Instant now) {
    return new SocialAccountRecord(
        null,
        owner,
        i.provider(),
        i.subject(),
        cut(i.email(), 254),
        i.emailVerified(),
        cut(i.displayName(), 255),
        cut(i.pictureUrl(), 1000),
        sealToken(i.accessToken()),
        sealToken(i.refreshToken()),
        now,
        now);
  }

  SocialAccountRecord refreshed(SocialAccountRecord r, VerifiedIdentity i, Instant now) {
    return new SocialAccountRecord(
        r.id(),
        r.ownerPublicId(),
        r.provider(),
        r.providerUserId(),
        cut(i.email(), 254),
        i.emailVerified(),
        cut(i.displayName(), 255),
        cut(i.pictureUrl(), 1000),
        sealToken(i.accessToken()),
        sealToken(i.refreshToken()),
        r.linkedAt(),
        now);
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private String sealToken(String token) {
    if (token == null || !config.get(SocialSettings.SOCIAL_STORE_PROVIDER_TOKENS)) {
      return null;
    }
    return tokenSealer.seal(TOKEN, List.of(token));
  }

  /** Opens a provider token kept sealed, or {@code null} when it cannot be opened. */
  String openToken(String sealed) {
    if (sealed == null || tokenSealer == null) {
      return null;
    }
    try {
      return tokenSealer.open(TOKEN, sealed).get(0);
    } catch (GeneralSecurityException e) {
      LOG.warn("a stored provider token does not open under gatehouse.social.token-key");
      return null;
    }
  }
}
