"""The translation catalogues: extract the English texts, update the languages' files, check them.

The English texts stay where they are used: the domain's responses
(``domain/*.yml``), the back end's e-mail templates (``dashboard/emails/*.txt``)
and the web widget's labels (``web/widget_texts.yml``). This script turns them
into gettext templates (``locale/<catalogue>.pot``) and keeps each language's
``locale/<language>/LC_MESSAGES/<catalogue>.po`` in step; translators work in
the ``.po`` files with any gettext tool (Poedit, Weblate, Lokalise, ...).

    python -m scripts.catalogue update   # after changing English texts: new .pot, .po files merged
    python -m scripts.catalogue check    # CI: templates current, every message translated alike

The check fails when a template is out of date, or when a message of any
language is missing, empty, fuzzy (its English changed since it was
translated), or has other ``{placeholders}`` than the English.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from charging_host.catalogue import (
    CATALOGUES,
    LANGUAGES,
    LOCALE_DIR,
    SOURCE_LANGUAGE,
    button_context,
    placeholders,
    po_path,
    response_context,
)

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_DIR = ROOT / "domain"
EMAILS_DIR = ROOT / "dashboard" / "emails"
WIDGET_TEXTS = ROOT / "web" / "widget_texts.yml"
HEADER = {"project": "charging-host-assistant", "copyright_holder": "Smappee", "msgid_bugs_address": ""}


@dataclass(frozen=True)
class Source:
    context: str
    text: str
    location: tuple[str, int]
    note: str = ""


def _line_of(lines: list[str], needle: str) -> int:
    return next((number for number, line in enumerate(lines, 1) if line.strip().startswith(needle)), 1)


def assistant_sources(domain_dir: Path = DOMAIN_DIR) -> Iterator[Source]:
    for path in sorted(domain_dir.glob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        responses = (yaml.safe_load("\n".join(lines)) or {}).get("responses") or {}
        for name, variations in responses.items():
            where = (str(path.relative_to(ROOT)), _line_of(lines, f"{name}:"))
            for index, variation in enumerate(variations):
                condition = ", ".join(f"{c['name']}={c['value']}" for c in variation.get("condition") or [])
                if variation.get("text"):
                    yield Source(response_context(name, index), str(variation["text"]), where, condition)
                for button in variation.get("buttons") or []:
                    yield Source(
                        button_context(name, index), str(button["title"]), where, f"payload {button['payload']}"
                    )


def email_sources(emails_dir: Path = EMAILS_DIR) -> Iterator[Source]:
    for path in sorted(emails_dir.glob("*.txt")):
        note = "The first line is the subject ('Subject: ' stays in English), then an empty line, then the body."
        yield Source(path.name, path.read_text(encoding="utf-8"), (str(path.relative_to(ROOT)), 1), note)
    words = emails_dir / "words.yml"
    lines = words.read_text(encoding="utf-8").splitlines()
    for key, text in (yaml.safe_load("\n".join(lines)) or {}).items():
        yield Source(str(key), str(text), (str(words.relative_to(ROOT)), _line_of(lines, f"{key}:")), "A product name")


def widget_sources(path: Path = WIDGET_TEXTS) -> Iterator[Source]:
    lines = path.read_text(encoding="utf-8").splitlines()
    for key, text in (yaml.safe_load("\n".join(lines)) or {}).items():
        yield Source(str(key), str(text), (str(path.relative_to(ROOT)), _line_of(lines, f"{key}:")))


SOURCES = {"assistant": assistant_sources, "emails": email_sources, "widget": widget_sources}


def template(catalogue: str) -> Catalog:
    """The ``.pot`` of a catalogue, from the English texts where they are used."""
    pot = Catalog(**HEADER, fuzzy=False)
    for source in SOURCES[catalogue]():
        notes = [source.note] if source.note else []
        if names := sorted(placeholders(source.text)):
            notes.append("Keep the placeholders: " + ", ".join("{" + n + "}" for n in names))
        pot.add(source.text, context=source.context, locations=[source.location], auto_comments=notes)
    return pot


def _write(catalog: Catalog, path: Path) -> None:
    """Write the file, unless only its creation date would change (no noise in the history)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, include_previous=True)
    dated = re.compile(rb'^"POT-Creation-Date: .*$', re.MULTILINE)
    if path.exists() and dated.sub(b"", path.read_bytes()) == dated.sub(b"", buffer.getvalue()):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def update(locale_dir: Path = LOCALE_DIR) -> None:
    for catalogue in CATALOGUES:
        pot = template(catalogue)
        _write(pot, locale_dir / f"{catalogue}.pot")
        for language in LANGUAGES:
            if language == SOURCE_LANGUAGE:
                continue
            path = po_path(catalogue, language, locale_dir)
            po = _read(path, language) if path.exists() else Catalog(locale=language, **HEADER, fuzzy=False)
            po.update(pot)
            po.obsolete.clear()  # git keeps the history; stale entries only confuse translators
            _write(po, path)
            untranslated = sum(1 for m in po if m.id and not m.string)
            print(f"  {path.relative_to(ROOT)}: {len(pot)} messages, {untranslated} to translate")


def problems(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Every reason the catalogues are not ready; empty when they are."""
    found: list[str] = []
    for catalogue in CATALOGUES:
        expected = {(m.context or "", str(m.id)) for m in template(catalogue) if m.id}
        pot_path = locale_dir / f"{catalogue}.pot"
        stored = {(m.context or "", str(m.id)) for m in _read(pot_path) if m.id} if pot_path.exists() else set()
        if stored != expected:
            found.append(f"{pot_path.name} is out of date: run python -m scripts.catalogue update")
        for language in LANGUAGES:
            if language == SOURCE_LANGUAGE:
                continue
            path = po_path(catalogue, language, locale_dir)
            if not path.exists():
                found.append(f"{path.relative_to(ROOT)} is missing")
                continue
            messages = {(m.context or "", str(m.id)): m for m in _read(path, language) if m.id}
            for context, english in sorted(expected):
                where = f"{language}/{catalogue}.po [{context}]"
                message = messages.get((context, english))
                if message is None or not message.string:
                    found.append(f"{where} is not translated")
                elif message.fuzzy:
                    found.append(f"{where} is fuzzy: its English changed; check the translation")
                elif placeholders(str(message.string)) != placeholders(english):
                    found.append(
                        f"{where} has placeholders {sorted(placeholders(str(message.string)))}, "
                        f"the English {sorted(placeholders(english))}"
                    )
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
        return 0
    if command == "check":
        found = problems()
        for problem in found[:60]:
            print("  " + problem, file=sys.stderr)
        if found:
            print(f"{len(found)} catalogue problems (python -m scripts.catalogue check)", file=sys.stderr)
            return 1
        total = sum(len(list(SOURCES[c]())) for c in CATALOGUES)
        print(f"  {total} messages in {len(CATALOGUES)} catalogues, translated in {', '.join(LANGUAGES[1:])}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
