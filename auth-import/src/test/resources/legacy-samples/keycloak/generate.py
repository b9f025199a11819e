#!/usr/bin/python3
"""Writes realm-export.json (a Keycloak realm export with its users) and known-passwords.csv.

Run from this directory: /usr/bin/python3 generate.py, with Debian bookworm's python3 3.11
(hashlib.pbkdf2_hmac, OpenSSL's PBKDF2) and python3-argon2 21.1.0 (argon2-cffi over libargon2:
argon2.low_level.hash_secret_raw). Each credential is computed the way Keycloak's providers do:
PBKDF2WithHmacSHA1/256/512 over the UTF-8 password with a 16-byte random salt, key as long as the
provider's derived key size; Argon2 over the UTF-8 password with the credential's type, version,
memory, iterations, parallelism and hash length. Values and salts are standard padded base64, as
Keycloak's JSON has them. Generated people only.
"""
import base64, csv, hashlib, json, random, uuid
from argon2.low_level import Type, hash_secret_raw

rng = random.Random(20260107)
REALM = "gatehouse-sample"
NAMES = [("anna", "schmidt"), ("bilal", "khan"), ("chloe", "martin"), ("diego", "lopez"),
         ("eva", "novak"), ("felix", "wagner"), ("gita", "rao"), ("hiro", "sato"), ("iris", "meyer"),
         ("jonas", "weber"), ("kira", "ivanova"), ("liam", "murphy"), ("maja", "nowak"),
         ("nico", "rossi"), ("oskar", "lind"), ("paula", "gomez")]


def b64(b):
    return base64.b64encode(b).decode()


def uid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def salt():
    return bytes(rng.getrandbits(8) for _ in range(16))


def pbkdf2(alg, digest, iterations, key_bytes, pw):
    s = salt()
    key = hashlib.pbkdf2_hmac(digest, pw.encode("utf-8"), s, iterations, key_bytes)
    return ({"value": b64(key), "salt": b64(s), "additionalParameters": {}},
            {"hashIterations": iterations, "algorithm": alg, "additionalParameters": {}})


def argon2(pw, memory=7168, iterations=5, parallelism=1, length=32, kind="id"):
    s = salt()
    key = hash_secret_raw(pw.encode("utf-8"), s, time_cost=iterations, memory_cost=memory,
                          parallelism=parallelism, hash_len=length,
                          type={"id": Type.ID, "i": Type.I, "d": Type.D}[kind], version=19)
    return ({"value": b64(key), "salt": b64(s), "additionalParameters": {}},
            {"hashIterations": iterations, "algorithm": "argon2",
             "additionalParameters": {"hashLength": [str(length)], "memory": [str(memory)],
                                      "type": [kind], "version": ["1.3"],
                                      "parallelism": [str(parallelism)]}})


# (algorithm label, maker): Keycloak defaults over the years
SCHEMES = [
    ("pbkdf2-sha256 (Keycloak <= 21, 512-bit key)",
     lambda pw: pbkdf2("pbkdf2-sha256", "sha256", 27500, 64, pw)),
    ("pbkdf2-sha512 (Keycloak 22-23)", lambda pw: pbkdf2("pbkdf2-sha512", "sha512", 210000, 64, pw)),
    ("argon2 (Keycloak 24+)", lambda pw: argon2(pw)),
    ("pbkdf2-sha256 (256-bit key)", lambda pw: pbkdf2("pbkdf2-sha256", "sha256", 27500, 32, pw)),
    ("pbkdf2 (SHA-1, Keycloak 1.x)", lambda pw: pbkdf2("pbkdf2", "sha1", 20000, 64, pw)),
]
bulk = {i: SCHEMES[i][1]("bulk-password-%d" % i) for i in range(len(SCHEMES))}
known_pw = ["Keycl0ak-rocks", "pässwört mit ümlaut", "🔒lock-and-key", "admin admin admin",
            "Tr1cky\"quote,comma", "short", "x" * 90, "Γειά σου κόσμε"]
