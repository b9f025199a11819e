package dev.gatehouse.spring.boot.test.webmvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gatehouse.spring.boot.test.WithGatehouseUser;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Requests to {@link Reports}' guarded route as a {@link WithGatehouseUser}, in whichever test
 * context extends this: a {@code @SpringBootTest} and a {@code @WebMvcTest} answer alike.
 */
public abstract class ReportsContract {

  /** For the test classes that extend it. */
  protected ReportsContract() {}

  /** {@return the test context's MockMvc} */
  protected abstract MockMvc mvc();

  /**
   * With the role the {@code @PreAuthorize} route needs: 200.
   *
   * @throws Exception when MockMvc fails
   */
  @Test
  @WithGatehouseUser(roles = "staff")
  public void aUserWithTheRoleReachesTheGuardedRoute() throws Exception {
    mvc().perform(get("/reports")).andExpect(status().isOk()).andExpect(content().string("report"));
  }

  /**
   * Without it: 403, not 401 (the user is signed in).
   *
   * @throws Exception when MockMvc fails
   */
  @Test
  @WithGatehouseUser
  public void aUserWithoutTheRoleIsForbidden() throws Exception {
    mvc().perform(get("/reports")).andExpect(status().isForbidden());
  }
}
