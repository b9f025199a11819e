package dev.gatehouse.spring.authorizationserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The clients' staff page in headless Chromium, in the pages' staff area: staff register a service
 * (its secret shown once, and it works at the token endpoint), change it, see bad input refused
 * with nothing changed, replace its secret (the old one stops working) and remove it. An account
 * that is not staff gets 403 and its post changes nothing. On the JVM's shared host (H2); the
 * service behind the page is tested per database by {@link ClientRoutesTest}.
 */
class ClientPagesTest {
  private static ProviderHost host;
  private static ExtensionContext context;

  @RegisterExtension
  static final BeforeAllCallback HOST =
      c -> {
        host = ProviderHost.shared(c);
        context = c;
      };

  private static void logIn(ChromeDriver chrome, String email) {
    chrome.get(host.base() + "/login/");
    chrome.findElement(By.id("identifier")).sendKeys(email);
    chrome.findElement(By.id("password")).sendKeys(ProviderHost.PASSWORD);
    chrome.findElement(By.id("submit")).click();
    waitFor(chrome, ExpectedConditions.urlContains("/signed-in/"));
  }

  private static <T> void waitFor(
      ChromeDriver chrome, org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
    new WebDriverWait(chrome, Duration.ofSeconds(20))
        .withMessage(() -> chrome.findElement(By.tagName("body")).getText())
        .until(condition);
  }

  private static String text(ChromeDriver chrome, String id) {
    waitFor(chrome, ExpectedConditions.presenceOfElementLocated(By.id(id)));
    return chrome.findElement(By.id(id)).getText();
  }

  @Test
  void staffRegisterChangeReplaceTheSecretOfAndRemoveAClient() throws Exception {
    ChromeDriver chrome = ProviderChromium.shared(context);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String email = "page-staff-" + suffix + "@example.test";
    host.signedIn(email, true);
    logIn(chrome, email);
    chrome.get(host.base() + "/staff/openid-clients/");
    assertThat(chrome.findElements(By.id("staff-openid-clients"))).hasSize(1);

    String id = "page-svc-" + suffix;
    chrome.findElement(By.id("client_id")).sendKeys(id);
    chrome.findElement(By.id("name")).sendKeys("Nightly reports");
    new Select(chrome.findElement(By.id("kind"))).selectByValue("SERVICE");
    chrome.findElement(By.id("scopes")).clear();
    chrome.findElement(By.id("scopes")).sendKeys("reports.read");
    chrome.findElement(By.id("register")).click();
    String secret = text(chrome, "client-secret");
    assertThat(text(chrome, "client-id")).isEqualTo(id);
    assertThat(ClientRoutesTest.serviceToken(host, id, secret).statusCode()).isEqualTo(200);

    // A service has no redirect URI: refused on the page, nothing changed.
    OpenIdClient registered = host.clients().find(id).orElseThrow();
    chrome.findElement(By.id("redirect_uris")).sendKeys("https://reports.example.test/cb");
    chrome.findElement(By.id("change")).click();
    assertThat(text(chrome, "form-error")).contains("redirect URI");
    assertThat(host.clients().find(id)).contains(registered);

    chrome.findElement(By.id("redirect_uris")).clear();
    chrome.findElement(By.id("name")).clear();
    chrome.findElement(By.id("name")).sendKeys("Weekly reports");
    chrome.findElement(By.id("change")).click();
    waitFor(chrome, ExpectedConditions.urlContains("done=changed"));
    assertThat(host.clients().find(id).orElseThrow().name()).isEqualTo("Weekly reports");

    chrome.findElement(By.id("new-secret")).click();
    waitFor(chrome, ExpectedConditions.presenceOfElementLocated(By.id("client-secret")));
    String replaced = text(chrome, "client-secret");
    assertThat(replaced).isNotEqualTo(secret);
    assertThat(ClientRoutesTest.serviceToken(host, id, secret).statusCode()).isEqualTo(401);
    assertThat(ClientRoutesTest.serviceToken(host, id, replaced).statusCode()).isEqualTo(200);

    // Not staff: 403 on the page, and its post (with the page session's own CSRF token) changes
    // nothing.
    String plain = "page-plain-" + suffix + "@example.test";
    host.signedIn(plain, false);
    chrome.manage().deleteAllCookies();
    logIn(chrome, plain);
    chrome.get(host.base() + "/staff/openid-clients/");
    assertThat(chrome.findElement(By.tagName("body")).getText()).contains("This page is for staff");
    chrome.executeScript(
        "const f = document.createElement('form'); f.method = 'post';"
            + " f.action = '/staff/openid-clients/"
            + id
            + "/remove';"
            + " const t = document.querySelector('input[name=_csrf]').cloneNode();"
            + " f.appendChild(t); document.body.appendChild(f); f.submit();");
    waitFor(chrome, ExpectedConditions.urlContains("/remove"));
    assertThat(chrome.findElement(By.tagName("body")).getText()).contains("This page is for staff");
    assertThat(host.clients().find(id)).isPresent();

    chrome.manage().deleteAllCookies();
    logIn(chrome, email);
    chrome.get(host.base() + "/staff/openid-clients/" + id + "/");
    chrome.findElement(By.id("remove")).click();
    waitFor(chrome, ExpectedConditions.urlContains("done=removed"));
    assertThat(text(chrome, "notice")).isEqualTo("The client is removed.");
    assertThat(host.clients().find(id)).isEmpty();
    assertThat(ClientRoutesTest.serviceToken(host, id, replaced).statusCode()).isEqualTo(401);
  }
}
