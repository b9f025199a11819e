#!/usr/bin/python3
"""Makes legacy-hashes.jsonl with real reference implementations (see README.md in this folder).

Run once on Debian 12 with: apt-get install whois slapd python3-passlib python3-bcrypt
python3-argon2 python3-cryptography php-cli openssl; then
/usr/bin/python3 generate-legacy-hashes.py > legacy-hashes.jsonl
Every row records the tool that made it. The output is committed; CI never runs this script.
"""
import base64
import crypt
import hashlib
import hmac
import json
import os
import struct
import subprocess
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from passlib import hash as ph
import passlib
import argon2.low_level

rows = []


def row(fmt, source, password, wrong, stored, note=""):
    rows.append({"format": fmt, "source": source, "password": password, "wrong": wrong,
                 "hash": stored, "note": note})


def run(*args, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True, text=True, check=True).stdout.strip()


OPENSSL = "OpenSSL " + run("openssl", "version").split()[1]
MKPASSWD = "mkpasswd (whois " + run("dpkg-query", "-W", "-f=${Version}", "whois") + ", libxcrypt)"
SLAPD = "slappasswd (slapd " + run("dpkg-query", "-W", "-f=${Version}", "slapd") + ")"
PASSLIB = "passlib " + passlib.__version__
PHP = "PHP " + run("php", "-r", "echo PHP_VERSION;")
PY = "Python %d.%d hashlib" % sys.version_info[:2]

# ---- crypt family ----------------------------------------------------------------------------
for pw, wrong in [("Pass-md5crypt", "Pass-md5cryptx"), ("pässwörd 🔑", "passwörd 🔑")]:
    row("md5_crypt", OPENSSL + " passwd -1", pw, wrong, run("openssl", "passwd", "-1", "-stdin", stdin=pw))
    row("apr1", OPENSSL + " passwd -apr1", pw, wrong, run("openssl", "passwd", "-apr1", "-stdin", stdin=pw))
    row("sha256_crypt", OPENSSL + " passwd -5", pw, wrong, run("openssl", "passwd", "-5", "-stdin", stdin=pw))
row("md5_crypt", MKPASSWD + " -m md5crypt", "Pass-mk-md5", "Pass-mk-md6",
    run("mkpasswd", "-m", "md5crypt", "-s", stdin="Pass-mk-md5"))
row("sha256_crypt", MKPASSWD + " -m sha256crypt -R 12000", "Pass-mk-sha256", "Pass-mk-sha257",
    run("mkpasswd", "-m", "sha256crypt", "-R", "12000", "-s", stdin="Pass-mk-sha256"))
row("sha256_crypt", PASSLIB + " sha256_crypt rounds=1000", "Pass-pl-sha256", "Pass-pl-sha257",
    ph.sha256_crypt.using(rounds=1000).hash("Pass-pl-sha256"))
row("des_crypt", MKPASSWD + " -m descrypt", "Des-pw01", "Des-pw02",
    run("mkpasswd", "-m", "descrypt", "-s", stdin="Des-pw01"))
row("des_crypt", PASSLIB + " des_crypt", "Des-long-password", "Des-lonG-password",
    ph.des_crypt.hash("Des-long-password"), "only the first 8 characters count: Des-longXYZ would match too")
row("bsdi_crypt", MKPASSWD + " -m bsdicrypt", "Bsdi-password-long", "Bsdi-password-lonG",
    run("mkpasswd", "-m", "bsdicrypt", "-s", stdin="Bsdi-password-long"))
row("bsdi_crypt", PASSLIB + " bsdi_crypt rounds=5001", "Bsdi-pw", "Bsdi-pX",
    ph.bsdi_crypt.using(rounds=5001).hash("Bsdi-pw"))
salt = ph.des_crypt.hash("x")[:2]
row("django-crypt", PY + " crypt.crypt (libxcrypt) as Django's CryptPasswordHasher encodes: crypt$$<crypt(password, 2-char salt)>",
    "Django-crypt", "Djangx-crypt", "crypt$$" + crypt.crypt("Django-crypt", salt))
row("django-crypt", PASSLIB + " django_des_crypt", "Django-c2", "Djangx-c2",
    ph.django_des_crypt.hash("Django-c2"))

