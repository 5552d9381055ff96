"""The conversation's language: which one it is (detected, hinted, asked for), and
every text in it (the catalogues, the formats, the responses Rasa sends, the labels
actions build with, the e-mails)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from charging_host import catalogue, formats
from charging_host.catalogue import current_language, placeholders, speaking, supported, translate
from charging_host.languages import follow, named_language, read, requested_language

# --- which language ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, language",
    [
        ("ik wil mijn laadpaal openstellen voor het publiek", "nl"),
        ("je voudrais devenir opérateur de recharge", "fr"),
        ("ich möchte meine Wallbox öffentlich machen", "de"),
        ("I would like to register my company as a charging host", "en"),
    ],
)
def test_a_sentence_is_read_in_its_language(text: str, language: str) -> None:
    reading = read(text)
    assert reading.language == language and reading.confidence >= 0.8


@pytest.mark.parametrize("text", ["ok", "hallo", "BE0123456789", "jan@example.be 0470 12 34 56", ""])
def test_one_word_numbers_and_addresses_say_no_language(text: str) -> None:
    assert read(text).language is None


@pytest.mark.parametrize(
    "text, wanted",
    [
        ("in English please", "en"),
        ("kunnen we in het Nederlands verder?", "nl"),
        ("vous parlez français ?", "fr"),
        ("auf Deutsch bitte", "de"),
        ("no, in Dutch please", "nl"),
        ("pas en anglais svp, en français", "fr"),
        # Only a language the host does not want: the one they write in.
        ("ik versta geen Engels", "nl"),
        ("je ne parle pas anglais", "fr"),
        ("ich spreche kein Englisch", "de"),
    ],
)
def test_a_request_names_the_language_wanted(text: str, wanted: str) -> None:
    assert requested_language(text, "en") == wanted


def test_a_request_without_a_language_asks_which() -> None:
    assert requested_language("can we switch language", "en") is None
    assert named_language("do you speak spanish") is None


def test_a_confident_first_message_settles_the_language() -> None:
    decision = follow(None, False, "ik wil mijn laadpaal openstellen voor het publiek")
    assert (decision.language, decision.settled, decision.check) == ("nl", True, False)


def test_an_unsure_reading_is_taken_and_checked_with_the_host() -> None:
    decision = follow("en", False, "kan ik mijn charger public zetten")
    assert (decision.language, decision.settled, decision.check) == ("nl", True, True)


def test_once_settled_answers_in_another_language_do_not_move_it() -> None:
    assert follow("en", True, "Kerkstraat 12, 9000 Gent en de garage").language == "en"
    assert follow("en", True, "je voudrais devenir opérateur de recharge").language == "en"


def test_answers_to_questions_are_not_read() -> None:
    decision = follow("en", False, "Kerkstraat 12, 9000 Gent", is_answer=True)
    assert (decision.language, decision.settled) == ("en", False)


def test_a_hint_sets_the_language_until_the_host_writes_otherwise() -> None:
    assert follow(None, False, "/greet", hint="nl-BE").language == "nl"
    assert follow(None, False, "ok", hint="fr").language == "fr"
    assert follow("nl", False, "how do drivers pay at my charging station", hint="nl").language == "en"


@pytest.mark.parametrize("code, language", [("nl-BE", "nl"), ("fr_FR", "fr"), ("DE", "de"), ("es", None), (None, None)])
def test_language_codes_of_pages_and_apps(code: str | None, language: str | None) -> None:
    assert supported(code) == language


def test_the_first_supported_language_a_browser_accepts() -> None:
    from charging_host.catalogue import accepted_language

    assert accepted_language("es-ES,es;q=0.9,fr-BE;q=0.8,en;q=0.5") == "fr"
    assert accepted_language("nl-BE") == "nl"
    assert accepted_language("es, it") is None and accepted_language("") is None


# --- the catalogues ------------------------------------------------------------------


def _po(path: Path, language: str, entries: list[tuple[str, str, str, bool]]) -> None:
    po = Catalog(locale=language)
    for context, english, translation, fuzzy in entries:
        po.add(english, translation, context=context, flags=["fuzzy"] if fuzzy else [])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, po)


def test_a_missing_or_fuzzy_translation_falls_back_to_english(tmp_path: Path, monkeypatch) -> None:
    _po(
        tmp_path / "nl" / "LC_MESSAGES" / "assistant.po",
        "nl",
        [("utter_a", "Hello", "Hallo", False), ("utter_b", "Bye", "Dag (oud)", True)],
    )
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    assert translate("assistant", "utter_a", "Hello", "nl") == "Hallo"
    assert translate("assistant", "utter_b", "Bye", "nl") == "Bye"  # fuzzy: its English changed
    assert translate("assistant", "utter_a", "Hello there", "nl") == "Hello there"  # a new English text
    assert translate("assistant", "utter_a", "Hello", "en") == "Hello"


def test_the_language_is_set_per_block() -> None:
    assert current_language() == "en"
    with speaking("fr-BE"):
        assert current_language() == "fr"
        with speaking("xx"):
            assert current_language() == "en"
    assert current_language() == "en"


def test_placeholders() -> None:
    assert placeholders("Hallo {name}, je code is {code}") == {"name", "code"}
    assert placeholders("no braces") == set()


def test_the_catalogue_check_finds_untranslated_fuzzy_and_broken_placeholders(tmp_path: Path, monkeypatch) -> None:
    from scripts import catalogue as script

    monkeypatch.setattr(script, "CATALOGUES", ("widget",))
    monkeypatch.setattr(script, "LANGUAGES", ("en", "nl"))
    english = {s.context: s.text for s in script.widget_sources()}
    pot = script.template("widget")
    with (tmp_path / "widget.pot").open("wb") as file:
        write_po(file, pot)
    entries = [(key, text, text, False) for key, text in english.items()]
    entries = [e for e in entries if e[0] not in ("send", "typing", "agent")]
    entries += [("typing", english["typing"], "De assistent schrijft…", True)]
    entries += [("agent", english["agent"], "{naam} · Smappee support", False)]
    _po(tmp_path / "nl" / "LC_MESSAGES" / "widget.po", "nl", entries)
    found = "\n".join(script.problems(tmp_path))
    assert "nl/widget.po [send] is not translated" in found
    assert "nl/widget.po [typing] is fuzzy" in found
    assert "nl/widget.po [agent] has placeholders ['naam']" in found


def test_the_catalogues_are_complete_in_every_language() -> None:
    """The CI check: every message translated, same placeholders (python -m scripts.catalogue check)."""
    from scripts.catalogue import problems

    assert problems() == []


# --- formats -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, money, day",
    [
        ("en", "€0.35", "1 January 2027"),
        ("nl", "€\xa00,35", "1 januari 2027"),
        ("fr", "0,35\xa0€", "1 janvier 2027"),
        ("de", "0,35\xa0€", "1. Januar 2027"),
    ],
)
def test_money_and_dates_per_language(language: str, money: str, day: str) -> None:
    assert formats.euro(Decimal("0.35"), 2, language) == money
    assert formats.long_date(date(2027, 1, 1), language) == day


def test_money_follows_the_current_language() -> None:
    with speaking("nl"):
        assert formats.euro(Decimal("0.3191"), 4) == "€\xa00,3191"
        assert formats.number(Decimal("0.3")) == "0,30"


# --- the assistant's words in the conversation's language ---------------------------


def _listening_tracker(text: str, intent: str, slots: dict, metadata: dict | None = None, entities=None):
    from rasa_sdk import Tracker

    message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}
    events = [{"event": "user", "text": text, "parse_data": message, "metadata": metadata or {}}]
    return Tracker("unit-language", slots, message, events, False, None, {}, "action_listen")


async def test_rasa_sends_a_response_in_the_slots_language(domain) -> None:
    from rasa.shared.core.domain import Domain

    from nlg.catalogue import CatalogueNLG
    from tests.unit.conftest import ROOT

    nlg = CatalogueNLG(domain=Domain.load(str(ROOT / "domain")))
    english = nlg.generate_from_slots("utter_ask_entity_type", {"language": "en"}, "rest")
    dutch = nlg.generate_from_slots("utter_ask_entity_type", {"language": "nl"}, "rest")
    assert english is not None and dutch is not None
    assert "btw-nummer" in dutch["text"] and dutch["text"] != english["text"]
    # Button titles are translated, payloads are not: every language has the same buttons.
    assert [b["payload"] for b in dutch["buttons"]] == [b["payload"] for b in english["buttons"]]
    assert [b["title"] for b in dutch["buttons"]] != [b["title"] for b in english["buttons"]]
    # A conditional variation (a private person's summary) is translated as the one chosen.
    private = nlg.generate_from_slots(
        "utter_ask_legal_name", {"language": "fr", "entity_type": "private_person"}, "rest"
    )
    assert private is not None and private["text"] == translate(
        "assistant", "utter_ask_legal_name", domain["responses"]["utter_ask_legal_name"][0]["text"], "fr"
    )
    # Placeholders are filled after the translation; an action may name the language.
    filled = nlg.generate_from_slots(
        "utter_login_verified", {"language": "en"}, "rest", account_name="Els", station_count=1, language="de"
    )
    english_text = domain["responses"]["utter_login_verified"][0]["text"]
    german = translate("assistant", "utter_login_verified", english_text, "de")
    assert german != english_text
    assert filled is not None and filled["text"] == german.format(account_name="Els", station_count=1)


def test_actions_build_messages_in_the_current_language(domain) -> None:
    from actions.texts import label

    assert label(domain, "yes") == "Yes"
    with speaking("de"):
        assert label(domain, "yes") != "Yes"
        assert label(domain, "month_3") == "März"


async def test_the_first_dutch_message_sets_the_language_before_the_answer(domain) -> None:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.language import ActionFollowLanguage

    tracker = _listening_tracker("ik wil mijn laadpaal openstellen voor het publiek", "open_public_charging", {})
    dispatcher = CollectingDispatcher()
    events = await ActionFollowLanguage().run(dispatcher, tracker, domain)
    assert {e["name"]: e["value"] for e in events} == {"language": "nl", "language_settled": True}
    assert dispatcher.messages == []


async def test_a_button_of_a_dutch_message_keeps_the_conversation_dutch(domain) -> None:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.language import ActionFollowLanguage

    # The greeting's button sends English words; the host pressed it, they did not write English.
    pressed = _listening_tracker("I want to register as a charging host", "start_registration", {"language": "nl"})
    assert await ActionFollowLanguage().run(CollectingDispatcher(), pressed, domain) == []
    typed = _listening_tracker(
        "I want to register my company as a charging host", "start_registration", {"language": "nl"}
    )
    events = await ActionFollowLanguage().run(CollectingDispatcher(), typed, domain)
    assert {e["name"]: e["value"] for e in events}["language"] == "en"


async def test_an_unsure_reading_offers_the_languages_in_the_language_taken(domain) -> None:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.language import ActionFollowLanguage

    tracker = _listening_tracker("kan ik mijn charger public zetten", "open_public_charging", {"language": "en"})
    dispatcher = CollectingDispatcher()
    events = await ActionFollowLanguage().run(dispatcher, tracker, domain)
    assert {e["name"]: e["value"] for e in events}["language"] == "nl"
    assert dispatcher.messages[0]["response"] == "utter_language_check"
    assert dispatcher.messages[0]["language"] == "nl"


async def test_a_page_hint_and_a_request(domain) -> None:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.language import ActionChangeLanguage, ActionFollowLanguage

    hinted = _listening_tracker("/greet", "greet", {}, metadata={"language": "fr-BE"})
    events = await ActionFollowLanguage().run(CollectingDispatcher(), hinted, domain)
    assert {e["name"]: e["value"] for e in events} == {"language": "fr"}

    # A request (typed, or a language button) is answered by action_change_language, in the new language.
    button = _listening_tracker(
        '/change_language{"language": "de"}',
        "change_language",
        {"language": "fr", "language_settled": True},
        entities=[{"entity": "language", "value": "de"}],
    )
    assert await ActionFollowLanguage().run(CollectingDispatcher(), button, domain) == []
    dispatcher = CollectingDispatcher()
    events = await ActionChangeLanguage().run(dispatcher, button, domain)
    assert {e["name"]: e["value"] for e in events} == {"language": "de", "language_settled": True}
    assert dispatcher.messages[0]["response"] == "utter_language_switched"
    assert dispatcher.messages[0]["language"] == "de"
    typed = _listening_tracker("kunnen we in het Nederlands verder?", "change_language", {"language": "en"})
    dispatcher = CollectingDispatcher()
    events = await ActionChangeLanguage().run(dispatcher, typed, domain)
    assert {e["name"]: e["value"] for e in events} == {"language": "nl", "language_settled": True}
    unclear = _listening_tracker("do you speak spanish", "change_language", {"language": "en"})
    dispatcher = CollectingDispatcher()
    assert await ActionChangeLanguage().run(dispatcher, unclear, domain) == []
    assert dispatcher.messages[0]["response"] == "utter_ask_which_language"


async def test_the_action_server_runs_each_action_in_the_trackers_language() -> None:
    from rasa_sdk import Action

    from actions.server import LanguageActionExecutor

    seen: list[str] = []

    class Probe(Action):
        def name(self) -> str:
            return "action_probe"

        async def run(self, dispatcher, tracker, domain):
            seen.append(current_language())
            return []

    executor = LanguageActionExecutor()
    executor.register_action(Probe())
    tracker = {"sender_id": "x", "slots": {"language": "nl"}, "latest_message": {}, "events": [], "paused": False}
    await executor.run({"next_action": "action_probe", "tracker": tracker, "domain": {}})
    assert seen == ["nl"] and current_language() == "en"


@pytest.mark.parametrize(
    "language, subject_word, body_word",
    [("nl", "code", "minuten"), ("fr", "code", "minutes"), ("de", "Code", "Minuten")],
)
def test_a_login_code_email_in_the_hosts_language(language: str, subject_word: str, body_word: str) -> None:
    from dashboard.mailer import render

    subject, body = render("login-code", language, name="Els", code="123456", minutes=10)
    english_subject, english_body = render("login-code", "en", name="Els", code="123456", minutes=10)
    assert subject != english_subject and subject_word in subject and "123456" in subject
    assert body_word in body and "Els" in body and body != english_body
