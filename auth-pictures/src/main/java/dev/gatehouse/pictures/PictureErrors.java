package dev.gatehouse.pictures;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error codes only profile pictures ({@code auth-pictures}) answers, listed in its manifest
 * ({@link ProfilePictures#manifest()}), so they join Gatehouse's one catalogue ({@code
 * Gatehouse#errorCodes()}) when the module is installed. Their wire forms are those the core
 * answered before they moved here (issue 75).
 */
public final class PictureErrors {
  private PictureErrors() {}

  /** The picture is not an image of a supported type. */
  public static final ErrorCode INVALID_PICTURE =
      ErrorCode.of("invalid_picture", Kind.REJECTED_INPUT, "The picture is not a supported image.");

  /** The picture is larger than allowed. */
  public static final ErrorCode PICTURE_TOO_LARGE =
      ErrorCode.of("picture_too_large", Kind.REJECTED_INPUT, "The picture is too large.");

  /** A picture could not be stored. */
  public static final ErrorCode PICTURE_STORE_FAILED =
      ErrorCode.of("picture_store_failed", Kind.UNAVAILABLE, "The picture could not be stored.");
}
