#!/usr/bin/env bash
# Prints how long training takes, against a baseline trained in the same run
# on the same machine: Rasa's own starter bot (`rasa init`, created offline).
# The target (issue: at most 5 minutes on 2 cores) is checked on the ratio's
# absolute figure; the ratio shows whether a change made training slower.
# Not part of the tests: run it by hand, ./scripts/benchmark_training.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_venv
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

seconds() { local start=$SECONDS; "$@" >/dev/null 2>&1; echo $((SECONDS - start)); }

step "Baseline: Rasa's starter bot"
mkdir -p "$WORK/starter"
# --no-prompt trains the starter bot too; that first training warms caches for both runs.
(cd "$WORK" && "$VENV/bin/rasa" init --no-prompt --init-dir starter >/dev/null 2>&1)
baseline=$(cd "$WORK/starter" && seconds "$VENV/bin/rasa" train --force --out "$WORK/m1")
echo "  $baseline s"

step "This assistant"
for folder in "$ROOT"/data/nlu/*/; do
    echo "  $(basename "$folder"): $(cat "$folder"*.yml | grep -c '^    - ') training examples"
done
ours=$(cd "$ROOT" && seconds "$VENV/bin/rasa" train --force --domain domain --data data --config config.yml --out "$WORK/m2")
echo "  $ours s"

step "Result"
echo "  training: ${ours} s (target: at most 300 s); baseline ${baseline} s; ratio $(awk "BEGIN {printf \"%.2f\", $ours / ($baseline > 0 ? $baseline : 1)}")"
