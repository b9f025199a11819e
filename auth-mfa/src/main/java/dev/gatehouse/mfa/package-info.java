/**
 * Second factors as a module on the core's sign-in SPI: {@link
 * dev.gatehouse.mfa.SecondFactorModule} adds {@link dev.gatehouse.mfa.SecondFactorService}
 * (authenticator apps, recovery codes, remembered devices, the required enrolment, step-up) and
 * {@link dev.gatehouse.mfa.Totp} computes the codes. Install it with {@code
 * Gatehouse.builder(config, store).install(new SecondFactorModule())}; the Spring Boot starter
 * installs it when this module is on the class path.
 */
@NullMarked
package dev.gatehouse.mfa;

import org.jspecify.annotations.NullMarked;
