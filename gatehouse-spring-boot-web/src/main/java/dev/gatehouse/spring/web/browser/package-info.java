/**
 * Where a browser lands after a module's form route ({@link
 * dev.gatehouse.spring.web.browser.BrowserSignIn}): the seam between the contract, which serves the
 * route, and the host's browser session, which the pages or the host provide.
 */
@NullMarked
package dev.gatehouse.spring.web.browser;

import org.jspecify.annotations.NullMarked;
