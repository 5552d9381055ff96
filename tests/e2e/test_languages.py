"""Hosts who write Dutch, French or German register end to end over REST (every
message through the language model), answered in their language, with the
stored record checked field by field; one host changes language half-way."""

from __future__ import annotations

from charging_host.catalogue import response_context, translate
from scripts.catalogue import assistant_sources
from tests.e2e.conftest import Conversation, organisations
from tests.outbox import body_of, latest_login_code, messages_to

ENGLISH = {source.context: source.text for source in assistant_sources()}


def said(language: str, response: str, reply: str, variation: int = 0) -> bool:
    """Whether ``reply`` holds the response's words in ``language`` (up to its first placeholder)."""
    context = response_context(response, variation)
    text = translate("assistant", context, ENGLISH[context], language)
    return text.split("{")[0].strip()[:40] in reply


def organisation_named(stack, legal_name: str) -> dict:
    found = [o for o in organisations(stack) if o["legal_name"] == legal_name]
    assert len(found) == 1, f"{len(found)} organisations named {legal_name}"
    return found[0]


def log_in(c: Conversation, opening: str, email: str, language: str) -> None:
    reply = c.say(opening)
    assert said(language, "utter_ask_account_email", reply), reply
    c.say(email)
    code_mail = messages_to(c.stack.outbox, email, "login-code")[-1]
    assert code_mail["Content-Language"] == language
    reply = c.say(latest_login_code(c.stack.outbox, email))
    assert said(language, "utter_login_verified", reply), reply


def test_a_flemish_host_registers_in_dutch(stack, conversation):
    c = conversation
    log_in(c, "hallo, ik wil mij registreren als laadpaaluitbater voor mijn bedrijf", "els.wouters@example.be", "nl")
    assert said("nl", "utter_ask_entity_type", c.say("ikzelf"))
    assert said("nl", "utter_ask_vat_number", c.say("een bedrijf"))
    reply = c.say("ons btw nummer is BE 0745.678.986")
    assert said("nl", "utter_ask_legal_name", reply, 1), reply
    assert said("nl", "utter_ask_registered_address", c.say("Wouters Laadinfra BV"), 1)
    assert said("nl", "utter_ask_invoice_email", c.say("Stationsstraat 12 bus 3, 2800 Mechelen"))
    assert said("nl", "utter_ask_contact_name", c.say("facturen@wouters-laadinfra.be"))
    assert said("nl", "utter_ask_phone", c.say("ikzelf"))
    c.say("0478 12 34 56")
    reply = c.say("ja akkoord")
    assert said("nl", "utter_ask_iban", reply), reply
    holder = c.say("BE68 5390 0754 7034")
    assert "BE68 **** **** 7034" in holder and "BE68539007547034" not in holder
    mandate = c.say("ja")  # the account holder is the company
    assert "BE68 **** **** 7034" in mandate and "8 weken" in mandate
    reply = c.say("ja, ik ga akkoord")
    assert said("nl", "utter_ask_services", reply), reply
    summary = c.say("cpo en split billing")
    if said("nl", "utter_ask_charging_stations", summary) or ("Oprit" in summary and "?" in summary.splitlines()[-1]):
        summary = c.say("ja")
    assert said("nl", "utter_registration_summary", summary, 1), summary
    assert "BE0745678986" in summary
    done = c.say("ja, registreer maar")
    assert said("nl", "utter_registration_done", done), done

    organisation = organisation_named(stack, "Wouters Laadinfra BV")
    assert organisation["entity_type"] == "company"
    assert organisation["vat_number"] == "BE0745678986"
    assert organisation["registered_address"] == {
        "street": "Stationsstraat 12 bus 3",
        "postal_code": "2800",
        "city": "Mechelen",
        "country": "BE",
    }
    assert organisation["invoice_email"] == "facturen@wouters-laadinfra.be"
    assert organisation["contact_name"] == "Els Wouters"
    assert organisation["phone"] == "+32478123456"
    assert organisation["admin_email"] == "els.wouters@example.be"
    assert organisation["mandate"]["iban"] == "BE68539007547034"
    assert organisation["mandate"]["account_holder"] == "Wouters Laadinfra BV"
    assert organisation["services"] == ["cpo", "split_billing"]
    assert organisation["charging_stations"] == ["5010009701"]
    confirmation = messages_to(stack.outbox, "facturen@wouters-laadinfra.be", "registration-confirmation")[-1]
    assert confirmation["Content-Language"] == "nl"
    assert "Wouters Laadinfra BV" in body_of(confirmation)


def test_a_walloon_host_registers_in_french(stack, conversation):
    c = conversation
    log_in(c, "Bonjour, je voudrais devenir opérateur de recharge avec ma société", "sophie.lambert@example.be", "fr")
    assert said("fr", "utter_ask_entity_type", c.say("moi"))
    assert said("fr", "utter_ask_vat_number", c.say("une société"))
    assert said("fr", "utter_ask_legal_name", c.say("BE0523.456.738"), 1)
    assert said("fr", "utter_ask_registered_address", c.say("Lambert Énergie SRL"), 1)
    assert said("fr", "utter_ask_invoice_email", c.say("Rue de l'Église 5, 5000 Namur"))
    assert said("fr", "utter_ask_contact_name", c.say("compta@lambert-energie.be"))
    assert said("fr", "utter_ask_phone", c.say("moi"))
    c.say("0495 12 34 56")
    assert said("fr", "utter_ask_iban", c.say("oui, j'accepte"))
    assert "BE71 **** **** 6769" in c.say("BE71 0961 2345 6769")
    mandate = c.say("oui")  # the account holder is the company
    assert "BE71 **** **** 6769" in mandate and "8 semaines" in mandate
    assert said("fr", "utter_ask_services", c.say("d'accord"))
    reply = c.say("cpo et split billing")
    if not said("fr", "utter_registration_summary", reply, 1):
        reply = c.say("oui")
    assert said("fr", "utter_registration_summary", reply, 1), reply
    done = c.say("oui, enregistrez")
    assert said("fr", "utter_registration_done", done), done

    organisation = organisation_named(stack, "Lambert Énergie SRL")
    assert organisation["vat_number"] == "BE0523456738"
    assert organisation["registered_address"] == {
        "street": "Rue de l'Église 5",
        "postal_code": "5000",
        "city": "Namur",
        "country": "BE",
    }
    assert organisation["invoice_email"] == "compta@lambert-energie.be"
    assert organisation["contact_name"] == "Sophie Lambert"
    assert organisation["phone"] == "+32495123456"
    assert organisation["mandate"]["iban"] == "BE71096123456769"
    assert organisation["services"] == ["cpo", "split_billing"]
    assert organisation["charging_stations"] == ["5010009702"]
    assert (
        messages_to(stack.outbox, "compta@lambert-energie.be", "registration-confirmation")[-1]["Content-Language"]
        == "fr"
    )


