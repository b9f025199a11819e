package dev.gatehouse.spring.pages;

import dev.gatehouse.spring.web.browser.SignedInBrowser;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.HierarchicalMessageSource;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Gatehouse's sign-in pages, served when this module is on a Spring Boot host's class path beside
 * the starter: password login, registration and email confirmation, reset, one-time codes, the
 * magic link, the second factor and the account's security settings, and "continue with" social
 * sign-in — server-rendered with Thymeleaf in a cookie session of their own, beside the
 * bearer-token API.
 *
 * <p>A host themes them without writing them: a template of the same name in its own {@code
 * templates/gatehouse/pages/} (the layout is {@code layout.html}) or a stylesheet at {@code
 * static/assets/pages.css} replaces the module's, and a message of the same key in its own {@code
 * messages*.properties} replaces the module's text ({@code app.name} names the site). The module's
 * texts are English and French. {@code gatehouse.pages.home: false} leaves {@code /} to the host.
 *
 * <p>With {@code auth-organizations} on the class path, the invitation's link opens a page that
 * signs the invitee in or up and accepts, {@code /account/organizations/} switches the active
 * organisation, and {@code /login/organization/} asks an address first and sends the browser to its
 * organisation's identity provider; with {@code auth-admin}, staff find and inspect users, disable,
 * enable and impersonate them and see the statistics under {@code /staff/}, each page guarded by
 * the admin service as the admin API is ({@code gatehouse.pages.organizations: false} and {@code
 * gatehouse.pages.admin: false} leave those paths to the host).
 */
@AutoConfiguration(
    afterName = {
      "dev.gatehouse.spring.web.GatehouseSecurityAutoConfiguration",
      "org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration",
      "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(GatehousePagesProperties.class)
@Import({
  PageSecurity.class,
  PageSession.class,
  PageMessages.class,
  PageModel.class,
  PasswordPages.class,
  OtpPages.class,
  MagicLinkPages.class,
  SecondFactorPages.class,
  SocialPages.class,
  BrowserLanding.class
})
public class GatehousePagesAutoConfiguration {
  /** The module's texts, below the host's own messages. */
  static final String MESSAGES = "dev/gatehouse/spring/pages/messages";

  /** Built by Spring Boot. */
  public GatehousePagesAutoConfiguration() {}

  private static ResourceBundleMessageSource pageTexts() {
    ResourceBundleMessageSource texts = new ResourceBundleMessageSource();
    texts.setBasename(MESSAGES);
    texts.setDefaultEncoding("UTF-8");
    texts.setFallbackToSystemLocale(false);
    return texts;
  }

  /**
   * The module's texts as the application's messages, when the host has none of its own (no {@code
   * messages.properties}, so Spring Boot made no message source).
   *
   * @return the module's texts
   */
  @Bean(name = AbstractApplicationContext.MESSAGE_SOURCE_BEAN_NAME)
  @ConditionalOnMissingBean(name = AbstractApplicationContext.MESSAGE_SOURCE_BEAN_NAME)
  MessageSource gatehousePageMessageSource() {
    return pageTexts();
  }

  /**
   * Puts the module's texts below the host's message source, so a key the host does not define
   * comes from the module and one it does define is the host's.
   *
   * @return the post-processor
   */
  @Bean
  static BeanPostProcessor gatehousePageTextsBelowTheHosts() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (AbstractApplicationContext.MESSAGE_SOURCE_BEAN_NAME.equals(name)
            && bean instanceof HierarchicalMessageSource hosts
            && hosts.getParentMessageSource() == null
            && !(bean instanceof ResourceBundleMessageSource r
                && r.getBasenameSet().contains(MESSAGES))) {
          hosts.setParentMessageSource(pageTexts());
        }
        return bean;
      }
    };
  }

  /**
   * The browser's sign-in at the pages as a principal of the host's own routes, in the starter's
   * bearer-token chain ({@code GatehouseHttpSecurity}), unless {@code gatehouse.pages.host-sign-in:
   * false} keeps them bearer-only.
   *
   * @param pages the browser's session
   * @return the sign-in for the host's routes
   */
  @Bean
  @ConditionalOnProperty(
      name = GatehousePagesProperties.HOST_SIGN_IN,
      havingValue = "true",
      matchIfMissing = true)
  SignedInBrowser gatehouseSignedInBrowser(PageSession pages) {
    return new HostSignIn(pages);
  }

  /** The start page at {@code /}, unless the host serves its own. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "gatehouse.pages.home", havingValue = "true", matchIfMissing = true)
  @Import(HomePage.class)
  static class StartPage {}

  /**
   * Accepting an organisation's invitation, switching the active organisation and the email-first
   * sign-in through an organisation's own identity provider, when {@code auth-organizations} is on
   * the class path, unless {@code gatehouse.pages.organizations: false}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = PageSecurity.ORGANIZATIONS)
  @ConditionalOnProperty(
      name = PageSecurity.ORGANIZATION_PAGES,
      havingValue = "true",
      matchIfMissing = true)
  @Import({OrganizationPages.class, OrganizationSignInPages.class})
  static class OrganizationPagesServed {}

  /**
   * The staff's pages under {@code /staff/} (find users, one user's picture, disable, enable,
   * impersonate, statistics), when {@code auth-admin} is on the class path, unless {@code
   * gatehouse.pages.admin: false}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = PageSecurity.ADMIN)
  @ConditionalOnProperty(
      name = PageSecurity.ADMIN_PAGES,
      havingValue = "true",
      matchIfMissing = true)
  @Import({AdminPages.class, AdminStatisticsPage.class})
  static class AdminPagesServed {}

  /**
   * The cut-over by cohort's staff page under {@code /staff/cohorts/} (each cohort's state, users
   * per system, sign-ins and refusals, the sync's backlog, a step forward or back, the accounts not
   * yet moved), when {@code auth-cohorts} is on the class path beside {@code auth-admin}, unless
   * {@code gatehouse.pages.admin: false}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {PageSecurity.ADMIN, PageSecurity.COHORTS})
  @ConditionalOnProperty(
      name = PageSecurity.ADMIN_PAGES,
      havingValue = "true",
      matchIfMissing = true)
  @Import({CohortPages.class, CohortsLink.class})
  static class CohortPagesServed {}
}
