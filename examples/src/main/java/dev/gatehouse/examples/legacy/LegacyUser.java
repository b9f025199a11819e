package dev.gatehouse.examples.legacy;

import dev.gatehouse.core.entity.AuthUserBase;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A host that adopted Gatehouse on its existing {@code accounts_user} table: it keeps its own
 * primary key (a 24-character string, as a Mongo ObjectId) and its own column names, mapped with
 * {@code @AttributeOverride}; the columns it lacked were added by its forward changeset.
 */
@Entity
@Table(name = "accounts_user")
@AttributeOverrides({
  @AttributeOverride(
      name = "emailNormalized",
      column = @Column(name = "email_lower", length = 254)),
  @AttributeOverride(name = "phone", column = @Column(name = "phone_number", length = 20)),
  @AttributeOverride(
      name = "createdAt",
      column = @Column(name = "date_joined", nullable = false, updatable = false))
})
public class LegacyUser extends AuthUserBase {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Id
  @Column(name = "id", length = 24)
  private String id;

  @Override
  public String getId() {
    return id;
  }

  /** New users get an id of the legacy shape (24 hex characters). */
  @PrePersist
  void assignId() {
    if (id == null) {
      byte[] b = new byte[12];
      RANDOM.nextBytes(b);
      id = HexFormat.of().formatHex(b);
    }
  }
}