users, known = [], []
t0 = 1640995200000  # 2022-01-01T00:00:00Z
for i in range(32):
    first, last = NAMES[i % len(NAMES)]
    username = "%s.%s%d" % (first, last, i)
    u = {"id": uid(), "createdTimestamp": t0 + i * 86400000 + i * 1234, "username": username,
         "enabled": True, "totp": False, "emailVerified": i % 5 != 3,
         "firstName": first.title(), "lastName": last.title(),
         "email": "%s@example.org" % username, "attributes": {},
         "credentials": [], "disableableCredentialTypes": [], "requiredActions": [],
         "realmRoles": ["default-roles-" + REALM], "notBefore": 0, "groups": []}
    scheme = i % len(SCHEMES)
    pw = known_pw[len(known)] if len(known) < len(known_pw) and i % 4 == 0 else None
    if i == 20:  # a temporary password set by an admin, to be changed at next login
        pw = None
    secret, data = SCHEMES[scheme][1](pw) if pw else bulk[scheme]
    cred = {"id": uid(), "type": "password", "userLabel": None, "createdDate": u["createdTimestamp"] + 5000,
            "secretData": json.dumps(secret, separators=(",", ":")),
            "credentialData": json.dumps(data, separators=(",", ":"))}
    if cred["userLabel"] is None:
        del cred["userLabel"]
    u["credentials"].append(cred)
    if pw:
        known.append((u["email"] if i % 8 else username, pw, u["id"], SCHEMES[scheme][0]))
    if i % 6 == 1:
        u["attributes"]["phoneNumber"] = ["+49 30 %08d" % (12345600 + i)]
        u["attributes"]["phoneNumberVerified"] = ["true" if i % 12 == 1 else "false"]
    if i % 7 == 2:
        u["attributes"]["locale"] = ["de"]
    if i == 3:
        u["requiredActions"] = ["VERIFY_EMAIL"]
    if i == 20:
        u["requiredActions"] = ["UPDATE_PASSWORD"]
    if i in (6, 17):
        u["enabled"] = False
    if i == 9:  # TOTP as well as a password
        u["totp"] = True
        u["credentials"].append({"id": uid(), "type": "otp", "userLabel": "Phone",
                                 "createdDate": u["createdTimestamp"] + 9000,
                                 "secretData": "{\"value\":\"JBSWY3DPEHPK3PXP\"}",
                                 "credentialData": "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}"})
    if i == 11:  # no email at all
        del u["email"]
        u["emailVerified"] = False
    users.append(u)

# an LDAP-federated user: no local credential
users.append({"id": uid(), "createdTimestamp": t0 + 40 * 86400000, "username": "ldap.user",
              "enabled": True, "totp": False, "emailVerified": True, "email": "ldap.user@example.org",
              "federationLink": "0b3c7f2e-9d1a-4c55-9e1f-3a7a1f4a2b10", "attributes": {
                  "LDAP_ID": ["5d6c0a1e-0f0e-4e7b-8a91-3c2a7b6f9d11"]},
              "credentials": [], "disableableCredentialTypes": [], "requiredActions": [],
              "realmRoles": ["default-roles-" + REALM], "notBefore": 0, "groups": []})
# a client's service account: not a person, left out by the importer
users.append({"id": uid(), "createdTimestamp": t0 + 41 * 86400000,
              "username": "service-account-backend", "enabled": True, "totp": False,
              "emailVerified": False, "serviceAccountClientId": "backend", "credentials": [],
              "disableableCredentialTypes": [], "requiredActions": [],
              "realmRoles": ["default-roles-" + REALM], "notBefore": 0})

realm = {"id": REALM, "realm": REALM, "notBefore": 0, "enabled": True, "sslRequired": "external",
         "registrationAllowed": True, "loginWithEmailAllowed": True,
         "duplicateEmailsAllowed": False, "verifyEmail": True,
         "passwordPolicy": "length(8) and hashAlgorithm(argon2)",
         "roles": {"realm": [{"id": uid(), "name": "default-roles-" + REALM, "composite": True,
                              "clientRole": False, "containerId": REALM}]},
         "users": users,
         "clients": [{"id": uid(), "clientId": "backend", "enabled": True,
                      "serviceAccountsEnabled": True, "publicClient": False}],
         "internationalizationEnabled": True, "supportedLocales": ["en", "de"]}
with open("realm-export.json", "w", encoding="utf-8") as out:
    json.dump(realm, out, ensure_ascii=False, indent=2)
    out.write("\n")
with open("known-passwords.csv", "w", encoding="utf-8", newline="") as out:
    w = csv.writer(out, quoting=csv.QUOTE_ALL)
    w.writerow(["login", "password", "user_id", "scheme"])
    for row in known:
        w.writerow(row)
