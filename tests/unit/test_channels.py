"""The channels' plain parts: what a conversation looks like to people, numbered
buttons and replies, the providers' signatures, escaping."""

from typing import Any

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from channels.messaging import MessagingInput, MessagingOutput, buttons_of_last_turn, numbered, split_text
from channels.messenger import hub_signature
from channels.slack import slack_escape, slack_signature, slack_unescape
from channels.transcript import history_of
from channels.web_chat import conversation_key, new_conversation_id
from channels.whatsapp import twilio_signature

BUTTONS = [
    {"title": "Register as a charging host", "payload": "I want to register"},
    {"title": "What is a CPO?", "payload": "what is a cpo"},
]


def test_the_history_shows_who_wrote_what_and_hides_what_no_one_typed():
    events: list[dict[str, Any]] = [
        {"event": "user", "text": "hi", "timestamp": 1},
        {
            "event": "bot",
            "text": "Hello!",
            "data": {"buttons": BUTTONS},
            "metadata": {"utter_action": "utter_greet"},
            "timestamp": 2,
        },
        {"event": "user", "text": "EXTERNAL: handed_back", "timestamp": 3},
        {"event": "bot", "text": "Is it blinking?", "data": {}, "metadata": {"agent": "Sofie"}, "timestamp": 4},
        {"event": "bot", "text": None, "data": {"image": "http://127.0.0.1/qr.png"}, "metadata": {}, "timestamp": 5},
        {"event": "slot", "name": "iban", "value": "BE71096123456769"},
        {"event": "user", "text": "it's BE71 0961 2345 6769", "timestamp": 6},
    ]
    shown = history_of(events)
    assert [m["author"] for m in shown] == ["user", "assistant", "agent", "assistant", "user"]
    assert shown[4]["text"] == "it's BE71 **** **** 6769"
    assert shown[1]["buttons"] == BUTTONS
    assert shown[2]["agent_name"] == "Sofie"
    assert shown[3]["image"] == "http://127.0.0.1/qr.png"
    assert "BE71096123456769" not in str(shown)


def test_buttons_become_a_numbered_list():
    assert numbered("What would you like to do?", BUTTONS) == (
        "What would you like to do?\n1. Register as a charging host\n2. What is a CPO?"
    )


def test_a_number_refers_to_the_buttons_of_the_last_turn_only():
    offered = [UserUttered("hi"), ActionExecuted("utter_greet"), BotUttered("Hello!", {"buttons": BUTTONS})]
    assert buttons_of_last_turn(offered) == BUTTONS
    assert buttons_of_last_turn(offered + [UserUttered("something else"), BotUttered("ok")]) == []


def test_the_numbers_of_one_turn_run_on_across_its_messages():
    # "Talk to a person" offered, then the question asked again with its own buttons.
    person = [{"title": "Talk to a person", "payload": "/ask_human"}]
    turn = [
        UserUttered("nope"),
        BotUttered("Try again?", {"buttons": person}),
        BotUttered("Accept?", {"buttons": BUTTONS}),
    ]
    assert buttons_of_last_turn(turn) == person + BUTTONS
    assert numbered("Accept?", BUTTONS, start=2) == "Accept?\n2. Register as a charging host\n3. What is a CPO?"


def test_conversation_keys_belong_to_one_conversation_and_one_secret():
    first, second = new_conversation_id(), new_conversation_id()
    assert first != second and first.startswith("web-")
    assert conversation_key("secret-a" * 3, first) != conversation_key("secret-a" * 3, second)
    assert conversation_key("secret-a" * 3, first) != conversation_key("secret-b" * 3, first)


def test_twilio_signature_matches_twilios_documented_example():
    # https://www.twilio.com/docs/usage/security#validating-requests
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    assert (
        twilio_signature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params)
        == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    )


def test_slack_signature_matches_slacks_documented_example():
    # https://api.slack.com/authentication/verifying-requests-from-slack
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
        b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
        b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    assert slack_signature("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body) == (
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    )


def test_meta_signature_is_hmac_sha256_of_the_raw_body():
    # The standard HMAC-SHA256 test vector.
    assert hub_signature("key", b"The quick brown fox jumps over the lazy dog") == (
        "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
    )


def test_slack_text_is_escaped_out_and_unescaped_in():
    assert slack_escape("<script>alert(1)</script> & co") == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    assert slack_unescape("<@U0ABC123> Maes &amp; Zonen &lt;BV&gt;") == "Maes & Zonen <BV>"


def test_a_long_message_is_cut_between_paragraphs():
    text = ("a" * 900 + "\n\n") * 3
    parts = split_text(text.strip(), 1600)
    assert [len(p) for p in parts] == [900, 900, 900]
    assert split_text("short", 1600) == ["short"]
    assert all(len(p) <= 50 for p in split_text("x" * 120, 50))


class Recorded(MessagingOutput):
    max_text = 100

    def __init__(self):
        super().__init__(channel=MessagingInput())  # never used: nothing is posted
        self.sent = []

    async def send_text(self, recipient_id, text):
        self.sent.append(text)


async def test_the_numbered_buttons_stay_with_the_last_part_of_a_long_message():
    output = Recorded()
    await output.send_response("whatsapp:+32470000000", {"text": "word " * 40, "buttons": BUTTONS})
    assert len(output.sent) >= 3 and all(len(t) <= 100 for t in output.sent)
    assert output.sent[-1].endswith("1. Register as a charging host\n2. What is a CPO?")
    await output.send_response("whatsapp:+32470000000", {"text": "Anything else?", "buttons": BUTTONS})
    assert output.sent[-1] == "Anything else?\n3. Register as a charging host\n4. What is a CPO?"


def test_a_channel_passes_on_at_most_2000_characters_and_only_the_buttons_commands():
    from channels.user_text import MAX_MESSAGE_LENGTH, user_text

    assert len(user_text("x" * 1_000_000)) == MAX_MESSAGE_LENGTH
    assert user_text("/affirm") == "/affirm" and user_text("/ask_human") == "/ask_human"  # button payloads
    assert user_text("/restart") == "restart"
    assert user_text('/inform{"iban": "BE71096123456769"}') == 'inform{"iban": "BE71096123456769"}'
    assert user_text("//start_over") == "start_over"
    assert user_text("  the garage  ") == "the garage" and user_text("/greet") == "/greet"


def test_the_log_check_finds_personal_data_and_lets_masked_data_pass():
    from tests.personal_data import personal_data_in

    line = "sent to an.peeters@example.be: BE71 0961 2345 6769, BE0123456749, +32470123456"
    assert {kind for kind, _ in personal_data_in(line)} == {"e-mail", "iban", "vat_number", "phone"}
    assert personal_data_in("IBAN BE71 **** **** 6769, conversation c-1a2b3c4d5e, serial 5010000101") == []
