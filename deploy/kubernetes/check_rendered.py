"""Checks the rendered overlays of deploy/kubernetes (run by scripts/check_kubernetes.sh).

    check_rendered.py --kubernetes-version 1.30.0 --stack scripts/stack.py \\
        --example deploy/kubernetes/secrets.env.example \\
        --rasa-files endpoints.production.yml credentials.yml -- \\
        production=RENDER.yaml[:RENDER_BY_OTHER_KUBECTL.yaml] local=...

Runs in its own virtualenv (kubernetes-validate needs a newer jsonschema than
Rasa allows), so it imports nothing of the project. For each overlay:

- both renders hold the same objects (each kustomize version names generated
  ConfigMaps and Secrets with a hash of its own: the suffixes are ignored);
- every object is valid against the Kubernetes OpenAPI schemas, strictly (an
  unknown field is an error);
- every container has CPU and memory requests and a memory limit, runs as
  non-root on a read-only root file system without privilege escalation or
  capabilities, runs an image with a tag; a long-running one (Deployment,
  StatefulSet) has readiness and liveness probes;
- every ConfigMap, Secret, key, $(VARIABLE), Service, port and workload that
  something names exists in the render;
- each process gets exactly the secrets scripts/stack.py's SECRET_HOLDERS gives it;
- Rasa gets every ${VARIABLE} of its endpoints and credentials files.

Across overlays: the Ingresses expose the same paths, and every name of
secrets.env.example is used.
"""

from __future__ import annotations

import argparse
import ast
import base64
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml

Doc = dict[str, Any]

WORKLOAD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}
LONG_RUNNING_KINDS = {"Deployment", "StatefulSet", "DaemonSet"}
GENERATED_KINDS = {"ConfigMap", "Secret"}
HASH_SUFFIX = re.compile(r"^(?P<stem>.+)-[a-z0-9]{10}$")
VARIABLE_REFERENCE = re.compile(r"(?<!\$)\$\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)")

# Secrets of the processes that only Kubernetes runs (scripts/stack.py has no
# such process), and what a process gets beyond SECRET_HOLDERS: Rasa takes its
# own API token on its command line (stack.py passes it as an argument; here
# it comes from the Secret through $(RASA_AUTH_TOKEN)).
KUBERNETES_ONLY_HOLDERS = {
    "migrate": {"DASHBOARD_DATABASE_URL", "CONSOLE_DATABASE_URL"},
    "retention": {"TRACKER_STORE_URL"},
    "postgres": {"POSTGRES_PASSWORD"},
    "redis": {"REDIS_PASSWORD"},
}
ALSO_HOLDS = {"rasa": {"RASA_AUTH_TOKEN"}}


class Problems:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.messages.append(f"{where}: {message}")


def label(doc: Doc) -> str:
    return f"{doc['kind']}/{doc['metadata']['name']}"


def load(path: str) -> list[Doc]:
    with open(path, encoding="utf-8") as file:
        return [doc for doc in yaml.safe_load_all(file) if doc]


# --- the two renders ------------------------------------------------------------------------------


def normalised(docs: list[Doc]) -> dict[tuple[str, str, str], Doc]:
    """The objects by (kind, namespace, name), as the API server reads them, and with generated
    names and references to them as NAME-<hash>. kustomize v5 wraps long base64 values on
    several lines, v2 writes empty annotations: neither changes what the cluster gets."""
    renamed = {}
    for doc in docs:
        match = HASH_SUFFIX.match(doc["metadata"]["name"])
        if doc["kind"] in GENERATED_KINDS and match:
            renamed[doc["metadata"]["name"]] = match["stem"] + "-<hash>"

    def rename(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: rename(item) for key, item in value.items()}
        if isinstance(value, list):
            return [rename(item) for item in value]
        if isinstance(value, str):
            return renamed.get(value, value)
        return value

    objects = {}
    for doc in docs:
        doc = rename(doc)
        meta = doc["metadata"]
        for field in ("annotations", "labels"):
            if meta.get(field) == {}:
                del meta[field]
        if doc["kind"] == "Secret":
            doc["data"] = {key: base64.b64decode(value) for key, value in (doc.get("data") or {}).items()}
        objects[(doc["kind"], meta.get("namespace", ""), meta["name"])] = doc
    return objects