def test_a_german_host_registers_in_german(stack, conversation):
    c = conversation
    log_in(c, "Guten Tag, ich möchte meine Firma als Ladepunktbetreiber registrieren", "jonas.becker@example.de", "de")
    assert said("de", "utter_ask_entity_type", c.say("ich"))
    assert said("de", "utter_ask_vat_number", c.say("als Firma"))
    assert said("de", "utter_ask_legal_name", c.say("DE136695976"), 1)
    assert said("de", "utter_ask_registered_address", c.say("Becker Ladetechnik GmbH"), 1)
    assert said("de", "utter_ask_invoice_email", c.say("Hauptstraße 12, 10115 Berlin, Deutschland"))
    assert said("de", "utter_ask_contact_name", c.say("rechnungen@becker-ladetechnik.de"))
    assert said("de", "utter_ask_phone", c.say("ich"))
    c.say("+49 151 23456789")
    assert said("de", "utter_ask_iban", c.say("ja, einverstanden"))
    holder = c.say("DE89 3704 0044 0532 0130 00")
    assert "DE89" in holder and "3704 0044" not in holder
    mandate = c.say("ja")  # the account holder is the company
    assert "8 Wochen" in mandate
    assert said("de", "utter_ask_services", c.say("ja, einverstanden"))
    reply = c.say("nur CPO")
    if not said("de", "utter_registration_summary", reply, 1):
        reply = c.say("ja")
    assert said("de", "utter_registration_summary", reply, 1), reply
    done = c.say("ja, das passt so")
    assert said("de", "utter_registration_done", done), done

    organisation = organisation_named(stack, "Becker Ladetechnik GmbH")
    assert organisation["vat_number"] == "DE136695976"
    assert organisation["registered_address"] == {
        "street": "Hauptstraße 12",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
    }
    assert organisation["invoice_email"] == "rechnungen@becker-ladetechnik.de"
    assert organisation["contact_name"] == "Jonas Becker"
    assert organisation["phone"] == "+4915123456789"
    assert organisation["mandate"]["iban"] == "DE89370400440532013000"
    assert organisation["services"] == ["cpo"]
    assert organisation["charging_stations"] == ["5010009703"]


def test_a_host_switches_to_dutch_half_way_without_losing_an_answer(stack, conversation):
    c = conversation
    log_in(c, "I would like to register my company as a charging host", "lotte.maes@example.be", "en")
    c.say("me")
    c.say("a company")
    assert "valid VAT number" in c.say("BE0634.567.862")
    assert "registered address" in c.say("Maes Mobility BV")
    # Half-way, in Dutch: the same question again, in Dutch, and nothing answered so far is lost.
    reply = c.say("kunnen we in het Nederlands verder?")
    assert said("nl", "utter_language_switched", reply), reply
    assert said("nl", "utter_ask_registered_address", reply, 1), reply
    assert said("nl", "utter_ask_invoice_email", c.say("Kouter 7, 9000 Gent"))
    assert said("nl", "utter_ask_contact_name", c.say("boekhouding@maesmobility.be"))
    c.say("ikzelf")
    c.say("0471 23 45 67")
    assert said("nl", "utter_ask_iban", c.say("ja"))
    c.say("BE68 5390 0754 7034")
    c.say("ja")
    assert said("nl", "utter_ask_services", c.say("akkoord"))
    summary = c.say("alleen split billing")
    assert said("nl", "utter_registration_summary", summary, 1), summary
    assert "Maes Mobility BV" in summary and "BE0634567862" in summary
    done = c.say("ja")
    assert said("nl", "utter_registration_done", done), done

    organisation = organisation_named(stack, "Maes Mobility BV")
    assert organisation["vat_number"] == "BE0634567862"  # answered in English
    assert organisation["registered_address"]["street"] == "Kouter 7"  # answered in Dutch
    assert organisation["invoice_email"] == "boekhouding@maesmobility.be"
    assert organisation["contact_name"] == "Lotte Maes"
    assert organisation["services"] == ["split_billing"]
    tracker = c.tracker()
    assert tracker["slots"]["language"] == "nl" and tracker["slots"]["language_settled"] is True


def test_the_page_language_is_a_hint_until_the_host_writes(stack, conversation):
    c = conversation
    greeting = c.say("/greet", language_hint="fr-BE")
    assert said("fr", "utter_greet", greeting), greeting
    # The host writes German on a French page: German from now on.
    reply = c.say("Was kostet mich das als Betreiber einer Ladestation?")
    assert c.tracker()["slots"]["language"] == "de", reply
