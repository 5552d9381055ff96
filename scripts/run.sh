#!/usr/bin/env bash
# Starts the whole assistant on this machine: installs what is missing,
# trains the model if the training data changed, starts the dashboard back end,
# the action server and the Rasa server on 127.0.0.1, and opens a chat.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_venv
ensure_web_packages
ensure_model
cd "$ROOT"
exec "$VENV/bin/python" -m scripts.stack
