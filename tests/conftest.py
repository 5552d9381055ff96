"""The running assistant shared by the end-to-end, browser and channel tests:
every process real, on free ports of 127.0.0.1, with temporary files.

Messaging providers (Telegram, Twilio, Slack, Meta) are on the internet, which
no machine here reaches: their APIs are a local stand-in (tests/providers.py)
that the real channel code talks to.
"""

import pytest

from scripts.stack import ROOT, Stack, free_port
from tests.personal_data import personal_data_in_logs
from tests.providers import ProviderStandIn, channel_environment
from web.agents import save_agent

MODEL = ROOT / "models" / "charging-host.tar.gz"
AGENT = {"username": "sofie", "name": "Sofie", "password": "e2e agent password"}


@pytest.fixture(scope="session")
def providers():
    stand_in = ProviderStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, providers):
    if not MODEL.exists():
        pytest.fail("no trained model: run scripts/test.sh (it trains first)")
    stack = Stack(
        var_dir=tmp_path_factory.mktemp("stack"),
        dashboard_port=free_port(),
        actions_port=free_port(),
        rasa_port=free_port(),
        web_port=free_port(),
        rasa_token="e2e-rasa-token",
        dashboard_token="e2e-dashboard-token",
        admin_token="e2e-admin-token",
        handoff_token="e2e-handoff-token",
        web_chat_secret="e2e-web-chat-secret-0123456789",
        extra_env={
            "DASHBOARD_FIXTURES": str(ROOT / "tests" / "e2e" / "accounts.json"),
            "DASHBOARD_RETRIES": "1",
            "DASHBOARD_TIMEOUT": "5",
            "CONSOLE_SECRET": "e2e-console-secret",
            **channel_environment(providers.url),
        },
    )
    save_agent(str(stack.agents_file), AGENT["username"], AGENT["name"], AGENT["password"])
    stack.start()
    yield stack
    stack.stop()
    # After every end-to-end and browser test: no process logged what a host told it.
    leaks = personal_data_in_logs(stack.var_dir / "logs")
    assert leaks == {}, f"personal data in the logs: {leaks}"
