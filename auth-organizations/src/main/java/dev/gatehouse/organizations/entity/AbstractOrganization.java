package dev.gatehouse.organizations.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An organisation, in a table the host owns: its name, unique slug, settings and times. The host
 * subclasses it as an entity with an explicit table name, and may add columns of its own:
 *
 * <pre>{@code
 * @Entity @Table(name = "acme_company")
 * public class Company extends AbstractOrganization {
 *   @Column(name = "billing_plan") private String billingPlan;
 * }
 * }</pre>
 *
 * <p>The organisations module writes the columns declared here with plain SQL (see {@link
 * dev.gatehouse.organizations.OrganizationStore#jdbc(Class, Class)}) and no other: a column the
 * host adds must be nullable or have a database default, and keeps its value through every write of
 * the module. The host must not change the mapping of the columns declared here (their names come
 * from these annotations, or from an {@code @AttributeOverride} on the subclass, which the store
 * honours; their types and lengths from this class), nor write them itself: organisations are
 * created, renamed and deleted through {@code OrganizationService}. The verified email domains, the
 * organisation's own sign-in and its policy are the module's tables ({@code gh_org_domain}, {@code
 * gh_org_sso}, {@code gh_org_policy}) keyed by the organisation's id, like its invitations.
 */
@MappedSuperclass
public abstract class AbstractOrganization {

  /** The public id, a UUID as text. */
  @Id
  @Column(name = "id", length = 36, nullable = false, updatable = false)
  private String id;

  @Column(name = "name", length = 200, nullable = false)
  private String name;

  @Column(name = "slug", length = 64, nullable = false, unique = true)
  private String slug;

  /** The host's settings of the organisation, a JSON object as text. */
  @Column(name = "settings", length = 4000)
  private @Nullable String settings;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "modified_at", nullable = false)
  private Instant modifiedAt;

  /** Required by JPA. */
  protected AbstractOrganization() {}

  /** {@return the organisation's public id} */
  public UUID getId() {
    return UUID.fromString(id);
  }

  /** {@return its display name} */
  public String getName() {
    return name;
  }

  /** {@return its unique short name} */
  public String getSlug() {
    return slug;
  }

  /** {@return the host's settings of the organisation (a JSON object as text), or {@code null}} */
  public @Nullable String getSettings() {
    return settings;
  }

  /** {@return when it was created} */
  public Instant getCreatedAt() {
    return createdAt;
  }

  /** {@return when its name or settings last changed} */
  public Instant getModifiedAt() {
    return modifiedAt;
  }

  /** Its id and slug only: the name and the host's settings stay out of logs. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "[id=" + id + ", slug=" + slug + "]";
  }
}
