package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One page of live (not deleted) users along one of the user table's indexes, as {@link
 * UserStore#page} reads it: the users whose canonical email, phone or canonical username starts
 * with a prefix, in that value's order; or the users created, or last signed in, within a range of
 * time, in that time's order and then by public id. Paged by key: the next page starts after the
 * last user of the one before, so a page costs the same however deep it is.
 *
 * <pre>{@code
 * UserPage first = UserPage.prefix(UserPage.Key.EMAIL, "ada", 20);
 * List<UserRecord> users = tx.users().page(first);
 * List<UserRecord> next = tx.users().page(first.after(users.get(users.size() - 1)));
 * }</pre>
 *
 * @param key the index read
 * @param prefix the canonical prefix, for {@link Key#EMAIL}, {@link Key#PHONE} and {@link
 *     Key#USERNAME} (1 to 254 characters); {@code null} for a time key
 * @param from the first instant, for {@link Key#CREATED} and {@link Key#LAST_SIGN_IN}; {@code null}
 *     for a prefix key
 * @param to the first instant no longer answered (after {@code from}); {@code null} for a prefix
 *     key
 * @param afterValue where the page starts: the key's value of the last user of the previous page
 *     (its canonical email, phone or username, or its time as {@link Instant#toString()}), or
 *     {@code null} for the first page
 * @param afterId the public id of that user, or {@code null} for the first page
 * @param limit the most users answered, 1 to 1000
 */
public record UserPage(
    Key key,
    @Nullable String prefix,
    @Nullable Instant from,
    @Nullable Instant to,
    @Nullable String afterValue,
    @Nullable UUID afterId,
    int limit) {

  /** The index a page is read along. */
  public enum Key {
    /** The canonical email. */
    EMAIL,
    /** The phone number in E.164. */
    PHONE,
    /** The canonical username. */
    USERNAME,
    /** When the account was created. */
    CREATED,
    /** When the account last signed in; accounts that never did are never answered. */
    LAST_SIGN_IN;

    /** {@return whether pages of this key are read by a prefix, not a range of time} */
    public boolean byPrefix() {
      return this == EMAIL || this == PHONE || this == USERNAME;
    }
  }

  /**
   * Checks the parts.
   *
   * @param key the index read
   * @param prefix the canonical prefix, or {@code null}
   * @param from the first instant, or {@code null}
   * @param to the first instant no longer answered, or {@code null}
   * @param afterValue where the page starts, or {@code null}
   * @param afterId the public id of the user it starts after, or {@code null}
   * @param limit the most users answered
   * @throws IllegalArgumentException when a prefix key has no prefix or a range, a time key no
   *     range or a prefix, the range ends before it starts, a time cursor is no instant, or the
   *     limit is not 1 to 1000
   */
  public UserPage {
    requireNonNull(key, "key");
    if (key.byPrefix()) {
      if (prefix == null || prefix.isEmpty() || prefix.length() > 254) {
        throw new IllegalArgumentException("a prefix of 1 to 254 characters is required");
      }
      if (from != null || to != null) {
        throw new IllegalArgumentException("a prefix page takes no range of time");
      }
    } else {
      if (from == null || to == null || !to.isAfter(from)) {
        throw new IllegalArgumentException("a range of time, to after from, is required");
      }
      if (prefix != null) {
        throw new IllegalArgumentException("a time page takes no prefix");
      }
      if (afterValue != null) {
        Instant.parse(afterValue);
      }
    }
    if ((afterValue == null) != (afterId == null)) {
      throw new IllegalArgumentException("a cursor has both a value and a public id, or neither");
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
    }
  }

  /**
   * {@return the first page of users whose key starts with {@code prefix}}
   *
   * @param key {@link Key#EMAIL}, {@link Key#PHONE} or {@link Key#USERNAME}
   * @param prefix the canonical prefix
   * @param limit the most users answered
   */
  public static UserPage prefix(Key key, String prefix, int limit) {
    return new UserPage(key, prefix, null, null, null, null, limit);
  }

  /**
   * {@return the first page of users whose time of that key is in {@code [from, to)}}
   *
   * @param key {@link Key#CREATED} or {@link Key#LAST_SIGN_IN}
   * @param from the first instant
   * @param to the first instant no longer answered
   * @param limit the most users answered
   */
  public static UserPage range(Key key, Instant from, Instant to, int limit) {
    return new UserPage(key, null, from, to, null, null, limit);
  }

  /**
   * {@return the page that starts after {@code last}, the last user of this page}
   *
   * @param last that user
   */
  public UserPage after(UserRecord last) {
    return new UserPage(key, prefix, from, to, valueOf(last), last.publicId(), limit);
  }

  /**
   * {@return the key's value of a user, as the cursor holds it; {@code null} when the user has
   * none}
   *
   * @param u the user
   */
  public @Nullable String valueOf(UserRecord u) {
    return switch (key) {
      case EMAIL -> u.emailCanonical();
      case PHONE -> u.phone();
      case USERNAME -> u.usernameCanonical();
      case CREATED -> u.dateJoined().toString();
      case LAST_SIGN_IN -> u.lastLoginAt() == null ? null : u.lastLoginAt().toString();
    };
  }

  /** The key and limit only: a prefix may be part of someone's email. */
  @Override
  public String toString() {
    return "UserPage[" + key + ", limit=" + limit + "]";
  }
}
