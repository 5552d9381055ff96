"""Play every simulated host (tests/simulator) against the running assistant and
print how many messages each needed for the fields it answered.

"answers" are the host's messages after its opening request ("I want to
register as a charging host"), which carries no answer; a host who pastes
everything in the first message counts that one too. "turns" are all its
messages. The ratio is answers per field: 1.0 is one message per field, as
in the web form.

    .venv/bin/python -m scripts.benchmark_hosts [--host NAME ...] [--workers N] [--verbose]

Starts the back end, the action server and the Rasa server on free ports of
127.0.0.1 with temporary files, as the end-to-end tests do (tests/conftest.py,
scripts/stack.py; the logins of tests/e2e/accounts.json; the support site is
not needed over REST), plays the hosts, prints one line per host as it goes,
then a table and the ratio of turns to fields per style, against its target.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from scripts.stack import ROOT, Stack, free_port
from tests.simulator.driver import Outcome, play
from tests.simulator.profiles import HOSTS, STYLES, Host

MODEL = ROOT / "models" / "charging-host.tar.gz"
# Messages the host sends per field it answers, per style: at most (clean,
# mistakes), or less than (all at once: several answers in one message).
TARGETS = {"clean": (1.0, "<="), "mistakes": (1.3, "<="), "all-at-once": (1.0, "<")}


def start_stack(var_dir: Path) -> Stack:
    stack = Stack(
        var_dir=var_dir,
        dashboard_port=free_port(),
        actions_port=free_port(),
        rasa_port=free_port(),
        web_port=free_port(),
        rasa_token="benchmark-rasa-token",
        dashboard_token="benchmark-dashboard-token",
        admin_token="benchmark-admin-token",
        handoff_token="benchmark-handoff-token",
        web_chat_secret="benchmark-web-chat-secret-0123456789",
        extra_env={
            "DASHBOARD_FIXTURES": str(ROOT / "tests" / "e2e" / "accounts.json"),
            "DASHBOARD_RETRIES": "1",
            "DASHBOARD_TIMEOUT": "5",
            "CONSOLE_SECRET": "benchmark-console-secret",
        },
    )
    stack.start(["dashboard", "actions", "rasa"])
    return stack


def line(outcome: Outcome, done: int, total: int) -> str:
    result = "registered" if outcome.completed else "NOT registered"
    trouble = "" if outcome.succeeded else f"; problems: {'; '.join(outcome.problems())}"
    return (
        f"[{done:2d}/{total}] {outcome.host.name} ({outcome.host.style}): {result} in {outcome.answers} answers"
        f" for {outcome.fields} fields ({outcome.ratio:.2f}), {outcome.seconds:.1f}s{trouble}"
    )


def table(outcomes: list[Outcome]) -> str:
    width = max(len(o.host.name) for o in outcomes)
    rows = [
        f"{'host':<{width}}  {'style':<11}  {'success':<7}  {'turns':>5}  {'answers':>7}  {'fields':>6}"
        f"  {'answers/fields':>14}",
        "-" * (width + 63),
    ]
    for o in outcomes:
        success = "yes" if o.succeeded else ("partly" if o.completed else "no")
        rows.append(
            f"{o.host.name:<{width}}  {o.host.style:<11}  {success:<7}  {o.turns:>5}  {o.answers:>7}  {o.fields:>6}"
            f"  {o.ratio:>14.2f}"
        )
    return "\n".join(rows)


def per_style(outcomes: list[Outcome]) -> str:
    rows = []
    for style in STYLES:
        of_style = [o for o in outcomes if o.host.style == style]
        if not of_style:
            continue
        answers, fields = sum(o.answers for o in of_style), sum(o.fields for o in of_style)
        ratio = answers / fields
        target, sign = TARGETS[style]
        met = ratio <= target if sign == "<=" else ratio < target
        succeeded = sum(o.succeeded for o in of_style)
        rows.append(
            f"{style:<11}  {answers:>4} answers / {fields:>4} fields = {ratio:.2f}   target {sign} {target:.1f}: "
            f"{'met' if met else 'missed'}   ({succeeded}/{len(of_style)} hosts succeeded)"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", action="append", help="play only this host (repeatable)")
    parser.add_argument("--workers", type=int, default=2, help="hosts played at the same time (default 2)")
    parser.add_argument("--verbose", action="store_true", help="print each host's notes and conversation")
    args = parser.parse_args(argv)
    hosts: list[Host] = [h for h in HOSTS if not args.host or h.name in args.host]
    if not hosts:
        parser.error(f"no such host; the hosts: {', '.join(h.name for h in HOSTS)}")
    if not MODEL.exists():
        print("no trained model: run `source scripts/setup.sh && ensure_model` first", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="benchmark-hosts-") as var_dir:
        print("==> Starting the back end, the action server and the Rasa server on 127.0.0.1", flush=True)
        started = time.monotonic()
        stack = start_stack(Path(var_dir))
        try:
            print(f"==> Ready in {time.monotonic() - started:.0f}s. Playing {len(hosts)} hosts", flush=True)
            playing = time.monotonic()
            outcomes: dict[str, Outcome] = {}
            with ThreadPoolExecutor(max_workers=args.workers) as pool:
                futures = [pool.submit(play, host, stack) for host in hosts]
                for future in as_completed(futures):
                    outcome = future.result()
                    outcomes[outcome.host.name] = outcome
                    print(line(outcome, len(outcomes), len(hosts)), flush=True)
                    if args.verbose:
                        print(outcome.report(), flush=True)
            print(f"==> Played {len(hosts)} hosts in {time.monotonic() - playing:.0f}s\n", flush=True)
        finally:
            print("==> Stopping", flush=True)
            stack.stop()
    in_order = [outcomes[h.name] for h in hosts]
    print(table(in_order))
    print("\nanswers per field, per style:")
    print(per_style(in_order))
    remarks = [o for o in in_order if o.notes or o.problems()]
    if remarks:
        print("\nwhat the hosts would remark on (problems fail the host; notes are recorded):")
        for o in remarks:
            print(f"- {o.host.name}")
            for problem in o.problems():
                print(f"    problem: {problem}")
            for note in o.notes:
                print(f"    note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
