"""A relying party on Authlib (Debian's python3-authlib), for RelyingPartiesTest.

Usage: authlib_rp.py ISSUER CLIENT_ID PORT. Serves http://127.0.0.1:PORT:
  /login         starts the authorization code flow with PKCE and a nonce
  /cb            exchanges the code, checks the ID token (signature by the JWKS, nonce, audience),
                 reads userinfo, refreshes, and answers what it saw as JSON
  /tokens-alive  answers whether userinfo and the refresh grant still accept its tokens
  /logout        RP-initiated logout at the provider's end_session_endpoint
  /bye           where the provider sends the browser after the logout
"""
import json
import secrets
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt

ISSUER, CLIENT_ID, PORT = sys.argv[1], sys.argv[2], int(sys.argv[3])
BASE = f"http://127.0.0.1:{PORT}"
METADATA = requests.get(ISSUER + "/.well-known/openid-configuration", timeout=10).json()
STATE = {}


def session(**kwargs):
    return OAuth2Session(
        CLIENT_ID,
        scope="openid email profile",
        redirect_uri=BASE + "/cb",
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
        **kwargs,
    )


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=None, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        if body is not None:
            self.wfile.write(json.dumps(body).encode())

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/login":
            verifier = secrets.token_urlsafe(48)
            nonce = secrets.token_urlsafe(16)
            url, state = session().create_authorization_url(
                METADATA["authorization_endpoint"], code_verifier=verifier, nonce=nonce
            )
            STATE.update(verifier=verifier, nonce=nonce, state=state)
            self.answer(302, location=url)
        elif path == "/cb":
            client = session(state=STATE["state"])
            token = client.fetch_token(
                METADATA["token_endpoint"],
                authorization_response=BASE + self.path,
                code_verifier=STATE["verifier"],
            )
            keys = JsonWebKey.import_key_set(requests.get(METADATA["jwks_uri"], timeout=10).json())
            claims = jwt.decode(
                token["id_token"],
                keys,
                claims_options={
                    "iss": {"essential": True, "value": METADATA["issuer"]},
                    "aud": {"essential": True, "value": CLIENT_ID},
                    "nonce": {"essential": True, "value": STATE["nonce"]},
                },
            )
            claims.validate()
            info = client.get(METADATA["userinfo_endpoint"]).json()
            refreshed = client.refresh_token(
                METADATA["token_endpoint"], refresh_token=token["refresh_token"]
            )
            # The latest ID token: the provider knows an authorization by its current one.
            STATE.update(token=refreshed, id_token=refreshed.get("id_token", token["id_token"]))
            self.answer(
                200,
                {
                    "sub": claims["sub"],
                    "nonce": claims["nonce"],
                    "email": info.get("email"),
                    "refreshed": refreshed["refresh_token"] != token["refresh_token"],
                },
            )
        elif path == "/tokens-alive":
            token = STATE["token"]
            info = requests.get(
                METADATA["userinfo_endpoint"],
                headers={"Authorization": "Bearer " + token["access_token"]},
                timeout=10,
            )
            refresh = requests.post(
                METADATA["token_endpoint"],
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": token["refresh_token"],
                    "client_id": CLIENT_ID,
                },
                timeout=10,
            )
            self.answer(200, {"userinfo": info.status_code, "refresh": refresh.status_code})
        elif path == "/logout":
            query = urlencode(
                {"id_token_hint": STATE["id_token"], "post_logout_redirect_uri": BASE + "/bye"}
            )
            self.answer(302, location=METADATA["end_session_endpoint"] + "?" + query)
        elif path == "/bye":
            self.answer(200, {"signed_out": True})
        else:
            self.answer(404, {})


# Threads: a browser keeps idle connections open, which would block a one-thread server.
server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
print("listening", flush=True)
server.serve_forever()
