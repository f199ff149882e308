#!/usr/bin/env bash
# Installs Debian's redis-server when it is missing, for the several-instance tests: they start private servers of
# their own on 127.0.0.1 and a free port (tests/SaeExplorer.Testing/RedisServer.cs) and stop them when done. The
# package's own service is kept from starting (policy-rc.d): nothing here needs it. About 10 s of apt-get the first time.
set -euo pipefail
if [ -x /usr/bin/redis-server ]; then exit 0; fi
echo "Installing Debian's redis-server for the several-instance tests..."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy" && made_policy=1
fi
trap '[ "$made_policy" -eq 1 ] && $SUDO rm -f "$policy"' EXIT
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
[ -x /usr/bin/redis-server ] || { echo "redis-server installed, yet no /usr/bin/redis-server"; exit 1; }
