#!/usr/bin/env bash
# Starts the whole assistant on this machine: installs what is missing,
# trains the model if the training data changed, starts the dashboard back end,
# the action server and the Rasa server on 127.0.0.1, and opens a chat.
#   --production: the production shape instead (scripts/production.py):
#   PostgreSQL, Redis, two Rasa and two action servers behind HAProxy.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
case "${1:-}" in
    "") STACK=scripts.stack ;;
    --production) STACK=scripts.production ;;
    *) echo "usage: $0 [--production]" >&2; exit 2 ;;
esac
ensure_venv
ensure_web_packages
[ "$STACK" = scripts.stack ] || ensure_production_packages
ensure_model
cd "$ROOT"
exec "$VENV/bin/python" -m "$STACK"
