"""Rasa checks every answer of the action server against a JSON schema with
``jsonschema.validate()``, which checks the schema itself and builds a new
validator on each call. Every message here runs at least one custom action
(the language follower), and a form turn two or three: under load that check
was a quarter of the Rasa server's time (py-spy, docs/production.md, "Load").
The same check, with the schema checked and the validator built once.
"""

from __future__ import annotations

import functools
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """As Rasa's ``RemoteAction._validate_action_result``: True, or the most relevant error raised."""
    error: ValidationError | None = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action"
        f" endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
