"""The action server: rasa-sdk's, with each action run in the conversation's language.

Run as ``python -m actions.server --actions actions --port 5055`` (rasa-sdk's
own arguments). Every action request carries the tracker; its ``language``
slot is made the current language for the run (``charging_host.catalogue.speaking``),
so the words actions build from labels come out in the host's language, the
way a web framework activates a request's language.
"""

from __future__ import annotations

from typing import Any

import rasa_sdk.endpoint
from rasa_sdk.__main__ import main
from rasa_sdk.executor import ActionExecutor

from charging_host.catalogue import speaking


class LanguageActionExecutor(ActionExecutor):
    async def run(self, action_call: Any) -> dict[str, Any] | None:
        slots = ((action_call or {}).get("tracker") or {}).get("slots") or {}
        with speaking(slots.get("language")):
            return await super().run(action_call)


# rasa-sdk builds its executor inside create_app and takes no other: name ours there.
rasa_sdk.endpoint.ActionExecutor = LanguageActionExecutor

if __name__ == "__main__":
    main()
