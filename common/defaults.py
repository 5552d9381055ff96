"""The default of every setting that more than one process reads, written once.

They suit a developer's machine (everything on 127.0.0.1, tokens that say
they are for development); production sets each one in the environment
(docs/configuration.md). Each process reads the environment in its own
settings module: ``actions/settings.py``, ``dashboard/settings.py``,
``web/settings.py`` and ``scripts/stack.py``.
"""

from __future__ import annotations

# Ports on 127.0.0.1
RASA_PORT = 5005
ACTIONS_PORT = 5055
DASHBOARD_PORT = 5056
WEB_PORT = 5080

RASA_URL = f"http://127.0.0.1:{RASA_PORT}"
DASHBOARD_URL = f"http://127.0.0.1:{DASHBOARD_PORT}"
WEB_URL = f"http://127.0.0.1:{WEB_PORT}"

# Development tokens
RASA_AUTH_TOKEN = "dev-rasa-token"
REST_CHANNEL_TOKEN = "dev-rest-token"
DASHBOARD_API_TOKEN = "dev-dashboard-token"
DASHBOARD_ADMIN_TOKEN = "dev-admin-token"
HANDOFF_TOKEN = "dev-handoff-token"

# The Terms & Conditions hosts accept (the assistant shows them, the back end requires them).
TERMS_URL = "https://www.smappee.com/terms-and-conditions"
TERMS_VERSION = "2024-05"
# What a connector's Scan & Charge QR code encodes.
QR_LINK_TEMPLATE = "https://pay.smappee.net/scan/{serial}/{connector}"