# ---- LDAP --------------------------------------------------------------------------------------
for scheme in ["{SSHA}", "{SHA}", "{SMD5}", "{MD5}"]:
    pw = "Ldap-" + scheme.strip("{}").lower()
    row("ldap-" + scheme.strip("{}").lower(), SLAPD + " -h " + scheme, pw, pw + "x",
        run("slappasswd", "-h", scheme, "-s", pw))
row("ldap-crypt", SLAPD + " -h {CRYPT} -c '$1$%.8s'", "Ldap-crypt-md5", "Ldap-crypt-md6",
    run("slappasswd", "-h", "{CRYPT}", "-c", "$1$%.8s", "-s", "Ldap-crypt-md5"))
row("ldap-crypt", SLAPD + " -h {CRYPT} -c '$5$%.16s'", "Ldap-crypt-sha256", "Ldap-crypt-sha257",
    run("slappasswd", "-h", "{CRYPT}", "-c", "$5$%.16s", "-s", "Ldap-crypt-sha256"))
row("ldap-crypt", PASSLIB + " ldap_des_crypt", "Ldapdes1", "Ldapdes2", ph.ldap_des_crypt.hash("Ldapdes1"))
row("ldap-ssha256", PASSLIB + " ldap_salted_sha256", "Ldap-ssha256 é", "Ldap-ssha256 e",
    ph.ldap_salted_sha256.hash("Ldap-ssha256 é"))
row("ldap-ssha512", PASSLIB + " ldap_salted_sha512", "Ldap-ssha512", "Ldap-ssha513",
    ph.ldap_salted_sha512.hash("Ldap-ssha512"))
row("ldap-ssha", PASSLIB + " ldap_salted_sha1 salt_size=16", "Ldap-ssha-16", "Ldap-ssha-17",
    ph.ldap_salted_sha1.using(salt_size=16).hash("Ldap-ssha-16"))

# ---- raw unsalted hex digests (need password.allow-unsalted-digests) ---------------------------
row("raw-md5", "coreutils md5sum", "Raw-md5", "Raw-md6", run("md5sum", stdin="Raw-md5").split()[0],
    "bare lowercase 32 hex is also Django's UnsaltedMD5PasswordHasher, verified by default")
row("raw-md5-upper", "coreutils md5sum | tr a-f A-F", "Raw-MD5", "Raw-MD6",
    run("md5sum", stdin="Raw-MD5").split()[0].upper())
row("raw-sha1", "coreutils sha1sum", "Raw-sha1", "Raw-sha2", run("sha1sum", stdin="Raw-sha1").split()[0])
row("raw-sha1-upper", "coreutils sha1sum | tr a-f A-F", "Raw-SHA1", "Raw-SHA2",
    run("sha1sum", stdin="Raw-SHA1").split()[0].upper())

# ---- passlib bcrypt_sha256, scrypt; Django scrypt ---------------------------------------------
long_pw = "Long-" + "x" * 80 + "-A"
row("passlib-bcrypt_sha256-v1", PASSLIB + " bcrypt_sha256 version=1 (bcrypt backend)", long_pw, long_pw[:-1] + "B",
    ph.bcrypt_sha256.using(version=1, rounds=5).hash(long_pw), "differs only after byte 72")
row("passlib-bcrypt_sha256-v1", PASSLIB + " bcrypt_sha256 version=1 ident=2a", "Bs256-old", "Bs256-olD",
    ph.bcrypt_sha256.using(version=1, ident="2a", rounds=5).hash("Bs256-old"))
row("passlib-bcrypt_sha256-v2", PASSLIB + " bcrypt_sha256 (v=2)", long_pw, long_pw[:-1] + "B",
    ph.bcrypt_sha256.using(rounds=5).hash(long_pw), "differs only after byte 72")
row("passlib-bcrypt_sha256-v2", PASSLIB + " bcrypt_sha256 (v=2)", "Bs256 ünï", "Bs256 uni",
    ph.bcrypt_sha256.using(rounds=6).hash("Bs256 ünï"))
row("passlib-scrypt", PASSLIB + " scrypt (hashlib backend) ln=14,r=8,p=1", "Scrypt-pl", "Scrypt-pX",
    ph.scrypt.using(rounds=14, block_size=8, parallelism=1).hash("Scrypt-pl"))
row("passlib-scrypt", PASSLIB + " scrypt ln=10,r=4,p=2", "Scrypt-é", "Scrypt-e",
    ph.scrypt.using(rounds=10, block_size=4, parallelism=2).hash("Scrypt-é"))
