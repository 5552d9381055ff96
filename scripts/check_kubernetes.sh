#!/usr/bin/env bash
# Renders every overlay of deploy/kubernetes and checks the result, offline:
#  - with `kubectl kustomize` (installs Debian's kubernetes-client when there is
#    no kubectl), and with Debian 12's kubectl 1.20 (its kustomize v2.0.3, the
#    oldest the manifests promise to work with) unpacked into var/tools/: both
#    must render the same objects;
#  - every object against the Kubernetes OpenAPI schemas, strictly, with
#    kubernetes-validate (schemas inside its wheel) in a virtualenv of its own,
#    var/tools/kubernetes-validate (its jsonschema conflicts with Rasa's pins);
#  - every container: resources, probes, non-root; references; each process's
#    secrets as scripts/stack.py gives them; Rasa's ${VARIABLES} (deploy/kubernetes/check_rendered.py).
# Renders with an overlay's secrets.env and agents.json when they exist, else
# with the placeholders of secrets.env.example and agents.json.example (CI
# never needs real secrets). Nothing is applied to a cluster.
# Run from anywhere: ./scripts/check_kubernetes.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

KUBERNETES_VERSION=1.30.0 # the schemas to validate against
DEPLOY="$ROOT/deploy/kubernetes"
TOOLS="$ROOT/var/tools"
VALIDATE_VENV="$TOOLS/kubernetes-validate"
VALIDATE_PACKAGES=(
    kubernetes-validate==1.37.0 jsonschema==4.26.0 jsonschema-specifications==2025.9.1 referencing==0.37.0
    rpds-py==0.30.0 attrs==26.1.0 PyYAML==6.0.4 packaging==26.4 importlib_resources==7.1.0 typing_extensions==4.16.0
)
OLD_KUBECTL_DIR="$TOOLS/kubernetes-client"
OLD_KUBECTL="$OLD_KUBECTL_DIR/usr/bin/kubectl"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

kubectl_version() { # "v1.32.4" from whichever kubectl prints what
    "$1" version --client 2>/dev/null | grep -Eo 'v[0-9]+\.[0-9]+\.[0-9]+' | head -1
}

ensure_kubectl() {
    if ! command -v kubectl >/dev/null; then
        step "Installing Debian's kubernetes-client for kubectl (apt-get; log in var/logs/apt-kubectl.log)"
        { as_root apt-get install -y --no-install-recommends kubernetes-client \
            || { as_root apt-get update && as_root apt-get install -y --no-install-recommends kubernetes-client; }; } \
            >"$LOGS/apt-kubectl.log" 2>&1 || { echo "could not install kubernetes-client: see var/logs/apt-kubectl.log" >&2; exit 1; }
    fi
}

ensure_old_kubectl() {
    # Debian 12's kubectl, unpacked (not installed) to render with its old kustomize.
    if [ ! -x "$OLD_KUBECTL" ]; then
        step "Unpacking Debian 12's kubectl 1.20 (kubernetes-client, not installed) into var/tools/kubernetes-client"
        local download
        download="$(mktemp -d)"
        if ! (cd "$download" && apt-get download kubernetes-client >"$LOGS/apt-kubectl.log" 2>&1); then
            as_root apt-get update >>"$LOGS/apt-kubectl.log" 2>&1 || true
            (cd "$download" && apt-get download kubernetes-client >>"$LOGS/apt-kubectl.log" 2>&1) \
                || { echo "could not download kubernetes-client: see var/logs/apt-kubectl.log" >&2; exit 1; }
        fi
        rm -rf "$OLD_KUBECTL_DIR"
        dpkg -x "$download"/kubernetes-client_*.deb "$OLD_KUBECTL_DIR"
        rm -rf "$download"
    fi
}

