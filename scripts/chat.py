"""A terminal chat with the running assistant over its REST channel (like `rasa shell`).

Buttons are shown numbered; type the number to press one.
"""

from __future__ import annotations

import sys
import uuid

import requests

from common import defaults


def chat(rasa_url: str, rest_token: str, sender: str = "") -> None:
    sender = sender or f"shell-{uuid.uuid4().hex[:8]}"
    buttons: list = []
    print(f"(conversation id {sender}; Ctrl-C or /quit to leave)")
    while True:
        try:
            text = input("you> ").strip()
        except EOFError:
            return
        if text in {"/quit", "/exit"}:
            return
        if not text:
            continue
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        response = requests.post(
            f"{rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=60,
            headers={"Authorization": f"Bearer {rest_token}"},
        )
        buttons = []
        for message in response.json():
            if message.get("text"):
                print("bot> " + message["text"].replace("\n", "\n     "))
            if message.get("image"):
                print(f"bot> [image] {message['image']}")
            for button in message.get("buttons", []):
                buttons.append(button)
                print(f"     {len(buttons)}) {button['title']}")


if __name__ == "__main__":
    import os

    chat(
        sys.argv[1] if len(sys.argv) > 1 else defaults.RASA_URL,
        os.environ.get("REST_CHANNEL_TOKEN", defaults.REST_CHANNEL_TOKEN),
    )
