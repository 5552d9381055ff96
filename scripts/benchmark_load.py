"""Load benchmark of the production shape, next to a stock ``rasa init`` bot
measured in the same run with the same client.

    .venv/bin/python -m scripts.benchmark_load [--concurrency 1 10 20 50] [--servers 1 2]

Each simulated host is one conversation over the REST channel, its messages
one after the other: a real registration (login code read from the outbox,
submitted to the back end), four FAQ questions, then opening its station to
the public: 28 messages (tests/production/hosts.py). The stock bot gets 28
messages of its own small talk. For each number of concurrent conversations,
it prints per-message latency (p50, p95, p99), messages per second and failed
or empty replies; the memory of every process; and how latency changes over
one 40-message conversation. A figure is a ratio to the stock bot's measured
in the same run: the machine is shared, absolute times drift.

The production shape (scripts/production.py) is started once per number of
Rasa servers, on free ports and a fresh database under var/benchmark/.
The stock bot is created and trained once (``rasa init``, about 1.5 minutes)
and kept in var/benchmark/stock-bot/.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import requests

from scripts.production import ProductionStack
from scripts.stack import ROOT, VENV_BIN, free_port
from tests.outbox import latest_login_code
from tests.production import hosts

WORK = ROOT / "var" / "benchmark"
STOCK_BOT = WORK / "stock-bot"
# Messages the starter bot always answers (its rules and stories).
STOCK_TURNS = ["hello", "I am feeling sad", "yes", "great", "are you a bot?", "good morning", "bye", "hi there"]
LONG_CONVERSATION = 40
TARGET_P95_RATIO = 1.2
TARGET_RASA_MEMORY_MIB = 1_500_000_000 / 2**20  # 1.5 GB

Say = Callable[[str], Awaitable[list]]


@dataclass
class Round:
    """Every message's latency in one round, and what went wrong."""

    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


# --- the client: the same for both bots ---------------------------------------------


def rest_say(session: aiohttp.ClientSession, url: str, token: str | None, sender: str) -> Say:
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    async def say(text: str) -> list:
        async with session.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, headers=headers
        ) as response:
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")
            return await response.json()

    return say


async def timed(say: Say, text: str, expected: str, record: Round, latencies: list[float] | None = None) -> None:
    started = time.perf_counter()
    try:
        replies = await say(text)
    except Exception as failure:  # a refused connection, a 502 from the load balancer, a time-out
        record.failures.append(f"{text!r}: {failure.__class__.__name__} {failure}")
        return
    elapsed = time.perf_counter() - started
    record.latencies.append(elapsed)
    if latencies is not None:
        latencies.append(elapsed)
    shown = "\n".join(str(m.get("text") or "") for m in replies)
    if not replies or not any(m.get("text") or m.get("image") for m in replies):
        record.failures.append(f"{text!r}: empty reply")
    elif expected and expected not in shown:
        record.failures.append(f"{text!r}: expected {expected!r}, got {shown[:80]!r}")


def host_script(stack: ProductionStack, number: int, turns: int, questions_first: bool = False) -> list:
    """A host registering, asking, opening its station (28 messages); more
    messages are FAQ questions again. ``questions_first``: the questions open
    the conversation too, so the same messages come early and late."""
    script: list[tuple[str | Callable[[], str], str]] = list(hosts.QUESTIONS) if questions_first else []
    script += hosts.registration(number, lambda: latest_login_code(stack.outbox, hosts.email_of(number)))
    script += [hosts.SUBMIT, *hosts.QUESTIONS, *hosts.PUBLIC_CHARGING]
    while len(script) < turns:
        script += hosts.QUESTIONS
    return script[:turns]


async def host_conversation(
    stack: ProductionStack, say: Say, number: int, record: Round, turns: int = 28, questions_first: bool = False
) -> list:
    latencies: list[float] = []
    for message, expected in host_script(stack, number, turns, questions_first):
        text = message() if callable(message) else message
        await timed(say, text, expected, record, latencies)
    return latencies


async def stock_conversation(say: Say, record: Round, turns: int = 28) -> list:
    latencies: list[float] = []
    for i in range(turns):
        await timed(say, STOCK_TURNS[i % len(STOCK_TURNS)], "", record, latencies)
    return latencies


async def run_round(concurrency: int, conversation: Callable[[int, aiohttp.ClientSession, Round], Awaitable]) -> Round:
    record = Round()
    timeout = aiohttp.ClientTimeout(total=120)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(conversation(i, session, record) for i in range(concurrency)))
        record.seconds = time.perf_counter() - started
    return record


