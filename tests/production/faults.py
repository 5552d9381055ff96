"""A stand-in for the network between the action servers and the back end,
where a test decides what goes wrong: the back end does its work, but its
answer is lost (a 500 instead, or no answer before the client's time-out).

That is the hard case for a submission: the registration exists, the
assistant does not know it, and only the idempotency key keeps its retry
from making a second one.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "content-encoding"}


@dataclass
class Forwarded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int


class LossyLink:
    """Forwards every request to ``target``; ``lose_next_answer(method, path,
    how)`` makes the next matching one reach the back end and its answer be
    replaced by a 500 (``how="500"``) or held past ``hold_seconds`` ("timeout")."""

    def __init__(self, target: str, hold_seconds: float = 10.0) -> None:
        self.target = target.rstrip("/")
        self.hold_seconds = hold_seconds
        self.forwarded: list[Forwarded] = []
        self._faults: list[tuple[str, str, str]] = []
        self._lock = threading.Lock()
        link = self

        class Handler(BaseHTTPRequestHandler):
            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                answer = requests.request(self.command, link.target + self.path, headers=headers, data=body, timeout=30)
                fault = link._take_fault(self.command, self.path.split("?")[0])
                with link._lock:
                    link.forwarded.append(Forwarded(self.command, self.path, headers, body, answer.status_code))
                if fault == "timeout":
                    time.sleep(link.hold_seconds)  # the client has given up by now
                    return
                status, content = (
                    (500, b'{"error": {"code": "internal_error"}}')
                    if fault == "500"
                    else (
                        answer.status_code,
                        answer.content,
                    )
                )
                self.send_response(status)
                for key, value in answer.headers.items():
                    if key.lower() not in HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _relay

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def lose_next_answer(self, method: str, path: str, how: str) -> None:
        with self._lock:
            self._faults.append((method, path, how))

    def _take_fault(self, method: str, path: str) -> str | None:
        with self._lock:
            for fault in self._faults:
                if fault[:2] == (method, path):
                    self._faults.remove(fault)
                    return fault[2]
        return None

    def sent(self, method: str, path: str) -> list[Forwarded]:
        with self._lock:
            return [f for f in self.forwarded if f.method == method and f.path.split("?")[0] == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
