#!/usr/bin/python3
"""Writes users.ndjson, password-hashes.ndjson and known-passwords.csv.

Run from this directory with Debian's python3-bcrypt (3.2.2):  /usr/bin/python3 generate.py
Shapes follow Auth0's documented exports (user export job, JSON format; the password-hash
export support sends on request). Generated people only.
"""
import bcrypt, csv, json, random

rng = random.Random(20260105)
FIRST = ["amy", "ben", "carla", "dev", "elena", "farid", "grace", "hugo", "ines", "jon", "kemal",
         "lena", "marco", "nadia", "omar", "pia", "quinn", "rosa", "sam", "tomas", "uma", "vik",
         "wen", "xavi", "yara", "zoe"]
LAST = ["walker", "okafor", "silva", "patel", "novak", "haddad", "kim", "moreau", "costa", "berg"]


def oid(i):
    # ObjectId: 4-byte seconds, then 8 bytes; ordered like Auth0's
    return "%08x%016x" % (1600000000 + i * 86400, rng.getrandbits(64))


def iso(day, sec=0):
    return "2021-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
        1 + day // 28 % 12, 1 + day % 28, sec % 24, sec % 60, (sec * 7) % 60, (sec * 37) % 1000)


def bhash(pw):
    # Auth0 database connections store bcrypt $2b$ cost 10
    return bcrypt.hashpw(pw.encode("utf-8"), bcrypt.gensalt(10, prefix=b"2b")).decode()


users, hashes, known = [], [], []
pool = [bhash("bulk-password-%d" % i) for i in range(4)]
DB = "Username-Password-Authentication"
known_pw = ["Correct-Horse-7", "s3cret passphrase", "Ünïcödé-Pässwörd", "🔑key-ring-42",
            "quote\"and,comma", "trailing space ", "x" * 80, "short1A", "Tr0ub4dor&3",
            "correct horse battery staple"]

for i in range(40):
    f, l = FIRST[i % len(FIRST)], LAST[i % len(LAST)]
    email = "%s.%s%d@example.com" % (f, l, i)
    u = {"created_at": iso(i, i), "updated_at": iso(i + 30, i), "logins_count": rng.randint(0, 90),
         "name": "%s %s" % (f.title(), l.title())}
    kind = "db"
    if i in (5, 17, 29):
        kind = "google"
    elif i in (8, 21):
        kind = "sms"
    if kind == "db":
        o = oid(i)
        custom = i == 12  # created with a custom id through the Management API: alt_id in hashes
        local = "legacy-%d" % i if custom else o
        u["user_id"] = "auth0|" + local
        u["email"] = email.upper() if i == 3 else email
        u["email_verified"] = i % 6 != 4
        u["identities"] = [{"connection": DB, "provider": "auth0", "user_id": local, "isSocial": False}]
        if i % 9 == 2:
            u["username"] = "%s_%s" % (f, l)
        if i % 11 == 0:
            u["phone_number"] = "+4420794601%02d" % i
            u["phone_verified"] = False
        k = len(known)
        pw = known_pw[k] if k < len(known_pw) and i % 3 == 0 else None
        h = bhash(pw) if pw else pool[i % len(pool)]
        row = {"_id": {"$oid": o}, "email_verified": u["email_verified"], "email": email,
               "passwordHash": h, "password_set_date": {"$date": iso(i, i + 1)},
               "tenant": "gatehouse-sample", "connection": DB, "_tmp_is_unique": True}
        if custom:
            row["alt_id"] = local
        hashes.append(row)
        if pw:
            known.append((u["email"], pw, u["user_id"]))
    elif kind == "google":
        gid = "1%020d" % rng.getrandbits(60)
        u["user_id"] = "google-oauth2|" + gid
        # i == 17 is the same person as the database user 16 (same mailbox, verified both)
        u["email"] = "%s.%s%d@example.com" % (FIRST[16 % 26], LAST[16 % 10], 16) if i == 17 else email
        u["email_verified"] = True
        u["identities"] = [{"connection": "google-oauth2", "provider": "google-oauth2",
                            "user_id": gid, "isSocial": True}]
    else:
        o = oid(i)
        u["user_id"] = "sms|" + o
        u["phone_number"] = "+1415555%04d" % (100 + i)
        u["phone_verified"] = True
        u["identities"] = [{"connection": "sms", "provider": "sms", "user_id": o, "isSocial": False}]
    if i % 7 != 6:
        u["last_login"] = iso(i + 40, i + 3)
    if i in (9, 22, 33):
        u["blocked"] = True
    users.append(u)

# a deleted user: still in the hash export, no longer in the user export
hashes.append({"_id": {"$oid": oid(99)}, "email_verified": True, "email": "gone@example.com",
               "passwordHash": pool[0], "password_set_date": {"$date": iso(3)},
               "tenant": "gatehouse-sample", "connection": DB, "_tmp_is_unique": True})
rng.shuffle(hashes)  # the hash export is in no particular order

with open("users.ndjson", "w", encoding="utf-8") as out:
    for u in users:
        out.write(json.dumps(u, ensure_ascii=False, separators=(",", ":")) + "\n")
with open("password-hashes.ndjson", "w", encoding="utf-8") as out:
    for h in hashes:
        out.write(json.dumps(h, ensure_ascii=False, separators=(",", ":")) + "\n")
with open("known-passwords.csv", "w", encoding="utf-8", newline="") as out:
    w = csv.writer(out, quoting=csv.QUOTE_ALL)
    w.writerow(["login", "password", "user_id"])
    for row in known:
        w.writerow(row)
