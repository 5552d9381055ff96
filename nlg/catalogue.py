"""Rasa's response generator, speaking the conversation's language.

Configured in ``endpoints.yml`` (``nlg: type: nlg.catalogue.CatalogueNLG``).
It chooses a response variation exactly as Rasa does (channel, conditions),
then puts its text and button titles into the language of the ``language``
slot (or the language an action names) from the translation catalogues (``charging_host/catalogue.py``) before
the ``{placeholders}`` are filled. English is the domain itself; a message not
yet translated is shown in English.
"""

from __future__ import annotations

import copy
from typing import Any

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from charging_host.catalogue import SOURCE_LANGUAGE, supported, translate_response

LANGUAGE_SLOT = "language"


class CatalogueNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None) -> None:
        super().__init__((domain or Domain.empty()).responses)

    def generate_from_slots(
        self,
        utter_action: str,
        filled_slots: dict[str, Any],
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        chosen = self._random_response_for(utter_action, output_channel, filled_slots)
        if chosen is None:
            return None
        variations = self.responses.get(utter_action) or []
        index = next((i for i, v in enumerate(variations) if v is chosen), None)
        if index is None:  # numpy may hand back an equal copy rather than the same object
            index = next((i for i, v in enumerate(variations) if v == chosen), 0)
        # An action may name the language (one that changes it in the same turn); else the slot's.
        language = supported(kwargs.get(LANGUAGE_SLOT)) or supported((filled_slots or {}).get(LANGUAGE_SLOT))
        language = language or SOURCE_LANGUAGE
        response = translate_response(utter_action, index, copy.deepcopy(chosen), language)
        return self._fill_response(response, filled_slots, **kwargs)
