"""Fail when a held-out test message is also in the training data.

The test messages (tests/nlu/<language>/*.yml and the user lines of tests/stories/*.yml)
say how well the assistant understands what it has *not* seen; a copy in
data/nlu would make that figure a lie. Messages are compared after lower-casing
and squeezing spaces and punctuation at the ends, so "Yes!" and "yes" count
as the same message.

Usage: python -m scripts.held_out
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def normalised(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # entity annotations: [Gent](city) -> Gent
    return re.sub(r"\s+", " ", text).strip(" \t.!?,;:").lower()


def nlu_examples(paths: Iterable[Path]) -> dict[str, str]:
    """Normalised example -> the file it is in."""
    found: dict[str, str] = {}
    for path in paths:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu") or []:
            for line in str(item.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    found.setdefault(normalised(line[2:]), str(path.relative_to(ROOT)))
    return found


def story_user_lines(paths: Iterable[Path]) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in paths:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for story in data.get("stories") or []:
            for step in story.get("steps") or []:
                if isinstance(step, dict) and "user" in step:
                    found.setdefault(normalised(str(step["user"])), str(path.relative_to(ROOT)))
    return found


# Answers so short and common that a test can't avoid them and a model must
# know them: they are not "phrasings the model never saw".
TOO_COMMON = {
    *("yes", "no", "ok", "me", "hi", "hello", "thanks", "bye", "stop", "all", "both", "all of them"),
    *("ja", "nee", "neen", "hallo", "bedankt", "merci", "dag", "ik"),  # Dutch
    *("oui", "non", "bonjour", "salut", "moi", "toutes"),  # French
    *("nein", "danke", "tschüss", "alle", "ich"),  # German
}


def leaks() -> list[str]:
    training = nlu_examples(sorted((ROOT / "data").rglob("*.yml")))
    held_out = nlu_examples(sorted((ROOT / "tests" / "nlu").rglob("*.yml")))
    held_out.update(story_user_lines(sorted((ROOT / "tests" / "stories").glob("*.yml"))))
    return sorted(
        f"{held_out[text]}: {text!r} is also in {training[text]}"
        for text in held_out
        if text in training and text not in TOO_COMMON
    )


def main() -> int:
    found = leaks()
    for line in found:
        print(f"  {line}", file=sys.stderr)
    if found:
        print(f"{len(found)} held-out message(s) are also training data: take them out of data/", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
