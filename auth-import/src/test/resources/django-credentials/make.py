# Makes credentials.sqlite3 and credentials.jsonl with Django 3.2, djangorestframework's authtoken
# app and djangorestframework-simplejwt's token_blacklist app themselves (Debian's python3-django,
# python3-djangorestframework, python3-djangorestframework-simplejwt): the tables a Django project
# keeps its clients' credentials in, for tests of reading them during a cut-over. Users 7 and 12
# (the Django sample's user 7 is mrivera@example.org) each get a DRF Token; user 7 gets two
# simplejwt refresh tokens, the second of them blacklisted (as simplejwt's logout view does). Django
# sessions are made by django.contrib.auth.login itself: user 7's, user 12's made before a password
# change (so Django no longer accepts it), and an anonymous one.
# Run as: /usr/bin/python3 make.py   (in this directory; it replaces both files)
import json
import os
from datetime import timedelta

import django
from django.conf import settings

SECRET_KEY = "django-insecure-3x4mple-s3cret-k3y-f0r-gatehouse-tests"

if os.path.exists("credentials.sqlite3"):
    os.remove("credentials.sqlite3")
settings.configure(
    SECRET_KEY=SECRET_KEY,
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "django.contrib.sessions",
        "rest_framework",
        "rest_framework.authtoken",
        "rest_framework_simplejwt.token_blacklist",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "credentials.sqlite3"}},
    SIMPLE_JWT={"REFRESH_TOKEN_LIFETIME": timedelta(days=1)},
    USE_TZ=True,
)
django.setup()

from django.contrib.auth import login  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.core.management import call_command  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

call_command("migrate", verbosity=0)
out = []
for pk in (7, 12):
    user = User.objects.create(id=pk, username="user%d" % pk)
    user.set_password("password-of-%d" % pk)
    user.save()
    token = Token.objects.create(user=user)
    out.append({"name": "drf_token_%d" % pk, "user_id": pk, "key": token.key})
seven = User.objects.get(id=7)
kept = RefreshToken.for_user(seven)
revoked = RefreshToken.for_user(seven)
revoked.blacklist()
for name, r in (("refresh_kept", kept), ("refresh_blacklisted", revoked)):
    out.append({
        "name": name,
        "user_id": 7,
        "refresh": str(r),
        "jti": r["jti"],
        "iat": r["iat"],
        "exp": r["exp"],
    })


def signed_in(user):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    return request.session


s7 = signed_in(seven)
out.append({"name": "session_7", "user_id": 7, "session_key": s7.session_key,
            "expire_date": s7.get_expiry_date().isoformat()})
twelve = User.objects.get(id=12)
s12 = signed_in(twelve)
twelve.set_password("changed-after-the-session")
twelve.save()
out.append({"name": "session_12_password_changed", "user_id": 12, "session_key": s12.session_key,
            "expire_date": s12.get_expiry_date().isoformat()})
anonymous = SessionStore()
anonymous["cart"] = [1, 2]
anonymous.save()
out.append({"name": "session_anonymous", "session_key": anonymous.session_key,
            "expire_date": anonymous.get_expiry_date().isoformat()})
with open("credentials.jsonl", "w") as f:
    for line in out:
        f.write(json.dumps(line) + "\n")
