#!/usr/bin/env bash
# The load run: 50 labellers with personal tokens posting labels through the API for 60 s, on SQLite and then on a
# private PostgreSQL server (loopback), every acknowledged write counted back; then wrk (Debian's package) for 10 s on
# each of the feature API, an image's groups, label search and caption search.
# Usage: tools/load/run.sh [--writers N] [--seconds S]. Prints one line per database and per URL; exits 1 if a write
# was lost, duplicated or answered 5xx, or wrk saw an answer that was not 2xx/3xx. About 3.5 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/ci/apt-install.sh postgresql '/usr/lib/postgresql/*/bin/initdb'
tools/ci/apt-install.sh wrk /usr/bin/wrk
dotnet build -c Release tools/load/SaeExplorer.Load -v q -nologo >/dev/null
load=tools/load/SaeExplorer.Load/bin/Release/net10.0/saex-load.dll
status=0
for provider in sqlite postgres; do
  dotnet "$load" --provider "$provider" --writers 50 --seconds 60 "$@" || status=1
done
dotnet "$load" --wrk 10 || status=1
exit $status
