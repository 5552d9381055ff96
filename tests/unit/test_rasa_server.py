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
