package dev.gatehouse.spring.boot.test.webmvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gatehouse.spring.boot.test.AutoConfigureGatehouseTest;
import dev.gatehouse.spring.boot.test.GatehouseTestUsers;
import dev.gatehouse.spring.boot.test.GatehouseTestUsers.TestUser;
import dev.gatehouse.spring.boot.test.WithGatehouseUser;
import dev.gatehouse.spring.web.token.GatehouseJwtDecoder;
import dev.gatehouse.testing.InMemoryAuthStore;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A host's {@code @WebMvcTest} of one controller with {@link AutoConfigureGatehouseTest}: no
 * database and no {@code Gatehouse} bean of the host's, yet the requests pass the web module's
 * decoder and security chain, and {@link ReportsContract}'s requests as a {@link WithGatehouseUser}
 * answer 200 with the role and 403 without it.
 */
@WebMvcTest(Reports.class)
@AutoConfigureGatehouseTest
class WebMvcSliceTest extends ReportsContract {
  @Autowired MockMvc mvc;
  @Autowired GatehouseTestUsers users;
  @Autowired ApplicationContext context;

  @Override
  protected MockMvc mvc() {
    return mvc;
  }

  @Test
  void withoutAUserTheChainAnswers401AndABearerTokenPassesTheDecoder() throws Exception {
    mvc.perform(get("/reports")).andExpect(status().isUnauthorized());
    TestUser alice = users.create("alice@example.com", "correct horse battery staple");
    // Signed in by a real access token through the decoder, but without the role.
    mvc.perform(get("/reports").with(users.bearer(alice))).andExpect(status().isForbidden());
    mvc.perform(get("/reports").header("Authorization", "Bearer not-a-token"))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void theSliceHasNoDatabaseAndTheWebModulesDecoder() {
    assertThat(context.getBeanProvider(DataSource.class).getIfAvailable()).isNull();
    assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(GatehouseJwtDecoder.class);
    assertThat(context.getBean(dev.gatehouse.core.store.AuthStore.class))
        .isInstanceOf(InMemoryAuthStore.class);
  }
}
