package dev.gatehouse.examples.django;

import dev.gatehouse.core.entity.AuthUserBase;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A Django project adopting Gatehouse on its own {@code auth_user} table: Django's bigint key and
 * column names stay, the Gatehouse attributes Django names differently are mapped with
 * {@code @AttributeOverride}, and Django's own required columns ({@code first_name}, {@code
 * last_name}) are mapped with the empty default Django gives them, so rows Gatehouse creates are
 * valid Django users too. The columns Django lacks come from the forward changeset {@code
 * django/0002-adopt-gatehouse.xml}, written by {@code SchemaAdoption}.
 */
@Entity
@Table(name = "auth_user")
@AttributeOverrides({
  @AttributeOverride(name = "passwordHash", column = @Column(name = "password", length = 128)),
  @AttributeOverride(
      name = "createdAt",
      column = @Column(name = "date_joined", nullable = false, updatable = false)),
  @AttributeOverride(name = "lastLoginAt", column = @Column(name = "last_login"))
})
public class DjangoUser extends AuthUserBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @Column(name = "first_name", nullable = false, length = 150)
  private String firstName = "";

  @Column(name = "last_name", nullable = false, length = 150)
  private String lastName = "";

  @Override
  public Long getId() {
    return id;
  }

  /** Django's first name ({@code ""} when unknown). */
  public String getFirstName() {
    return firstName;
  }

  /**
   * @param firstName the first name, never null
   */
  public void setFirstName(String firstName) {
    this.firstName = firstName == null ? "" : firstName;
  }

  /** Django's last name ({@code ""} when unknown). */
  public String getLastName() {
    return lastName;
  }

  /**
   * @param lastName the last name, never null
   */
  public void setLastName(String lastName) {
    this.lastName = lastName == null ? "" : lastName;
  }
}
