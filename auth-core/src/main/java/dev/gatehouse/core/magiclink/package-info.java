/**
 * Sign-in by emailed link: {@link dev.gatehouse.core.magiclink.MagicLinkService}. Built on the
 * sign-in pipeline alone: a credential check, its limits, its codes and its email template.
 */
@NullMarked
package dev.gatehouse.core.magiclink;

import org.jspecify.annotations.NullMarked;
