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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example keeps and serves profile pictures out of the box: under jb-drf-auth's contract, a
 * picture sent to {@code PATCH /auth/profile/picture/} lands in the example's directory and its URL
 * on the profile answers the same bytes, without a token; nothing else in the directory is served.
 */
@OneDatabase("a file store and a static route: the database only holds the reference")
class ProfilePictureHttpTest {
  /** A 1x1 PNG: its signature, then IHDR, IDAT and IEND chunks. */
  private static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

  private static final String PASSWORD = "correct horse battery staple";

  @TempDir static Path temporary;
  private static Path pictures;
  private static RunningExample app;

  @BeforeAll
  static void start() {
    pictures = temporary.resolve("pictures");
    app =
        RunningExample.start(
            DatabaseKind.H2,
            Map.of(
                "gatehouse.http.contract",
                "jb-drf-auth",
                "example.pictures.directory",
                pictures.toString()),
            RunningExample.TestClock.class,
            RunningExample.CapturedEmail.class);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aPictureSentToTheProfileRouteIsServedFromTheExamplesDirectory() throws Exception {
    Gatehouse gatehouse = app.bean(Gatehouse.class);
    gatehouse
        .accounts()
        .register(
            RegistrationRequest.builder()
                .email("pia@example.com")
                .password(PASSWORD)
                .termsAccepted(true)
                .build());
    Matcher link =
        Pattern.compile("token=([A-Za-z0-9_-]+)")
            .matcher(
                app.bean(CapturingEmailSender.class)
                    .lastTo("pia@example.com")
                    .orElseThrow()
                    .textBody());
    assertThat(link.find()).isTrue();
    gatehouse.accounts().confirmEmail(link.group(1));
    String access =
        gatehouse
            .accounts()
            .login(new LoginRequest("pia@example.com", PASSWORD, ClientInfo.web("127.0.0.1")))
            .orElseThrow()
            .tokens()
            .accessToken();
    HttpClientSupport http = app.http();

    Reply set =
        http.send(
            "PATCH",
            "/auth/profile/picture/",
            json("picture", "data:image/png;base64," + PNG),
            access);
    assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
    long profile = set.json().get("profile_id").asLong();
    String url = http.get("/auth/profiles/" + profile + "/", access).text("picture");
    assertThat(url).contains(Pictures.PATH);
    String path = URI.create(url).getPath();
    assertThat(Files.list(pictures)).hasSize(1);

    HttpResponse<byte[]> image = get(path);
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.body()).isEqualTo(Base64.getDecoder().decode(PNG));

    Files.writeString(temporary.resolve("secret.txt"), "not a picture");
    assertThat(get(Pictures.PATH + "../secret.txt").statusCode()).isNotEqualTo(200);
    assertThat(get(Pictures.PATH + "missing.png").statusCode()).isEqualTo(404);
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }
}
