"""The legacy side of the cut-over walk, one command per call; answers one JSON line.

  migrate                              Django's own migrations create its tables
  create USERNAME EMAIL PASSWORD PHONE a user with a default profile, as jb-drf-auth's sign-up makes one
  create-without-profile USERNAME EMAIL PASSWORD   a user its login cannot sign in (no default profile)
  signin USERNAME PASSWORD             the login view (simplejwt's, with the default profile's id)
  check USERNAME PASSWORD              authenticate() and the login view, with the user's email,
                                       phone and default profiles
  refresh TOKEN                        simplejwt's refresh view, with the username its new access
                                       token authenticates
  change USERNAME FIELD VALUE          the user changes a field as the application does:
                                       password (set_password), email, phone, is_active (0/1)
  create-verified USERNAME EMAIL PASSWORD   a verified user with a default profile, as a confirmed
                                       jb-drf-auth sign-up
  row EMAIL [PASSWORD]                 the user's row: id, username, activity, default profiles, and
                                       whether the password is theirs
  mail EMAIL                           the body of the last mail Django sent to the address
  http                                 answers HTTP (legacyapp/urls.py) from now on, beside the
                                       commands, on a port of loopback it answers
  serve                                the commands above, one per line of stdin (a JSON array of
                                       its arguments), each answered by one JSON line
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legacyapp.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import authenticate, get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import Profile  # noqa: E402
from rest_framework_simplejwt.authentication import JWTAuthentication  # noqa: E402


def token_view(username, password):
    # A failing view answers 500 as the server would, instead of raising into the walk.
    response = Client(raise_request_exception=False).post(
        "/api/token/",
        {"username": username, "password": password},
        content_type="application/json",
    )
    return response.status_code, (response.json() if response.status_code == 200 else None)


def main(argv):
    command = argv[0]
    if command == "migrate":
        call_command("migrate", verbosity=0, interactive=False)
        return {"migrated": True}
    if command == "http":
        return {"port": http()}
    if command == "mail":
        from django.core import mail

        sent = [m for m in getattr(mail, "outbox", []) if argv[1] in m.to]
        return {"body": sent[-1].body if sent else None}
    if command == "create-verified":
        user = get_user_model().objects.create_user(argv[1], argv[2], argv[3], is_verified=True)
        Profile.objects.create(user=user, is_default=True)
        return {"id": user.pk}
    if command == "row":
        row = get_user_model().objects.filter(email__iexact=argv[1]).first()
        if row is None:
            return {"id": None}
        return {
            "id": row.pk,
            "username": row.username,
            "email": row.email,
            "active": row.is_active,
            "default_profiles": row.profiles.filter(is_default=True).count(),
            "first_name": getattr(row.profiles.filter(is_default=True).first(), "first_name", None),
            "password_ok": row.check_password(argv[2]) if len(argv) > 2 else None,
        }
    if command == "profile":
        user = get_user_model().objects.filter(email__iexact=argv[1]).first()
        profile = user.profiles.get(is_default=True, deleted=None)
        profile.first_name = argv[2]
        profile.save()
        return {"id": profile.pk}
    if command in ("create", "create-without-profile"):
        phone = argv[4] if len(argv) > 4 else None
        user = get_user_model().objects.create_user(argv[1], argv[2], argv[3], phone=phone)
        if command == "create":
            Profile.objects.create(user=user, is_default=True)
        return {"id": user.pk}
    if command == "signin":
        status, pair = token_view(argv[1], argv[2])
        return {"status": status, "refresh": pair and pair["refresh"], "access": pair and pair["access"]}
    if command == "check":
        user = authenticate(username=argv[1], password=argv[2])
        status, _ = token_view(argv[1], argv[2])
        row = get_user_model().objects.filter(username=argv[1]).first()
        return {
            "authenticated": user is not None,
            "token_view": status,
            "email": row.email if row else None,
            "phone": row.phone if row else None,
            "active": row.is_active if row else None,
            "default_profiles": row.profiles.filter(is_default=True).count() if row else 0,
        }
    if command == "change":
        user = get_user_model().objects.get(username=argv[1])
        if argv[2] == "password":
            user.set_password(argv[3])
        elif argv[2] == "is_active":
            user.is_active = argv[3] == "1"
        else:
            setattr(user, argv[2], argv[3])
        user.save()
        return {"id": user.pk}
    if command == "refresh":
        response = Client(raise_request_exception=False).post(
            "/api/token/refresh/", {"refresh": argv[1]}, content_type="application/json"
        )
        if response.status_code != 200:
            return {"status": response.status_code, "refresh": None, "username": None}
        pair = response.json()
        user = JWTAuthentication().get_user(JWTAuthentication().get_validated_token(pair["access"]))
        return {"status": 200, "refresh": pair.get("refresh"), "username": user.username}
    raise SystemExit("unknown command " + command)


def http():
    # A threaded WSGI server in this process: Django's connections are per thread, so each request
    # has its own, and each command on stdin sees what the requests committed.
    import threading
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=Server, handler_class=Quiet
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_port


def serve():
    # One Django for the whole walk: each line of stdin is a command's arguments as a JSON array,
    # answered by one JSON line. Autocommit, as Django's default: each command sees what the other
    # side committed before it.
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(main(json.loads(line))), flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:
        serve()
    else:
        print(json.dumps(main(sys.argv[1:])))
