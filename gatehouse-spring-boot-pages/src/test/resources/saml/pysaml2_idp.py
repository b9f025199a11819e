"""A SAML 2.0 identity provider on pysaml2 (Debian's python3-pysaml2, signing with xmlsec1), for
the pages' browser test: a login form at its single sign-on service (HTTP-Redirect), the signed
answer posted to the service provider (HTTP-POST), unsolicited sign-ins, and single logout by the
HTTP-Redirect binding in both directions.

Usage: pysaml2_idp.py WORKDIR. Prints "listening PORT" once it serves on 127.0.0.1. Its key and
certificate are made in WORKDIR with openssl. The test registers a service provider's metadata by
POST /control/sp (the body is the metadata document).

Control routes (the test's, not SAML's):
  GET /control/unsolicited?sp=ENTITY&user=EMAIL  an IdP-initiated sign-in (no request)
  GET /control/logout?sp=ENTITY&user=EMAIL[&sign=0]  an IdP-initiated logout request
  GET /control/log  what the provider received, one line each
"""

import os
import re
import subprocess
import sys
from urllib.parse import parse_qs, urlencode
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, xmldsig
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server
from saml2.samlp import STATUS_SUCCESS

WORK = sys.argv[1]
KEY = os.path.join(WORK, "idp.key")
CERT = os.path.join(WORK, "idp.crt")
subprocess.run(
    ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
     "-subj", "/CN=pysaml2 test idp", "-keyout", KEY, "-out", CERT],
    check=True, capture_output=True)

SESSIONS = {}  # (sp entity id, email) -> session index of the last sign-in
LOG = []


