"""Simulated hosts (tests/simulator) register against the running assistant, one test per host.

Each host plays its whole registration over Rasa's REST channel as a person
would: it reads the assistant's messages, answers the question it recognises
from its profile, taps buttons, types its typos, asks its questions, corrects
the summary. A host succeeds when it is registered, was never asked again for
an answer it had already given, and the back end stored every field as the
host meant it, in exactly one organisation (GET /v1/organisations).

A host that needs a behaviour the assistant does not have yet is marked
xfail(strict=True) with that behaviour as the reason (``Host.missing``): the
day it lands the test turns into an XPASS failure, and the mark goes.

The hosts play two at a time, each in a conversation of its own: on two cores
the file took 70 s when the machine was otherwise idle and 2 min 15 s while
other work ran on it, the stack's start (about 30 s) included.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.eu import vat

from scripts.stack import Stack
from tests.simulator.accounts import account, fixture_accounts
from tests.simulator.driver import Outcome, play
from tests.simulator.profiles import COMPANY, HOSTS, PRIVATE_PERSON, STYLES, Host

WORKERS = 2  # two cores: the assistant's three processes share them with the hosts
WAIT_PER_HOST = 300  # seconds a test waits for its host (60 turns at most)


def _param(host: Host) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=f"missing: {host.missing}")] if host.missing else []
    return pytest.param(host, id=host.name, marks=marks)


@pytest.fixture(scope="module")
def registrations(stack: Stack, request: pytest.FixtureRequest) -> Iterator[dict[str, Future[Outcome]]]:
    """Every host selected in this run starts at once (WORKERS at a time); each test waits for its own."""
    selected: list[Host] = []
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        if getattr(item, "module", None) is request.module and callspec and "host" in callspec.params:
            selected.append(callspec.params["host"])
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="host")
    try:
        yield {host.name: pool.submit(play, host, stack) for host in selected}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize("host", [_param(h) for h in HOSTS])
def test_host_registers_as_meant(host: Host, registrations: dict[str, Future[Outcome]]) -> None:
    outcome = registrations[host.name].result(timeout=WAIT_PER_HOST)
    assert outcome.succeeded, outcome.report()


def test_the_hosts_are_many_different_and_their_numbers_valid() -> None:
    """Profiles only (no assistant): enough kinds of hosts, each with its own valid VAT number,
    IBAN and login, and the login in the back end's fixture file with exactly the host's stations."""
    assert len(HOSTS) >= 26
    assert {h.style for h in HOSTS} == set(STYLES)
    assert {h.address.country for h in HOSTS} >= {"BE", "NL", "FR", "DE"}
    assert {h.entity_type for h in HOSTS} == {COMPANY, PRIVATE_PERSON}
    assert any(len(h.stations) == 1 for h in HOSTS) and any(len(h.stations) >= 4 for h in HOSTS)
    for attribute in ("name", "login", "iban", "legal_name"):
        values = [getattr(h, attribute) for h in HOSTS]
        assert len(values) == len(set(values)), f"two hosts share a {attribute}"
    numbers = [h.vat_number for h in HOSTS if h.vat_number]
    assert len(numbers) == len(set(numbers)), "two hosts share a VAT number"
    fixture = fixture_accounts()
    serials_elsewhere = {
        s["serial"]
        for email, a in fixture.items()
        for s in a.get("charging_stations", [])
        if email not in {h.login for h in HOSTS}
    }
    for host in HOSTS:
        assert (host.vat_number is None) == (host.entity_type == PRIVATE_PERSON), host.name
        if host.vat_number:
            assert vat.is_valid(host.vat_number) and vat.compact(host.vat_number) == host.vat_number, host.name
        iban = IBAN(host.iban)
        assert iban.compact == host.iban and str(iban.bic) == host.bic, host.name
        assert set(host.chosen) <= {s.serial for s in host.stations}, host.name
        assert fixture.get(host.login) == account(host), f"{host.login} in tests/e2e/accounts.json"
        assert not serials_elsewhere & {s.serial for s in host.stations}, host.name
        # The wrong numbers typed first are wrong in their check digits.
        for wrong in host.mistakes.get("vat_number", ()):
            assert not vat.is_valid(wrong), host.name
        for wrong in host.mistakes.get("iban", ()):
            with pytest.raises(SchwiftyException):
                IBAN(wrong)
