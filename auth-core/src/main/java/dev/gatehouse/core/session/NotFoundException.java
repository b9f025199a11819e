package dev.gatehouse.core.session;

import dev.gatehouse.core.error.RejectedInputException;

/**
 * A session, profile or device the caller named does not exist <em>for this caller</em>: one that
 * belongs to another user gets exactly the same error as one that never existed. Map it to HTTP
 * 404.
 *
 * <p>Codes: {@link #SESSION} ({@code session_not_found}), {@link #PROFILE} ({@code
 * profile_not_found}), {@link #DEVICE} ({@code device_not_found}), {@link #USER} ({@code
 * user_not_found}).
 */
public final class NotFoundException extends RejectedInputException {
  private static final long serialVersionUID = 1L;

  /** No such session of this user. */
  public static final String SESSION = "session_not_found";

  /** No such profile of this user. */
  public static final String PROFILE = "profile_not_found";

  /** No such device of this user. */
  public static final String DEVICE = "device_not_found";

  /** The user an access token names no longer exists or may not sign in. */
  public static final String USER = "user_not_found";

  /**
   * @param code one of the codes of this class
   */
  public NotFoundException(String code) {
    super(code, code.replace('_', ' '));
  }
}
