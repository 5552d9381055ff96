"""A local stand-in of the messaging providers' APIs (Telegram Bot API, Twilio,
Slack Web API, Meta Graph API), which no machine here can reach. The real
channel code (channels/) sends its replies here; tests read what arrived."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

SECRETS = {
    "TELEGRAM_TOKEN": "123456:test-telegram-token",
    "TELEGRAM_WEBHOOK_SECRET": "test-telegram-webhook-secret",
    "TWILIO_ACCOUNT_SID": "ACtest0000000000000000000000000000",
    "TWILIO_AUTH_TOKEN": "test-twilio-auth-token",
    "TWILIO_WHATSAPP_NUMBER": "whatsapp:+14155238886",
    "SLACK_BOT_TOKEN": "xoxb-test-slack-token",
    "SLACK_SIGNING_SECRET": "test-slack-signing-secret",
    "MESSENGER_PAGE_ACCESS_TOKEN": "test-page-access-token",
    "MESSENGER_APP_SECRET": "test-messenger-app-secret",
    "MESSENGER_VERIFY_TOKEN": "test-messenger-verify-token",
}


def channel_environment(stand_in_url: str) -> dict[str, str]:
    """Every channel configured, each provider's API pointed at the stand-in."""
    return {
        **SECRETS,
        "TELEGRAM_API_URL": f"{stand_in_url}/telegram",
        "TWILIO_API_URL": f"{stand_in_url}/twilio",
        "SLACK_API_URL": f"{stand_in_url}/slack/api",
        "MESSENGER_API_URL": f"{stand_in_url}/graph",
    }


class ProviderStandIn:
    """Records every call; answers as the providers do for the calls used."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self._lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or b"{}")
                else:
                    body = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(raw.decode()).items()}
                url = urlsplit(self.path)
                call = {"path": url.path, "query": parse_qs(url.query), "headers": dict(self.headers), "body": body}
                with stand_in._lock:
                    stand_in.calls.append(call)
                answer = {"ok": True, "result": {"message_id": len(stand_in.calls)}}
                if "/twilio/" in url.path:
                    answer = {"sid": f"SM{len(stand_in.calls):032d}", "status": "queued"}
                data = json.dumps(answer).encode()
                self.send_response(201 if "/twilio/" in url.path else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def calls_where(self, matches: Callable[[dict], bool]) -> list[dict]:
        with self._lock:
            return [c for c in self.calls if matches(c)]

    def wait_for(self, matches: Callable[[dict], bool], count: int = 1, timeout: float = 30) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_where(matches)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"expected {count} provider call(s), got {len(self.calls_where(matches))}")

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
