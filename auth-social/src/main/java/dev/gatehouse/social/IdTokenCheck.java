package dev.gatehouse.social;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.social.SocialService.SocialException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The id_token rules of {@link OidcProvider} (its class description): the algorithm, the provider's
 * keys, issuer, audience and authorized party, the times with the allowed skew, the nonce compared
 * in constant time, a subject, then the host's own check. Kept apart from the provider's requests
 * so each job reads on its own. Thread-safe.
 */
final class IdTokenCheck {
  private static final Set<JWSAlgorithm> ACCEPTED =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  private final OidcDiscovery provider;
  private final Set<String> acceptedIssuers;
  private final Clock clock;
  private final Duration skew;
  private final Consumer<JWTClaimsSet> claimsCheck;

  IdTokenCheck(
      OidcDiscovery provider,
      Set<String> acceptedIssuers,
      Clock clock,
      Duration skew,
      Consumer<JWTClaimsSet> claimsCheck) {
    this.provider = provider;
    this.acceptedIssuers = Set.copyOf(acceptedIssuers);
    this.clock = clock;
    this.skew = skew;
    this.claimsCheck = claimsCheck;
  }

  JWTClaimsSet verify(String idToken, @Nullable String expectedNonce, Set<String> audiences) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(idToken);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | ClassCastException e) {
      throw invalid("not a signed JWT");
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!ACCEPTED.contains(alg)) {
      throw invalid("algorithm " + alg + " is not accepted");
    }
    String kid = jwt.getHeader().getKeyID();
    if (!provider.verifies(jwt)) {
      if (provider.unknown(kid)) {
        throw invalid(
            "unknown key id (keys refreshed "
                + Duration.between(provider.keysFetchedAt(), clock.instant()).toSeconds()
                + " s ago)");
      }
      throw invalid("the signature does not verify with the provider's keys");
    }
    if (claims.getIssuer() == null || !acceptedIssuers.contains(claims.getIssuer())) {
      throw invalid("wrong issuer");
    }
    List<String> aud = claims.getAudience();
    if (aud == null || aud.isEmpty() || aud.stream().noneMatch(audiences::contains)) {
      throw invalid("wrong audience");
    }
    String azp;
    try {
      azp = claims.getStringClaim("azp");
    } catch (ParseException e) {
      throw invalid("malformed azp");
    }
    if ((aud.size() > 1 || azp != null) && (azp == null || !audiences.contains(azp))) {
      throw invalid("wrong authorized party");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.minus(skew).isBefore(exp.toInstant())) {
      throw invalid("expired");
    }
    Date iat = claims.getIssueTime();
    if (iat == null || iat.toInstant().isAfter(now.plus(skew))) {
      throw invalid("issued in the future");
    }
    if (expectedNonce != null) {
      Object nonce = claims.getClaim("nonce");
      if (!(nonce instanceof String n)
          || !MessageDigest.isEqual(
              n.getBytes(StandardCharsets.UTF_8), expectedNonce.getBytes(StandardCharsets.UTF_8))) {
        throw invalid("nonce mismatch");
      }
    }
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      throw invalid("no subject");
    }
    claimsCheck.accept(claims);
    return claims;
  }

  private static SocialException invalid(String why) {
    return new SocialException(ErrorCode.INVALID_ID_TOKEN, "id_token refused: " + why);
  }
}
