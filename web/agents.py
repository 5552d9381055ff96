"""Support agents who may log into the console: configured in a JSON file,
never open to all. Passwords are kept as PBKDF2 hashes.

    python -m web.agents add sofie "Sofie Peeters"     # asks for the password
"""

from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import hmac
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ITERATIONS = 200_000


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    computed = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    return hmac.compare_digest(computed, base64.b64decode(digest))


@dataclass(frozen=True)
class Agent:
    username: str
    name: str
    password_hash: str


def load_agents(path: str) -> dict[str, Agent]:
    file = Path(path)
    if not file.exists():
        return {}
    return {
        entry["username"]: Agent(entry["username"], entry.get("name") or entry["username"], entry["password_hash"])
        for entry in json.loads(file.read_text())
    }


def save_agent(path: str, username: str, name: str, password: str) -> None:
    agents = load_agents(path)
    agents[username] = Agent(username, name, hash_password(password))
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps([a.__dict__ for a in agents.values()], indent=2))
    file.chmod(0o600)


def main() -> None:
    parser = argparse.ArgumentParser(description="Add or change a support agent of the console.")
    parser.add_argument("command", choices=["add"])
    parser.add_argument("username")
    parser.add_argument("name", help="the name users see, e.g. 'Sofie'")
    parser.add_argument("--file", default=os.environ.get("CONSOLE_AGENTS_FILE", "var/agents.json"))
    args = parser.parse_args()
    password = os.environ.get("AGENT_PASSWORD") or getpass.getpass(f"Password for {args.username}: ")
    if len(password) < 10:
        sys.exit("Use a password of at least 10 characters.")
    save_agent(args.file, args.username, args.name, password)
    print(f"Agent {args.username} saved in {args.file}.")


if __name__ == "__main__":
    main()
