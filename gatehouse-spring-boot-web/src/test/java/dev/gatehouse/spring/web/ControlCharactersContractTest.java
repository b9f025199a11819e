package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.spring.web.Http.Reply;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 73, item 9: a control character (NUL, another C0, a C1) in any text a route takes, a body
 * field, a nested member, a path variable or a query parameter, is refused as bad input (400 {@code
 * invalid_field} naming the field) before any store, never a 503 {@code storage_failed} from a
 * database that cannot hold it. On H2, and on PostgreSQL (where NUL breaks) in the subclass.
 */
class ControlCharactersContractTest extends ContractTestSupport {
  @Autowired JpaAuthStore store;

  private static void assertRefusedField(Reply r, String field) {
    assertProblem(r, 400, "invalid_field");
    assertThat(r.text("field")).isEqualTo(field);
  }

  private static UUID idOf(Reply login) {
    return UUID.fromString(login.json().get("user").get("id").asString());
  }

  @Test
  void aNulInAProfileLabelOrItsSettingsIsRefusedAndNothingIsStored() throws Exception {
    String access = login().text("access");
    int before = http.get("/auth/profiles/", access).json().size();
    assertRefusedField(
        http.post("/auth/profiles/", json("role", "provider", "label", "Sh\u0000op"), access),
        "label");
    assertRefusedField(
        http.post(
            "/auth/profiles/",
            "{\"role\":\"provider\",\"label\":\"Shop\",\"settings\":{\"theme\":\"da\\u0000rk\"}}",
            access),
        "settings.theme");
    assertRefusedField(
        http.post("/auth/profiles/", json("role", "provider", "label", "Shop\u0085"), access),
        "label");
    assertThat(http.get("/auth/profiles/", access).json().size()).isEqualTo(before);
    Reply created = http.post("/auth/profiles/", json("role", "provider", "label", "Shop"), access);
    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
  }

  @Test
  void aNulInASessionIdOrAControlCharacterInAPathVariableIsRefused() throws Exception {
    Reply login = login();
    String access = login.text("access");
    assertRefusedField(
        http.post("/auth/sessions/revoke/", json("session_id", "abc\u0000def"), access),
        "session_id");
    assertRefusedField(
        http.send("PATCH", "/auth/profiles/ab%01cd/", json("label", "Store"), access), "id");
    // The session lives on.
    assertThat(http.get("/auth/sessions/", access).status()).isEqualTo(200);
  }

  @Test
  void aNulInTheStaffSearchPrefixIsRefusedAfterThePermission() throws Exception {
    assertProblem(
        http.get("/auth/admin/users/find/?by=email&prefix=ann%00", login().text("access")),
        403,
        "forbidden");
    Reply login = login();
    UUID id = idOf(login);
    String address = login.json().get("user").get("email").asString();
    store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(id).orElseThrow().toBuilder().staff(true).build()));
    String staff =
        http.post("/auth/login/basic/", json("email", address, "password", PASSWORD))
            .text("access");
    assertRefusedField(http.get("/auth/admin/users/find/?by=email&prefix=ann%00", staff), "prefix");
    assertThat(http.get("/auth/admin/users/find/?by=email&prefix=ann", staff).status())
        .isEqualTo(200);
  }
}
