package dev.gatehouse.social;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.store.SocialAccountStore.SocialAccountRecord;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What social sign-in keeps and hands out sealed: the link rows built and refreshed from a verified
 * identity (its provider tokens sealed at rest under {@code gatehouse.social.token-key} when kept,
 * opened under it or {@code gatehouse.social.previous-token-keys}), the sign-in state and the link
 * token of {@code LinkRequired}, sealed by the server key's sealer.
 */
final class SocialRows {
  // Logged under the service's name, as the service's own lines are.
  private static final Logger LOG = LoggerFactory.getLogger(SocialService.class);

  static final String STATE = "social-state";
  static final String LINK = "social-link";
  private static final String TOKEN = "social-provider-token";
  private final GatehouseConfig config;
  private final Sealer sealer;
  private final Sealer tokenSealer;

  SocialRows(GatehouseConfig config, Sealer sealer) {
    this.config = config;
    this.sealer = sealer;
    String tokenKey = config.get(SocialSettings.SOCIAL_TOKEN_KEY);
    this.tokenSealer =
        tokenKey == null
            ? null
            : Sealer.of(tokenKey, config.get(SocialSettings.SOCIAL_PREVIOUS_TOKEN_KEYS));
  }

  /** Seals a state or link token ({@link #STATE}, {@link #LINK}). */
  String seal(String purpose, List<String> fields) {
    return sealer.sealFields(purpose, "", fields);
  }

  /** Opens what {@link #seal} sealed for the same purpose. */
  List<String> open(String purpose, String sealed) throws GeneralSecurityException {
    return sealer.openFields(purpose, "", sealed);
  }

  /** The sealed, expiring token a {@link SignInResult.LinkRequired} carries. */
  String linkToken(UUID userId, VerifiedIdentity identity, Instant now) {
    return sealer.sealFields(
        LINK,
        "",
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
    return tokenSealer.sealFields(TOKEN, "", List.of(token));
  }

  /** Opens a provider token kept sealed, or {@code null} when it cannot be opened. */
  String openToken(String sealed) {
    if (sealed == null || tokenSealer == null) {
      return null;
    }
    try {
      return tokenSealer.openFields(TOKEN, "", sealed).get(0);
    } catch (GeneralSecurityException e) {
      LOG.warn(
          "a stored provider token does not open under gatehouse.social.token-key or"
              + " gatehouse.social.previous-token-keys: {}",
          e.getMessage());
      return null;
    }
  }
}
