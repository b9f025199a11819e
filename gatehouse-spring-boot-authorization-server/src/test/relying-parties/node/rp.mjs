// A relying party on openid-client (npm), for RelyingPartiesTest.
// Usage: node rp.mjs ISSUER CLIENT_ID PORT. Serves http://127.0.0.1:PORT with the same paths as
// authlib_rp.py: /login, /cb, /tokens-alive, /logout, /bye; /login takes prompt and max_age on to
// the provider, and /cb answers an error response as {"error": ...}.
import http from 'node:http';
import * as client from 'openid-client';

const [issuer, clientId, port] = process.argv.slice(2);
const base = `http://127.0.0.1:${port}`;
// The provider under test is served over plain HTTP on loopback.
const config = await client.discovery(new URL(issuer), clientId, undefined, client.None(), {
  execute: [client.allowInsecureRequests],
});
const state = {};

function answer(res, status, body, location) {
  const headers = { 'Content-Type': 'application/json' };
  if (location) headers.Location = location;
  res.writeHead(status, headers);
  res.end(body === undefined ? '' : JSON.stringify(body));
}

http
  .createServer(async (req, res) => {
    const url = new URL(req.url, base);
    try {
      if (url.pathname === '/login') {
        state.verifier = client.randomPKCECodeVerifier();
        state.nonce = client.randomNonce();
        state.state = client.randomState();
        const parameters = {
          redirect_uri: `${base}/cb`,
          scope: 'openid email profile',
          code_challenge: await client.calculatePKCECodeChallenge(state.verifier),
          code_challenge_method: 'S256',
          nonce: state.nonce,
          state: state.state,
        };
        // /login?prompt=none (a silent renewal), ?prompt=login, ?max_age=0: passed on as asked.
        for (const name of ['prompt', 'max_age']) {
          if (url.searchParams.has(name)) parameters[name] = url.searchParams.get(name);
        }
        state.maxAge = url.searchParams.has('max_age')
          ? Number(url.searchParams.get('max_age'))
          : undefined;
        const target = client.buildAuthorizationUrl(config, parameters);
        answer(res, 302, undefined, target.href);
      } else if (url.pathname === '/cb') {
        let tokens;
        try {
          tokens = await client.authorizationCodeGrant(config, url, {
            pkceCodeVerifier: state.verifier,
            expectedNonce: state.nonce,
            expectedState: state.state,
            idTokenExpected: true,
            // With max_age sent, openid-client requires auth_time and checks it.
            maxAge: state.maxAge,
          });
        } catch (e) {
          // An error response the client validated (its state checked): e.g. login_required.
          if (e instanceof client.AuthorizationResponseError) {
            answer(res, 200, { error: e.error });
            return;
          }
          throw e;
        }
        const claims = tokens.claims();
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
        state.tokens = refreshed;
        // The latest ID token: the provider knows an authorization by its current one.
        state.idToken = refreshed.id_token ?? tokens.id_token;
        answer(res, 200, {
          sub: claims.sub,
          nonce: claims.nonce,
          auth_time: claims.auth_time,
          email: info.email,
          refreshed: refreshed.refresh_token !== tokens.refresh_token,
        });
      } else if (url.pathname === '/tokens-alive') {
        const meta = config.serverMetadata();
        const info = await fetch(meta.userinfo_endpoint, {
          headers: { Authorization: `Bearer ${state.tokens.access_token}` },
        });
        const refresh = await fetch(meta.token_endpoint, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: state.tokens.refresh_token,
            client_id: clientId,
          }),
        });
        answer(res, 200, { userinfo: info.status, refresh: refresh.status });
      } else if (url.pathname === '/logout') {
        const target = client.buildEndSessionUrl(config, {
          id_token_hint: state.idToken,
          post_logout_redirect_uri: `${base}/bye`,
        });
        answer(res, 302, undefined, target.href);
      } else if (url.pathname === '/bye') {
        answer(res, 200, { signed_out: true });
      } else {
        answer(res, 404, {});
      }
    } catch (e) {
      answer(res, 500, { error: String(e) });
    }
  })
  .listen(Number(port), '127.0.0.1', () => console.log('listening'));
