package dev.gatehouse.imports.source;

import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.imports.api.LegacyUser;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * A legacy profile's person as the readers take it from the source's text: a value too long for
 * {@link Person} is left out and named (so the import reports it) instead of failing the record or
 * being cut.
 *
 * @param person the person, without the values too long for it
 * @param tooLong the text components left out, see {@link
 *     LegacyUser.LegacyProfile#personFieldsTooLong}
 */
record PersonFields(Person person, Set<String> tooLong) {

  /** The person of these values, each of them as stored or {@code null}. */
  static PersonFields of(
      String firstName,
      String lastName1,
      String lastName2,
      LocalDate birthday,
      String gender,
      String picture) {
    Set<String> tooLong = new HashSet<>();
    Person person =
        new Person(
            fit(firstName, "firstName", Person.MAX_FIRST_NAME, tooLong),
            fit(lastName1, "lastName1", Person.MAX_LAST_NAME, tooLong),
            fit(lastName2, "lastName2", Person.MAX_LAST_NAME, tooLong),
            birthday,
            fit(gender, "gender", Person.MAX_GENDER, tooLong),
            fit(picture, "picture", Person.MAX_PICTURE, tooLong));
    return new PersonFields(person, Set.copyOf(tooLong));
  }

  /** Whether there is nothing to import: no person and nothing left out of it. */
  boolean isEmpty() {
    return person.equals(Person.NONE) && tooLong.isEmpty();
  }

  private static String fit(String value, String name, int max, Set<String> tooLong) {
    // Measured as Person measures it: trimmed.
    if (value != null && value.strip().length() > max) {
      tooLong.add(name);
      return null;
    }
    return value;
  }

  /** {@return a description without personal data} */
  @Override
  public String toString() {
    return "PersonFields[" + person + ", tooLong=" + tooLong + "]";
  }
}
