#!/usr/bin/env bash
# Runs every test, from the fastest to the slowest, after installing what is
# missing: style and types (ruff, mypy), unit tests (rules, validators,
# actions, back end), data validation, training when the data changed, the
# held-out language test, conversation tests through the language model, then
# end-to-end tests with the real processes on 127.0.0.1:
# over HTTP, through each messaging channel's webhook, and in a real browser
# (Debian's chromium); last, the production shape: Kubernetes manifests rendered
# and validated offline, and fault tests on PostgreSQL, Redis and two Rasa
# servers behind HAProxy. Stops at the first layer that fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_venv
ensure_web_packages
ensure_browser
ensure_production_packages
cd "$ROOT"
REPORTS="$ROOT/var/test-reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
declare -A PASSED=()

count_pytest() {  # "119 passed, 2 skipped in 1.2s" -> 119
    grep -Eo '[0-9]+ passed' "$1" | tail -1 | grep -Eo '[0-9]+' || echo 0
}

step "1/7 Style and types (ruff, mypy), then unit tests: business rules, validators, actions, dashboard back end"
"$VENV/bin/ruff" check . || { echo "ruff found problems ('.venv/bin/ruff check --fix .' mends most)" >&2; exit 1; }
"$VENV/bin/ruff" format --check . >/dev/null || { "$VENV/bin/ruff" format --diff . | head -40; echo "not formatted: run '.venv/bin/ruff format .'" >&2; exit 1; }
"$VENV/bin/mypy" >"$REPORTS/mypy.log" 2>&1 || { cat "$REPORTS/mypy.log"; echo "mypy found problems" >&2; exit 1; }
echo "  ruff, ruff format and mypy: clean"
"$VENV/bin/python" -m pytest tests/unit -q -p no:cacheprovider 2>&1 | tee "$REPORTS/unit.log"
PASSED[unit]=$(count_pytest "$REPORTS/unit.log")
echo "  hostile input (tests/hostile_inputs.py):"
sed 's/^/    /' "$REPORTS/hostile-input.txt"

step "2/7 Validating the training data and domain"
"$VENV/bin/rasa" data validate --domain domain --data data --config config.yml --fail-on-warnings \
    >"$REPORTS/validate.log" 2>&1 || { tail -40 "$REPORTS/validate.log"; echo "data validation failed" >&2; exit 1; }
# Rasa exits 0 on some warnings; fail on any but the two it cannot avoid.
"$VENV/bin/python" -m scripts.check_validation "$REPORTS/validate.log" || { echo "data validation warned" >&2; exit 1; }
echo "  data and domain are valid (details in var/test-reports/validate.log)"
"$VENV/bin/python" -m scripts.held_out || exit 1
echo "  no held-out test message (tests/nlu, tests/stories) is in the training data"
"$VENV/bin/python" -m scripts.catalogue check || exit 1
echo "  every message is translated in every language, with the same placeholders (locale/)"

ensure_model

step "3/7 Understanding: the held-out test messages (tests/nlu), never seen in training"
"$VENV/bin/rasa" test nlu --model models/charging-host.tar.gz --nlu tests/nlu --successes \
    --out "$REPORTS/nlu" >"$REPORTS/nlu.log" 2>&1 || { tail -40 "$REPORTS/nlu.log"; echo "rasa test nlu failed" >&2; exit 1; }
"$VENV/bin/python" -m scripts.nlu_report "$REPORTS/nlu" --min-accuracy 0.93 \
    --tests tests/nlu --min-language-accuracy 0.93 || exit 1
PASSED[nlu]=$(cat tests/nlu/*/*.yml | grep -c '^    - ')

step "4/7 Conversation tests (tests/stories), each user line through the language model"
"$VENV/bin/rasa" test core --e2e --model models/charging-host.tar.gz --stories tests/stories \
    --out "$REPORTS/stories" >"$REPORTS/stories.log" 2>&1 || { tail -40 "$REPORTS/stories.log"; echo "rasa test failed" >&2; exit 1; }
STORIES=$(grep -A3 "CONVERSATION level" "$REPORTS/stories.log" | grep -Eo 'Correct: +[0-9]+ / [0-9]+' | head -1)
echo "  $STORIES stories"
if [ -s "$REPORTS/stories/failed_test_stories.yml" ] && grep -q "predicted:" "$REPORTS/stories/failed_test_stories.yml"; then
    grep -B2 "predicted:" "$REPORTS/stories/failed_test_stories.yml" | head -60 >&2
    echo "stories failed: var/test-reports/stories/failed_test_stories.yml (the lines marked 'predicted:')" >&2
    exit 1
fi
PASSED[stories]=$(echo "$STORIES" | grep -Eo '[0-9]+' | head -1)

step "5/7 End-to-end tests: every process on 127.0.0.1; REST, messaging webhooks, security, then the browser"
"$VENV/bin/python" -m pytest tests/e2e tests/browser -q -p no:cacheprovider 2>&1 | tee "$REPORTS/e2e.log"
echo "  screenshots of the widget and the agent console: var/test-reports/screenshots/"
PASSED[e2e]=$(count_pytest "$REPORTS/e2e.log")

step "6/7 Production shape: Kubernetes manifests (offline), then faults on PostgreSQL, Redis, 2 Rasa and 2 action servers behind HAProxy"
./scripts/check_kubernetes.sh 2>&1 | tee "$REPORTS/kubernetes.log" | grep -E '^  (local|production): [0-9]+ objects|every object' || { tail -30 "$REPORTS/kubernetes.log"; echo "the Kubernetes manifests did not pass" >&2; exit 1; }
"$VENV/bin/python" -m pytest tests/production -q -p no:cacheprovider 2>&1 | tee "$REPORTS/production.log"
PASSED[production]=$(count_pytest "$REPORTS/production.log")

step "7/7 Summary"
TOTAL=$(( PASSED[unit] + PASSED[stories] + PASSED[e2e] + PASSED[production] ))
echo "  unit: ${PASSED[unit]}, stories: ${PASSED[stories]}, end-to-end: ${PASSED[e2e]}, production shape: ${PASSED[production]}"
echo "  held-out language test: ${PASSED[nlu]} messages (accuracy above; report in var/test-reports/nlu/)"
echo "$TOTAL passed, 0 failed"
