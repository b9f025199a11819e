"""A relying party's back-channel logout receiver, for BackchannelLogoutTest.

Written from OpenID Connect Back-Channel Logout 1.0, section 2.6, on Authlib (Debian's
python3-authlib): each logout token is verified with the keys the provider's discovery names (never
alg "none"), and its iss, aud, iat, exp, jti (never twice), events, sub or sid and the absence of
nonce are checked; a token that fails is answered 400, as the specification says.

Usage: backchannel_rp.py ISSUER PORT. Prints "listening" once it listens on
http://127.0.0.1:PORT, as the back-channel logout URI of clients (CLIENT is the client's id, the
audience its tokens must have):
  POST /logout/ok/CLIENT         verifies and answers 200
  POST /logout/block/CLIENT      verifies, then holds the answer until GET /release (at most 60 s)
  POST /logout/fail-once/CLIENT  answers 503 to its first request, then as /logout/ok
  GET  /attempts?n=N&wait=S      how many requests /logout/fail-once had, once N (or after S s)
  GET  /received?n=N&wait=S   the verified tokens (claims and header), once there are N (or after S s)
  GET  /blocked?wait=S        whether a request is held by /logout/block (waits up to S s for one)
  GET  /release               lets the held requests answer
  GET  /refused               the tokens refused, with why
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import requests
from authlib.jose import JsonWebKey, jwt
from authlib.jose.errors import JoseError

ISSUER, PORT = sys.argv[1], int(sys.argv[2])
EVENT = "http://schemas.openid.net/event/backchannel-logout"

LOCK = threading.Condition()
RECEIVED = []
REFUSED = []
SEEN_JTI = set()
STATE = {"blocked": 0, "released": False, "attempts": 0}


def keys():
    metadata = requests.get(ISSUER + "/.well-known/openid-configuration", timeout=10).json()
    return metadata, JsonWebKey.import_key_set(requests.get(metadata["jwks_uri"], timeout=10).json())


def verify(token, client_id):
    """The checks of section 2.6; returns (claims, header) or raises ValueError naming the check."""
    metadata, key_set = keys()
    try:
        claims = jwt.decode(
            token,
            key_set,
            claims_options={
                "iss": {"essential": True, "value": metadata["issuer"]},
                "aud": {"essential": True, "value": client_id},
                "iat": {"essential": True},
                "exp": {"essential": True},
                "jti": {"essential": True},
            },
        )
        claims.validate(leeway=60)
    except JoseError as e:
        raise ValueError("signature or claims: " + repr(e))
    header = claims.header
    if header.get("alg", "none") == "none":
        raise ValueError("alg none")
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(EVENT), dict):
        raise ValueError("events")
    if not claims.get("sub") and not claims.get("sid"):
        raise ValueError("neither sub nor sid")
    if "nonce" in claims:
        raise ValueError("nonce")
    with LOCK:
        if claims["jti"] in SEEN_JTI:
            raise ValueError("jti seen before")
        SEEN_JTI.add(claims["jti"])
    return dict(claims), dict(header)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body is not None:
            self.wfile.write(json.dumps(body).encode())

    def do_POST(self):
        path = urlparse(self.path).path
        parts = path.split("/")
        if len(parts) != 4 or parts[1] != "logout":
            self.answer(404)
            return
        mode, client_id = parts[2], parts[3]
        length = int(self.headers.get("Content-Length", "0"))
        form = parse_qs(self.rfile.read(length).decode())
        if mode == "fail-once":
            with LOCK:
                STATE["attempts"] += 1
                first = STATE["attempts"] == 1
                LOCK.notify_all()
            if first:
                self.answer(503, {"error": "try again"})
                return
        tokens = form.get("logout_token", [])
        if len(tokens) != 1 or self.headers.get("Content-Type", "").split(";")[0] != (
            "application/x-www-form-urlencoded"
        ):
            with LOCK:
                REFUSED.append({"path": path, "why": "no single logout_token form parameter"})
                LOCK.notify_all()
            self.answer(400, {"error": "invalid_request"})
            return
        try:
            claims, header = verify(tokens[0], client_id)
        except ValueError as e:
            with LOCK:
                REFUSED.append({"path": path, "why": str(e)})
                LOCK.notify_all()
            self.answer(400, {"error": "invalid_request"})
            return
        if mode == "block":
            with LOCK:
                STATE["blocked"] += 1
                LOCK.notify_all()
                LOCK.wait_for(lambda: STATE["released"], timeout=60)
                STATE["blocked"] -= 1
        with LOCK:
            RECEIVED.append({"path": path, "claims": claims, "header": header})
            LOCK.notify_all()
        self.answer(200)

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        wait = float(query.get("wait", ["0"])[0])
        if url.path == "/received":
            n = int(query.get("n", ["0"])[0])
            with LOCK:
                LOCK.wait_for(lambda: len(RECEIVED) >= n, timeout=wait)
                self.answer(200, {"tokens": list(RECEIVED)})
        elif url.path == "/blocked":
            with LOCK:
                LOCK.wait_for(lambda: STATE["blocked"] > 0, timeout=wait)
                self.answer(200, {"blocked": STATE["blocked"]})
        elif url.path == "/attempts":
            n = int(query.get("n", ["0"])[0])
            with LOCK:
                LOCK.wait_for(lambda: STATE["attempts"] >= n, timeout=wait)
                self.answer(200, {"attempts": STATE["attempts"]})
        elif url.path == "/release":
            with LOCK:
                STATE["released"] = True
                LOCK.notify_all()
            self.answer(200, {})
        elif url.path == "/refused":
            with LOCK:
                self.answer(200, {"refused": list(REFUSED)})
        else:
            self.answer(404)


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
server.daemon_threads = True
print("listening", flush=True)
server.serve_forever()
