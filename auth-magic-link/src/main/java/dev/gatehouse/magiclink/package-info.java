/**
 * Sign-in by emailed link: {@link dev.gatehouse.magiclink.MagicLinkService}. Built on the sign-in
 * pipeline alone: a credential check, its limits, its codes and its email template.
 */
@NullMarked
package dev.gatehouse.magiclink;

import org.jspecify.annotations.NullMarked;
