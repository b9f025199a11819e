package dev.gatehouse.cohorts.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.cohorts.CohortMember;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Whose a token is, for routing only: the claims of a JWT read without checking its signature,
 * because the system the request goes to checks the token itself, and a forged token gets the same
 * refusal there that it would get anywhere. A token with the legacy user id claim (a simplejwt
 * token, or a legacy-format refresh token Gatehouse issued) is the legacy account's; one whose
 * subject is a UUID is the Gatehouse account's. Anything else has no owner.
 */
final class TokenOwner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  private static final int MAX_TOKEN = 8_192;

  private final LegacyDirectory directory;
  private final String userIdClaim;

  TokenOwner(LegacyDirectory directory, String userIdClaim) {
    this.directory = directory;
    this.userIdClaim = userIdClaim;
  }

  Optional<CohortMember> of(String token) {
    if (token.length() > MAX_TOKEN) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    JsonNode claims;
    try {
      claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IllegalArgumentException | java.io.IOException e) {
      // Not a JWT: it has no owner here, and the system that answers refuses it.
      return Optional.empty();
    }
    if (claims == null || !claims.isObject()) {
      return Optional.empty();
    }
    JsonNode legacyId = claims.get(userIdClaim);
    if (legacyId != null && (legacyId.isTextual() || legacyId.isIntegralNumber())) {
      String id = legacyId.asText();
      return id.isBlank() || id.length() > CohortMember.MAX_LEGACY_ID
          ? Optional.empty()
          : directory.byLegacyId(id);
    }
    JsonNode subject = claims.get("sub");
    if (subject != null && subject.isTextual() && UUID_TEXT.matcher(subject.asText()).matches()) {
      return directory.byAccount(UUID.fromString(subject.asText()));
    }
    return Optional.empty();
  }
}
