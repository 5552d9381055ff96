"""The production-shaped stack (scripts/production.py) on free ports of
127.0.0.1: PostgreSQL, Redis, two Rasa servers and two action servers behind
HAProxy, the back end and the console; the action servers reach the back end
through a link the tests can break (tests/production/faults.py).

Its files live under var/ of the project, not in /tmp's private folders:
PostgreSQL runs as its own user and must be able to reach its data.
"""

import shutil

import pytest

from scripts.production import ProductionStack
from scripts.stack import ROOT, free_port
from tests.personal_data import personal_data_in_logs
from tests.production import hosts
from tests.production.faults import LossyLink

MODEL = ROOT / "models" / "charging-host.tar.gz"
VAR = ROOT / "var" / "production-tests"
ACCOUNTS = 20
MEMBERS = 5


@pytest.fixture(scope="session")
def stack():
    if not MODEL.exists():
        pytest.fail("no trained model: run scripts/test.sh (it trains first)")
    shutil.rmtree(VAR, ignore_errors=True)
    dashboard_port = free_port()
    link = LossyLink(f"http://127.0.0.1:{dashboard_port}", hold_seconds=6)
    stack = ProductionStack.on_free_ports(
        VAR,
        "production",
        dashboard_port=dashboard_port,
        extra_env={
            "DASHBOARD_FIXTURES": str(hosts.write_accounts(VAR / "accounts.json", ACCOUNTS, MEMBERS)),
            "DASHBOARD_URL": link.url,  # the action servers' way to the back end
            "DASHBOARD_TIMEOUT": "3",
            "DASHBOARD_RETRIES": "1",
        },
    )
    stack.link = link  # type: ignore[attr-defined]
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        link.close()
    leaks = personal_data_in_logs(VAR / "logs")
    assert leaks == {}, f"personal data in the logs: {leaks}"
    shutil.rmtree(VAR, ignore_errors=True)


class Accounts:
    """Each test registers logins of its own: hosts, or members of an organisation."""

    def __init__(self) -> None:
        self.next = {"host": 1, "member": 1}
        self.limit = {"host": ACCOUNTS, "member": MEMBERS}

    def take(self, kind: str = "host") -> int:
        number = self.next[kind]
        self.next[kind] += 1
        assert number <= self.limit[kind], "raise ACCOUNTS or MEMBERS in tests/production/conftest.py"
        return number


@pytest.fixture(scope="session")
def accounts():
    return Accounts()
