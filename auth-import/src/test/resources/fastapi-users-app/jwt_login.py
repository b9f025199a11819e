"""A FastAPI-Users sign-in token, made with PyJWT as its JWTStrategy makes one: "sub" the user's
id, "aud" ["fastapi-users:auth"], "exp" an hour ahead, HS256 with the strategy's secret.
Arguments: USER_ID SECRET. Prints the token."""
import sys
from datetime import datetime, timedelta, timezone

import jwt

user_id, secret = sys.argv[1], sys.argv[2]
payload = {
    "sub": user_id,
    "aud": ["fastapi-users:auth"],
    "exp": datetime.now(timezone.utc) + timedelta(seconds=3600),
}
print(jwt.encode(payload, secret, algorithm="HS256"))
