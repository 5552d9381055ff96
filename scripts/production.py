"""The production shape on one machine, from Debian's packages: PostgreSQL for
the conversations, the back end and the console; Redis for Rasa's lock store,
the web chat's messages between servers and the action servers' account
sessions; two Rasa servers and two action servers behind HAProxy.

    ./scripts/run.sh --production          # installs the Debian packages, then this
    .venv/bin/python -m scripts.production

Data lives in ``var/production/`` (a PostgreSQL cluster, Redis's append-only
file); passwords are random, kept in ``var/production/secrets/``. The fault
tests (tests/production) and the load benchmark (scripts/benchmark_load.py)
start the same stack on free ports.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import requests

from scripts.stack import Stack, free_port, local_secret, local_stack, serve

# Processes the others need, started (and ready) before them; the load balancer last.
INFRASTRUCTURE = ("postgres", "redis")
LOAD_BALANCER = "haproxy"
DATABASES = ("rasa", "dashboard", "console")
DATABASE_USER = "charging_host"


def postgres_bin() -> Path:
    """The newest PostgreSQL server Debian installed (/usr/lib/postgresql/<version>/bin)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise RuntimeError("PostgreSQL is not installed: ./scripts/run.sh --production installs it")
    return versions[-1].parent


def as_postgres() -> list[str]:
    # PostgreSQL refuses to run as root; the Debian package made the user `postgres`.
    return [shutil.which("runuser") or "/usr/sbin/runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@dataclass
class ProductionStack(Stack):
    rasa_servers: int = 2
    action_servers: int = 2
    postgres_port: int = 55432
    redis_port: int = 56379
    rasa_ports: list[int] = field(default_factory=list)
    action_ports: list[int] = field(default_factory=list)

    @classmethod
    def on_free_ports(
        cls, var_dir: Path, name: str, rasa_servers: int = 2, dashboard_port: int = 0, extra_env: dict | None = None
    ) -> ProductionStack:
        """On free ports of 127.0.0.1, with tokens named after ``name`` (the fault tests, the benchmark)."""
        return cls(
            var_dir=var_dir,
            dashboard_port=dashboard_port or free_port(),
            actions_port=free_port(),
            rasa_port=free_port(),
            web_port=free_port(),
            postgres_port=free_port(),
            redis_port=free_port(),
            rasa_ports=[free_port() for _ in range(rasa_servers)],
            action_ports=[free_port(), free_port()],
            rasa_token=f"{name}-rasa-token",
            dashboard_token=f"{name}-dashboard-token",
            admin_token=f"{name}-admin-token",
            handoff_token=f"{name}-handoff-token",
            web_chat_secret=f"{name}-web-chat-secret-0123456789",
            extra_env={"CONSOLE_SECRET": f"{name}-console-secret", **(extra_env or {})},
        )

    def __post_init__(self) -> None:
        # Behind the load balancer (which listens on rasa_port and actions_port).
        self.rasa_ports = self.rasa_ports or [self.rasa_port + 100 + i for i in range(self.rasa_servers)]
        self.action_ports = self.action_ports or [self.actions_port + 100 + i for i in range(self.action_servers)]

    # --- where things are ------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        return self.var_dir / "production"

    def secret(self, name: str) -> str:
        return local_secret(self.data_dir, name)

    def database_url(self, database: str) -> str:
        return (
            f"postgresql://{DATABASE_USER}:{self.secret('postgres-password')}@127.0.0.1:{self.postgres_port}/{database}"
        )

    def redis_url(self, db: int) -> str:
        return f"redis://:{self.secret('redis-password')}@127.0.0.1:{self.redis_port}/{db}"

    @property
    def rasa_names(self) -> list[str]:
        return [f"rasa-{i}" for i in range(1, len(self.rasa_ports) + 1)]

    @property
    def action_names(self) -> list[str]:
        return [f"actions-{i}" for i in range(1, len(self.action_ports) + 1)]

    def instance_url(self, name: str) -> str:
        """A Rasa or action server's own address, past the load balancer."""
        kind, number = name.split("-")
        ports = self.rasa_ports if kind == "rasa" else self.action_ports
        return f"http://127.0.0.1:{ports[int(number) - 1]}"

    # --- how each process is started -------------------------------------------

    def environment(self) -> dict[str, str]:
        env = super().environment()
        env.update(
            TRACKER_STORE_URL=self.database_url("rasa"),
            DASHBOARD_DATABASE_URL=self.database_url("dashboard"),
            CONSOLE_DATABASE_URL=self.database_url("console"),
            LOCK_STORE_HOST="127.0.0.1",
            LOCK_STORE_PORT=str(self.redis_port),
            LOCK_STORE_PASSWORD=self.secret("redis-password"),
            LOCK_STORE_DB="0",
            WEB_CHAT_REDIS_URL=self.redis_url(1),
            ACTION_SESSIONS_REDIS_URL=self.redis_url(2),
            # Rasa's own pool (50 + 100 per server by default) is far more than
            # a server uses; PostgreSQL's max_connections below covers these.
            SQL_POOL_SIZE="20",
            SQL_MAX_OVERFLOW="20",
        )
        env.update(self.extra_env)
        return env

    def commands(self) -> dict[str, list[str]]:
        single = super().commands()
        rasa = single["rasa"]
        commands = {
            "postgres": [
                *as_postgres(),
                str(postgres_bin() / "postgres"),
                "-D",
                str(self.data_dir / "postgres"),
                "-p",
                str(self.postgres_port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=300",
            ],
            "redis": ["redis-server", str(self.data_dir / "redis.conf")],
            "dashboard": single["dashboard"],
            "web": single["web"],
        }
        for name, port in zip(self.action_names, self.action_ports, strict=True):
            commands[name] = [*single["actions"][:-1], str(port)]
        for name, port in zip(self.rasa_names, self.rasa_ports, strict=True):
            command = list(rasa)
            command[command.index("--port") + 1] = str(port)
            command[command.index("--endpoints") + 1] = "endpoints.production.yml"
            commands[name] = command
        commands[LOAD_BALANCER] = [
            shutil.which("haproxy") or "/usr/sbin/haproxy",
            "-f",
            str(self.data_dir / "haproxy.cfg"),
            "-db",
        ]
        return commands

    def stop_signal(self, name: str) -> int:
        # SIGTERM asks PostgreSQL to wait for every client to leave; SIGINT is its fast shutdown.
        return signal.SIGINT if name == "postgres" else signal.SIGTERM

    def is_ready(self, name: str) -> bool:
        try:
            if name == "postgres":
                import psycopg2

                psycopg2.connect(self.database_url("postgres"), connect_timeout=2).close()
                return True
            if name == "redis":
                import redis

                return bool(redis.Redis.from_url(self.redis_url(0), socket_timeout=2).ping())
            if name == LOAD_BALANCER:
                return (
                    requests.get(f"{self.rasa_url}/", timeout=2).ok
                    and requests.get(f"http://127.0.0.1:{self.actions_port}/health", timeout=2).ok
                )
            if name.startswith("rasa-"):
                status = requests.get(f"{self.instance_url(name)}/status?token={self.rasa_token}", timeout=2)
                return status.ok and bool(status.json().get("model_file"))
            if name.startswith("actions-"):
                return requests.get(f"{self.instance_url(name)}/health", timeout=2).ok
        except Exception:
            return False
        return super().is_ready(name)

    # --- starting and stopping ---------------------------------------------------

    def start(self, names: list[str] | None = None, timeout: float = 240) -> None:
        if names:
            super().start(names, timeout)
            return
        self.prepare()
        super().start(list(INFRASTRUCTURE), timeout)
        self.create_databases()
        services = [n for n in self.commands() if n not in INFRASTRUCTURE and n != LOAD_BALANCER]
        super().start(services, timeout)
        super().start([LOAD_BALANCER], timeout)

    def crash(self, name: str) -> None:
        """Kill a process at once (SIGKILL), as a crash or an out-of-memory kill would."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def prepare(self) -> None:
        """The PostgreSQL cluster (once), Redis's and HAProxy's configuration (each time)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        (self.data_dir / "redis").mkdir(exist_ok=True)
        self._init_postgres()
        conf = self.data_dir / "redis.conf"
        conf.write_text(self._redis_conf())  # holds the password: only ours to read
        conf.chmod(0o600)
        (self.data_dir / "haproxy.cfg").write_text(self._haproxy_cfg())

    def _init_postgres(self) -> None:
        cluster = self.data_dir / "postgres"
        if (cluster / "PG_VERSION").exists():
            return
        cluster.mkdir(parents=True, exist_ok=True)
        password_file = self.data_dir / "postgres-password.tmp"
        password_file.write_text(self.secret("postgres-password"))
        if os.geteuid() == 0:
            shutil.chown(cluster, "postgres", "postgres")
            shutil.chown(password_file, "postgres", "postgres")
        try:
            subprocess.run(
                [
                    *as_postgres(),
                    str(postgres_bin() / "initdb"),
                    "-D",
                    str(cluster),
                    "-U",
                    DATABASE_USER,
                    "--auth=scram-sha-256",
                    f"--pwfile={password_file}",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        finally:
            password_file.unlink()

    def create_databases(self) -> None:
        import psycopg2

        connection = psycopg2.connect(self.database_url("postgres"))
        connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
        with connection.cursor() as cursor:
            for database in DATABASES:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
                if cursor.fetchone() is None:
                    cursor.execute(f'CREATE DATABASE "{database}"')
        connection.close()

    def _redis_conf(self) -> str:
        return textwrap.dedent(
            f"""\
            bind 127.0.0.1
            port {self.redis_port}
            requirepass {self.secret("redis-password")}
            dir {self.data_dir / "redis"}
            # Account sessions outlive a restart of Redis; locks and chat messages are short-lived.
            appendonly yes
            appendfsync everysec
            save ""
            """
        )

    def _haproxy_cfg(self) -> str:
        rasa_servers = "\n".join(
            f"    server {name} 127.0.0.1:{port} check cookie {name}"
            for name, port in zip(self.rasa_names, self.rasa_ports, strict=True)
        )
        action_servers = "\n".join(
            f"    server {name} 127.0.0.1:{port} check"
            for name, port in zip(self.action_names, self.action_ports, strict=True)
        )
        return textwrap.dedent(
            """\
            global
                maxconn 4096

            defaults
                mode http
                timeout connect 2s
                timeout client 120s
                timeout server 120s
                # the web chat's WebSocket, once upgraded
                timeout tunnel 1h
                # a server that refuses the connection (down, not yet seen down): try another
                retries 3
                option redispatch
                default-server inter 1s fall 2 rise 2

            frontend rasa
                bind 127.0.0.1:{rasa_port}
                default_backend rasa

            backend rasa
                balance roundrobin
                # socket.io: a browser's polling requests and its WebSocket must reach
                # the server that holds its session; the cookie pins them there.
                # REST and the messaging webhooks send no cookie and are spread.
                cookie chat_server insert indirect nocache httponly attr SameSite=Lax
                option httpchk GET /
            {rasa_servers}

            frontend actions
                bind 127.0.0.1:{actions_port}
                default_backend actions

            backend actions
                balance leastconn
                option httpchk GET /health
            {action_servers}
            """
        ).format(
            rasa_port=self.rasa_port,
            actions_port=self.actions_port,
            rasa_servers=rasa_servers,
            action_servers=action_servers,
        )


def production_stack() -> ProductionStack:
    """The production shape on this machine's default ports, with the local stack's tokens."""
    local = local_stack()
    return ProductionStack(
        **{name: getattr(local, name) for name in Stack.__dataclass_fields__ if name != "processes"},
        postgres_port=int(os.environ.get("POSTGRES_PORT", "55432")),
        redis_port=int(os.environ.get("REDIS_PORT", "56379")),
    )


def main() -> None:
    stack = production_stack()
    serve(
        stack,
        "PostgreSQL, Redis, the back end, the support site, 2 action servers, 2 Rasa servers and HAProxy"
        " (logs in var/logs/)",
        extra_lines=(
            f"  Production shape: Rasa servers on {', '.join(map(str, stack.rasa_ports))} and action servers on"
            f" {', '.join(map(str, stack.action_ports))}, behind HAProxy on {stack.rasa_port} and"
            f" {stack.actions_port}\n"
            f"  PostgreSQL on 127.0.0.1:{stack.postgres_port}, Redis on 127.0.0.1:{stack.redis_port}"
            f" (passwords in {stack.data_dir / 'secrets'}/)\n"
        ),
    )


if __name__ == "__main__":
    main()
