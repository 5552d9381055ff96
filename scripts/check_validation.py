"""Fail on any warning of `rasa data validate` except the two Rasa 3.6 cannot avoid.

`rasa data validate --fail-on-warnings` exits 0 even when it warns that a
response is "not used in any story or rule". Rasa cannot see the responses
that custom actions send, so this script accepts that warning only for
responses an action or the console names (tests/unit/test_domain_responses.py
checks those exist), for a form's questions (utter_ask_<slot>) and for the
pieces actions build messages from (utter_label_*); and it accepts the
"duplicated intents: faq" note that a retrieval intent listed in the domain
always causes, and the missing training examples of `handed_back` (an intent
only the agent console triggers). Anything else fails the build.

Usage: python -m scripts.check_validation var/test-reports/validate.log
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sources_sending_responses() -> str:
    """The Python that names responses: the actions, the channels and the console (their own words)."""
    files = [
        f
        for folder in ("actions", "channels", "web")
        for f in sorted((ROOT / folder).rglob("*.py"))
        if "node_modules" not in f.parts
    ]
    return "\n".join(p.read_text() for p in files)


def unexpected_warnings(log: str) -> list[str]:
    sources = sources_sending_responses()
    sent_by_actions = set(re.findall(r'"(utter_[a-z0-9_]+)"', sources))
    families = set(re.findall(r'f"(utter_[a-z0-9_]+_)\{', sources))
    forms = (ROOT / "domain" / "forms.yml").read_text()
    asked_by_forms = set(re.findall(r"^    - ([a-z_]+)$", forms, re.M))
    problems = []
    for warning in re.findall(r"UserWarning: (.*)", log):
        unused = re.match(r"The utterance '(utter_[\w/]+)' is not used in any story or rule\.", warning)
        if unused:
            name = unused.group(1)
            if name in sent_by_actions or any(name.startswith(prefix) for prefix in families):
                continue
            if name.startswith("utter_ask_") and name[len("utter_ask_") :] in asked_by_forms:
                continue  # a form's question
            if name.startswith("utter_label_"):
                continue  # a piece of a message (tests/unit/test_domain_responses.py checks each is used)
        if warning.startswith("The following duplicated intents have been found across multiple domain files: faq"):
            continue
        console_only = r"The intent '(handed_back)' is (listed in the domain file, but is not found in the|not used)"
        if re.match(console_only, warning):
            continue  # sent only by the agent console (trigger_intent), never typed
        problems.append(warning)
    return problems


if __name__ == "__main__":
    problems = unexpected_warnings(Path(sys.argv[1]).read_text())
    for problem in problems:
        print(f"  unexpected warning: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)
