# Makes fastapi-users-tokens.jsonl with PyJWT (Debian's python3-jwt 2.6.0), the library FastAPI-Users'
# JWTStrategy signs with: its write_token encodes {"sub": str(user.id), "aud": token_audience} plus
# "exp" (now + lifetime_seconds) with the strategy's secret and algorithm (HS256 by default;
# token_audience defaults to ["fastapi-users:auth"]). Its verify and reset-password tokens are made
# the same way with the audiences "fastapi-users:verify" and "fastapi-users:reset". Here "exp" is
# given, so that a test's clock can be set before it. Run as
#   /usr/bin/python3 fastapi-users-tokens.py > fastapi-users-tokens.jsonl
import json

import jwt

USER = "0f8fad5b-d9cb-469f-a165-70867728950e"
EXP = 1795548185  # 2026-11-24T19:23:05Z

CASES = [
    ("auth", "SECRET-fastapi", "HS256", ["fastapi-users:auth"], USER),
    ("auth_hs512", "SECRET-fastapi", "HS512", ["fastapi-users:auth"], USER),
    ("reset_password", "SECRET-fastapi", "HS256", "fastapi-users:reset", USER),
    ("verify", "SECRET-fastapi", "HS256", "fastapi-users:verify", USER),
    ("other_secret", "another-secret", "HS256", ["fastapi-users:auth"], USER),
    ("unknown_user", "SECRET-fastapi", "HS256", ["fastapi-users:auth"],
     "11111111-2222-4333-8444-555555555555"),
]

for name, secret, alg, aud, sub in CASES:
    payload = {"sub": sub, "aud": aud, "exp": EXP}
    print(json.dumps({
        "name": name,
        "secret": secret,
        "algorithm": alg,
        "sub": sub,
        "exp": EXP,
        "token": jwt.encode(payload, secret, algorithm=alg),
    }))
