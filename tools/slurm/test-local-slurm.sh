#!/usr/bin/env bash
# Checks the Slurm scripts of this folder on a real Slurm: starts a private single-node cluster from Debian's
# packages (slurm-wlm 22.05 and munge), on loopback only, indexes a tiny random corpus with the job array of
# tools/slurm/submit.sh (4 shards, task 0 requeued while it runs, so it must resume from its checkpoint) and the
# merge job, and compares the merged index with one unsharded `saex index` run byte for byte (cmp).
# Prints PASS or FAIL on its last line; exits 0 only on PASS.
#
# usage: tools/slurm/test-local-slurm.sh [--saex CMD] [--shards 4] [--rows 6007] [--timeout 240] [--keep]
#   --saex CMD   a built or published saex (env SAEX), e.g. src/SaeExplorer.Cli/bin/Debug/net10.0/saex;
#                default: `dotnet publish src/SaeExplorer.Cli -c Release` into the temp folder (40 to 90 s)
#   --timeout S  seconds to wait for the jobs (default 240)
#   --keep       keep the temp folder (data, parts, logs, slurm.conf) for a look; the daemons still stop
#
# What it sets up, all in a fresh temp folder /tmp/saex-slurm.XXXXXX, removed on exit (trap):
#   - a munge key (mungekey) and munged on its own socket there;
#   - slurm.conf with the node's real CPUs and memory (`slurmd -C`), node "localhost" at 127.0.0.1, two free
#     ports, CommunicationParameters=NoCtldInAddrAny,NoInAddrAny (the daemons bind 127.0.0.1, not every address),
#     no cgroups and no accounting (proctrack/linuxproc, task/none), state and spool dirs in the folder;
#   - slurmctld and slurmd started directly (no systemd), stopped on exit after the jobs are cancelled.
# So two runs never share a port, a socket or a state dir, and none leaves a daemon behind. A run killed with
# SIGKILL (no trap) leaves its folder: the next run stops the processes of such a folder (found by the marker
# SAEX_SLURM_TEST=<folder> in their environment, or by a file they hold open in it) and removes it.
#
# Needs: Debian 12 (or a system with slurm-wlm, munge and python3 on it), dotnet for the default publish.
# Installs slurm-wlm, munge and python3 with apt-get when they are missing (quietly; 11 to 18 s here).
# Root: runs as root as CI does (the daemons and the jobs run as root). A non-root user needs the packages
# installed first (sudo apt-get install slurm-wlm munge python3); the script then runs munged, slurmctld and
# slurmd as that user (SlurmUser = SlurmdUser = you), which is enough for jobs of that one user.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/tools/slurm"
export PATH="$PATH:/usr/sbin:/sbin"

saex="${SAEX:-}" shards=4 rows=6007 timeout_s=240 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --saex) saex="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "test-local-slurm.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

began=$(date +%s)
say() { echo "[slurm-test $(($(date +%s) - began))s] $*"; }
fail() { say "$*"; echo "test-local-slurm: FAIL: $*"; exit 1; }

