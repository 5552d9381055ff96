"""The dashboard client's retry policy and the VIES client, against scripted servers."""

import pytest

from actions import settings as action_settings
from actions.dashboard_client import DashboardClient, DashboardError, DashboardUnavailable
from actions.vies_client import check_registration
from scripts.stack import free_port
from tests.unit.stand_in import ScriptedServer

CREATED = (201, {"registration": {"reference": "REG-2026-000001"}}, 0)


@pytest.fixture
def scripted():
    servers = []

    def make(*answers):
        server = ScriptedServer(list(answers))
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


def test_a_registration_is_retried_with_the_same_key_after_a_time_out(scripted):
    server = scripted((201, {}, 1.5), CREATED)
    client = DashboardClient(server.url, "token", timeout=0.5, retries=2)
    result = client.create_registration("session", {"a": 1}, "key-1")
    assert result["registration"]["reference"] == "REG-2026-000001"
    keys = [r["headers"]["Idempotency-Key"] for r in server.requests]
    assert keys == ["key-1", "key-1"]


def test_a_registration_is_retried_after_a_503(scripted):
    server = scripted((503, {}, 0), CREATED)
    client = DashboardClient(server.url, "token", timeout=2, retries=1)
    assert client.create_registration("session", {}, "key-2")["registration"]
    assert len(server.requests) == 2


def test_a_code_request_is_retried_with_the_same_key(scripted):
    server = scripted((202, {}, 1.5), (202, {"email": "a@b.be"}, 0))
    client = DashboardClient(server.url, "token", timeout=0.5, retries=2)
    assert client.request_login_code("a@b.be") == {"email": "a@b.be"}
    keys = [r["headers"]["Idempotency-Key"] for r in server.requests]
    assert len(keys) == 2 and keys[0] == keys[1]


def test_a_code_is_not_verified_twice_after_a_time_out(scripted):
    server = scripted((200, {}, 1.5), (200, {}, 0))
    client = DashboardClient(server.url, "token", timeout=0.5, retries=2)
    with pytest.raises(DashboardUnavailable):
        client.verify_login_code("a@b.be", "123456")
    assert len(server.requests) == 1


def test_a_refusal_is_not_retried_and_keeps_its_code(scripted):
    server = scripted(
        (422, {"error": {"code": "code_invalid", "message": "no", "field": "code", "attempts_left": 2}}, 0)
    )
    client = DashboardClient(server.url, "token", timeout=2, retries=2)
    with pytest.raises(DashboardError) as refused:
        client.verify_login_code("a@b.be", "123456")
    assert refused.value.code == "code_invalid" and refused.value.details == {"attempts_left": 2}
    assert len(server.requests) == 1


def test_a_back_end_that_is_not_there_is_unavailable():
    client = DashboardClient(f"http://127.0.0.1:{free_port()}", "token", timeout=1, retries=1)
    with pytest.raises(DashboardUnavailable):
        client.get_account("session")


def test_every_call_carries_a_bearer_token(scripted):
    server = scripted((200, {"email": "x"}, 0))
    DashboardClient(server.url, "client-token").get_account("session-token")
    assert server.requests[0]["headers"]["Authorization"] == "Bearer session-token"


@pytest.fixture
def vies(monkeypatch, scripted):
    def configure(*answers, enabled=True):
        server = scripted(*answers)
        monkeypatch.setenv("VIES_ENABLED", "true" if enabled else "false")
        monkeypatch.setenv("VIES_URL", server.url)
        monkeypatch.setenv("VIES_TIMEOUT", "0.5")
        action_settings.get_settings.cache_clear()
        return server

    yield configure
    action_settings.get_settings.cache_clear()


def test_vies_confirms_a_live_number_with_name_and_address(vies):
    server = vies(
        (200, {"isValid": True, "userError": "VALID", "name": "NV SMAPPEE", "address": "Evolis 104\n8530 Harelbeke"}, 0)
    )
    result = check_registration("BE0123456749", vies_checkable=True)
    assert (result.status, result.name, result.address) == ("valid", "NV SMAPPEE", "Evolis 104, 8530 Harelbeke")
    assert result.checked_at
    assert server.requests[0]["path"] == "/ms/BE/vat/0123456749"


def test_vies_down_means_unknown_not_invalid(vies):
    vies((200, {"isValid": False, "userError": "MS_UNAVAILABLE"}, 0))
    assert check_registration("BE0123456749", True).status == "unavailable"


def test_vies_too_slow_means_unknown(vies):
    vies((200, {"isValid": True}, 2))
    assert check_registration("BE0123456749", True).status == "unavailable"


def test_vies_says_not_registered(vies):
    vies((200, {"isValid": False, "userError": "INVALID"}, 0))
    assert check_registration("BE0123456749", True).status == "invalid"


def test_vies_is_not_asked_when_off_or_for_non_eu_numbers(vies):
    server = vies((200, {"isValid": True}, 0), enabled=False)
    assert check_registration("BE0123456749", True).status == "not_checked"
    assert check_registration("CHE116281710", False).status == "not_in_vies"
    assert server.requests == []