dj_salt = base64.b64encode(os.urandom(16)).decode()[:22].replace("+", "a").replace("/", "b")
dj_key = hashlib.scrypt(b"Django-scrypt", salt=dj_salt.encode(), n=2**14, r=8, p=1, maxmem=0, dklen=64)
row("django-scrypt", PY + " scrypt as Django 4.2 ScryptPasswordHasher encodes (N=2^14, r=8, p=1, 64-byte key)",
    "Django-scrypt", "Django-scrypT", "scrypt$%d$%s$%d$%d$%s" % (2**14, dj_salt, 8, 1, base64.b64encode(dj_key).decode()))

# ---- WordPress 6.8 and Drupal 7 ---------------------------------------------------------------
WP = ("$p = stream_get_contents(STDIN);"
      "echo '$wp' . password_hash(base64_encode(hash_hmac('sha384', $p, 'wp-sha384', true)), PASSWORD_BCRYPT);")
for pw, wrong in [("Wp-6.8-password", "Wp-6.8-passworD"), ("wörd 🔑 " + "y" * 80, "wörd 🔑 " + "y" * 79 + "z")]:
    row("wordpress-wp", PHP + " password_hash(PASSWORD_BCRYPT) over base64 HMAC-SHA384 key 'wp-sha384' (WordPress 6.8 wp_hash_password)",
        pw, wrong, run("php", "-r", WP, stdin=pw))
DRUPAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drupal7-password.php")
for pw, wrong in [("Drupal-7-pw", "Drupal-7-pX"), ("Drüpal 7", "Drupal 7")]:
    row("drupal7", PHP + " drupal7-password.php (Drupal 7 $S$: sha512, 2^15 rounds)", pw, wrong, run("php", DRUPAL, stdin=pw))
row("drupal7-upgraded", PHP + " drupal7-password.php U (Drupal 7 U$S$ over md5 hex of a Drupal 6 password)",
    "Drupal-6-pw", "Drupal-6-pX", run("php", DRUPAL, "U", stdin="Drupal-6-pw"))

# ---- ASP.NET Core Identity --------------------------------------------------------------------
def aspnet_v2(pw):
    s = os.urandom(16)
    return base64.b64encode(b"\x00" + s + hashlib.pbkdf2_hmac("sha1", pw.encode(), s, 1000, 32)).decode()


def aspnet_v3(pw, prf, iterations, salt_len=16):
    s = os.urandom(salt_len)
    algo = {0: "sha1", 1: "sha256", 2: "sha512"}[prf]
    key = hashlib.pbkdf2_hmac(algo, pw.encode(), s, iterations, 32)
    return base64.b64encode(b"\x01" + struct.pack(">III", prf, iterations, salt_len) + s + key).decode()


ASPNET = PY + " pbkdf2_hmac in ASP.NET Core Identity's documented PasswordHasher layout"
row("aspnet-identity-v2", ASPNET + " (v2: 0x00, salt16, PBKDF2-HMAC-SHA1 1000 iterations, 32-byte subkey)", "AspNet-v2", "AspNet-v3", aspnet_v2("AspNet-v2"))
row("aspnet-identity-v3", ASPNET + " (v3: 0x01, prf=1 HMAC-SHA256, 10000 iterations, salt16)", "AspNet-v3", "AspNet-v4", aspnet_v3("AspNet-v3", 1, 10000))
row("aspnet-identity-v3", ASPNET + " (v3: 0x01, prf=2 HMAC-SHA512, 100000 iterations, salt16; .NET 7+ default)", "AspNet-v3 ß", "AspNet-v3 ss", aspnet_v3("AspNet-v3 ß", 2, 100000))
row("aspnet-identity-v3", ASPNET + " (v3: 0x01, prf=0 HMAC-SHA1, 5000 iterations, salt24)", "AspNet-sha1", "AspNet-sha2", aspnet_v3("AspNet-sha1", 0, 5000, 24))

# ---- Keycloak ---------------------------------------------------------------------------------
def keycloak_pbkdf2(pw, algorithm, digest, iterations, key_bytes=64):
    s = os.urandom(16)
    key = hashlib.pbkdf2_hmac(digest, pw.encode(), s, iterations, key_bytes)
    secret = {"value": base64.b64encode(key).decode(), "salt": base64.b64encode(s).decode(), "additionalParameters": {}}
    data = {"hashIterations": iterations, "algorithm": algorithm, "additionalParameters": {}}
    return json.dumps(secret, separators=(",", ":")), json.dumps(data, separators=(",", ":"))


