package dev.gatehouse.legacy;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error codes only the legacy cut-over ({@code auth-legacy}, and the importer's write-back of
 * {@code auth-import}) answers, listed in its manifest ({@link LegacyCutOver#manifest()}), so they
 * join Gatehouse's one catalogue ({@code Gatehouse#errorCodes()}) when the module is installed.
 * Their wire forms are those the core answered before they moved here (issue 75).
 */
public final class LegacyErrors {
  private LegacyErrors() {}

  /** The legacy user store could not be asked. */
  public static final ErrorCode LEGACY_UNAVAILABLE =
      ErrorCode.of(
          "legacy_unavailable", Kind.UNAVAILABLE, "The legacy user store could not be asked.");

  /** The legacy user table could not be written. */
  public static final ErrorCode LEGACY_STORE_UNAVAILABLE =
      ErrorCode.of(
          "legacy_store_unavailable",
          Kind.UNAVAILABLE,
          "The legacy user table could not be written.");
}
