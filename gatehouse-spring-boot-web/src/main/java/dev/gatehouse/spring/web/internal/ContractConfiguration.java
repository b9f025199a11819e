package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.spring.web.browser.BrowserSignIn;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.admin.AdminController;
import dev.gatehouse.spring.web.internal.admin.AdminStatisticsController;
import dev.gatehouse.spring.web.internal.fastapiusers.FastApiUsersController;
import dev.gatehouse.spring.web.internal.fastapiusers.FuAdminController;
import dev.gatehouse.spring.web.internal.fastapiusers.FuUsersController;
import dev.gatehouse.spring.web.internal.gatehouse.AccountController;
import dev.gatehouse.spring.web.internal.gatehouse.OpenApiController;
import dev.gatehouse.spring.web.internal.gatehouse.OtpController;
import dev.gatehouse.spring.web.internal.gatehouse.SessionController;
import dev.gatehouse.spring.web.internal.jbdrfauth.JbContactController;
import dev.gatehouse.spring.web.internal.jbdrfauth.JbDrfAuthController;
import dev.gatehouse.spring.web.internal.jbdrfauth.JbPictureController;
import dev.gatehouse.spring.web.internal.jbdrfauth.JbProfileController;
import dev.gatehouse.spring.web.internal.jbdrfauth.JbSocialController;
import dev.gatehouse.spring.web.internal.modules.MfaController;
import dev.gatehouse.spring.web.internal.modules.ModuleRoutes;
import dev.gatehouse.spring.web.internal.modules.PasskeyController;
import dev.gatehouse.spring.web.internal.modules.SocialController;
import dev.gatehouse.spring.web.internal.organizations.OrganizationController;
import dev.gatehouse.spring.web.internal.organizations.OrganizationSignInController;
import dev.gatehouse.spring.web.internal.shared.ActingAccountScope;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.JwksController;
import dev.gatehouse.spring.web.internal.shared.ModuleRouteTable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The contract's beans: its controllers (those of the contract {@code gatehouse.http.contract}
 * names, and the second-factor, passkey and JWKS routes every contract serves), the installed
 * modules' routes ({@link ModuleRoutes}, under every contract), the exception resolver that answers
 * errors in the contract's shapes, and CORS. Imported by the public auto-configuration when {@code
 * gatehouse.http.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
@Import({
  MfaController.class,
  PasskeyController.class,
  JwksController.class,
  ContractConfiguration.Native.class,
  ContractConfiguration.JbDrfAuth.class,
  ContractConfiguration.FastApiUsers.class
})
public class ContractConfiguration {
  /** Gatehouse's own contract ({@code gatehouse.http.contract=gatehouse}, the default). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      prefix = "gatehouse.http",
      name = "contract",
      havingValue = GatehouseHttpProperties.CONTRACT_GATEHOUSE,
      matchIfMissing = true)
  @Import({
    AccountController.class,
    SessionController.class,
    OtpController.class,
    SocialController.class,
    AdminController.class,
    AdminStatisticsController.class,
    OrganizationController.class,
    OrganizationSignInController.class,
    OpenApiController.class
  })
  static class Native {}

  /** jb-drf-auth's contract ({@code gatehouse.http.contract=jb-drf-auth}). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      prefix = "gatehouse.http",
      name = "contract",
      havingValue = GatehouseHttpProperties.CONTRACT_JB_DRF_AUTH)
  @Import({
    JbDrfAuthController.class,
    JbProfileController.class,
    JbPictureController.class,
    JbSocialController.class,
    JbContactController.class
  })
  static class JbDrfAuth {}

  /** FastAPI-Users' contract ({@code gatehouse.http.contract=fastapi-users}). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      prefix = "gatehouse.http",
      name = "contract",
      havingValue = GatehouseHttpProperties.CONTRACT_FASTAPI_USERS)
  @Import({FastApiUsersController.class, FuUsersController.class, FuAdminController.class})
  static class FastApiUsers {}

  /**
   * @param gatehouse the facade
   * @param decoder the access-token decoder
   * @param properties {@code gatehouse.http.*}, for {@code impersonation-allowed}
   * @return what the controllers share
   */
  @Bean
  ContractSupport gatehouseContractSupport(
      Gatehouse gatehouse, JwtDecoder decoder, GatehouseHttpProperties properties) {
    return new ContractSupport(
        gatehouse, decoder, ImpersonationAllowed.of(properties.getImpersonationAllowed()));
  }

  /**
   * @param gatehouse the facade, whose installed modules declare routes
   * @param paths the contract's paths
   * @return the installed modules' routes, under the base path
   */
  @Bean
  ModuleRouteTable gatehouseModuleRouteTable(Gatehouse gatehouse, ContractPaths paths) {
    return ModuleRouteTable.of(gatehouse, paths);
  }

  /**
   * @param table the installed modules' routes
   * @param support what the routes share
   * @param mapping Spring MVC's mapping, which the routes join once every bean is made
   * @return what serves the installed modules' routes
   */
  @Bean
  ModuleRoutes gatehouseModuleRoutes(
      ModuleRouteTable table,
      ContractSupport support,
      @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping,
      ObjectProvider<BrowserSignIn> browsers) {
    return new ModuleRoutes(table, support, mapping, browsers);
  }

  /**
   * @return the check of the text a route takes from its address ({@link RequestTextCheck})
   */
  @Bean
  RequestTextCheck gatehouseRequestTextCheck() {
    return new RequestTextCheck();
  }

  /**
   * @return the filter that scopes, per request, who acts for the caller in the audit trail
   */
  @Bean
  ActingAccountScope gatehouseActingAccountScope() {
    return new ActingAccountScope();
  }

  /**
   * @param paths the contract's paths
   * @param properties {@code gatehouse.http.*}
   * @return the resolver answering every contract error in the contract's own shapes
   */
  @Bean
  ContractExceptionResolver gatehouseContractExceptionResolver(
      ContractPaths paths, GatehouseHttpProperties properties) {
    return new ContractExceptionResolver(paths, properties.getContract());
  }
}
