"""The assistant's texts in the host's language: gettext catalogues read with Babel.

English is the source: the domain's responses, the e-mail templates and the
widget's labels are written in English where they are used. Each other
language has one ``.po`` file per catalogue in ``locale/<language>/LC_MESSAGES/``
(the format translators' tools read), produced and checked by
``python -m scripts.catalogue``. A message is found by its context (where it
is used: ``utter_ask_iban``, ``utter_ask_iban button``, ``login-code.txt``) and
its English text, so a changed English text is never shown with an old
translation: it falls back to English until it is translated again.

The language a piece of code speaks is set once per request with
``speaking(language)`` (the action server does it per action, like Django's
``translation.activate``) and read with ``current_language()``.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LANGUAGES: tuple[str, ...] = ("en", "nl", "fr", "de")
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# The catalogues: the assistant's responses, the back end's e-mails, the web widget's labels.
CATALOGUES: tuple[str, ...] = ("assistant", "emails", "widget")
# The name of each language in itself: what a host recognises on a button.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "nl": "Nederlands", "fr": "Français", "de": "Deutsch"}

_active: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=SOURCE_LANGUAGE)


def supported(language: object) -> str | None:
    """The supported language a code such as "nl", "nl-BE", "fr_FR" or "DE" names, else None."""
    if not isinstance(language, str):
        return None
    code = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
    return code if code in LANGUAGES else None


def accepted_language(accept_language: str) -> str | None:
    """The first supported language of an HTTP ``Accept-Language`` value ("nl-BE,nl;q=0.9,en;q=0.8")."""
    for part in accept_language.split(","):
        if language := supported(part.split(";")[0]):
            return language
    return None


def current_language() -> str:
    return _active.get()


@contextlib.contextmanager
def speaking(language: object) -> Iterator[str]:
    """Within the block, texts are in ``language`` (English when it is not supported)."""
    chosen = supported(language) or SOURCE_LANGUAGE
    token = _active.set(chosen)
    try:
        yield chosen
    finally:
        _active.reset(token)


def po_path(catalogue: str, language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{catalogue}.po"


@functools.cache
def _translations(catalogue: str, language: str, locale_dir: Path = LOCALE_DIR) -> dict[tuple[str, str], str]:
    """(context, English) -> translation, for the finished (not fuzzy, not empty) entries."""
    path = po_path(catalogue, language, locale_dir)
    if not path.exists():
        return {}
    with path.open("rb") as file:
        catalog = read_po(file, locale=language)
    return {
        (message.context or "", str(message.id)): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def translate(catalogue: str, context: str, english: str, language: str | None = None) -> str:
    """``english`` in ``language`` (the current one by default); English when there is no translation."""
    chosen = current_language() if language is None else supported(language)
    if not english or chosen is None or chosen == SOURCE_LANGUAGE:
        return english
    return _translations(catalogue, chosen, LOCALE_DIR).get((context, english), english)


def response_context(name: str, variation: int) -> str:
    """Where a response variation's text is used: its name, and ``#<n>`` from the second variation on."""
    return name if variation == 0 else f"{name}#{variation}"


def button_context(name: str, variation: int) -> str:
    return f"{response_context(name, variation)} button"


def translate_response(name: str, variation: int, response: dict[str, Any], language: str) -> dict[str, Any]:
    """A copy of a domain response variation (text, buttons) with its words in ``language``."""
    translated = dict(response)
    if isinstance(response.get("text"), str):
        translated["text"] = translate("assistant", response_context(name, variation), response["text"], language)
    if isinstance(response.get("buttons"), list):
        context = button_context(name, variation)
        translated["buttons"] = [
            {**button, "title": translate("assistant", context, str(button.get("title") or ""), language)}
            for button in response["buttons"]
        ]
    return translated


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a text is filled with; a translation must keep the same ones."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:  # an unbalanced brace: no placeholders as far as str.format is concerned
        return set()
