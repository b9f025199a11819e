package dev.gatehouse.spring.web;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.ContractConfiguration;
import dev.gatehouse.spring.web.internal.fastapiusers.FuUsersController;
import dev.gatehouse.spring.web.internal.shared.ContractCors;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.ModuleRouteTable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The HTTP contract, opt-in with {@code gatehouse.http.enabled=true}: the jb-drf-auth route set
 * under {@code gatehouse.http.base-path} (default {@code /auth}), {@code GET
 * /.well-known/jwks.json}, {@code GET {base}/openapi.json}, CORS from {@code
 * gatehouse.http.cors.allowed-origins} (default: the origin of {@code gatehouse.frontend-url}), and
 * RFC 9457 problem details on every error of those routes. With {@code
 * gatehouse.http.contract=jb-drf-auth} or {@code fastapi-users}, that peer's routes, bodies and
 * error shapes replace the native routes and the OpenAPI document. The controllers call the {@code
 * Gatehouse} facade only. {@code docs/HTTP.md} lists the routes.
 */
@AutoConfiguration(
    after = GatehouseSecurityAutoConfiguration.class,
    afterName = "dev.gatehouse.spring.boot.GatehouseAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, Gatehouse.class})
@ConditionalOnBean(Gatehouse.class)
@ConditionalOnProperty(prefix = "gatehouse.http", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(GatehouseHttpProperties.class)
@Import(ContractConfiguration.class)
public class GatehouseHttpAutoConfiguration {
  /** Created by Spring. */
  public GatehouseHttpAutoConfiguration() {}

  /**
   * @param properties {@code gatehouse.http.*}
   * @return where the contract lives
   */
  @Bean
  ContractPaths gatehouseContractPaths(GatehouseHttpProperties properties) {
    return contractPaths(properties);
  }

  /**
   * Where the contract lives: under its base path, and under the {@code fastapi-users} contract
   * FastAPI-Users' users router at the root too unless {@code
   * gatehouse.http.fastapi-users.users-under-base-path} is set.
   */
  static ContractPaths contractPaths(GatehouseHttpProperties properties) {
    GatehouseHttpProperties.FastApiUsers fu = properties.getFastapiUsers();
    if (GatehouseHttpProperties.CONTRACT_FASTAPI_USERS.equals(properties.getContract())
        && !fu.isUsersUnderBasePath()) {
      return FuUsersController.outsideBasePath(properties.getBasePath(), fu.getUsersPath());
    }
    return new ContractPaths(properties.getBasePath());
  }

  /**
   * @param paths where the contract lives
   * @param properties {@code gatehouse.http.*}
   * @param gatehouse the facade (for the frontend URL and the modules' form routes)
   * @return the contract's CORS configuration
   */
  @Bean
  ContractCors gatehouseContractCors(
      ContractPaths paths, GatehouseHttpProperties properties, Gatehouse gatehouse) {
    return new ContractCors(
        paths,
        properties.getCors().getAllowedOrigins(),
        gatehouse.config(),
        ModuleRouteTable.of(gatehouse, paths));
  }
}
