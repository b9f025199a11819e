/**
 * The authenticator-app enrolment's QR image: {@link dev.gatehouse.mfa.QrCodeImages}, the module
 * that gives the core's second-factor flows a {@code QrCodeRenderer} on ZXing. Install it with
 * {@code Gatehouse.builder(config, store).install(new QrCodeImages())}; the Spring Boot starter
 * installs it when this module is on the class path.
 */
@NullMarked
package dev.gatehouse.mfa;

import org.jspecify.annotations.NullMarked;