# The processes of a folder's cluster, into marked_pids: those that carry its marker in their environment
# (munged, slurmctld, slurmd, the jobs) and those with a file open in it (slurmstepd, which Slurm starts with an
# empty environment, keeps slurmd.log open).
mark() {
  local dir="$1" proc pid
  marked_pids=()
  for proc in /proc/[0-9]*; do
    pid="${proc#/proc/}"
    [ "$pid" != "$$" ] || continue
    if grep -qsxzF "SAEX_SLURM_TEST=$dir" "$proc/environ" \
      || find "$proc/fd" -mindepth 1 -maxdepth 1 -lname "$dir/*" 2>/dev/null | grep -q .; then
      marked_pids+=("$pid")
    fi
  done
}
# Stops them by process id: SIGTERM, up to 10 s to exit, then SIGKILL; again for any that started meanwhile.
stop_marked() {
  local pid left
  for _ in 1 2 3; do
    mark "$1"
    [ ${#marked_pids[@]} -gt 0 ] || return 0
    kill -TERM "${marked_pids[@]}" 2>/dev/null || true
    for _ in $(seq 50); do
      left=()
      for pid in "${marked_pids[@]}"; do
        grep -qs '^State:[[:space:]]*[^Z]' "/proc/$pid/status" && left+=("$pid")
      done
      [ ${#left[@]} -gt 0 ] || break
      sleep 0.2
    done
    [ ${#left[@]} -eq 0 ] || kill -KILL "${left[@]}" 2>/dev/null || true
  done
}

# Folders of runs killed without their trap: stop what they left running, then remove them.
for old in /tmp/saex-slurm.*; do
  [ -f "$old/runner.pid" ] || continue
  runner="$(cat "$old/runner.pid")"
  # Still running (a live process, not a zombie, that is this script): another run's folder, leave it.
  if grep -qs '^State:[[:space:]]*[^Z]' "/proc/$runner/status" && grep -qsF test-local-slurm "/proc/$runner/cmdline"; then
    continue
  fi
  say "removing $old, left by a run that was killed"
  stop_marked "$old"
  rm -rf "$old"
done

# 1. Packages.
need=()
for cmd in slurmctld slurmd sbatch squeue scontrol; do command -v "$cmd" >/dev/null || { need+=(slurm-wlm); break; }; done
command -v munged >/dev/null && command -v mungekey >/dev/null || need+=(munge)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || fail "missing ${need[*]}: as non-root, install them first (sudo apt-get install -y ${need[*]})"
  say "installing ${need[*]} (apt-get)"
  apt_log="$(apt-get update -qq 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" 2>&1)" \
    || { echo "$apt_log"; fail "apt-get install ${need[*]} failed"; }
fi
say "$(slurmctld -V), $(munged --version 2>&1 | awk '{print $1; exit}')"

# 2. The private cluster's folder, cleaned up on every exit.
tmp="$(mktemp -d /tmp/saex-slurm.XXXXXX)"
echo $$ >"$tmp/runner.pid"
export SAEX_SLURM_TEST="$tmp"
cleanup() {
  local rc=$?
  set +e
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$tmp/slurmctld.pid" ]; then
    for job in ${array_job:+"$array_job"} ${merge_job:+"$merge_job"}; do scancel --quiet "$job" 2>/dev/null; done
    for _ in $(seq 20); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.5; done
  fi
  stop_marked "$tmp"
  if [ "$keep" -eq 1 ]; then rm -f "$tmp/runner.pid"; say "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp"/{munge,state,spool,log,data,out}
chmod 755 "$tmp/munge"

# 3. saex and the tiny corpus.
if [ -z "$saex" ]; then
  say "publishing saex (dotnet publish src/SaeExplorer.Cli -c Release)"
  dotnet publish "$repo/src/SaeExplorer.Cli" -c Release -o "$tmp/saex" -v q -nologo >"$tmp/log/publish.log" 2>&1 \
    || { tail -20 "$tmp/log/publish.log"; fail "dotnet publish failed"; }
  saex="$tmp/saex/saex"
fi
python3 "$here/make-tiny-corpus.py" "$tmp/data" --rows "$rows" >/dev/null
data="$tmp/data"

# 4. munge: a fresh key and munged on a socket in the folder.
user="$(id -un)"
mungekey --create --keyfile="$tmp/munge/munge.key"
chmod 600 "$tmp/munge/munge.key"
sock="$tmp/munge/munge.socket"
munged --force --key-file="$tmp/munge/munge.key" --socket="$sock" --pid-file="$tmp/munged.pid" \
  --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/munged.seed" --origin=127.0.0.1
for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
munge -n -S "$sock" | unmunge -S "$sock" >/dev/null || fail "munged does not answer on $sock (see $tmp/log/munged.log)"

# 5. slurm.conf: the node's real hardware, loopback, two free ports.
read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
hardware="$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]* //')"
export SLURM_CONF="$tmp/slurm.conf"
cat >"$SLURM_CONF" <<EOF
# Written by tools/slurm/test-local-slurm.sh for one run; removed with its folder.
ClusterName=saextest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock,cred_expire=5
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
KillWait=10
NodeName=localhost NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
say "slurm.conf: node localhost ($hardware), slurmctld 127.0.0.1:$ctld_port, slurmd 127.0.0.1:$slurmd_port"

# 6. The daemons, started directly (each daemonises; logs and pid files in the folder).
slurmctld -c -f "$SLURM_CONF" || fail "slurmctld did not start (see $tmp/log/slurmctld.log)"
slurmd -f "$SLURM_CONF" -N localhost || fail "slurmd did not start (see $tmp/log/slurmd.log)"
for _ in $(seq 60); do
  state="$(sinfo -h -n localhost -o %T 2>/dev/null || true)"
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || { tail -5 "$tmp/log/slurmctld.log" "$tmp/log/slurmd.log"; fail "node not idle after 30 s (state '$state')"; }
say "cluster up: node localhost $state"

# 7. The jobs: the array and the merge job, as a user would submit them.
index_args=(--batch-size 32 --checkpoint-every 1)
submitted="$("$here/submit.sh" --saex "$saex" --sae "$data/sae" --embeddings "$data/embeddings.npy" \
  --out "$tmp/out/merged.idx" --parts "$tmp/parts" --shards "$shards" --cpus 1 --mem 1G --time 10 \
  --index-args "${index_args[*]}")" || fail "submit.sh failed"
echo "$submitted"
array_job="$(sed -n 's/^array_job=\([0-9]*\)$/\1/p' <<<"$submitted")"
merge_job="$(sed -n 's/^merge_job=\([0-9]*\)$/\1/p' <<<"$submitted")"
if [ -z "$array_job" ] || [ -z "$merge_job" ]; then fail "submit.sh printed no job ids"; fi
say "submitted array job $array_job ($shards tasks) and merge job $merge_job (afterok:$array_job)"

# The unsharded reference, on this shell while the jobs run.
read -r -a saex_cmd <<<"$saex"
"${saex_cmd[@]}" index --sae "$data/sae" --embeddings "$data/embeddings.npy" --out "$tmp/out/single.idx" "${index_args[@]}" \
  >"$tmp/log/single.log" 2>&1 &
single_pid=$!

# 8. Requeue task 0 once it has saved a checkpoint: it must start again and resume from it.
checkpoint="$tmp/parts/part-0-of-$shards.idx.checkpoint"
logs() { for f in "$tmp/parts/logs"/*; do echo "--- $f"; tail -n 15 "$f"; done; }
requeued=0
for _ in $(seq 600); do
  if [ -f "$checkpoint" ]; then
    scontrol requeue "${array_job}_0" && requeued=1
    break
  fi
  [ -n "$(squeue -h -j "${array_job}_0" 2>/dev/null)" ] || break
  sleep 0.1
done
[ "$requeued" -eq 1 ] || { logs; fail "task 0 ended or saved no checkpoint within 60 s, so it could not be requeued mid-run"; }
say "requeued task ${array_job}_0 after its first checkpoint"

# 9. Wait for both jobs (pending, running or completing), then check how each ended.
deadline=$(($(date +%s) + timeout_s))
while [ -n "$(squeue -h -j "$array_job,$merge_job" 2>/dev/null)" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { squeue; fail "jobs still queued or running after ${timeout_s} s"; }
  sleep 1
done
wait "$single_pid" || { tail -20 "$tmp/log/single.log"; fail "the unsharded saex index failed"; }
# One word per job or array task: COMPLETED, FAILED, CANCELLED, ...
states() { scontrol -o show job "$1" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort | uniq -c | xargs; }
say "array job $array_job: $(states "$array_job"); merge job $merge_job: $(states "$merge_job")"
[ "$(states "$array_job")" = "$shards COMPLETED" ] || { logs; fail "not every array task COMPLETED"; }
[ "$(states "$merge_job")" = "1 COMPLETED" ] || { logs; fail "the merge job did not complete"; }
task0_log="$(ls "$tmp/parts/logs"/index-*_0.out)"
# What saex printed in the task's second start (after "start 1" of index-shard.sbatch's banner): its line on
# resuming, and its first progress count (rows already done).
second="$(sed -n '/(job .*, start 1)$/,$p' "$task0_log")"
resumed="$(grep -i -m1 -o 'resum[^│]*[^│ ]' <<<"$second" || true)"
[ -n "$resumed" ] || { logs; fail "requeued task 0 did not resume from its checkpoint"; }
first_count="$(grep -m1 -o '[0-9,]*/[0-9,]* rows' <<<"$second" || true)"
say "task 0 after its requeue: $resumed${first_count:+; its first progress line: $first_count}"

# 10. The merged index must equal the unsharded one, byte for byte.
wall=$(($(date +%s) - began))
if cmp "$tmp/out/merged.idx" "$tmp/out/single.idx"; then
  say "cmp: merged index of $shards shards == unsharded index ($(stat -c %s "$tmp/out/single.idx") bytes, $rows rows x 1024 features)"
  echo "test-local-slurm: PASS ($shards shards, task 0 requeued and resumed, merged == unsharded byte for byte, ${wall} s)"
else
  fail "cmp: the merged index differs from the unsharded one"
fi
