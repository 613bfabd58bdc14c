#!/usr/bin/env bash
# `npm run bench`: the benchmark suite. Builds, starts the servers the Kafka benchmarks need (and
# stops only those it started), runs each benchmark's CLI command in turn, prints its table, and
# writes them all with the machine they ran on to BENCHMARKS.md.
#
#   npm run bench                 the full suite (~15 min on 2 cores)
#   npm run bench -- --quick      small sizes, a smoke run (~3 min); BENCHMARKS.md is not written
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
[ "${1:-}" = "--quick" ] && quick=true
cli=(node dist/src/cli/main.js)
npx tsc -p tsconfig.json

started=()
cleanup() { for name in "${started[@]}"; do scripts/servers/"$name".sh stop >/dev/null 2>&1 || true; done; }
trap cleanup EXIT
for name in kafka influxdb; do
  scripts/servers/"$name".sh status >/dev/null 2>&1 || started+=("$name")
  scripts/servers/"$name".sh start
done

# name | command: each benchmark runs alone (the machine is small and shared).
if $quick; then
  benches=(
    "Detector engine|${cli[*]} bench engine --quick"
    "Cost growth|${cli[*]} bench growth --quick"
    "Checkpoints|${cli[*]} bench checkpoint --quick"
    "End to end through Kafka|${cli[*]} bench e2e --ticks 100000 --repeats 1 --rates 5000 --latency-commit-intervals 100 --latency-seconds 5 --warmup-seconds 1"
    "Scale-out|${cli[*]} bench scale-out --ticks 50000 --processes 1,2"
    "Ad analytics job|${cli[*]} bench ad-analytics --rows 300000 --repeat 1"
  )
else
  benches=(
    "Detector engine|${cli[*]} bench engine"
    "Cost growth|${cli[*]} bench growth"
    "Checkpoints|${cli[*]} bench checkpoint"
    "End to end through Kafka|${cli[*]} bench e2e"
    "Scale-out|${cli[*]} bench scale-out"
    "Detection quality (market anomalies)|${cli[*]} bench detect --seeds 1,2,3 --symbols 50 --days 1"
    "Ad analytics job|${cli[*]} bench ad-analytics"
  )
fi

report=$(mktemp)
{
  echo "# riskwatch benchmarks"
  echo
  echo "Written by \`npm run bench\` ($(date -u +%Y-%m-%dT%H:%MZ)). Machine: $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, Node $(node --version), $(uname -sr); load average at start $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Each table is one benchmark's output; comparisons inside a table were measured side by side in the same run."
} >"$report"

for bench in "${benches[@]}"; do
  name=${bench%%|*}
  command=${bench#*|}
  echo
  echo "== $name: $command"
  output=$($command)
  echo "$output"
  printf '\n## %s\n\n`%s`\n\n```\n%s\n```\n' "$name" "riskwatch ${command#node dist/src/cli/main.js }" "$output" >>"$report"
done

if $quick; then
  rm -f "$report"
else
  chmod 644 "$report"
  mv "$report" BENCHMARKS.md
  echo
  echo "wrote BENCHMARKS.md"
fi
