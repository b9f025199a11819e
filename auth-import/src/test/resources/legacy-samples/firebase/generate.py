#!/usr/bin/python3
"""Writes users.json (the shape of `firebase auth:export users.json --format=json`),
hash-config.json (the project's password hash parameters, as the console shows them) and
known-passwords.csv.

Run from this directory: /usr/bin/python3 generate.py, with Debian bookworm's python3 3.11
(hashlib.scrypt, OpenSSL) and python3-cryptography 38 (AES-256-CTR). Firebase's modified scrypt,
as Firebase publishes it: key = scrypt(password, salt + salt_separator, N = 2^mem_cost,
r = rounds, p = 1, 32 bytes); hash = AES-256-CTR(key, IV 0) applied to the signer key.
`check_published_vector()` reproduces the example of Firebase's own scrypt README first.
Generated people only; the signer key is made up for these tests.
"""
import base64, csv, hashlib, json, random
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

rng = random.Random(20260108)


def firebase_scrypt(password, salt, signer_key, salt_separator, rounds, mem_cost):
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt + salt_separator, n=2 ** mem_cost,
                         r=rounds, p=1, dklen=32, maxmem=256 * 1024 * 1024)
    enc = Cipher(algorithms.AES(key), modes.CTR(b"\0" * 16)).encryptor()
    return enc.update(signer_key) + enc.finalize()


def check_published_vector():
    h = firebase_scrypt(
        "user1password", base64.b64decode("42xEC+ixf3L2lw=="),
        base64.b64decode("jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA=="),
        base64.b64decode("Bw=="), 8, 14)
    assert base64.b64encode(h).decode() == (
        "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ=="), h


check_published_vector()
signer = bytes(rng.getrandbits(8) for _ in range(64))
separator = base64.b64decode("Bw==")
ROUNDS, MEM = 8, 14
config = {"algorithm": "SCRYPT", "base64_signer_key": base64.b64encode(signer).decode(),
          "base64_salt_separator": "Bw==", "rounds": ROUNDS, "mem_cost": MEM}
NAMES = ["ada", "bo", "cyrus", "dina", "eli", "fenna", "gael", "hedda", "ilan", "juno", "kai",
         "lior", "mina", "noor", "otto", "priya", "quim", "rhea", "sven", "tali", "ugo", "vera"]
known_pw = ["firebase-Pass1", "日本語のパスワード", "sp ace s", "🔥hot🔥", "Comma,\"Quote\"", "abc12345"]
users, known = [], []
bulk = None
for i in range(22):
    n = NAMES[i]
    local = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                    for _ in range(28))
    created = 1609459200000 + i * 86400000 + i * 777
    u = {"localId": local, "email": "%s%d@example.io" % (n, i), "emailVerified": i % 5 != 2,
         "displayName": n.title(), "lastSignedInAt": str(created + 3600000 * (i + 1)),
         "createdAt": str(created), "disabled": i in (7, 14)}
    kind = "password"
    if i in (3, 12):
        kind = "phone"
    elif i in (8, 18):
        kind = "google"
    elif i == 20:
        kind = "anonymous"
    elif i == 21:
        kind = "other-algorithm"
    if kind == "password":
        pw = known_pw[len(known)] if len(known) < len(known_pw) and i % 2 == 0 else None
        salt = bytes(rng.getrandbits(8) for _ in range(12))
        h = firebase_scrypt(pw or "bulk-password", salt, signer, separator, ROUNDS, MEM)
        u["passwordHash"] = base64.b64encode(h).decode()
        u["salt"] = base64.b64encode(salt).decode()
        u["providerUserInfo"] = [{"providerId": "password", "email": u["email"],
                                  "federatedId": u["email"], "rawId": u["email"]}]
        if pw:
            known.append((u["email"], pw, local))
    elif kind == "phone":
        del u["email"], u["emailVerified"]
        u["phoneNumber"] = "+1650555%04d" % (1000 + i)
        u["providerUserInfo"] = [{"providerId": "phone", "phoneNumber": u["phoneNumber"],
                                  "rawId": u["phoneNumber"]}]
    elif kind == "google":
        gid = str(100000000000000000000 + rng.getrandbits(60))
        u["emailVerified"] = True
        u["providerUserInfo"] = [{"providerId": "google.com", "rawId": gid, "email": u["email"],
                                  "federatedId": gid, "displayName": n.title()}]
    elif kind == "anonymous":
        del u["email"], u["emailVerified"], u["displayName"]
        u["providerUserInfo"] = []
    else:  # imported into Firebase with another algorithm: the export shows no hash
        u["passwordHash"] = ""
        u["salt"] = ""
        u["providerUserInfo"] = [{"providerId": "password", "email": u["email"],
                                  "federatedId": u["email"], "rawId": u["email"]}]
    if i == 10:
        u["phoneNumber"] = "+447700900%03d" % i  # Ofcom drama range: not a valid number
    users.append(u)

with open("users.json", "w", encoding="utf-8") as out:
    json.dump({"users": users}, out, ensure_ascii=False, indent=2)
    out.write("\n")
with open("hash-config.json", "w", encoding="utf-8") as out:
    json.dump(config, out, indent=2)
    out.write("\n")
with open("known-passwords.csv", "w", encoding="utf-8", newline="") as out:
    w = csv.writer(out, quoting=csv.QUOTE_ALL)
    w.writerow(["login", "password", "user_id"])
    for row in known:
        w.writerow(row)
