/**
 * The choice of HTTP contract: the configuration that imports the chosen contract's controllers
 * (its package below this one), the resolver and entry point answering errors in that contract's
 * shapes, and simplejwt's views. Not API: hosts use the contract over HTTP and configure it with
 * {@code gatehouse.http.*}.
 */
package dev.gatehouse.spring.web.internal;
