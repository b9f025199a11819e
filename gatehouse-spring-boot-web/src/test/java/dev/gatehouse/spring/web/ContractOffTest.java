package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.spring.web.token.GatehouseJwtDecoder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Without {@code gatehouse.http.enabled} the contract is not served, but Spring Security still
 * knows Gatehouse's tokens and the default chain guards every route.
 */
@SpringBootTest(
    classes = TestHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContractOffTest {
  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JwtDecoder decoder;

  @Test
  void noContractRoutesButTheDecoderAndTheDefaultChain() throws Exception {
    assertThat(decoder).isInstanceOf(GatehouseJwtDecoder.class);
    assertThat(context.getBeanNamesForType(GatehouseHttpAutoConfiguration.class)).isEmpty();
    Http http = new Http(port);
    for (String path :
        new String[] {"/auth/login/basic/", "/.well-known/jwks.json", "/api/hello/"}) {
      Reply r = http.get(path, null);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
  }
}