def keycloak_argon2(pw, type_, version, memory, iterations, parallelism, length):
    s = os.urandom(16)
    t = {"id": argon2.low_level.Type.ID, "i": argon2.low_level.Type.I, "d": argon2.low_level.Type.D}[type_]
    v = {"1.3": 0x13, "1.0": 0x10}[version]
    key = argon2.low_level.hash_secret_raw(pw.encode(), s, time_cost=iterations, memory_cost=memory,
                                           parallelism=parallelism, hash_len=length, type=t, version=v)
    secret = {"value": base64.b64encode(key).decode(), "salt": base64.b64encode(s).decode(), "additionalParameters": {}}
    data = {"hashIterations": iterations, "algorithm": "argon2", "additionalParameters": {
        "hashLength": [str(length)], "memory": [str(memory)], "type": [type_], "version": [version],
        "parallelism": [str(parallelism)]}}
    return json.dumps(secret, separators=(",", ":")), json.dumps(data, separators=(",", ":"))


def keycloak_row(source, pw, wrong, pair):
    rows.append({"format": "keycloak", "source": source, "password": pw, "wrong": wrong,
                 "secretData": pair[0], "credentialData": pair[1], "note": ""})


keycloak_row(PY + " pbkdf2_hmac sha256, Keycloak credential layout (27500 iterations, 64-byte key)", "Keycloak-sha256", "Keycloak-sha257",
             keycloak_pbkdf2("Keycloak-sha256", "pbkdf2-sha256", "sha256", 27500))
keycloak_row(PY + " pbkdf2_hmac sha512, Keycloak credential layout (210000 iterations)", "Keycloak-sha512 é", "Keycloak-sha512 e",
             keycloak_pbkdf2("Keycloak-sha512 é", "pbkdf2-sha512", "sha512", 210000))
keycloak_row(PY + " pbkdf2_hmac sha1, Keycloak credential layout (algorithm pbkdf2, 20000 iterations)", "Keycloak-sha1", "Keycloak-sha2",
             keycloak_pbkdf2("Keycloak-sha1", "pbkdf2", "sha1", 20000))
keycloak_row("argon2-cffi " + argon2.__version__ + " hash_secret_raw, Keycloak credential layout (argon2id v1.3 m=7168 t=5 p=1 len 32)", "Keycloak-argon2", "Keycloak-argon3",
             keycloak_argon2("Keycloak-argon2", "id", "1.3", 7168, 5, 1, 32))
keycloak_row("argon2-cffi " + argon2.__version__ + " hash_secret_raw, Keycloak credential layout (argon2i v1.0 m=4096 t=3 p=2 len 24)", "Keycloak-argon2i", "Keycloak-argon2I",
             keycloak_argon2("Keycloak-argon2i", "i", "1.0", 4096, 3, 2, 24))

# ---- Firebase modified scrypt -----------------------------------------------------------------
FIREBASE_SIGNER_KEY = "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA=="
FIREBASE_SALT_SEPARATOR = "Bw=="


def firebase(pw, salt_b64, rounds=8, mem_cost=14):
    derived = hashlib.scrypt(pw.encode(), salt=base64.b64decode(salt_b64) + base64.b64decode(FIREBASE_SALT_SEPARATOR),
                             n=2 ** mem_cost, r=rounds, p=1, maxmem=0, dklen=64)
    enc = Cipher(algorithms.AES(derived[:32]), modes.CTR(b"\x00" * 16)).encryptor()
    return base64.b64encode(enc.update(base64.b64decode(FIREBASE_SIGNER_KEY)) + enc.finalize()).decode()


published = "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ=="
assert firebase("user1password", "42xEC+ixf3L2lw==") == published, "Firebase published vector not reproduced"
row("firebase-scrypt", "Firebase's published sample (github.com/firebase/scrypt README: signer key, separator Bw==, rounds 8, mem_cost 14)",
    "user1password", "user1passwore", "$firebase-scrypt$42xEC+ixf3L2lw==$" + published)
fb_salt = base64.b64encode(os.urandom(10)).decode()
row("firebase-scrypt", PY + " scrypt + cryptography AES-256-CTR, Firebase's published algorithm (same project parameters)",
    "Fire-base é", "Fire-base e", "$firebase-scrypt$" + fb_salt + "$" + firebase("Fire-base é", fb_salt))

for r in rows:
    print(json.dumps(r, ensure_ascii=False))
