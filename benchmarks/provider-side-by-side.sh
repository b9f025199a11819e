#!/usr/bin/env bash
# Gatehouse and Keycloak 26.4.5 side by side as the OpenID provider of a relying party (issue 77):
# the full sign-in (authorize, the login form with a password, the code's exchange), a signed-in
# browser's authorize and exchange, userinfo and the refresh grant, per second, with the ratio
# GH/KC (dev.gatehouse.bench.ProviderSideBySide). The same Keycloak, servers, PostgreSQL, JDK,
# users, Argon2id parameters, concurrency and alternating launches as keycloak-side-by-side.sh,
# which this runs with another load generator; every SBS_* knob described there applies (SBS_ALG
# defaults to RS256 here; SBS_EMBEDDED has no effect). Writes
# benchmarks/target/provider-side-by-side/<alg>/report.md.
#
#   benchmarks/provider-side-by-side.sh [quick|full]
set -euo pipefail
cd "$(dirname "$0")"
SBS_MAIN_CLASS=dev.gatehouse.bench.ProviderSideBySide \
  SBS_LOG_ROOT=benchmarks/target/provider-side-by-side \
  SBS_ALG="${SBS_ALG:-RS256}" \
  exec ./keycloak-side-by-side.sh "$@"
