package dev.gatehouse.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

/**
 * Runs a test as a real Gatehouse user, the way {@code @WithMockUser} runs it as a mock one: before
 * the test a user is created (active, verified, with a default profile) and signed in through
 * {@link GatehouseTestUsers}, and the security context holds a {@code JwtAuthenticationToken} of
 * the session's access token, with {@code ROLE_<role>} for each of {@link #roles()}, as the
 * starter's resource server would authenticate a request bearing it. A MockMvc request then reaches
 * the host's controllers as that user, {@code @PreAuthorize("hasRole('staff')")} included. Needs
 * {@link AutoConfigureGatehouseTest} and {@code spring-security-test}.
 *
 * <pre>
 * &#64;Test
 * &#64;WithGatehouseUser(roles = "staff")
 * void staffSeeTheReport() throws Exception {
 *   mvc.perform(get("/reports")).andExpect(status().isOk());
 * }
 * </pre>
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithGatehouseUserSecurityContextFactory.class)
public @interface WithGatehouseUser {
  /** {@return the user's email; empty (the default) for a new address per test} */
  String email() default "";

  /** {@return the roles the authentication carries, each as {@code ROLE_<role>}} */
  String[] roles() default {};

  /** {@return when the user is created: before the test method (the default) or its execution} */
  TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;
}