def first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}/{key}: only in the {'first' if key in a else 'second'}"
            if a[key] != b[key]:
                return first_difference(a[key], b[key], f"{path}/{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{path}/{index}")
    return f"{path or '/'}: {str(a)[:120]!r} != {str(b)[:120]!r}"


def check_same(overlay: str, primary: list[Doc], secondary: list[Doc], problems: Problems) -> None:
    a, b = normalised(primary), normalised(secondary)
    for key in sorted(set(a) ^ set(b)):
        problems.add(overlay, f"{key[0]}/{key[2]} rendered by only one of the two kubectl versions")
    for key in sorted(set(a) & set(b)):
        if a[key] != b[key]:
            problems.add(
                overlay, f"{key[0]}/{key[2]} differs between the kubectl versions at {first_difference(a[key], b[key])}"
            )


# --- schemas --------------------------------------------------------------------------------------


def check_schemas(overlay: str, docs: list[Doc], version: str, problems: Problems) -> None:
    for doc in docs:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as invalid:
            path = "/".join(str(part) for part in invalid.absolute_path) or "/"
            problems.add(
                f"{overlay}: {label(doc)}", f"not valid against Kubernetes {version} at {path}: {invalid.message}"
            )
        except kubernetes_validate.SchemaNotFoundError as unknown:
            problems.add(f"{overlay}: {label(doc)}", unknown.message)


# --- pods -----------------------------------------------------------------------------------------


def pod_template(doc: Doc) -> Doc | None:
    if doc["kind"] not in WORKLOAD_KINDS:
        return None
    spec: Doc = doc["spec"]["jobTemplate"]["spec"] if doc["kind"] == "CronJob" else doc["spec"]
    template: Doc = spec["template"]
    return template


def containers(pod_spec: Doc) -> Iterator[tuple[Doc, bool]]:
    """Each container, and whether it is an init container."""
    for container in pod_spec.get("initContainers") or []:
        yield container, True
    for container in pod_spec.get("containers") or []:
        yield container, False


def check_pods(overlay: str, docs: list[Doc], problems: Problems) -> None:
    for doc in docs:
        template = pod_template(doc)
        if template is None:
            continue
        pod = template["spec"]
        pod_security = pod.get("securityContext") or {}
        for container, is_init in containers(pod):
            where = f"{overlay}: {label(doc)} container {container['name']}"
            security = {**pod_security, **(container.get("securityContext") or {})}
            resources = container.get("resources") or {}
            for kind, name in (("requests", "cpu"), ("requests", "memory"), ("limits", "memory")):
                if name not in (resources.get(kind) or {}):
                    problems.add(where, f"no {name} in resources.{kind}")
            if doc["kind"] in LONG_RUNNING_KINDS and not is_init:
                for probe in ("readinessProbe", "livenessProbe"):
                    if probe not in container:
                        problems.add(where, f"no {probe}")
            if security.get("runAsNonRoot") is not True:
                problems.add(where, "may run as root (securityContext.runAsNonRoot is not true)")
            if security.get("runAsUser") == 0:
                problems.add(where, "runs as root (runAsUser: 0)")
            if security.get("allowPrivilegeEscalation") is not False:
                problems.add(where, "allowPrivilegeEscalation is not false")
            if security.get("readOnlyRootFilesystem") is not True:
                problems.add(where, "readOnlyRootFilesystem is not true")
            if "ALL" not in ((security.get("capabilities") or {}).get("drop") or []):
                problems.add(where, "does not drop ALL capabilities")
            if security.get("privileged"):
                problems.add(where, "is privileged")
            image = container.get("image", "")
            name_part = image.rsplit("/", 1)[-1]
            if "@" not in image and (":" not in name_part or name_part.endswith(":latest")):
                problems.add(where, f"image {image!r} has no tag or 'latest' (set newTag in the overlay's images)")


# --- references -----------------------------------------------------------------------------------


