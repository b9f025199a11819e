package dev.gatehouse.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.sms.SmsSender.SmsReceipt;
import dev.gatehouse.spring.boot.host.HostApplication;
import dev.gatehouse.spring.boot.test.GatehouseTestUsers.TestUser;
import dev.gatehouse.spring.boot.test.webmvc.Reports;
import dev.gatehouse.spring.boot.test.webmvc.ReportsContract;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A host's MockMvc test with {@link AutoConfigureGatehouseTest}: a created user reaches a protected
 * endpoint with {@link GatehouseTestUsers#bearer}, messages land in the capturing senders by the
 * time the call returns, and the host's own provider is never called; {@link ReportsContract}'s
 * requests as a {@link WithGatehouseUser} answer 200 and 403 here as in the {@code @WebMvcTest}.
 */
// snippet:start slice
@SpringBootTest(
    classes = {
      HostApplication.class,
      GatehouseTestSliceTest.Api.class,
      GatehouseTestSliceTest.HostProviders.class,
      Reports.class
    })
@AutoConfigureMockMvc
@AutoConfigureGatehouseTest
class GatehouseTestSliceTest extends ReportsContract {
  // snippet:end slice
  private static final String PASSWORD = "correct horse battery staple";
  private static final TestDatabase DB = TestDatabase.create(DatabaseKind.H2);

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DB::jdbcUrl);
    registry.add("spring.datasource.username", DB::user);
    registry.add("spring.datasource.password", DB::password);
  }

  @AfterAll
  static void dropDatabase() {
    DB.close();
  }

  /** A protected endpoint of the host: answers the caller's user id. */
  @RestController
  static class Api {
    private final Gatehouse gatehouse;

    Api(Gatehouse gatehouse) {
      this.gatehouse = gatehouse;
    }

    @GetMapping("/me")
    ResponseEntity<String> me(
        @RequestHeader(name = "Authorization", required = false) String authorization) {
      if (authorization == null || !authorization.startsWith("Bearer ")) {
        return ResponseEntity.status(401).build();
      }
      VerifiedAccessToken token =
          gatehouse.sessions().verifyAccessToken(authorization.substring("Bearer ".length()));
      return ResponseEntity.ok(token.subject());
    }
  }

  /** The host's real SMS provider: a test must never reach it. */
  @Configuration(proxyBeanMethods = false)
  static class HostProviders {
    @Bean
    SmsSender hostSmsProvider() {
      return new SmsSender() {
        @Override
        public String providerName() {
          return "real-provider";
        }

        @Override
        public SmsReceipt send(SmsMessage message) {
          throw new AssertionError("a test reached the host's real SMS provider");
        }
      };
    }
  }

  // snippet:start fields
  @Autowired MockMvc mvc;
  @Autowired GatehouseTestUsers users;
  // snippet:end fields
  @Autowired Gatehouse gatehouse;
  @Autowired CapturingSmsSender sms;
  @Autowired CapturingEmailSender email;

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  // snippet:start bearer
  @Test
  void aCreatedUserReachesAProtectedEndpointWithABearerToken() throws Exception {
    TestUser alice = users.create(unique("alice-"), PASSWORD);
    mvc.perform(get("/me").with(users.bearer(alice)))
        .andExpect(status().isOk())
        .andExpect(content().string(alice.id().toString()));
    mvc.perform(get("/me")).andExpect(status().isUnauthorized());
    assertThat(alice.toString()).doesNotContain(PASSWORD);
  }

  // snippet:end bearer

  @Override
  protected MockMvc mvc() {
    return mvc;
  }

  /**
   * {@link WithGatehouseUser} runs the test as a real, signed-in user: the authentication is the
   * access token of a live session of a user that exists, with the roles asked for.
   */
  @Test
  @WithGatehouseUser(roles = {"staff", "customer"})
  void withGatehouseUserRunsTheTestAsARealSignedInUser() {
    var authentication =
        org.springframework.security.core.context.SecurityContextHolder.getContext()
            .getAuthentication();
    assertThat(authentication)
        .isInstanceOf(
            org.springframework.security.oauth2.server.resource.authentication
                .JwtAuthenticationToken.class);
    var jwt =
        ((org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken)
                authentication)
            .getToken();
    VerifiedAccessToken live = gatehouse.sessions().verifyLiveAccessToken(jwt.getTokenValue());
    assertThat(live.userPublicId().toString()).isEqualTo(jwt.getSubject());
    assertThat(authentication.getName()).isEqualTo(jwt.getSubject());
    assertThat(authentication.getAuthorities())
        .extracting(org.springframework.security.core.GrantedAuthority::getAuthority)
        .containsExactlyInAnyOrder("ROLE_staff", "ROLE_customer");
    assertThat(jwt.getExpiresAt()).isAfter(jwt.getIssuedAt());
  }

  @Test
  void aCreatedUserLogsInWithItsPasswordAndEachTokenIsANewSession() {
    TestUser bob = users.create(unique("bob-"), PASSWORD);
    TokenPair login =
        gatehouse.accounts().login(LoginRequest.of(bob.email(), PASSWORD)).orElseThrow().tokens();
    assertThat(gatehouse.sessions().verifyAccessToken(login.accessToken()).userPublicId())
        .isEqualTo(bob.id());
    TokenPair first = users.login(bob);
    TokenPair second = users.login(bob);
    assertThat(first.sessionId()).isNotEqualTo(second.sessionId());
    assertThat(gatehouse.sessions().verifyAccessToken(users.accessTokenFor(bob)).userPublicId())
        .isEqualTo(bob.id());
  }

  @Test
  void messagesAreCapturedByTheTimeTheCallReturns() {
    String address = unique("carol-");
    gatehouse
        .accounts()
        .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
    assertThat(email.lastTo(address)).isPresent();

    String phone = "+447400" + (100000 + (int) (Math.random() * 899999));
    gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    assertThat(sms.lastTo(phone)).isPresent();
  }
}
