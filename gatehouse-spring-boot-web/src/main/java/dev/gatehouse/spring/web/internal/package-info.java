/**
 * The HTTP contract's controllers, bodies, problem details, CORS and OpenAPI document. Not API:
 * hosts use the contract over HTTP and configure it with {@code gatehouse.http.*}.
 */
package dev.gatehouse.spring.web.internal;
