#!/usr/bin/env bash
# Installs Debian's PostgreSQL server (initdb, pg_ctl) when it is missing, for the tests that run on PostgreSQL: they
# start private servers of their own on loopback (tests/SaeExplorer.Testing/PrivatePostgres.cs), one per test process,
# and stop and delete them when the process ends. Debian's package would also start a cluster of its own on port 5432:
# the policy-rc.d below keeps it from starting, and nothing here needs it. About 20 s of apt-get the first time.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then exit 0; fi
echo "Installing Debian's postgresql for the PostgreSQL tests..."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy" && made_policy=1
fi
trap '[ "$made_policy" -eq 1 ] && $SUDO rm -f "$policy"' EXIT
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { echo "postgresql installed, yet no /usr/lib/postgresql/*/bin/initdb"; exit 1; }
