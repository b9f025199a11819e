#!/usr/bin/python3
"""Writes users.jsonl (rows of Supabase's auth.users) and known-passwords.csv.

Run from this directory with Debian's python3-bcrypt (3.2.2):  /usr/bin/python3 generate.py
GoTrue hashes with Go's bcrypt, which writes $2a$ at cost 10; python3-bcrypt writes the same
string with prefix=b"2a". Generated people only.
"""
import bcrypt, csv, json, random, uuid

rng = random.Random(20260106)
NAMES = ["alba", "bruno", "chen", "dara", "emil", "fatima", "gus", "hana", "ivan", "jade",
         "kofi", "lucia", "mei", "nils", "olga", "pedro", "qi", "ravi", "sofia", "theo"]


def ts(day, sec=0):
    return "2022-%02d-%02dT%02d:%02d:%02d.%06dZ" % (
        1 + day // 28 % 12, 1 + day % 28, sec % 24, (sec * 3) % 60, (sec * 7) % 60,
        (sec * 104729) % 1000000)


def bhash(pw):
    return bcrypt.hashpw(pw.encode("utf-8"), bcrypt.gensalt(10, prefix=b"2a")).decode()


pool = [bhash("bulk-%d" % i) for i in range(3)]
known_pw = ["supa-Secret-1", "ümlaut päss", "emoji 🚀 launch", "tab\tinside", "12345678",
            "Quote\"Comma,", "long " * 16, "Zz9!"]
rows, known = [], []
for i in range(30):
    n = NAMES[i % len(NAMES)]
    uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    r = {"instance_id": "00000000-0000-0000-0000-000000000000", "id": uid,
         "aud": "authenticated", "role": "authenticated",
         "email": "%s%d@example.net" % (n, i), "encrypted_password": "",
         "email_confirmed_at": ts(i, i + 1), "invited_at": None,
         "last_sign_in_at": ts(i + 60, i), "raw_app_meta_data": {"provider": "email", "providers": ["email"]},
         "raw_user_meta_data": {"full_name": n.title()}, "is_super_admin": None,
         "created_at": ts(i, i), "updated_at": ts(i + 60, i), "phone": None,
         "phone_confirmed_at": None, "banned_until": None, "is_sso_user": False,
         "deleted_at": None, "is_anonymous": False}
    kind = "password"
    if i in (4, 13):
        kind = "phone-otp"
    elif i == 7:
        kind = "phone-password"
    elif i == 10:
        kind = "sso"
    elif i == 16:
        kind = "anonymous"
    elif i == 19:
        kind = "invited"
    elif i == 22:
        kind = "google"
    if kind in ("password", "phone-password"):
        pw = known_pw[len(known)] if len(known) < len(known_pw) and i % 3 != 2 else None
        r["encrypted_password"] = bhash(pw) if pw else pool[i % 3]
        if pw:
            login = r["email"]
            if kind == "phone-password":
                login = "+14155550%03d" % i
            known.append((login, pw, uid))
    if kind.startswith("phone"):
        r["phone"] = "14155550%03d" % i  # Supabase keeps E.164 digits without '+'
        r["phone_confirmed_at"] = ts(i, i + 2)
        r["raw_app_meta_data"] = {"provider": "phone", "providers": ["phone"]}
        if kind == "phone-otp":
            r["email"] = None
            r["email_confirmed_at"] = None
    if i in (11, 25):
        r["phone"] = "4420794603%02d" % i if i == 11 else "525512345%03d" % i
        r["phone_confirmed_at"] = None
    if kind == "sso":
        r["is_sso_user"] = True
        r["raw_app_meta_data"] = {"provider": "sso:6f2e", "providers": ["sso:6f2e"]}
    if kind == "anonymous":
        r.update(email=None, email_confirmed_at=None, is_anonymous=True,
                 raw_app_meta_data={"provider": "anonymous", "providers": ["anonymous"]})
    if kind == "invited":
        r.update(email_confirmed_at=None, invited_at=ts(i, i), last_sign_in_at=None)
    if kind == "google":
        r["raw_app_meta_data"] = {"provider": "google", "providers": ["google"]}
    if i in (2, 20):  # signed up, never confirmed the email
        r.update(email_confirmed_at=None, last_sign_in_at=None)
    if i == 5:
        r["banned_until"] = "2124-01-01T00:00:00Z"  # 'ban_duration: 876000h'
    if i == 8:
        r["banned_until"] = "2023-06-01T00:00:00Z"  # a ban that has run out
    if i in (14, 26):
        r["deleted_at"] = ts(i + 90, i)  # soft-deleted (delete_user with should_soft_delete)
    rows.append(r)

with open("users.jsonl", "w", encoding="utf-8") as out:
    for r in rows:
        out.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
with open("known-passwords.csv", "w", encoding="utf-8", newline="") as out:
    w = csv.writer(out, quoting=csv.QUOTE_ALL)
    w.writerow(["login", "password", "user_id"])
    for row in known:
        w.writerow(row)
