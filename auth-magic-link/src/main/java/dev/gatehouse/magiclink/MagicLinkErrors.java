package dev.gatehouse.magiclink;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error codes only sign-in by emailed link ({@code auth-magic-link}) answers, listed in its
 * manifest ({@link MagicLinks#manifest()}), so they join Gatehouse's one catalogue ({@code
 * Gatehouse#errorCodes()}) when the module is installed. Their wire forms are those the core
 * answered before they moved here (issue 75).
 */
public final class MagicLinkErrors {
  private MagicLinkErrors() {}

  /**
   * A sign-in link requested from a page was opened in another browser: its code signs in there.
   */
  public static final ErrorCode LINK_OTHER_BROWSER =
      ErrorCode.of(
          "link_other_browser",
          Kind.REJECTED_INPUT,
          "The link was asked for in another browser; enter the emailed code there instead.");

  /** Sign-in by emailed link is turned off ({@code gatehouse.magic-link.enabled}). */
  public static final ErrorCode MAGIC_LINK_DISABLED =
      ErrorCode.of("magic_link_disabled", Kind.FORBIDDEN, "Sign-in by emailed link is turned off.");
}
