/**
 * What every contract shares, and depends on no contract: the JSON reading and the replies, the
 * caller, the paths, problem details and the status of every error, CORS, the JWKS route and the
 * peer contracts' OpenAPI parts. Not API.
 */
package dev.gatehouse.spring.web.internal.shared;
