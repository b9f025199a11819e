package dev.gatehouse.organizations;

import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import java.util.regex.Pattern;

/** What an organisation's inputs must be, and the refusals its flows share. */
final class OrganizationInputs {
  private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
  private static final int MAX_NAME = 200;

  private OrganizationInputs() {}

  /** {@return the slug, when it is 1 to 64 of a-z, 0-9 and inner hyphens}; else invalid_name. */
  static String slug(String slug) {
    if (slug == null || !SLUG.matcher(slug).matches()) {
      throw new RejectedInputException(
          ErrorCode.INVALID_NAME, "a slug is 1 to 64 of a-z, 0-9 and inner hyphens");
    }
    return slug;
  }

  /** {@return the name, stripped, when it is 1 to 200 characters and none a control or bidi one} */
  static String name(String name) {
    if (name == null
        || name.isBlank()
        || name.strip().length() > MAX_NAME
        || name.chars()
            .anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
      throw new RejectedInputException(
          ErrorCode.INVALID_NAME,
          "an organisation's name is 1 to 200 characters, no control or bidi character");
    }
    return name.strip();
  }

  /** {@return the refusal of an organisation that is not there, or not the caller's to see} */
  static NotFoundException gone() {
    return new NotFoundException(OrganizationErrors.ORGANIZATION_NOT_FOUND);
  }

  /** {@return the refusal of an invitation that is unknown, used, revoked or expired} */
  static RejectedInputException invalidInvitation() {
    return new RejectedInputException(
        ErrorCode.INVALID_LINK, "the invitation is unknown, used, revoked or expired");
  }
}