def config(base):
    c = IdPConfig()
    c.load({
        "entityid": base + "/metadata",
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "key_file": KEY,
        "cert_file": CERT,
        "service": {"idp": {
            "endpoints": {
                "single_sign_on_service": [(base + "/sso/redirect", BINDING_HTTP_REDIRECT)],
                "single_logout_service": [(base + "/slo/redirect", BINDING_HTTP_REDIRECT)],
            },
            "want_authn_requests_signed": False,
            "policy": {"default": {"lifetime": {"minutes": 15},
                                   "name_form": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"}},
            "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
        }},
        "signing_algorithm": xmldsig.SIG_RSA_SHA256,
        "digest_algorithm": xmldsig.DIGEST_SHA256,
        "metadata": {},
    })
    return c


def html(body):
    return "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Test IdP</title></head>" \
           "<body>" + body + "</body></html>"


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class Idp:
    def __init__(self, base):
        self.base = base
        self.server = Server(config=config(base))

    def acs(self, sp):
        return self.server.metadata.assertion_consumer_service(sp, BINDING_HTTP_POST)[0]["location"]

    def slo(self, sp):
        return self.server.metadata.single_logout_service(sp, BINDING_HTTP_REDIRECT, "spsso")[0][
            "location"]

    def answer(self, sp, email, in_response_to, relay_state):
        """The signed response (its assertion signed), as the auto-posting form."""
        name_id = NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email)
        response = self.server.create_authn_response(
            {"mail": [email]}, in_response_to, self.acs(sp), sp, name_id=name_id,
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=True, sign_response=False,
            sign_alg=xmldsig.SIG_RSA_SHA256, digest_alg=xmldsig.DIGEST_SHA256)
        index = re.search(r'SessionIndex="([^"]+)"', str(response))
        SESSIONS[(sp, email)] = index.group(1) if index else None
        LOG.append("answered %s for %s" % (sp, email))
        return self.server.apply_binding(
            BINDING_HTTP_POST, str(response), self.acs(sp), relay_state, response=True)

    def __call__(self, environ, start):
        path = environ["PATH_INFO"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        method = environ["REQUEST_METHOD"]
        try:
            if path == "/metadata":
                return self.reply(start, 200, create_metadata_string(
                    None, self.server.config, sign=False).decode(), "application/samlmetadata+xml")
            if path == "/control/sp" and method == "POST":
                size = int(environ.get("CONTENT_LENGTH") or 0)
                self.server.metadata.load("inline", environ["wsgi.input"].read(size).decode())
                return self.reply(start, 204, "")
            if path == "/control/log":
                return self.reply(start, 200, "\n".join(LOG), "text/plain")
            if path == "/sso/redirect":
                request = self.server.parse_authn_request(query["SAMLRequest"],
                                                          BINDING_HTTP_REDIRECT)
                LOG.append("request %s from %s" % (request.message.id, request.message.issuer.text))
                return self.reply(start, 200, html(
                    "<h1>Test IdP</h1><form method='post' action='/sso/login'>"
                    "<input type='hidden' name='id' value='%s'>"
                    "<input type='hidden' name='sp' value='%s'>"
                    "<input type='hidden' name='relay' value='%s'>"
                    "<label>User <input id='user' name='user'></label>"
                    "<button id='sign-in' type='submit'>Sign in</button></form>"
                    % (esc(request.message.id), esc(request.message.issuer.text),
                       esc(query.get("RelayState", "")))))
            if path == "/sso/login" and method == "POST":
                size = int(environ.get("CONTENT_LENGTH") or 0)
                form = {k: v[0] for k, v in
                        parse_qs(environ["wsgi.input"].read(size).decode(),
                                 keep_blank_values=True).items()}
                return self.binding(start, self.answer(form["sp"], form["user"], form["id"],
                                                       form.get("relay", "")))
            if path == "/control/unsolicited":
                return self.binding(start, self.answer(query["sp"], query["user"], None, ""))
            if path == "/control/logout":
                sp, email = query["sp"], query["user"]
                sign = query.get("sign", "1") == "1"
                _, request = self.server.create_logout_request(
                    self.slo(sp), sp, name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
                    session_indexes=[SESSIONS.get((sp, email))] if SESSIONS.get((sp, email)) else None,
                    sign=False)
                LOG.append("logout request for %s signed %s" % (email, sign))
                return self.binding(start, self.server.apply_binding(
                    BINDING_HTTP_REDIRECT, str(request), self.slo(sp), "", sign=sign,
                    sigalg=xmldsig.SIG_RSA_SHA256))
            if path == "/slo/redirect" and "SAMLResponse" in query:
                response = self.server.parse_logout_request_response(
                    query["SAMLResponse"], BINDING_HTTP_REDIRECT)
                LOG.append("logout response %s" % response.response.status.status_code.value)
                return self.reply(start, 200, html("<p id='done'>Logged out at the IdP</p>"))
            if path == "/slo/redirect":
                request = self.server.parse_logout_request(query["SAMLRequest"],
                                                           BINDING_HTTP_REDIRECT)
                sp = request.message.issuer.text
                LOG.append("logout request from %s for %s" % (sp, request.message.name_id.text))
                response = self.server.create_logout_response(request.message, [BINDING_HTTP_REDIRECT],
                                                              status=None, sign=False)
                return self.binding(start, self.server.apply_binding(
                    BINDING_HTTP_REDIRECT, str(response), self.slo(sp), query.get("RelayState", ""),
                    response=True, sign=True, sigalg=xmldsig.SIG_RSA_SHA256))
            return self.reply(start, 404, "no such route", "text/plain")
        except Exception as e:  # the test reads what went wrong from the answer
            LOG.append("error %s: %r" % (path, e))
            return self.reply(start, 500, "error: %r" % (e,), "text/plain")

    @staticmethod
    def reply(start, status, body, media="text/html"):
        text = {200: "200 OK", 204: "204 No Content", 404: "404 Not Found",
                500: "500 Internal Server Error"}[status]
        start(text, [("Content-Type", media + "; charset=utf-8")])
        return [body.encode()]

    @staticmethod
    def binding(start, http):
        if http.get("method") == "GET" or any(h[0] == "Location" for h in http["headers"]):
            start("303 See Other", list(http["headers"]))
            return [b""]
        start("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [http["data"].encode()]


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Threading(ThreadingMixIn, WSGIServer):
    """A thread per connection: a socket the browser opens ahead and leaves idle blocks no other."""
    daemon_threads = True


httpd = make_server("127.0.0.1", 0, None, server_class=Threading, handler_class=Quiet)
port = httpd.server_port
httpd.set_app(Idp("http://127.0.0.1:%d" % port))
print("listening %d" % port, flush=True)
httpd.serve_forever()
