package dev.gatehouse.core.store;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * The person a profile describes, as jb-drf-auth's profile keeps it: names, birthday, gender and a
 * picture reference. Every component is optional; blank text is stored as {@code null}. Personal
 * data: never logged, and not in {@link #toString()}.
 *
 * <pre>{@code
 * Person ana = new Person("Ana", "García", "López", LocalDate.of(1990, 4, 1), "FEMALE", null);
 * gatehouse.profiles().update(me, id, ProfileInput.asDefault().withPerson(ana));
 * }</pre>
 *
 * @param firstName the first name (at most 100 characters), or {@code null}
 * @param lastName1 the first last name (at most 150 characters), or {@code null}
 * @param lastName2 the second last name (at most 150 characters), or {@code null}
 * @param birthday the birthday, or {@code null}
 * @param gender the gender as the host names it (at most 50 characters), or {@code null}
 * @param picture where the profile picture is stored (a URL or a storage key of at most 500
 *     characters), or {@code null}
 */
public record Person(
    @Nullable String firstName,
    @Nullable String lastName1,
    @Nullable String lastName2,
    @Nullable LocalDate birthday,
    @Nullable String gender,
    @Nullable String picture) {

  /** The longest first name, in characters (after trimming). */
  public static final int MAX_FIRST_NAME = 100;

  /** The longest last name (each of the two), in characters (after trimming). */
  public static final int MAX_LAST_NAME = 150;

  /** The longest gender, in characters (after trimming). */
  public static final int MAX_GENDER = 50;

  /** The longest picture reference, in characters (after trimming). */
  public static final int MAX_PICTURE = 500;

  /** A person with nothing known. */
  public static final Person NONE = new Person(null, null, null, null, null, null);

  /**
   * Trims the text components (blank becomes {@code null}) and checks their lengths.
   *
   * @param firstName the first name, or {@code null}
   * @param lastName1 the first last name, or {@code null}
   * @param lastName2 the second last name, or {@code null}
   * @param birthday the birthday, or {@code null}
   * @param gender the gender as the host names it, or {@code null}
   * @param picture where the profile picture is stored, or {@code null}
   * @throws RejectedInputException {@code invalid_person} when a component is too long
   */
  public Person {
    firstName = text(firstName, "firstName", MAX_FIRST_NAME);
    lastName1 = text(lastName1, "lastName1", MAX_LAST_NAME);
    lastName2 = text(lastName2, "lastName2", MAX_LAST_NAME);
    gender = text(gender, "gender", MAX_GENDER);
    picture = text(picture, "picture", MAX_PICTURE);
  }

  private static String text(String value, String name, int max) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return null;
    }
    if (v.length() > max) {
      throw new RejectedInputException(
          ErrorCode.INVALID_PERSON, name + " must be at most " + max + " characters");
    }
    return v;
  }

  /**
   * The name to show: the first name and the first non-empty last name, as jb-drf-auth's {@code
   * display_name}.
   *
   * @return the joined name, or {@code ""} when none is known
   */
  public String displayName() {
    return join(firstName, lastName1 != null ? lastName1 : lastName2);
  }

  /**
   * The full name: first name and both last names, as jb-drf-auth's {@code full_name}.
   *
   * @return the joined name, or {@code ""} when none is known
   */
  public String fullName() {
    return join(firstName, lastName1, lastName2);
  }

  /**
   * Whether the names are incomplete: no first name, or no last name at all (jb-drf-auth's {@code
   * profile_completion_required}).
   *
   * @return whether the person should be asked for their names
   */
  public boolean namesIncomplete() {
    return firstName == null || (lastName1 == null && lastName2 == null);
  }

  private static String join(String... parts) {
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      if (p != null) {
        if (b.length() > 0) {
          b.append(' ');
        }
        b.append(p);
      }
    }
    return b.toString();
  }

  /** {@return a description without personal data} */
  @Override
  public String toString() {
    return "Person[" + (this.equals(NONE) ? "none" : "redacted") + "]";
  }
}
