"""Every word a host reads lives in domain/ (responses and utter_label_* pieces) or in
dashboard/emails/: a sentence written in Python fails this test.

The check reads every string in the code that runs the assistant and flags
those that read like words (two or more, with a space), except where words
are not for a host: docstrings, logs, exceptions, API errors, regular
expressions, operators' command lines, and the few data values listed below.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("actions", "channels", "charging_host", "common", "dashboard", "web")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
_REGEX = re.compile(r"\\[bdswBDSW]|\(\?|[|^$*+\[\]]")
_LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}
# Calls whose strings are for developers and operators, or are patterns.
_NOT_FOR_HOSTS = {
    "Refusal", "error", "bad_request", "json", "json_response",  # API answers
    "ArgumentParser", "add_argument", "exit", "getpass", "print", "basicConfig",  # command lines, log format
    "compile", "search", "match", "fullmatch", "sub", "findall", "finditer", "split",  # regular expressions
}  # fmt: skip

# Words in Python on purpose, each with its reason.
ALLOWED = {
    # Names Smappee gives, stored as data and shown as such.
    "Default pricing": "Smappee's name of a policy saved without one",
    "Smappee Community": "Smappee's name of the group of its cards",
    "Smappee Services": "the CPO's name, as the charging station stores it",
    " button": "the suffix of a button title's context in the translation catalogues (charging_host/catalogue.py)",
    # Settings' defaults.
    "Smappee Services BV": "the SEPA creditor (CREDITOR_NAME)",
    "Evolis 104, 8530 Harelbeke, Belgium": "the creditor's address (CREDITOR_ADDRESS)",
    "BE00ZZZ0000000000 (set CREDITOR_ID)": "the creditor identifier's placeholder",
    "Smappee <no-reply@smappee.net>": "the e-mails' sender (DASHBOARD_MAIL_FROM)",
    # Words hosts type, which the parsers know (input, not output).
    "the netherlands": "country name", "united kingdom": "country name",
    "every day": "opening hours", "all days": "opening hours", "elke dag": "opening hours",
    # Protocol text.
    "name or service not known": "a socket error's text, to tell a refused connection",
}  # fmt: skip
ALLOWED_PATTERNS = [
    re.compile(r"default-src|; connect-src|; frame-ancestors"),  # the Content-Security-Policy header
    re.compile(r"^ saved in $"),  # python -m web.agents, for operators
    re.compile(r"^(Bearer|HTTP) $"),  # an Authorization header, a status line
]


def _reads_like_words(text: str, in_f_string: bool) -> bool:
    """Two words or more; in an f-string, a word next to a space is enough ("{count} cards")."""
    if _REGEX.search(text) or " " not in text:
        return False
    return len(_WORD.findall(text)) >= (1 if in_f_string else 2)


def _not_for_hosts(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))  # docstring
        quiet = isinstance(node, ast.Raise)
        if isinstance(node, ast.Dict):  # what a button answers is read by the parsers, not shown
            skipped |= {
                id(child)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value == "payload"
                for child in ast.walk(value)
            }
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
            exception = name.endswith(("Error", "Exception", "Unavailable"))
            quiet = name in _NOT_FOR_HOSTS or exception or owner == "re" or (owner == "logger" and name in _LOG_METHODS)
        if quiet:
            skipped |= {id(child) for child in ast.walk(node)}
    return skipped


def sentences_in_python(text: str) -> list[tuple[int, str]]:
    tree = ast.parse(text)
    skipped = _not_for_hosts(tree)
    in_f_strings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and _reads_like_words(node.value, id(node) in in_f_strings)
        and node.value not in ALLOWED
        and not any(p.search(node.value) for p in ALLOWED_PATTERNS)
    ]


def test_no_sentence_for_a_host_is_written_in_python():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "node_modules" not in path.parts
        for line, text in sentences_in_python(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "move these to domain/ (or dashboard/emails/):\n" + "\n".join(found)


def test_the_check_finds_what_it_must():
    code = '''
"""A docstring may say anything."""
import logging, re
logger = logging.getLogger(__name__)

def ask(dispatcher):
    logger.info("sent the question to the host")
    re.search(r"no start fee", "x")
    dispatcher.utter_message(text="What is your VAT number?")
    buttons = [{"title": "Yes, register", "payload": f"{name} connector {position}"}]
    label = f"{name} connector {position}"
    raise ValueError("a developer's message")
'''
    found = [text for _, text in sorted(sentences_in_python(code))]
    assert found == ["What is your VAT number?", "Yes, register", " connector "]
