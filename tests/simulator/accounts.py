"""The simulated hosts' Smappee logins, as the back end's fixture file holds them.

``python -m tests.simulator.accounts`` adds the logins that are missing to
``tests/e2e/accounts.json`` (the others are left exactly as they are);
``tests/e2e/test_simulated_hosts.py`` checks the file and the profiles agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.simulator.profiles import HOSTS, Host

ACCOUNTS_FILE = Path(__file__).resolve().parents[1] / "e2e" / "accounts.json"


def account(host: Host) -> dict[str, Any]:
    return {
        "email": host.login,
        "name": host.account_name,
        "charging_stations": [{"serial": s.serial, "name": s.name, "connectors": s.connectors} for s in host.stations],
    }


def fixture_accounts(path: Path = ACCOUNTS_FILE) -> dict[str, dict[str, Any]]:
    accounts: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["accounts"]
    return {a["email"]: a for a in accounts}


def add_missing(path: Path = ACCOUNTS_FILE) -> list[str]:
    """Append every host's login that the file lacks; returns their e-mail addresses."""
    data = json.loads(path.read_text(encoding="utf-8"))
    present = {a["email"] for a in data["accounts"]}
    added = [account(h) for h in HOSTS if h.login not in present]
    data["accounts"] += added
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [a["email"] for a in added]


if __name__ == "__main__":
    for email in add_missing():
        print(f"added {email}")