ensure_validator() {
    local stamp
    stamp="$VALIDATE_VENV/.installed-$(printf '%s\n' "${VALIDATE_PACKAGES[@]}" | sha256sum | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        local python=""
        if [ -x "$VENV/bin/python" ]; then
            python="$("$VENV/bin/python" -c 'import sys; print(sys.base_prefix)')/bin/python3.10"
        fi
        if [ ! -x "$python" ] && ! python="$(find_python310)"; then
            echo "Python 3.10 is needed for the kubernetes-validate virtualenv: see scripts/setup.sh" >&2
            exit 1
        fi
        step "Installing kubernetes-validate into its own virtualenv, var/tools/kubernetes-validate (using $python)"
        rm -rf "$VALIDATE_VENV"
        "$python" -m venv "$VALIDATE_VENV"
        "$VALIDATE_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${VALIDATE_PACKAGES[@]}" \
            >"$LOGS/pip-kubernetes-validate.log" 2>&1 \
            || { echo "pip failed: see var/logs/pip-kubernetes-validate.log" >&2; exit 1; }
        touch "$stamp"
    fi
}

ensure_kubectl
ensure_validator
KUBECTL_VERSION="$(kubectl_version kubectl)"
OLD_VERSION=""
if [[ "$KUBECTL_VERSION" != v1.20.* ]]; then
    ensure_old_kubectl
    OLD_VERSION="$(kubectl_version "$OLD_KUBECTL")"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT # the renders may hold a real secrets.env's values
cp -r "$DEPLOY" "$WORK/kubernetes"

ALSO=""
[ -z "$OLD_VERSION" ] || ALSO=" and Debian's kubectl $OLD_VERSION"
step "Rendering the overlays of deploy/kubernetes with kubectl $KUBECTL_VERSION$ALSO"
RENDERS=()
for overlay_dir in "$DEPLOY"/overlays/*/; do
    overlay="$(basename "$overlay_dir")"
    copy="$WORK/kubernetes/overlays/$overlay"
    for file in secrets.env agents.json; do
        if [ -f "$overlay_dir/$file" ]; then
            from="$file"
        else
            cp "$DEPLOY/$file.example" "$copy/$file"
            from="$file.example's placeholders"
        fi
        echo "  $overlay: $file from $from"
    done
    render="$WORK/$overlay.yaml"
    if ! kubectl kustomize "$copy" >"$render" 2>"$WORK/$overlay.log"; then
        cat "$WORK/$overlay.log" >&2
        echo "kubectl $KUBECTL_VERSION could not render overlays/$overlay" >&2
        exit 1
    fi
    if grep -q Warning "$WORK/$overlay.log"; then
        echo "  $overlay: rendered (kustomize warns of deprecated fields, kept for kubectl 1.20: see base/kustomization.yaml)"
    else
        echo "  $overlay: rendered"
    fi
    if [ -n "$OLD_VERSION" ]; then
        if ! "$OLD_KUBECTL" kustomize "$copy" >"$WORK/$overlay.kubectl-1.20.yaml" 2>"$WORK/$overlay.old.log"; then
            cat "$WORK/$overlay.old.log" >&2
            echo "Debian's kubectl $OLD_VERSION could not render overlays/$overlay (a field its kustomize v2.0.3 lacks?)" >&2
            exit 1
        fi
        echo "  $overlay: rendered by kubectl $OLD_VERSION too"
        RENDERS+=("$overlay=$render:$WORK/$overlay.kubectl-1.20.yaml")
    else
        RENDERS+=("$overlay=$render")
    fi
done
[ -n "$OLD_VERSION" ] || echo "  (kubectl is Debian's 1.20 itself: no newer kustomize here to compare with)"

step "Checking the rendered objects:${OLD_VERSION:+ the same with both kubectl versions,} Kubernetes $KUBERNETES_VERSION schemas (strict), containers, references, secrets"
"$VALIDATE_VENV/bin/python" "$DEPLOY/check_rendered.py" --kubernetes-version "$KUBERNETES_VERSION" \
    --stack "$ROOT/scripts/stack.py" --example "$DEPLOY/secrets.env.example" \
    --rasa-files "$ROOT/endpoints.production.yml" "$ROOT/credentials.yml" -- "${RENDERS[@]}"