def check_references(overlay: str, docs: list[Doc], problems: Problems) -> None:
    def named(kind: str, name: str, namespace: str) -> Doc | None:
        for doc in docs:
            meta = doc["metadata"]
            if doc["kind"] == kind and meta["name"] == name and meta.get("namespace", "") == namespace:
                return doc
        return None

    def keys_of(doc: Doc) -> set[str]:
        return set(doc.get("data") or {}) | set(doc.get("stringData") or {}) | set(doc.get("binaryData") or {})

    pods = [(doc, pod_template(doc)) for doc in docs if pod_template(doc) is not None]

    def pods_matching(selector: dict[str, str], namespace: str) -> list[Doc]:
        return [
            template
            for doc, template in pods
            if template is not None
            and doc["metadata"].get("namespace", "") == namespace
            and selector.items() <= (template["metadata"].get("labels") or {}).items()
        ]

    for doc, template in pods:
        assert template is not None
        namespace = doc["metadata"].get("namespace", "")
        where = f"{overlay}: {label(doc)}"
        for volume in template["spec"].get("volumes") or []:
            for field, kind, name_field in (("configMap", "ConfigMap", "name"), ("secret", "Secret", "secretName")):
                source = volume.get(field)
                if source and not source.get("optional") and named(kind, source[name_field], namespace) is None:
                    problems.add(where, f"volume {volume['name']}: no {kind} {source[name_field]}")
        for container, _ in containers(template["spec"]):
            variables = set()
            for source in container.get("envFrom") or []:
                for field, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                    if field in source:
                        found = named(kind, source[field]["name"], namespace)
                        if found is None and not source[field].get("optional"):
                            problems.add(where, f"envFrom: no {kind} {source[field]['name']}")
                        variables |= keys_of(found) if found else set()
            for variable in container.get("env") or []:
                variables.add(variable["name"])
                value_from = variable.get("valueFrom") or {}
                for field, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                    ref = value_from.get(field)
                    if not ref or ref.get("optional"):
                        continue
                    found = named(kind, ref["name"], namespace)
                    if found is None:
                        problems.add(where, f"{variable['name']}: no {kind} {ref['name']}")
                    elif ref["key"] not in keys_of(found):
                        problems.add(where, f"{variable['name']}: {kind} {ref['name']} has no key {ref['key']}")
            for argument in (container.get("command") or []) + (container.get("args") or []):
                for match in VARIABLE_REFERENCE.finditer(argument):
                    if match["name"] not in variables:
                        problems.add(where, f"$({match['name']}) in the command is not a variable of the container")

    services = {}
    for doc in docs:
        kind, spec = doc["kind"], doc.get("spec") or {}
        namespace = doc["metadata"].get("namespace", "")
        where = f"{overlay}: {label(doc)}"
        if kind == "Service" and spec.get("selector"):
            matched = pods_matching(spec["selector"], namespace)
            if not matched:
                problems.add(where, f"its selector {spec['selector']} matches no pod")
            port_names = {
                port.get("name")
                for template in matched
                for container, _ in containers(template["spec"])
                for port in container.get("ports") or []
            }
            for port in spec.get("ports") or []:
                if isinstance(port.get("targetPort"), str) and port["targetPort"] not in port_names:
                    problems.add(where, f"targetPort {port['targetPort']} is no port of its pods")
            services[(namespace, doc["metadata"]["name"])] = {port.get("name") for port in spec.get("ports") or []} | {
                port["port"] for port in spec.get("ports") or []
            }
        if kind in {"PodDisruptionBudget"} and not pods_matching(spec["selector"].get("matchLabels") or {}, namespace):
            problems.add(where, "its selector matches no pod")
        if kind == "HorizontalPodAutoscaler":
            target = spec["scaleTargetRef"]
            if named(target["kind"], target["name"], namespace) is None:
                problems.add(where, f"no {target['kind']} {target['name']} to scale")
        if kind == "NetworkPolicy":
            selectors = [spec.get("podSelector") or {}]
            selectors += [
                peer["podSelector"]
                for rule in spec.get("ingress") or []
                for peer in rule.get("from") or []
                if "podSelector" in peer
            ]
            for selector in selectors:
                labels = selector.get("matchLabels") or {}
                if labels and not pods_matching(labels, namespace):
                    problems.add(where, f"pod selector {labels} matches no pod")
    for doc in docs:
        if doc["kind"] != "Ingress":
            continue
        namespace = doc["metadata"].get("namespace", "")
        for rule in doc["spec"].get("rules") or []:
            for path in (rule.get("http") or {}).get("paths") or []:
                service = path["backend"]["service"]
                port = service["port"].get("name", service["port"].get("number"))
                if (namespace, service["name"]) not in services:
                    problems.add(f"{overlay}: {label(doc)}", f"{path['path']}: no Service {service['name']}")
                elif port not in services[(namespace, service["name"])]:
                    problems.add(
                        f"{overlay}: {label(doc)}", f"{path['path']}: Service {service['name']} has no port {port}"
                    )


