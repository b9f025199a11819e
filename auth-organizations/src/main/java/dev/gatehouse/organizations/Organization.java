package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An organisation as stored: a company or team whose members share what the host keeps for it.
 *
 * @param id its public id
 * @param name its display name
 * @param slug its unique short name, lower-case letters, digits and hyphens
 * @param settings the host's settings of the organisation (a JSON object as text), or {@code null}
 * @param createdAt when it was created
 * @param modifiedAt when its name or settings last changed
 */
public record Organization(
    UUID id,
    String name,
    String slug,
    @Nullable String settings,
    Instant createdAt,
    Instant modifiedAt) {
  /**
   * @param id see the record description
   * @param name see the record description
   * @param slug see the record description
   * @param settings see the record description
   * @param createdAt see the record description
   * @param modifiedAt see the record description
   */
  public Organization {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(slug, "slug");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(modifiedAt, "modifiedAt");
  }

  /** Its id and slug only: the name and the host's settings stay out of logs. */
  @Override
  public String toString() {
    return "Organization[id=" + id + ", slug=" + slug + "]";
  }
}
