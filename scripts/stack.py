"""Start every process of the assistant on 127.0.0.1 and stop them together.

Used by ``scripts/run.sh`` (the assistant, in the foreground) and by the
end-to-end tests (the same processes, on free ports and temporary files).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from common import defaults

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


CHANNEL_VARIABLES = [
    "TELEGRAM_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_WHATSAPP_NUMBER",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "MESSENGER_PAGE_ACCESS_TOKEN",
    "MESSENGER_APP_SECRET",
    "MESSENGER_VERIFY_TOKEN",
]
PROVIDER_APIS = {
    "TELEGRAM_API_URL": "https://api.telegram.org",
    "TWILIO_API_URL": "https://api.twilio.com",
    "SLACK_API_URL": "https://slack.com/api",
    "MESSENGER_API_URL": "https://graph.facebook.com/v18.0",
}


# Each secret goes only to the processes that use it: Rasa's API token, for
# one, only to the agent console (Rasa itself gets it on its command line).
SECRET_HOLDERS = {
    "RASA_AUTH_TOKEN": {"web"},
    "HANDOFF_TOKEN": {"actions", "web"},
    "CONSOLE_SECRET": {"web"},
    "WEB_CHAT_SECRET": {"rasa"},
    "REST_CHANNEL_TOKEN": {"rasa"},
    "DASHBOARD_API_TOKEN": {"dashboard", "actions"},
    "DASHBOARD_ADMIN_TOKEN": {"dashboard"},
    "DASHBOARD_SECRET": {"dashboard"},
    "DASHBOARD_SMTP_PASSWORD": {"dashboard"},
    **{name: {"rasa"} for name in CHANNEL_VARIABLES},
    # Database and Redis addresses carry passwords in production.
    "TRACKER_STORE_URL": {"rasa"},
    "LOCK_STORE_PASSWORD": {"rasa"},
    "WEB_CHAT_REDIS_URL": {"rasa"},
    "ACTION_SESSIONS_REDIS_URL": {"actions"},
    "DASHBOARD_DATABASE_URL": {"dashboard"},
    "CONSOLE_DATABASE_URL": {"web"},
}


def only_its_secrets(env: dict[str, str], process: str) -> dict[str, str]:
    """``process`` may be an instance of one ("rasa-2" holds what "rasa" holds)."""
    kind = process.split("-")[0]
    return {k: v for k, v in env.items() if kind in SECRET_HOLDERS.get(k, {kind})}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    """Ports, files and tokens of one running assistant."""

    var_dir: Path
    dashboard_port: int = defaults.DASHBOARD_PORT
    actions_port: int = defaults.ACTIONS_PORT
    rasa_port: int = defaults.RASA_PORT
    web_port: int = defaults.WEB_PORT
    rasa_token: str = defaults.RASA_AUTH_TOKEN
    dashboard_token: str = defaults.DASHBOARD_API_TOKEN
    admin_token: str = defaults.DASHBOARD_ADMIN_TOKEN
    handoff_token: str = defaults.HANDOFF_TOKEN
    rest_token: str = defaults.REST_CHANNEL_TOKEN
    web_chat_secret: str = "dev-web-chat-secret-change-me"
    model: Path = ROOT / "models" / "charging-host.tar.gz"
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def outbox(self) -> Path:
        """Where the back end writes e-mails: DASHBOARD_OUTBOX, or var/outbox."""
        return Path(
            self.extra_env.get("DASHBOARD_OUTBOX") or os.environ.get("DASHBOARD_OUTBOX") or self.var_dir / "outbox"
        )

    @property
    def dashboard_url(self) -> str:
        return f"http://127.0.0.1:{self.dashboard_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def agents_file(self) -> Path:
        return self.var_dir / "agents.json"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.setdefault("DASHBOARD_DATABASE_URL", f"sqlite:///{self.var_dir / 'dashboard.db'}")
        env.setdefault("DASHBOARD_OUTBOX", str(self.outbox))
        env.setdefault("TRACKER_STORE_URL", f"sqlite:///{self.var_dir / 'tracker.db'}")
        env.setdefault("DASHBOARD_PUBLIC_URL", self.dashboard_url)  # QR image links the chat shows
        env.setdefault("CONSOLE_DATABASE_URL", f"sqlite:///{self.var_dir / 'console.db'}")
        env.setdefault("CONSOLE_AGENTS_FILE", str(self.agents_file))
        env.setdefault("SUPPORT_SITE_ORIGIN", self.web_url)  # the only origin the widget's socket accepts
        env.setdefault("RASA_PUBLIC_URL", self.rasa_url)  # where browsers reach the socket.io channel
        # Messaging channels are off until their variables are set (README, "Channels").
        for name in CHANNEL_VARIABLES:
            env.setdefault(name, "")
        for name, url in PROVIDER_APIS.items():
            env.setdefault(name, url)
        env.setdefault("WEB_CHAT_REDIS_URL", "")
        env.setdefault("TWILIO_WEBHOOK_URL", f"{self.rasa_url}/webhooks/whatsapp/webhook")
        env.update(
            RASA_TELEMETRY_ENABLED="false",
            PYTHONUNBUFFERED="1",
            TF_CPP_MIN_LOG_LEVEL="2",
            SANIC_HOST="127.0.0.1",
            DASHBOARD_URL=self.dashboard_url,
            DASHBOARD_API_TOKEN=self.dashboard_token,
            DASHBOARD_ADMIN_TOKEN=self.admin_token,
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.actions_port}/webhook",
            RASA_URL=self.rasa_url,
            RASA_AUTH_TOKEN=self.rasa_token,
            CONSOLE_URL=self.web_url,
            HANDOFF_TOKEN=self.handoff_token,
            REST_CHANNEL_TOKEN=self.rest_token,
            WEB_CHAT_SECRET=self.web_chat_secret,
            PYTHONPATH=str(ROOT),
        )
        env.update(self.extra_env)
        return env

    def commands(self) -> dict[str, list[str]]:
        python = str(VENV_BIN / "python")
        rasa = str(VENV_BIN / "rasa")
        return {
            "dashboard": [python, "-m", "dashboard", "--host", "127.0.0.1", "--port", str(self.dashboard_port)],
            "actions": [python, "-m", "actions.server", "--actions", "actions", "--port", str(self.actions_port)],
            "rasa": [
                rasa,
                "run",
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.rasa_port),
                "--model",
                str(self.model),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
                "--enable-api",
                "--auth-token",
                self.rasa_token,
            ],
            "web": [python, "-m", "web", "--host", "127.0.0.1", "--port", str(self.web_port)],
        }

    def start(self, names: list[str] | None = None, timeout: float = 180) -> None:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        (self.var_dir / "logs").mkdir(exist_ok=True)
        env = self.environment()
        for name, command in self.commands().items():
            if names and name not in names:
                continue
            # The child keeps its own handle of the log; ours closes at once.
            with open(self.var_dir / "logs" / f"{name}.log", "ab") as log:
                self.processes[name] = subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=only_its_secrets(env, name),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        self.wait_until_ready(timeout)

    def is_ready(self, name: str) -> bool:
        """Whether process ``name`` answers its health check."""
        checks = {
            "dashboard": f"{self.dashboard_url}/v1/health",
            "actions": f"http://127.0.0.1:{self.actions_port}/health",
            "rasa": f"{self.rasa_url}/status?token={self.rasa_token}",
            "web": f"{self.web_url}/health",
        }
        try:
            response = requests.get(checks[name], timeout=2)
            return response.ok and (name != "rasa" or bool(response.json().get("model_file")))
        except requests.RequestException:
            return False

    def wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for name in self.processes:
            while True:
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}: see {self.var_dir}/logs/{name}.log")
                if self.is_ready(name):
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} not ready after {timeout:.0f}s: see {self.var_dir}/logs/{name}.log")
                time.sleep(0.5)

    def stop_signal(self, name: str) -> int:
        return signal.SIGTERM

    def stop(self, names: list[str] | None = None) -> None:
        # In the reverse of the start order: what others depend on stops after them.
        order = list(self.commands())
        running = sorted(self.processes.items(), key=lambda item: order.index(item[0]), reverse=True)
        for name, process in running:
            if names and name not in names:
                continue
            if process.poll() is None:
                os.killpg(process.pid, self.stop_signal(name))
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            del self.processes[name]

    def restart(self, name: str, timeout: float = 180) -> None:
        self.stop([name])
        self.start([name], timeout)


def local_secret(var_dir: Path, name: str) -> str:
    """A random secret kept in var/secrets/ so it survives a restart (a widget's
    conversation key, the console's login cookies stay valid)."""
    import secrets

    path = var_dir / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def ensure_local_agent(stack: Stack) -> str | None:
    """A first console agent for a local run: user 'agent' with a random
    password kept in var/secrets/. Returns the password to print, or None when
    agents were configured otherwise."""
    if os.environ.get("CONSOLE_AGENTS_FILE"):
        return None
    password = local_secret(stack.var_dir, "agent-password")[:16]
    from web.agents import load_agents, password_matches, save_agent

    agent = load_agents(str(stack.agents_file)).get("agent")
    if agent is None or not password_matches(password, agent.password_hash):
        save_agent(str(stack.agents_file), "agent", "Sam", password)
    return password


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def local_stack() -> Stack:
    """The assistant on this machine's defaults (ports and tokens overridable from the environment)."""
    return Stack(
        var_dir=ROOT / "var",
        dashboard_port=int(os.environ.get("DASHBOARD_PORT", defaults.DASHBOARD_PORT)),
        actions_port=int(os.environ.get("ACTIONS_PORT", defaults.ACTIONS_PORT)),
        rasa_port=int(os.environ.get("RASA_PORT", defaults.RASA_PORT)),
        web_port=int(os.environ.get("WEB_PORT", defaults.WEB_PORT)),
        rasa_token=os.environ.get("RASA_AUTH_TOKEN", defaults.RASA_AUTH_TOKEN),
        dashboard_token=os.environ.get("DASHBOARD_API_TOKEN", defaults.DASHBOARD_API_TOKEN),
        admin_token=os.environ.get("DASHBOARD_ADMIN_TOKEN", defaults.DASHBOARD_ADMIN_TOKEN),
        handoff_token=os.environ.get("HANDOFF_TOKEN", defaults.HANDOFF_TOKEN),
        rest_token=os.environ.get("REST_CHANNEL_TOKEN", defaults.REST_CHANNEL_TOKEN),
        web_chat_secret=os.environ.get("WEB_CHAT_SECRET") or local_secret(ROOT / "var", "web-chat-secret"),
        extra_env={"CONSOLE_SECRET": os.environ.get("CONSOLE_SECRET") or local_secret(ROOT / "var", "console-secret")},
    )


def main() -> None:
    """Run the assistant until Ctrl-C or SIGTERM (called by scripts/run.sh)."""
    serve(
        local_stack(),
        "the dashboard back end, the action server, the Rasa server and the support site (logs in var/logs/)",
    )


def serve(stack: Stack, what: str, extra_lines: str = "") -> None:
    """Start ``stack``, say where to chat, chat in the terminal until Ctrl-C, stop everything."""
    # The processes run in sessions of their own: stop them on any way out.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    agent_password = ensure_local_agent(stack)
    print(f"==> Starting {what}", flush=True)
    try:
        stack.start()
    except (RuntimeError, TimeoutError, KeyboardInterrupt) as failure:
        print(f"failed: {failure}", file=sys.stderr)
        stack.stop()
        sys.exit(1)
    console_login = f"(user: agent, password: {agent_password})" if agent_password else ""
    print(
        f"""
The assistant is running.
  Chat in a browser: {stack.web_url}/   (the support page with the chat widget;
                     ?lang=nl, fr or de for the page in Dutch, French or German)
  Agent console:     {stack.web_url}/console   {console_login}
  Chat here:      type below (this terminal), or
  Chat over HTTP: curl -s -XPOST {stack.rasa_url}/webhooks/rest/webhook -H 'Authorization: Bearer {stack.rest_token}' \\
                    -H 'Content-Type: application/json' -d '{{"sender": "me", "message": "hi"}}'
  E-mails (one-time codes) are written to: {stack.outbox}/
  Dashboard API:  {stack.dashboard_url}/v1/openapi.yaml
  Stop:           Ctrl-C
{extra_lines}""",
        flush=True,
    )
    try:
        if sys.stdin.isatty():
            from scripts.chat import chat

            chat(stack.rasa_url, stack.rest_token)
        else:
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        print("\n==> Stopping", flush=True)
        stack.stop()


if __name__ == "__main__":
    main()
