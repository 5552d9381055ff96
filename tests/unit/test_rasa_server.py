"""The Rasa server's faster check of the action server's answers says what Rasa's own says."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import rasa_server  # noqa: F401 - installs the check, as loading the tracker store does
from rasa_server.action_results import validate_action_result

SCHEMA = RemoteAction.action_response_format_spec()
VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "language", "value": "nl"}], "responses": [{"response": "utter_greet"}]},
    {"events": [{"event": "followup", "name": "action_listen"}, {"event": "active_loop", "name": None}]},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "slot", "name": 3}]},
    {"events": [{"event": "no_such_event"}]},
    {"responses": "nope"},
]


def test_rasa_uses_the_faster_check():
    assert RemoteAction._validate_action_result is validate_action_result


@pytest.mark.parametrize("result", VALID)
def test_a_valid_answer_passes_both(result):
    jsonschema.validate(result, SCHEMA)
    assert RemoteAction("action_x", None)._validate_action_result(result) is True


@pytest.mark.parametrize("result", INVALID)
def test_an_invalid_answer_fails_with_the_error_rasa_would_give(result):
    with pytest.raises(jsonschema.ValidationError) as rasas:
        jsonschema.validate(result, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as ours:
        RemoteAction("action_x", None)._validate_action_result(result)
    assert ours.value.message.startswith(rasas.value.message)
    assert list(ours.value.absolute_path) == list(rasas.value.absolute_path)
    assert "Failed to validate Action server response" in ours.value.message


def test_every_event_name_gives_the_class_rasa_would_find():
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    from rasa_server.event_types import resolve_by_type

    assert Event.resolve_by_type is resolve_by_type
    for cls in all_subclasses(Event):
        expected = next(c for c in all_subclasses(Event) if c.type_name == cls.type_name)
        assert resolve_by_type(cls.type_name) is expected
    assert resolve_by_type("topic") is None
    assert resolve_by_type("no_such_event", Event) is Event
    with pytest.raises(ValueError):
        resolve_by_type("no_such_event")


async def test_the_tuned_tracker_store_keeps_what_rasas_own_keeps(tmp_path):
    """The same conversation (two turns, then a new session, then one more turn)
    through Rasa's SQL store and the tuned one: the same events come back."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from rasa_server.tracker_store import STORED_EVENTS, TunedSQLTrackerStore

    domain = Domain.from_yaml("slots:\n  language:\n    type: text\n    mappings: []\n")
    turns = [
        [UserUttered("hallo", timestamp=1), SlotSet("language", "nl", timestamp=2), BotUttered("Dag!", timestamp=3)],
        [UserUttered("hoe gaat het", timestamp=4), ActionExecuted("action_listen", timestamp=5)],
        [ActionExecuted("action_session_start", timestamp=10), SessionStarted(timestamp=11)],
        [UserUttered("nog iets", timestamp=12), BotUttered("Ja?", timestamp=13)],
    ]

    async def play(store) -> list:
        tracker = DialogueStateTracker("host", domain.slots)
        for turn in turns:
            for event in turn:
                tracker.update(event)
            await store.save(tracker)
            tracker = await store.retrieve("host")
        full = await store.retrieve_full_tracker("host")
        return [[e.as_dict() for e in tracker.events], [e.as_dict() for e in full.events]]

    rasas = SQLTrackerStore(domain, host=f"sqlite:///{tmp_path / 'rasa.db'}")
    tuned = TunedSQLTrackerStore(domain, host=f"sqlite:///{tmp_path / 'tuned.db'}")
    assert await play(tuned) == await play(rasas)
    # It did take the count it read, not a query.
    assert getattr(await tuned.retrieve("host"), STORED_EVENTS) == 3


def _conversation(latest: dict, active_loop: str | None = None, settled: bool = False, first: bool = False):
    """A conversation several turns long (or just begun) whose latest message is ``latest``."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import (
        ActionExecuted,
        ActiveLoop,
        BotUttered,
        SessionStarted,
        SlotSet,
        UserUttered,
    )
    from rasa.shared.core.trackers import DialogueStateTracker

    from scripts.stack import ROOT

    def said(text, intent, metadata=None, entities=None):
        parse = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": entities or []}
        return UserUttered(text, parse["intent"], entities or [], parse, metadata=metadata or {})

    domain = Domain.load(str(ROOT / "domain"))
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        said("hello", "greet", {"language": "fr"}),
        SlotSet("language", "en"),
        BotUttered("Hi!"),
        ActionExecuted("action_listen"),
        said("I want to register as a charging host", "register"),
        SlotSet("language_settled", settled),
        BotUttered("What's the e-mail address?", {"buttons": [{"title": "Me", "payload": "/affirm"}]}),
        ActionExecuted("action_listen"),
    ]
    if first:
        events = events[:3]
    if active_loop:
        events.append(ActiveLoop(active_loop))
    events.append(said(**latest))
    return DialogueStateTracker.from_events("host", events, domain.slots), domain


@pytest.mark.parametrize(
    "latest, active_loop, settled, first",
    [
        ({"text": "ik wil graag mijn laadpaal openzetten voor iedereen", "intent": "make_public"}, None, False, False),
        ({"text": "Kerkstraat 5, 9000 Gent", "intent": "inform"}, "registration_form", False, False),
        ({"text": "/affirm", "intent": "affirm"}, None, False, False),
        ({"text": "on peut continuer en français ?", "intent": "change_language"}, None, True, False),
        ({"text": "wie viel kostet das", "intent": "ask_price", "metadata": {"language": "de"}}, None, True, False),
        ({"text": "hallo", "intent": "greet", "metadata": {"language": "nl"}}, None, False, True),
    ],
)
async def test_the_language_follower_decides_the_same_on_recent_events_as_on_all(latest, active_loop, settled, first):
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.language import ActionFollowLanguage
    from rasa_server.action_calls import _rasas_own, action_call_format

    tracker, domain = _conversation(latest, active_loop, settled, first)
    action = RemoteAction("action_follow_language", None)
    full, recent = _rasas_own(action, tracker, domain), action_call_format(action, tracker, domain)
    assert "domain" in full and "domain" not in recent
    assert len(recent["tracker"]["events"]) < len(full["tracker"]["events"]) or first

    async def decided(call):
        dispatcher = CollectingDispatcher()
        tracker = Tracker.from_dict(call["tracker"])
        events = await ActionFollowLanguage().run(dispatcher, tracker, call.get("domain", {}))
        return events, dispatcher.messages

    assert await decided(recent) == await decided(full)


def test_other_actions_get_what_rasa_sends():
    from rasa_server.action_calls import _rasas_own, action_call_format

    tracker, domain = _conversation({"text": "BE0123456749", "intent": "inform"}, "registration_form")
    action = RemoteAction("validate_registration_form", None)
    assert action_call_format(action, tracker, domain) == _rasas_own(action, tracker, domain)
