package dev.gatehouse.core.error;

/**
 * A setting, a mapping or a wiring choice is invalid. Thrown at start-up, before anything is
 * written, with a message naming the key or class at fault. Code {@code invalid_configuration}.
 */
public class ConfigurationException extends RejectedInputException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong and where, naming the key
   */
  public ConfigurationException(String message) {
    super("invalid_configuration", message);
  }

  /**
   * @param message what is wrong and where, naming the key
   * @param cause the underlying cause
   */
  public ConfigurationException(String message, Throwable cause) {
    super("invalid_configuration", message, cause);
  }
}
