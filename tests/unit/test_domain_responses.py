"""Every response an action sends exists in the domain, for every error code a check can give.

Rasa cannot see responses sent by custom actions (it warns that they are
"not used in any story or rule"); this test is what checks them instead.
"""

import re
from pathlib import Path

import pytest

from charging_host.services import ALL_SERVICES
from scripts.check_validation import sources_sending_responses

ROOT = Path(__file__).resolve().parents[2]

# Error codes of each check, and the response prefix the actions use for them.
ERROR_FAMILIES = {
    "utter_vat_": ["empty", "no_country", "unknown_country", "wrong_length", "wrong_check_digits", "wrong_format"],
    "utter_iban_": ["empty", "unknown_country", "wrong_length", "wrong_check_digits", "wrong_format"],
    "utter_name_": ["empty", "too_long", "invalid"],
    "utter_address_": ["empty", "too_long", "invalid", "no_house_number", "no_postal_code", "postal_code_mismatch"],
    "utter_vat_accepted_": ["valid", "not_checked", "unavailable", "not_in_vies"],
    "utter_price_": [
        "negative",
        "energy_too_high",
        "start_fee_too_high",
        "hourly_too_high",
        "too_many_hourly_prices",
        "hours_out_of_range",
        "second_starts_before_first",
        "all_free",
        "energy_missing",
    ],
    "utter_public_charging_refused_": ["no_vat_number", "no_cpo_service"],
}


def test_every_literal_response_in_the_actions_and_the_console_exists(domain):
    named = set(re.findall(r'"(utter_[a-z0-9_]+)"', sources_sending_responses()))
    assert {"utter_qr_code", "utter_agent_joined"} <= named  # the search reaches every module
    missing = sorted(n for n in named if n not in domain["responses"] and not n.endswith("_"))
    assert missing == []


def labels_used() -> tuple[set[str], set[str]]:
    """Names passed to ``label(domain, ...)``, and the prefixes of the f-string families."""
    sources = sources_sending_responses()
    names = set(re.findall(r'\blabel\(\s*domain,\s*"([a-z0-9_]+)"', sources))
    either = r'\blabel\(\s*domain,\s*"([a-z0-9_]+)" if [^\n]*? else "([a-z0-9_]+)"'
    names |= {name for pair in re.findall(either, sources) for name in pair}
    names |= set(re.findall(r'"utter_label_([a-z0-9_]+)"', sources))  # read outside the actions
    families = set(re.findall(r'\blabel\(\s*domain,\s*f"([a-z0-9_]+_)\{', sources))
    return names, families


def test_every_label_the_actions_use_exists_and_every_label_is_used(domain):
    names, families = labels_used()
    defined = {r[len("utter_label_") :] for r in domain["responses"] if r.startswith("utter_label_")}
    assert {"all_of_them", "company", "private_person"} <= names and "weekday_" in families
    assert sorted(names - defined) == []
    unused = [d for d in defined if d not in names and not any(d.startswith(f) for f in families)]
    assert sorted(unused) == []


@pytest.mark.parametrize(
    "family,members",
    [
        ("service_", list(ALL_SERVICES)),
        ("weekday_", [str(d) for d in range(1, 8)]),
        ("price_", ["per_kwh", "per_minute", "per_session"]),
    ],
)
def test_every_member_of_a_label_family_exists(domain, family, members):
    assert [m for m in members if f"utter_label_{family}{m}" not in domain["responses"]] == []


@pytest.mark.parametrize("prefix,codes", ERROR_FAMILIES.items())
def test_every_error_code_has_an_answer(domain, prefix, codes):
    assert [c for c in codes if prefix + c not in domain["responses"]] == []


def test_every_error_code_in_the_rules_is_listed_here():
    """A new error code in charging_host must get a response (and a line above)."""
    sources = {
        "utter_vat_": ((ROOT / "charging_host" / "vat.py").read_text(), r'error="([a-z_]+)"'),
        "utter_iban_": ((ROOT / "charging_host" / "mandate.py").read_text(), r'error="([a-z_]+)"'),
        "utter_price_": ((ROOT / "charging_host" / "pricing.py").read_text(), r'PriceProblem\("([a-z_]+)"'),
    }
    for prefix, (source, pattern) in sources.items():
        codes = set(re.findall(pattern, source)) - {"not_sepa"}
        assert codes and codes <= set(ERROR_FAMILIES[prefix]), codes - set(ERROR_FAMILIES[prefix])


def test_the_summary_of_a_private_person_and_of_a_company_exist(domain):
    variants = domain["responses"]["utter_registration_summary"]
    assert len(variants) == 2 and any(v.get("condition") for v in variants)


def test_the_validation_check_accepts_only_known_warnings():
    from scripts.check_validation import unexpected_warnings

    log = (
        "UserWarning: The utterance 'utter_code_sent' is not used in any story or rule.\n"
        "UserWarning: The utterance 'utter_vat_wrong_length' is not used in any story or rule.\n"
        "UserWarning: The utterance 'utter_ask_phone' is not used in any story or rule.\n"
        "UserWarning: The following duplicated intents have been found across multiple domain files: faq\n"
    )
    assert unexpected_warnings(log) == []
    forgotten = "UserWarning: The utterance 'utter_never_sent' is not used in any story or rule.\n"
    unused_intent = "UserWarning: The intent 'greet' is not used in any story or rule.\n"
    assert len(unexpected_warnings(log + forgotten + unused_intent)) == 2


def test_responses_rasa_says_by_itself_name_only_slots(domain):
    """A response with a {placeholder} that is no slot fails to fill when a rule or a form says it,
    and Rasa then logs the conversation's slots: only actions may pass other values."""
    rules = "\n".join(p.read_text() for p in (ROOT / "data").rglob("*.yml"))
    said_by_rasa = set(re.findall(r"action: (utter_[a-z0-9_]+)", rules))
    actions = set(domain["actions"])
    for form in domain["forms"].values():
        said_by_rasa |= {f"utter_ask_{s}" for s in form["required_slots"] if f"action_ask_{s}" not in actions}
    slots = set(domain["slots"])
    unfilled = [
        (name, placeholder)
        for name in sorted(said_by_rasa & set(domain["responses"]))
        for variant in domain["responses"][name]
        for placeholder in re.findall(r"{([^\n{}]+?)}", variant.get("text") or "")
        if placeholder not in slots
    ]
    assert len(said_by_rasa) > 20 and unfilled == []