# --- the two bots ------------------------------------------------------------------------


def stock_bot() -> Path:
    """Rasa's starter bot, created offline and trained once; its model."""
    models = sorted((STOCK_BOT / "models").glob("*.tar.gz"))
    if not models:
        print("==> Creating and training the stock bot (rasa init, about 1.5 minutes)", flush=True)
        shutil.rmtree(STOCK_BOT, ignore_errors=True)
        STOCK_BOT.mkdir(parents=True)  # rasa init wants the folder to exist
        subprocess.run(
            [str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(STOCK_BOT)],
            cwd=WORK,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        )
        models = sorted((STOCK_BOT / "models").glob("*.tar.gz"))
    return models[-1]


def start_stock_bot(model: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(WORK / "stock-bot.log", "ab")  # noqa: SIM115 - the child keeps writing to it
    process = subprocess.Popen(
        [str(VENV_BIN / "rasa"), "run", "--model", str(model), "--port", str(port), "--interface", "127.0.0.1"],
        cwd=STOCK_BOT,  # its credentials.yml turns the REST channel on
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"},
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/", timeout=2).ok:
                return process, url
        except requests.RequestException:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"the stock bot exited: see {WORK / 'stock-bot.log'}")
        time.sleep(1)
    raise TimeoutError("the stock bot did not start")


def start_production(servers: int, accounts: int) -> ProductionStack:
    var = WORK / f"production-{servers}"
    shutil.rmtree(var, ignore_errors=True)
    stack = ProductionStack.on_free_ports(
        var,
        "benchmark",
        rasa_servers=servers,
        extra_env={
            "DASHBOARD_FIXTURES": str(hosts.write_accounts(var / "accounts.json", accounts)),
            "DASHBOARD_LOGIN_CODES_PER_HOUR": "1000",
        },
    )
    print(f"==> Starting the production shape with {servers} Rasa server(s)", flush=True)
    stack.start()
    return stack


# --- memory ------------------------------------------------------------------------------


def memory_mib(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process and its process group (PostgreSQL's workers), in MiB."""
    pids = [pid]
    children = subprocess.run(["pgrep", "-g", str(os.getpgid(pid))], capture_output=True, text=True).stdout.split()
    pids += [int(p) for p in children if int(p) != pid]
    rss = peak = 0.0
    for each in pids:
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss += int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
        peak += int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
    return rss, peak


# --- the run -------------------------------------------------------------------------------


def line(name: str, record: Round, stock: Round | None) -> str:
    p50, p95, p99 = (record.percentile(p) * 1000 for p in (50, 95, 99))
    ratio = f"{record.percentile(95) / stock.percentile(95):5.2f}x" if stock else "    - "
    return (
        f"  {name:<24} {len(record.latencies):>5} {p50:>7.0f} {p95:>7.0f} {p99:>7.0f} {ratio:>8}"
        f" {record.rate:>7.1f} {len(record.failures):>7}"
    )


def header() -> str:
    return (
        f"  {'':<24} {'msgs':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'p95/stock':>8} {'msg/s':>7} {'failed':>7}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 20, 50])
    parser.add_argument("--servers", type=int, nargs="+", default=[1, 2], help="numbers of Rasa servers to measure")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    # Hosts 1..n for the rounds, then one to warm each stack up, one for the long conversation.
    warm_up, long_host = sum(args.concurrency) + 1, sum(args.concurrency) + 2
    accounts = long_host

    stock_process, stock_url = start_stock_bot(stock_bot())
    stacks: dict[int, ProductionStack] = {}
    results: dict[tuple[str, int], Round] = {}
    curves: dict[str, list[float]] = {}
    failures: list[str] = []
    try:
        for servers in args.servers:
            stacks[servers] = start_production(servers, accounts)
        # The first messages after a start pay for lazy loading (TensorFlow's graphs, connections): not measured.
        print("==> Warming up: one conversation with each", flush=True)

        async def warm() -> None:
            async with aiohttp.ClientSession() as session:
                await stock_conversation(rest_say(session, stock_url, None, "stock-warm-up"), Round())
                for each in stacks.values():
                    say = rest_say(session, each.rasa_url, each.rest_token, "load-warm-up")
                    await host_conversation(each, say, warm_up, Round())

        asyncio.run(warm())
        print("==> Measuring: the stock bot and each production shape in turn, at each concurrency", flush=True)
        for concurrency in args.concurrency:

            async def stock_host(i: int, session: aiohttp.ClientSession, record: Round, c: int = concurrency) -> None:
                await stock_conversation(rest_say(session, stock_url, None, f"stock-{c}-{i}"), record)

            results[("stock", concurrency)] = asyncio.run(run_round(concurrency, stock_host))
            print(f"  stock bot, {concurrency} at once: done", flush=True)
            first = sum(c for c in args.concurrency if c < concurrency) + 1
            for servers, stack in stacks.items():

                async def ours(
                    i: int, session: aiohttp.ClientSession, record: Round, s: ProductionStack = stack, f: int = first
                ) -> None:
                    say = rest_say(session, s.rasa_url, s.rest_token, f"load-{f + i}")
                    await host_conversation(s, say, f + i, record)

                results[(f"{servers}", concurrency)] = asyncio.run(run_round(concurrency, ours))
                print(f"  production shape, {servers} Rasa server(s), {concurrency} at once: done", flush=True)

        # One long conversation each, alone: how latency grows with the conversation.
        async def long_stock() -> list:
            async with aiohttp.ClientSession() as session:
                return await stock_conversation(
                    rest_say(session, stock_url, None, "stock-long"), Round(), LONG_CONVERSATION
                )

        curves["stock bot"] = asyncio.run(long_stock())
        stack = stacks[max(stacks)]

        async def long_ours() -> list:
            async with aiohttp.ClientSession() as session:
                say = rest_say(session, stack.rasa_url, stack.rest_token, "load-long")
                return await host_conversation(stack, say, long_host, Round(), LONG_CONVERSATION, questions_first=True)

        curves["charging-host"] = asyncio.run(long_ours())

        memory = {"stock bot (rasa)": memory_mib(stock_process.pid)}
        for servers, each in stacks.items():
            for name, process in each.processes.items():
                memory[f"{servers} server(s): {name}"] = memory_mib(process.pid)
    finally:
        for each in stacks.values():
            each.stop()
        os.killpg(stock_process.pid, 15)
        stock_process.wait()

    print("\n==> Per message, over the REST channel (p95/stock: the p95 over the stock bot's at that concurrency)")
    for concurrency in args.concurrency:
        stock = results[("stock", concurrency)]
        print(f"\n  {concurrency} conversation(s) at once")
        print(header())
        print(line("stock rasa init bot", stock, None))
        for servers in args.servers:
            record = results[(f"{servers}", concurrency)]
            print(line(f"charging-host, {servers} Rasa", record, stock))
            failures += record.failures
            if record.percentile(95) > TARGET_P95_RATIO * stock.percentile(95):
                print(f"    above the target: p95 at most {TARGET_P95_RATIO}x the stock bot's")
        failures += stock.failures
    if len(args.servers) == 2:
        print("\n  Throughput with 2 Rasa servers over 1 (msg/s):")
        for concurrency in args.concurrency:
            one, two = results[(f"{args.servers[0]}", concurrency)], results[(f"{args.servers[1]}", concurrency)]
            print(f"    {concurrency:>3} at once: {one.rate:.1f} -> {two.rate:.1f} ({two.rate / one.rate:.2f}x)")

    # The same messages early and late: the stock bot's 8 small-talk lines, the host's 4 FAQ questions.
    print(f"\n==> One {LONG_CONVERSATION}-message conversation, alone: the same messages early and late (median, ms)")
    for name, latencies in curves.items():
        same = len(STOCK_TURNS) if name == "stock bot" else len(hosts.QUESTIONS)
        start, end = statistics.median(latencies[:same]), statistics.median(latencies[-same:])
        print(
            f"  {name:<16} messages 1-{same}: {start * 1000:6.0f}   {LONG_CONVERSATION - same + 1}-{LONG_CONVERSATION}:"
            f" {end * 1000:6.0f}   ({end / start:.2f}x)"
        )

    print("\n==> Memory after the run (resident, peak resident; MiB; PostgreSQL with its workers)")
    for name, (rss, peak) in memory.items():
        flag = "  over 1.5 GB" if "rasa-" in name and peak > TARGET_RASA_MEMORY_MIB else ""
        print(f"  {name:<34} {rss:7.0f} {peak:7.0f}{flag}")

    print(f"\n  failed or empty replies: {len(failures)}")
    for failure in failures[:10]:
        print(f"    {failure}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
