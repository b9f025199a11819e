# Makes simplejwt-tokens.jsonl with djangorestframework-simplejwt itself (Debian's
# python3-djangorestframework-simplejwt 5.2.2, Django 3.2): one line per case, each token pair made
# by RefreshToken.for_user under the case's settings. Run once per case, as
#   /usr/bin/python3 simplejwt-tokens.py SECRET_KEY SIGNING_KEY_OR_EMPTY ALGORITHM USER_ID
# (the JSON printed gets the case's name and inputs added before it is appended to the file).
import json
import sys
from datetime import timedelta

import django
from django.conf import settings


def configure(secret, signing_key, algorithm):
    jwt = {
        "ALGORITHM": algorithm,
        "ACCESS_TOKEN_LIFETIME": timedelta(minutes=5),
        "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    }
    if signing_key:
        jwt["SIGNING_KEY"] = signing_key
    settings.configure(
        SECRET_KEY=secret,
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
        SIMPLE_JWT=jwt,
        USE_TZ=True,
    )
    django.setup()


class User:
    def __init__(self, pk):
        self.id = pk
        self.pk = pk


if __name__ == "__main__":
    secret, signing, alg, uid = sys.argv[1], sys.argv[2] or None, sys.argv[3], sys.argv[4]
    configure(secret, signing, alg)
    from rest_framework_simplejwt.tokens import RefreshToken

    r = RefreshToken.for_user(User(int(uid) if uid.isdigit() else uid))
    print(json.dumps({
        "refresh": str(r),
        "access": str(r.access_token),
        "jti": r["jti"],
        "iat": r["iat"],
        "exp": r["exp"],
        "access_exp": r.access_token["exp"],
    }))
