package dev.gatehouse.core.error;

import org.jspecify.annotations.Nullable;

/**
 * A setting, a mapping or a wiring choice is invalid. Thrown at start-up, before anything is
 * written, with a message naming the key or class at fault. Code {@code invalid_configuration} (or
 * another of kind {@link ErrorCode.Kind#MISCONFIGURED}): the server's fault, never the caller's.
 */
public class ConfigurationException extends AuthException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong and where, naming the key
   */
  public ConfigurationException(String message) {
    this(ErrorCode.INVALID_CONFIGURATION, message, null);
  }

  /**
   * @param message what is wrong and where, naming the key
   * @param cause the underlying cause
   */
  public ConfigurationException(String message, Throwable cause) {
    this(ErrorCode.INVALID_CONFIGURATION, message, cause);
  }

  /**
   * @param error a code of kind {@link ErrorCode.Kind#MISCONFIGURED}
   * @param message what is wrong and where, naming the key
   * @param cause the underlying cause, or {@code null}
   * @throws IllegalArgumentException when the code is of another kind
   */
  public ConfigurationException(ErrorCode error, String message, @Nullable Throwable cause) {
    super(
        requireKind(error, error.kind() == ErrorCode.Kind.MISCONFIGURED, "a misconfiguration"),
        message,
        cause);
  }
}
