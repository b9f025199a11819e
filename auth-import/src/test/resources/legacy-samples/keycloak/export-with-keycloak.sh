#!/usr/bin/env bash
# Makes realm-export-keycloak-26.json and known-passwords-keycloak-26.csv with a real Keycloak:
# starts it in dev mode (dev-file database), creates the realm `shop` and its users through the
# admin CLI, stops it and exports the realm with `kc.sh export`.
#
#   curl -LO https://repo.maven.apache.org/maven2/org/keycloak/keycloak-quarkus-dist/26.4.5/keycloak-quarkus-dist-26.4.5.zip
#   unzip keycloak-quarkus-dist-26.4.5.zip
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./export-with-keycloak.sh "$PWD/keycloak-26.4.5"
#
# Needs curl and jq. Run it on a fresh unzip: the realm must not exist yet.
set -euo pipefail

KC_HOME=${1:?usage: export-with-keycloak.sh KEYCLOAK_HOME}
OUT=$(cd "$(dirname "$0")" && pwd)
PORT=18080
export KC_BOOTSTRAP_ADMIN_USERNAME=admin
export KC_BOOTSTRAP_ADMIN_PASSWORD=admin-only-for-this-export
KCADM="$KC_HOME/bin/kcadm.sh"

"$KC_HOME/bin/kc.sh" start-dev --http-port "$PORT" >"$KC_HOME/start-dev.log" 2>&1 &
KC_PID=$!
trap 'kill "$KC_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -sf "http://localhost:$PORT/realms/master" >/dev/null && break
  sleep 1
done

"$KCADM" config credentials --server "http://localhost:$PORT" --realm master \
  --user "$KC_BOOTSTRAP_ADMIN_USERNAME" --password "$KC_BOOTSTRAP_ADMIN_PASSWORD"

"$KCADM" create realms -s realm=shop -s enabled=true \
  -s internationalizationEnabled=true -s 'supportedLocales=["en","de"]' -s defaultLocale=en
# Keycloak 24+ drops attributes its user profile does not declare unless unmanaged attributes
# are enabled: phoneNumber and phoneNumberVerified are not declared.
"$KCADM" get users/profile -r shop | jq '. + {unmanagedAttributePolicy: "ENABLED"}' \
  >"$KC_HOME/profile.json"
"$KCADM" update users/profile -r shop -f "$KC_HOME/profile.json"

# user: username, email ('' for none), emailVerified, enabled, first, last, [extra -s args...]
user() {
  local username=$1 email=$2 verified=$3 enabled=$4 first=$5 last=$6
  shift 6
  local args=(-r shop -s "username=$username" -s "emailVerified=$verified" -s "enabled=$enabled"
    -s "firstName=$first" -s "lastName=$last")
  [ -n "$email" ] && args+=(-s "email=$email")
  "$KCADM" create users "${args[@]}" "$@"
}
password() { # username, password, [--temporary]
  "$KCADM" set-password -r shop --username "$1" --new-password "$2" "${@:3}"
}
policy() {
  "$KCADM" update realms/shop -s "passwordPolicy=$1"
}

# Default policy: Keycloak 26 hashes with argon2.
user alice.weber alice.weber@example.org true true Alice Weber \
  -s 'attributes.phoneNumber=["+49 30 1234567"]' -s 'attributes.phoneNumberVerified=["true"]' \
  -s 'attributes.locale=["de"]'
password alice.weber 'Correct Horse Battery Staple'
user bruno.costa bruno.costa@example.org false true Bruno Costa
password bruno.costa 'pässwört mit ümlaut'
user frank.disabled frank.disabled@example.org true false Frank Disabled
password frank.disabled 'disabled-but-known-1'
user grace.temporary grace.temporary@example.org true true Grace Temporary
password grace.temporary 'Temporary-Admin-Set-1' --temporary
user heidi.unverified heidi.unverified@example.org false true Heidi Unverified \
  -s 'requiredActions=["VERIFY_EMAIL"]'
password heidi.unverified 'verify me please 2'
user ivan.nopassword ivan.nopassword@example.org true true Ivan Nopassword
user judy.noemail '' false true Judy Noemail -s 'attributes.locale=["en"]'
password judy.noemail '🔒lock-and-key'

policy 'hashAlgorithm(pbkdf2-sha512)'
user carol.sha512 carol.sha512@example.org true true Carol Sha512 \
  -s 'attributes.phoneNumber=["+1 415 555 0134"]'
password carol.sha512 'Keycl0ak-rocks'

policy 'hashAlgorithm(pbkdf2-sha256)'
user dave.sha256 dave.sha256@example.org true true Dave Sha256
password dave.sha256 'admin admin admin'

policy 'hashAlgorithm(pbkdf2)'
user erin.sha1 erin.sha1@example.org true true Erin Sha1
password erin.sha1 'short'

# Meant to clear the policy; kcadm sends no change for an empty value, so the export still shows
# hashAlgorithm(pbkdf2) as the realm's policy. Harmless: each credential names its own algorithm.
policy ''

kill "$KC_PID"
wait "$KC_PID" || true
trap - EXIT

"$KC_HOME/bin/kc.sh" export --realm shop --users same_file \
  --file "$OUT/realm-export-keycloak-26.json" >"$KC_HOME/export.log" 2>&1

# The known passwords, with the ids Keycloak gave the users.
{
  echo '"login","password","user_id","scheme"'
  while IFS='|' read -r login username pass scheme; do
    id=$(jq -r --arg u "$username" '.users[] | select(.username == $u) | .id' \
      "$OUT/realm-export-keycloak-26.json")
    printf '"%s","%s","%s","%s"\n' "$login" "$pass" "$id" "$scheme"
  done <<'EOF'
alice.weber|alice.weber|Correct Horse Battery Staple|argon2 (Keycloak 26 default)
bruno.costa@example.org|bruno.costa|pässwört mit ümlaut|argon2 (Keycloak 26 default)
frank.disabled|frank.disabled|disabled-but-known-1|argon2, disabled user
heidi.unverified@example.org|heidi.unverified|verify me please 2|argon2, VERIFY_EMAIL pending
judy.noemail|judy.noemail|🔒lock-and-key|argon2, no email
carol.sha512@example.org|carol.sha512|Keycl0ak-rocks|pbkdf2-sha512 (hashAlgorithm policy)
dave.sha256|dave.sha256|admin admin admin|pbkdf2-sha256 (hashAlgorithm policy)
erin.sha1|erin.sha1|short|pbkdf2 (SHA-1, hashAlgorithm policy)
EOF
} >"$OUT/known-passwords-keycloak-26.csv"
