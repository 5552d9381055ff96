#!/usr/bin/env bash
# Installs what is missing: a Python 3.10 virtualenv with the project's
# packages, and a trained model when the training data changed.
# Sourced by run.sh and test.sh; safe to run again (it only does what is needed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
LOGS="$ROOT/var/logs"
mkdir -p "$LOGS"
export RASA_TELEMETRY_ENABLED=false
export PYTHONDONTWRITEBYTECODE=1
export TF_CPP_MIN_LOG_LEVEL=2

step() { printf '\n==> %s\n' "$*"; }

find_python310() {
    local candidate
    for candidate in "${PYTHON310:-}" "$(command -v python3.10 || true)" \
        "$(pyenv root 2>/dev/null)"/versions/3.10.*/bin/python3.10 \
        /usr/bin/python3.10 /usr/local/bin/python3.10; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import sys, venv; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        local python
        if ! python="$(find_python310)"; then
            echo "Rasa 3.6 needs Python 3.10 and none was found." >&2
            echo "Install it (for example 'pyenv install 3.10' or 'apt-get install python3.10 python3.10-venv')," >&2
            echo "or point PYTHON310 at a python3.10 interpreter, then run this again." >&2
            exit 1
        fi
        step "Creating a Python 3.10 virtualenv in .venv (using $python)"
        "$python" -m venv "$VENV"
    fi
    # Reinstall only when the dependency list changed.
    local stamp="$VENV/.installed-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        step "Installing Python packages (Rasa 3.6 with TensorFlow: about 2.7 GB, 2 to 5 minutes; log in var/logs/pip.log)"
        "$VENV/bin/python" -m pip install --quiet --upgrade "pip<25" "setuptools<70" wheel >"$LOGS/pip.log" 2>&1
        # Show one line per package so a long install shows progress.
        if ! "$VENV/bin/python" -m pip install --progress-bar off -e "$ROOT[test]" 2>&1 \
            | tee -a "$LOGS/pip.log" | grep --line-buffered -E '^(Collecting|Successfully installed)' \
            | awk '{ n++; if ($1 == "Collecting") printf "  [%3d] %s\n", n, $2; else print "  " substr($0, 1, 200); fflush() }'; then
            echo "pip failed: see var/logs/pip.log" >&2
            exit 1
        fi
        "$VENV/bin/python" -m pip check
        rm -f "$VENV"/.installed-*
        touch "$stamp"
    fi
}

ensure_web_packages() {
    # The widget's socket.io client comes from npm and is served by the project
    # (no CDN: the page works without internet).
    local stamp="$ROOT/web/node_modules/.installed-$(sha256sum "$ROOT/web/package-lock.json" | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        command -v npm >/dev/null || { echo "npm is needed for the chat widget: apt-get install nodejs npm" >&2; exit 1; }
        step "Installing the chat widget's npm packages (web/package-lock.json)"
        (cd "$ROOT/web" && npm ci --no-audit --no-fund --loglevel=error) 2>&1 | tee "$LOGS/npm.log" | sed -u 's/^/  /'
        touch "$stamp"
    fi
}

ensure_browser() {
    # Browser tests drive Debian's chromium (Playwright never downloads one).
    if ! command -v chromium >/dev/null; then
        apt_install "the browser tests" chromium
        echo "  $(chromium --version 2>/dev/null)"
    fi
}

apt_install() {  # apt_install <what it is for> <package>...
    local what="$1"; shift
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    step "Installing Debian's $* for $what (apt-get, about 1 minute)"
    { $sudo apt-get install -y --no-install-recommends "$@" \
        || { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends "$@"; }; } \
        >"$LOGS/apt.log" 2>&1 || { echo "could not install $*: see var/logs/apt.log" >&2; exit 1; }
}

ensure_production_packages() {
    # The production shape (scripts/production.py): PostgreSQL, Redis and HAProxy from Debian.
    local missing=()
    compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_install "the production-shaped stack" "${missing[@]}"
    fi
}

ensure_model() {
    cd "$ROOT"
    # rasa train compares the data's fingerprint with the last model and
    # skips training when nothing changed.
    step "Training the model if the training data changed (about 3 to 5 minutes when it did: four languages)"
    if ! "$VENV/bin/rasa" train --fixed-model-name charging-host --out models \
        --domain domain --data data --config config.yml 2>&1 \
        | tee "$LOGS/train.log" \
        | grep --line-buffered -E "Nothing changed|Training (NLU|Core) model|Starting to train component|Finished training component|Your Rasa model is trained|Epochs:.*100%|ERROR|Error" \
        | sed -u 's/^/  /'; then
        echo "training failed: see var/logs/train.log" >&2
        exit 1
    fi
}