# --- secrets per process --------------------------------------------------------------------------


def secret_holders(stack_py: Path) -> dict[str, set[str]]:
    """SECRET_HOLDERS of scripts/stack.py, read without importing it (nor Rasa, nor requests)."""
    tree = ast.parse(stack_py.read_text(encoding="utf-8"))
    wanted = {"CHANNEL_VARIABLES", "SECRET_HOLDERS"}
    statements: list[ast.stmt] = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in wanted for t in node.targets)
    ]
    namespace: dict[str, Any] = {}
    exec(compile(ast.Module(body=statements, type_ignores=[]), str(stack_py), "exec"), namespace)
    holders = namespace.get("SECRET_HOLDERS")
    if not isinstance(holders, dict):
        raise SystemExit(f"no SECRET_HOLDERS dictionary in {stack_py}")
    return holders


def check_rasa_variables(overlay: str, docs: list[Doc], rasa_files: list[Path], problems: Problems) -> None:
    """Rasa refuses to start on a ${VARIABLE} of its endpoints or credentials that isn't set."""
    needed = {}
    for path in rasa_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"(^|\s)#.*$", "", line)  # not in comments
            for match in re.finditer(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}", line):
                needed[match["name"]] = path.name
    by_name = {(doc["kind"], doc["metadata"]["name"]): doc for doc in docs}
    for doc in docs:
        template = pod_template(doc)
        if template is None or (template["metadata"].get("labels") or {}).get("app.kubernetes.io/name") != "rasa":
            continue
        for container, is_init in containers(template["spec"]):
            if is_init:
                continue
            variables = {variable["name"] for variable in container.get("env") or []}
            for source in container.get("envFrom") or []:
                for field, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                    if field in source:
                        variables |= set((by_name.get((kind, source[field]["name"])) or {}).get("data") or {})
            for name, file in sorted(needed.items()):
                if name not in variables:
                    problems.add(f"{overlay}: {label(doc)} container {container['name']}", f"{file} needs ${{{name}}}")


def check_secret_holders(overlay: str, docs: list[Doc], holders: dict[str, set[str]], problems: Problems) -> None:
    secrets = {
        (doc["metadata"].get("namespace", ""), doc["metadata"]["name"]): doc for doc in docs if doc["kind"] == "Secret"
    }
    for doc in docs:
        template = pod_template(doc)
        if template is None:
            continue
        process = (template["metadata"].get("labels") or {}).get("app.kubernetes.io/name", "")
        namespace = doc["metadata"].get("namespace", "")
        if process in KUBERNETES_ONLY_HOLDERS:
            expected = KUBERNETES_ONLY_HOLDERS[process]
        else:
            if process not in set().union(*holders.values()):
                problems.add(f"{overlay}: {label(doc)}", f"{process!r}: in neither SECRET_HOLDERS nor this check")
                continue
            expected = {name for name, processes in holders.items() if process in processes}
            expected |= ALSO_HOLDS.get(process, set())
        for container, _ in containers(template["spec"]):
            received = set()
            for source in container.get("envFrom") or []:
                if "secretRef" in source:
                    secret = secrets.get((namespace, source["secretRef"]["name"])) or {}
                    received |= set(secret.get("data") or {}) | set(secret.get("stringData") or {})
            for variable in container.get("env") or []:
                ref = (variable.get("valueFrom") or {}).get("secretKeyRef")
                if ref:
                    received.add(ref["key"])
            where = f"{overlay}: {label(doc)} container {container['name']}"
            for name in sorted(received - expected):
                problems.add(
                    where, f"gets secret {name}, which scripts/stack.py's SECRET_HOLDERS doesn't give {process}"
                )
            for name in sorted(expected - received):
                problems.add(where, f"lacks secret {name}, which scripts/stack.py's SECRET_HOLDERS gives {process}")


