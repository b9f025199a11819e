package dev.gatehouse.examples;

import static dev.gatehouse.examples.HttpClientSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.examples.HttpClientSupport.Reply;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example host serves organisations out of the box: the starter installs auth-organizations and
 * the example's changelog creates its tables, so a signed-in user creates an organisation, finds it
 * among their own as its owner, and a second user cannot read it.
 */
@OneDatabase("the routes' wiring in the example host; the module's tests run on every database")
class OrganizationsHttpTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static RunningExample app;

  @BeforeAll
  static void start() {
    app = SharedExample.on(DatabaseKind.H2);
  }

  @Test
  void aSignedInUserCreatesAnOrganisationAndAnotherUserCannotReadIt() throws Exception {
    HttpClientSupport http = app.http();
    String owner = signedIn("olga@example.com");
    String stranger = signedIn("sven@example.com");

    Reply created =
        http.send("POST", "/auth/organizations/", json("name", "Acme", "slug", "acme"), owner);
    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    String id = created.text("id");

    Reply mine = http.get("/auth/organizations/", owner);
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.json()).hasSize(1);
    assertThat(mine.json().get(0).get("id").asText()).isEqualTo(id);
    assertThat(mine.json().get(0).get("role").asText()).isEqualTo("owner");

    Reply foreign = http.get("/auth/organizations/" + id + "/", stranger);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.code()).isEqualTo("organization_not_found");
  }

  private static String signedIn(String email) throws Exception {
    Gatehouse gatehouse = app.bean(Gatehouse.class);
    gatehouse
        .accounts()
        .register(
            RegistrationRequest.builder()
                .email(email)
                .password(PASSWORD)
                .termsAccepted(true)
                .build());
    Matcher link =
        Pattern.compile("token=([A-Za-z0-9_-]+)")
            .matcher(app.bean(CapturingEmailSender.class).lastTo(email).orElseThrow().textBody());
    assertThat(link.find()).isTrue();
    gatehouse.accounts().confirmEmail(link.group(1));
    return gatehouse
        .accounts()
        .login(new LoginRequest(email, PASSWORD, ClientInfo.web("127.0.0.1")))
        .orElseThrow()
        .tokens()
        .accessToken();
  }
}
