#!/usr/bin/env bash
# Installs a Debian package when the file it brings is missing: tools/ci/apt-install.sh PACKAGE FILE_GLOB.
# For servers the tests start privately on loopback (PostgreSQL, Redis): the package's own service is kept from
# starting (policy-rc.d), since nothing here needs it. About 10 to 20 s of apt-get the first time, nothing after.
set -euo pipefail
package="$1"; wanted="$2"
if compgen -G "$wanted" >/dev/null; then exit 0; fi
echo "Installing Debian's $package for the tests..."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy" && made_policy=1
fi
trap '[ "$made_policy" -eq 1 ] && $SUDO rm -f "$policy"' EXIT
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$package" >/dev/null
compgen -G "$wanted" >/dev/null || { echo "$package installed, yet no $wanted"; exit 1; }
