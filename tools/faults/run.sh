#!/usr/bin/env bash
# The fault run: the app (the Debug build test.sh makes, or --web DLL) killed with SIGKILL in each preparation stage and
# during a storm of label writes, restarted each time; exits 1 unless every stage finished, no acknowledged write was
# lost or doubled and PRAGMA integrity_check says ok. About 4 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
web=src/SaeExplorer.Web/bin/Debug/net10.0/SaeExplorer.Web.dll
[[ "${1:-}" == "--web" ]] && { web="$2"; shift 2; }
[[ -f "$web" ]] || dotnet build src/SaeExplorer.Web -v q -nologo >/dev/null
dotnet build tools/faults/SaeExplorer.Faults -v q -nologo >/dev/null
dotnet tools/faults/SaeExplorer.Faults/bin/Debug/net10.0/saex-faults.dll --web "$web" "$@"
