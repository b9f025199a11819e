package dev.gatehouse.spring.boot.host;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The host's own business: an order and a sign-up in one {@code @Transactional} method. */
@Service
public class HostOrders {
  private final Gatehouse gatehouse;

  @PersistenceContext private EntityManager em;

  HostOrders(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
  }

  /**
   * Saves an order and registers its buyer, in the caller's transaction.
   *
   * @param note the order's note
   * @param email the buyer's address
   * @param password the buyer's password
   * @param fail whether to throw after both writes, rolling both back
   */
  @Transactional
  public void orderAndRegister(String note, String email, String password, boolean fail) {
    em.createNativeQuery("insert into host_order (note) values (?)")
        .setParameter(1, note)
        .executeUpdate();
    gatehouse
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(password).build());
    if (fail) {
      throw new IllegalStateException("the payment failed");
    }
  }
}
