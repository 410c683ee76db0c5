#!/usr/bin/env bash
# Builds benchmarks.jar (shade, profile "bench") and runs the JMH benchmarks of the
# reachability engine and of the reference evaluator (S and M only: at L the evaluator would take
# days over all pairs), then prints the ratios the engine targets. Results (text and JSON) go to
# benchmarks/results/; the ratios to benchmarks/results/ratios.txt.
#
#   benchmarks/run.sh              # S and M (engine and evaluator in one JMH run), the
#                                  # no-grouping stress at M, then L (engine only), L with 1
#                                  # and 2 threads (parallel-L), lint and exposure at every
#                                  # scale, then ratios and L's heap
#   SCALES=S,M benchmarks/run.sh   # skip L
#   JMH_OPTS="-wi 5 -i 10 -f 3" benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SCALES=${SCALES:-S,M,L}
JMH_OPTS=${JMH_OPTS:-"-wi 2 -i 3 -f 1 -w 2s -r 3s"}
HEAP=${HEAP:--Xmx2g}
OUT=benchmarks/results
JAR=benchmarks/target/benchmarks.jar

mvn -B -ntp -q -Pbench -pl benchmarks -am package -DskipTests
mkdir -p "$OUT"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)"
  echo "options: $JMH_OPTS $HEAP"
  echo "load average before (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"

# What the generated clusters hold: pods, policies, classes, port atoms.
args=()
for s in ${SCALES//,/ }; do args+=("$s" REALISTIC "$s" TIERED); done
[[ $SCALES == *M* ]] && args+=(M NO_GROUPING)
java "$HEAP" -cp "$JAR" dev.netpol.bench.Describe "${args[@]}" | tee "$OUT/clusters.txt"

run() { # name, benchmark regexp, JMH arguments...
  local name=$1 benchmarks=$2
  shift 2
  # shellcheck disable=SC2086
  java -jar "$JAR" "$benchmarks" $JMH_OPTS -jvmArgsAppend "${RUN_HEAP:-$HEAP}" \
    -rf json -rff "$OUT/$name.json" "$@" | tee "$OUT/$name.txt"
}

small=${SCALES//L/}
small=${small//,,/,}
small=${small%,}
small=${small#,}
# S and M: the engine and the evaluator in the same JMH run, so their ratio is like for like.
if [[ -n $small ]]; then
  run realistic-"${small//,/-}" 'ReachBenchmarks|EvaluatorBenchmarks' -p scale="$small"
fi
if [[ $SCALES == *M* ]]; then
  run no-grouping-M ReachBenchmarks -p scale=M -p variant=NO_GROUPING
fi
if [[ $SCALES == *L* ]]; then run realistic-L ReachBenchmarks -p scale=L; fi
# The same with cluster-scoped policies of both tiers added (the TIERED variant).
if [[ -n $small ]]; then
  run tiered-"${small//,/-}" 'ReachBenchmarks|EvaluatorBenchmarks' -p scale="$small" \
    -p variant=TIERED
fi
if [[ $SCALES == *L* ]]; then run tiered-L ReachBenchmarks -p scale=L -p variant=TIERED; fi
# The engine's parallelism: the L full matrix with 1 and 2 threads in one JMH run, so that the
# speed-up is a ratio of the same run (docs/semantics.md#engine-parallelism), and beside it what
# a second thread gives a pure CPU loop on this machine at the time (ScalingBenchmarks).
if [[ $SCALES == *L* ]]; then
  run parallel-L 'ReachBenchmarks.fullMatrix|ScalingBenchmarks' -p scale=L \
    -p variant=REALISTIC,TIERED -p threads=1,2
  # The same in alternation (1 thread, 2 threads, again), with each thread's CPU time.
  for v in REALISTIC TIERED; do
    java "$HEAP" -cp "$JAR" dev.netpol.bench.ParallelPairs L "$v" 15 | tee "$OUT/pairs-L-$v.txt"
  done
fi
# Lint and exposure, alone and together from a loaded cluster (the target: both within 5 s at L).
# The exposure of L keeps about 0.5 GB of lines beyond the cluster and its index (docs/exposure.md
# #cost): with 2 GB the collector would run most of the time, so these forks get 4 GB, and a
# collection between iterations (-gc true), so that no shot pays for the previous one's lines.
RUN_HEAP=${HEAP_EXPOSURE:--Xmx4g} run lint-exposure 'LintBenchmarks|ExposureBenchmarks' -gc true \
  -p scale="$SCALES"
# What-if (docs/what-if.md): one NetworkPolicy added, replaced or removed on the loaded cluster,
# the incremental answer against a rebuild in the same run. At L the rebuild's diff would take
# hours (every pair of pod classes on every atom): its compilation alone is measured there.
if [[ -n $small ]]; then
  run what-if-"${small//,/-}" IncrementalBenchmarks -p scale="$small"
fi
if [[ $SCALES == *L* ]]; then
  run what-if-L 'IncrementalBenchmarks.(incremental|rebuildIndex)' -p scale=L \
    -p variant=REALISTIC,TIERED
fi
echo "load average after (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"

# Ratios the engine targets, from the JSON of this run.
json=()
if [[ -n $small ]]; then json+=("$OUT/realistic-${small//,/-}.json"); fi
if [[ $SCALES == *M* ]]; then json+=("$OUT/no-grouping-M.json"); fi
if [[ $SCALES == *L* ]]; then json+=("$OUT/realistic-L.json"); fi
if [[ -n $small ]]; then json+=("$OUT/tiered-${small//,/-}.json"); fi
if [[ $SCALES == *L* ]]; then json+=("$OUT/tiered-L.json" "$OUT/parallel-L.json"); fi
java "$HEAP" -cp "$JAR" dev.netpol.bench.Ratios "${json[@]}" | tee "$OUT/ratios.txt"

# The retained heap of the index and matrix at L (JOL walks the object graph).
if [[ $SCALES == *L* ]]; then
  java "$HEAP" -Djdk.attach.allowAttachSelf=true -cp "$JAR" dev.netpol.bench.HeapCost L \
    REALISTIC TIERED | tee "$OUT/heap-L.txt"
fi
whatif=()
if [[ -n $small ]]; then whatif+=("$OUT/what-if-${small//,/-}.json"); fi
if [[ $SCALES == *L* ]]; then whatif+=("$OUT/what-if-L.json"); fi
java "$HEAP" -cp "$JAR" dev.netpol.bench.WhatIfRatios "${whatif[@]}" | tee -a "$OUT/ratios.txt"
