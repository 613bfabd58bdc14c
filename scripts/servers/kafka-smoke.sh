#!/usr/bin/env bash
# End-to-end check of the real broker that scripts/servers/kafka.sh runs, using Kafka's own Java
# tools: start (if needed), create a 12-partition topic, produce keyed ticks, consume them back in
# a consumer group, compare. Stops the broker at the end only if this script started it.
# Prints 'kafka smoke: N passed, N failed'. Exit 0 only if every check passed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
kafka="$here/kafka.sh"
bootstrap="$("$kafka" bootstrap)"
# A fresh topic and group per run, so the check also works against a broker already in use.
topic="smoke-$$-$RANDOM"
passed=0
failed=0

check() { # check NAME EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then
    passed=$((passed + 1))
    echo "ok   $1"
  else
    failed=$((failed + 1))
    printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"
  fi
}

started_here=false
if ! "$kafka" status >/dev/null; then
  started_here=true
  # Stop again however this script ends, so a failed check does not leak a broker.
  trap '"$kafka" stop >/dev/null || true' EXIT
fi
"$kafka" start

# Bounded everywhere: a broken broker must fail this script, not hang it.
tool() { timeout 60 "$kafka" run-class "$@"; }

tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
  --create --topic "$topic" --partitions 12 --replication-factor 1 >/dev/null
partitions="$(tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
  --describe --topic "$topic" | grep -o 'PartitionCount: *[0-9]*' | grep -o '[0-9]*$')"
check "topic $topic has 12 partitions" 12 "$partitions"

messages=$'AAPL\t{"symbol":"AAPL","price":189.12}\nMSFT\t{"symbol":"MSFT","price":411.05}\nAAPL\t{"symbol":"AAPL","price":189.31}\nNVDA\t{"symbol":"NVDA","price":121.44}'
# 3.9 still has the Scala console producer in core (kafka.tools); 4.0 moves it to org.apache.kafka.tools.
printf '%s\n' "$messages" | tool kafka.tools.ConsoleProducer --bootstrap-server "$bootstrap" \
  --topic "$topic" --producer-property acks=all --property parse.key=true
consumed="$(tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" \
  --topic "$topic" --group "$topic-group" --from-beginning --max-messages 4 --timeout-ms 30000 \
  --property print.key=true 2>/dev/null || true)"
# 12 partitions: order holds per key only, so compare as sorted sets.
check "consumed the 4 produced messages" "$(sort <<<"$messages")" "$(sort <<<"$consumed")"
check "same key, same partition order" \
  "$(grep '^AAPL' <<<"$messages")" "$(grep '^AAPL' <<<"$consumed" || true)"

tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --delete --topic "$topic" >/dev/null

if $started_here; then
  trap - EXIT
  "$kafka" stop
fi
echo "kafka smoke: $passed passed, $failed failed"
[[ $failed == 0 ]]
