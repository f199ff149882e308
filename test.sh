#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian's chromium, postgresql and redis-server), runs
# every test project of the solution, the Slurm check and the fault run, and prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

# Debian's chromium for the browser tests, postgresql and redis-server for the PostgreSQL and several-instance tests
# (each test process starts private servers of its own on loopback; the packages' own services are kept from starting).
tools/ci/apt-install.sh chromium /usr/bin/chromium
tools/ci/apt-install.sh postgresql '/usr/lib/postgresql/*/bin/initdb'
tools/ci/apt-install.sh redis-server /usr/bin/redis-server

# Build as CI and Docker images often do, with NUGET_PACKAGES set and no trailing slash: the build must not
# depend on how the package folder is spelled.
export NUGET_PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
export NUGET_PACKAGES="${NUGET_PACKAGES%/}"

results=artifacts/test-results
rm -rf "$results"
status=0

# House style (.editorconfig): a change that dotnet format would rewrite fails the run.
if ! dotnet format SaeExplorer.sln --verify-no-changes; then
  echo "dotnet format found code off the house style (.editorconfig): run 'dotnet format SaeExplorer.sln' and commit."
  status=1
fi
dotnet test SaeExplorer.sln --logger "trx" --results-directory "$results" "$@" || status=$?

# The batch-1 SAE kernels pick AVX-512, AVX2 or scalar code at run time; this machine would only ever run
# the first. Run their tests again as a machine without AVX-512, one without SIMD, and one whose runtime
# prefers 256-bit vectors (the default on some Intel CPUs: AVX-512 there, yet Vector512 not accelerated) would;
# the grouping's recorded sweep too, which must come out bit for bit the same there.
for isa in "DOTNET_EnableAVX512=0:avx2" "DOTNET_EnableHWIntrinsic=0:scalar" "DOTNET_PreferredVectorBitWidth=256:prefer256"; do
  env "${isa%%:*}" dotnet test tests/SaeExplorer.Core.Tests --no-build --filter "FullyQualifiedName~Batch1Kernel|FullyQualifiedName~GroupingPortability" \
    --logger "trx;LogFileName=kernels-${isa##*:}.trx" --results-directory "$results" || status=$?
done

# The Slurm scripts of tools/slurm on a real single-node Slurm from Debian's packages (slurm-wlm, munge; installed
# by the script when missing): a 4-task job array with a requeue, the merge job, and cmp against one unsharded
# index. About 30 s with the saex the tests just built (plus about 15 s of apt-get the first time); counted as one
# test in the summary line.
passed=0; failed=0; skipped=0
slurm_args=()
[ -x src/SaeExplorer.Cli/bin/Debug/net10.0/saex ] && slurm_args=(--saex "$PWD/src/SaeExplorer.Cli/bin/Debug/net10.0/saex")
if timeout --kill-after=30 600 tools/slurm/test-local-slurm.sh "${slurm_args[@]}"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); status=1
fi

# The fault run of tools/faults: the app killed with SIGKILL in each preparation stage (import, training, indexing,
# icons) and in a storm of label writes, restarted each time; then every stage finished, no acknowledged write lost or
# doubled, PRAGMA integrity_check ok. About 4 minutes; counted as one test.
if timeout --kill-after=30 900 tools/faults/run.sh; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); status=1
fi

# One plain summary line from the TRX counters of every test project.
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with status $status (a build or runner error, see above)"
fi
exit "$status"
