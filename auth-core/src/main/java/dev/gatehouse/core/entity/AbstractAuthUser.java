package dev.gatehouse.core.entity;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * The user a fresh host subclasses, with a {@code bigint} identity key:
 *
 * <pre>{@code
 * @Entity @Table(name = "app_user")
 * public class User extends AbstractAuthUser {}
 * }</pre>
 *
 * <p>A host whose existing table has another key type extends {@link AuthUserBase} instead.
 */
@MappedSuperclass
public abstract class AbstractAuthUser extends AuthUserBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  /** Required by JPA. */
  protected AbstractAuthUser() {}

  @Override
  public Long getId() {
    return id;
  }
}
