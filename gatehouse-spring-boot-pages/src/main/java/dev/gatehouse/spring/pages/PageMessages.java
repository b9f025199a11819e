package dev.gatehouse.spring.pages;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.ErrorCode;
import java.time.Duration;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Gatehouse's errors as sentences for a person, in the page's language ({@code
 * messages*.properties} : {@code error.<code>}); a limit says how long to wait. Never a stack
 * trace, never the developer message of the exception.
 */
@Component
class PageMessages {
  private final MessageSource messages;

  PageMessages(MessageSource messages) {
    this.messages = messages;
  }

  String text(String key, Object... args) {
    return messages.getMessage(key, args, locale());
  }

  /** The text of {@code key}, or {@code fallback} when the messages have none. */
  String textOr(String key, String fallback) {
    return messages.getMessage(key, null, fallback, locale());
  }

  private static Locale locale() {
    return LocaleContextHolder.getLocale();
  }

  /** The sentence for {@code e}: its code's own, else a general one for its family. */
  String of(AuthException e) {
    if (e instanceof AuthInfrastructureException) {
      return text("error.unavailable");
    }
    Object wait = e instanceof RateLimitedException r ? waitFor(r.retryAfter()) : null;
    try {
      return messages.getMessage("error." + e.code(), new Object[] {wait}, locale());
    } catch (NoSuchMessageException unknownCode) {
      return e instanceof RateLimitedException
          ? text("error.rate_limited", wait)
          : text("error.rejected");
    }
  }

  /**
   * The sentence for a sign-in that ended without a session the pages can continue (the account
   * must enrol a second factor, which these pages do not offer).
   */
  String unfinished() {
    return textOr("error." + ErrorCode.MFA_ENROLMENT_REQUIRED.code(), text("error.rejected"));
  }

  /** "45 seconds" or "3 minutes", rounded up. */
  String waitFor(Duration wait) {
    long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    return seconds < 120
        ? text("wait.seconds", seconds)
        : text("wait.minutes", (seconds + 59) / 60);
  }
}
