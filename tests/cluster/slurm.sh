#!/bin/bash
# tests/cluster/slurm.sh - scripts/slurm/dyad-array.sbatch end to end on a
# single-node Slurm cluster started here: slurmctld and slurmd on localhost
# (AuthType=auth/none, state and logs under a temporary directory, ports
# chosen at random), an array job of 4 tasks over sharded input, merged by
# concatenation; the merged events must equal a single-process run (as a
# multiset of lines). Needs Debian's slurmctld, slurmd and slurm-client and
# root (slurmd runs jobs as their user). `make test-cluster` runs it.
set -u
DYAD=$(readlink -f "${DYAD:-build/dyad}")
HERE=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; [ -n "${tmp:-}" ] && tail -n 20 "$tmp"/*.log 2>/dev/null; exit 1; }
for cmd in slurmctld slurmd sbatch sinfo; do
    command -v $cmd >/dev/null || PATH=$PATH:/usr/sbin
    command -v $cmd >/dev/null || { echo "skipped: $cmd not installed (apt-get install slurmctld slurmd slurm-client)"; exit 0; }
done
[ "$(id -u)" -eq 0 ] || { echo "skipped: the test cluster needs root"; exit 0; }

tmp=$(mktemp -d /tmp/dyad-slurm.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT

node=$(hostname -s)
port=$((20000 + RANDOM % 20000))
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/out"
cat >"$tmp/slurm.conf" <<CONF
ClusterName=dyadtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/none
CredType=cred/none
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf

slurmctld -D -i -f "$SLURM_CONF" >"$tmp/slurmctld.out.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$node" >"$tmp/slurmd.out.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
    state=$(sinfo -h -n "$node" -o %T 2>/dev/null | head -n 1)
    [ "$state" = idle ] && break
    sleep 0.5
done
[ "$state" = idle ] || fail "the test cluster did not come up (node state '$state')"
echo "single-node Slurm cluster up on port $port (node $node)"

# input: the gold sentences 20 times over (3,940 documents), fresh ids
python3 - "$HERE/tests/gold/sentences.jsonl" "$tmp/in.jsonl" <<'PY' || fail "making the input"
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
with open(sys.argv[2], "w") as out:
    for k in range(20):
        for d in docs:
            out.write(json.dumps({"id": "%s-%d" % (d["id"], k), "date": d["date"], "text": d["text"]}) + "\n")
PY
export DYAD_DATA=${DYAD_DATA:-$HERE/data/dict}
"$DYAD" code --input jsonl "$tmp/in.jsonl" | sort >"$tmp/single.jsonl" || fail "single-process run"

cd "$tmp" || fail "cd $tmp"
DYAD=$DYAD DYAD_ARGS="--input jsonl" timeout 300 sbatch --wait --array=1-4 --cpus-per-task=1 \
    "$HERE/scripts/slurm/dyad-array.sbatch" "$tmp/out" "$tmp/in.jsonl" >"$tmp/sbatch.log" 2>&1 ||
    fail "array job: $(cat "$tmp/sbatch.log")"
n=$(ls "$tmp"/out/shard-*-of-4.jsonl 2>/dev/null | wc -l)
[ "$n" -eq 4 ] || fail "$n of 4 shard files written"
cat "$tmp"/out/shard-*-of-4.jsonl | sort >"$tmp/merged.jsonl"
cmp -s "$tmp/merged.jsonl" "$tmp/single.jsonl" || fail "merged shards differ from the single-process run"
echo "slurm: 4-task array job over $(wc -l <"$tmp/in.jsonl") documents, merged $(wc -l <"$tmp/merged.jsonl") events = single-process run"
