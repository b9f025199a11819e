package dev.gatehouse.spring.web;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.SimpleJwtConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * djangorestframework-simplejwt's four token views, opt-in with {@code
 * gatehouse.http.simplejwt.enabled=true}: {@code POST {base}/}, {@code {base}/refresh/}, {@code
 * {base}/verify/} and {@code {base}/blacklist/} under {@code gatehouse.http.simplejwt.base-path}
 * (default {@code /api/token}), answering as simplejwt does so that its clients keep working.
 * Independent of {@code gatehouse.http.enabled}: the views are served alone or beside either HTTP
 * contract, and the default filter chain opens exactly their four paths. {@code docs/HTTP.md},
 * "simplejwt's token views", lists the answers and what differs.
 */
@AutoConfiguration(
    after = {GatehouseSecurityAutoConfiguration.class, GatehouseHttpAutoConfiguration.class},
    afterName = "dev.gatehouse.spring.boot.GatehouseAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, Gatehouse.class})
@ConditionalOnBean(Gatehouse.class)
@ConditionalOnProperty(prefix = "gatehouse.http.simplejwt", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(GatehouseHttpProperties.class)
@Import(SimpleJwtConfiguration.class)
public class GatehouseSimpleJwtAutoConfiguration {
  /** Created by Spring. */
  public GatehouseSimpleJwtAutoConfiguration() {}
}