# --- across overlays ------------------------------------------------------------------------------


def ingress_paths(docs: list[Doc]) -> dict[str, set[tuple[str, str, str, str]]]:
    paths: dict[str, set[tuple[str, str, str, str]]] = {}
    for doc in docs:
        if doc["kind"] == "Ingress":
            for rule in doc["spec"].get("rules") or []:
                for path in (rule.get("http") or {}).get("paths") or []:
                    service = path["backend"]["service"]
                    port = str(service["port"].get("name", service["port"].get("number")))
                    paths.setdefault(doc["metadata"]["name"], set()).add(
                        (path["path"], path["pathType"], service["name"], port)
                    )
    return paths


def env_file_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line.split("=", 1)[0])
    return names


def secret_keys_used(docs: list[Doc]) -> set[str]:
    used = set()
    for doc in docs:
        template = pod_template(doc)
        for container, _ in containers(template["spec"]) if template else []:
            for variable in container.get("env") or []:
                ref = (variable.get("valueFrom") or {}).get("secretKeyRef")
                if ref:
                    used.add(ref["key"])
    return used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kubernetes-version", required=True)
    parser.add_argument("--stack", type=Path, required=True, help="scripts/stack.py (SECRET_HOLDERS)")
    parser.add_argument("--example", type=Path, required=True, help="secrets.env.example")
    parser.add_argument("--rasa-files", type=Path, nargs="+", required=True, help="Rasa's endpoints and credentials")
    parser.add_argument("renders", nargs="+", metavar="OVERLAY=RENDER[:OTHER_RENDER]")
    args = parser.parse_args()

    holders = secret_holders(args.stack)
    problems = Problems()
    rendered: dict[str, list[Doc]] = {}
    for argument in args.renders:
        overlay, _, files = argument.partition("=")
        primary, _, secondary = files.partition(":")
        docs = rendered[overlay] = load(primary)
        before = len(problems.messages)
        if secondary:
            check_same(overlay, docs, load(secondary), problems)
        check_schemas(overlay, docs, args.kubernetes_version, problems)
        check_pods(overlay, docs, problems)
        check_references(overlay, docs, problems)
        check_secret_holders(overlay, docs, holders, problems)
        check_rasa_variables(overlay, docs, args.rasa_files, problems)
        kinds: dict[str, int] = {}
        for doc in docs:
            kinds[doc["kind"]] = kinds.get(doc["kind"], 0) + 1
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        verdict = "ok" if len(problems.messages) == before else f"{len(problems.messages) - before} problem(s)"
        print(f"  {overlay}: {len(docs)} objects ({summary}): {verdict}")

    overlays = sorted(rendered)
    paths = {overlay: ingress_paths(rendered[overlay]) for overlay in overlays}
    for overlay in overlays[1:]:
        if paths[overlay] != paths[overlays[0]]:
            problems.add(
                overlay,
                f"its Ingresses expose other paths than {overlays[0]}'s: {paths[overlay]} != {paths[overlays[0]]}",
            )
    used = set().union(*(secret_keys_used(docs) for docs in rendered.values()))
    for name in sorted(env_file_names(args.example) - used):
        problems.add(str(args.example), f"{name} is used by no container of any overlay")

    if problems.messages:
        for message in problems.messages:
            print(f"  FAIL {message}", file=sys.stderr)
        sys.exit(1)
    print(f"  every object valid against Kubernetes {args.kubernetes_version} (strict), every container checked")


if __name__ == "__main__":
    main()
