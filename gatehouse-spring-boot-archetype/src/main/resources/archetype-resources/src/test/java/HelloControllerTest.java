package ${package};

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gatehouse.spring.boot.test.AutoConfigureGatehouseTest;
import dev.gatehouse.spring.boot.test.WithGatehouseUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

/** The host's routes in a controller slice: no database, a signed-in user with its roles. */
@WebMvcTest(HelloController.class)
@AutoConfigureGatehouseTest
class HelloControllerTest {
  @Autowired MockMvc mvc;

  @Test
  @WithGatehouseUser
  void aSignedInUserIsGreeted() throws Exception {
    mvc.perform(get("/api/hello"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.message").value("hello"));
  }

  @Test
  @WithGatehouseUser
  void aUserWithoutTheStaffRoleIsForbidden() throws Exception {
    mvc.perform(get("/api/staff")).andExpect(status().isForbidden());
  }

  @Test
  @WithGatehouseUser(roles = "staff")
  void staffReachTheStaffRoute() throws Exception {
    mvc.perform(get("/api/staff")).andExpect(status().isOk());
  }

  @Test
  void withoutATokenTheAnswerIs401() throws Exception {
    mvc.perform(get("/api/hello")).andExpect(status().isUnauthorized());
  }
}
