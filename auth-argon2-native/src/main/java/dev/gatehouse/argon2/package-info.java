/**
 * Argon2 through the system's libargon2 for {@link dev.gatehouse.core.password.PasswordHashing}.
 *
 * <p>Where to start: nothing to call. With this module on the classpath, {@link
 * dev.gatehouse.core.password.Argon2Backend#detect()} finds {@link
 * dev.gatehouse.argon2.LibArgon2Backend} through {@link java.util.ServiceLoader} and uses it when
 * the library loads (Debian/Ubuntu: {@code apt-get install libargon2-1}); otherwise Gatehouse's
 * Java implementation is used. To choose explicitly, pass {@code LibArgon2Backend.load()} or {@code
 * Argon2Backend.java()} to {@code PasswordHashing.Builder#argon2Backend}.
 */
@NullMarked
package dev.gatehouse.argon2;

import org.jspecify.annotations.NullMarked;
