"""Registering over Rasa's REST channel, with every process real, checked in the back end."""

from tests.e2e.conftest import Conversation, organisations
from tests.outbox import messages_to


def named(stack, legal_name):
    return [o for o in organisations(stack) if o["legal_name"] == legal_name]


def test_belgian_company_registers_with_a_question_and_a_typo_on_the_way(stack, conversation):
    c = conversation
    c.login("an.peeters@example.be")
    assert "administer" in c.text
    assert "company" in c.say("me")
    assert "VAT number" in c.say("a company")
    # A question in the middle is answered, then the question comes back.
    answer = c.say("why do you need my VAT number?")
    assert "commercial activity" in answer and "What's the company's VAT number?" in answer
    assert "check digits" in c.say("BE 0123.456.748")
    assert "BE0123456749 is a valid VAT number" in c.say("our vat is be 0123.456.749")
    assert "registered address" in c.say("Peeters Laadpunten BV")
    assert "invoices" in c.say("Kerkstraat 5 bus 2, 9000 Gent")
    assert "contact person" in c.say("facturen@peeters.be")
    assert "phone" in c.say("me")
    assert "Terms & Conditions" in c.say("0470/12.34.56")
    assert "IBAN" in c.say("yes")
    assert "BE71 **** **** 6769" in c.say("BE71 0961 2345 6769")
    mandate = c.say("yes")
    assert "Smappee Services BV" in mandate and "8 weeks" in mandate
    assert "BE71096123456769" not in mandate
    assert "Which services" in c.say("I agree")
    assert "Which charging station" in c.say("both CPO and split billing")
    summary = c.say("1 and 2")
    assert "VAT number BE0123456749" in summary
    assert "BE71 **** **** 6769" in summary and "0961" not in summary
    done = c.say("yes, register")
    assert "Your reference is REG-" in done

    stored = named(stack, "Peeters Laadpunten BV")
    assert len(stored) == 1
    organisation = stored[0]
    assert organisation["entity_type"] == "company"
    assert organisation["vat_number"] == "BE0123456749"
    assert organisation["registered_address"] == {
        "street": "Kerkstraat 5 bus 2",
        "postal_code": "9000",
        "city": "Gent",
        "country": "BE",
    }
    assert organisation["invoice_email"] == "facturen@peeters.be"
    assert organisation["contact_name"] == "An Peeters"
    assert organisation["phone"] == "+32470123456"
    assert organisation["admin_email"] == "an.peeters@example.be"
    assert organisation["terms_version"] == "2024-05" and organisation["terms_accepted_at"]
    assert organisation["mandate"]["iban"] == "BE71096123456769"
    assert organisation["mandate"]["bic"] == "GKCCBEBB"
    assert organisation["mandate"]["account_holder"] == "Peeters Laadpunten BV"
    assert organisation["mandate"]["signed_at"]
    assert organisation["services"] == ["cpo", "split_billing"]
    assert organisation["charging_stations"] == ["5010000101", "5010000102"]
    reference = done.split("Your reference is ")[1].split(".")[0]
    assert [r["reference"] for r in organisation["registrations"]] == [reference]
    # Confirming again after it is done registers nothing more: not a second
    # organisation, and not a second registration of this one.
    c.say("yes")
    assert [o["registrations"] for o in named(stack, "Peeters Laadpunten BV")] == [organisation["registrations"]]
    assert messages_to(stack.outbox, "facturen@peeters.be", "registration-confirmation")


def test_private_person_is_told_why_and_ends_with_split_billing(stack, conversation):
    c = conversation
    c.login("pieter.claes@example.be")
    c.say("me")
    rule = c.say("private person")
    assert "commercial activity" in rule and "Split Billing" in rule
    assert "VAT" not in rule.split("\n")[-1]  # the next question is not the VAT number
    assert "full name" in rule
    c.say("Pieter Claes")
    c.say("Dorpsstraat 7, 3000 Leuven")
    c.say("pieter.claes@example.be")
    c.say("me")
    c.say("+32 470 99 88 77")
    c.say("yes")
    c.say("BE68 5390 0754 7034")
    c.say("yes")
    assert "Split Billing is the one service" in c.say("yes")
    # Asking for public charging anyway gets the rule again, not a registration.
    refused = c.say("no, I want public charging")
    assert "needs a VAT number" in refused
    summary = c.say("ok then split billing")  # no station step: split billing is linked to no station
    assert "private person" in summary and "none needed" in summary
    done = c.say("yes")
    assert "REG-" in done and "add an agreement for each employee" in done
    assert "CPO function" not in done
    organisation = named(stack, "Pieter Claes")[0]
    assert organisation["entity_type"] == "private_person"
    assert organisation["vat_number"] is None
    assert organisation["services"] == ["split_billing"]
    assert organisation["charging_stations"] == []


def test_dutch_company_corrects_its_iban_on_the_summary(stack, conversation):
    c = conversation
    c.login("sanne@example.nl")
    c.say("me")
    c.say("company")
    assert "valid VAT number" in c.say("NL 0044.95.445.B01")
    c.say("De Vries Installatietechniek B.V.")
    c.say("Dorpsstraat 1, 1234 AB Amsterdam, Netherlands")
    c.say("administratie@devries.nl")
    c.say("Sanne de Vries")
    assert "Terms" in c.say("06 12345678")
    c.say("yes")
    assert "NL91 **** **** **** 4300" in c.say("NL91 ABNA 0417 1643 00")
    c.say("yes")
    c.say("yes")
    summary = c.say("split billing and cards")  # no station step without CPO
    assert "NL91 **** **** **** 4300" in summary
    assert "IBAN" in c.say("oops the IBAN is wrong")
    reply = c.say("NL02ABNA0123456789")
    # A new IBAN is a new mandate: it is shown and agreed to again.
    assert "NL02 **** **** **** 6789" in reply and "Do you agree to this mandate?" in reply
    summary = c.say("yes")
    assert "NL02 **** **** **** 6789" in summary and "NL91" not in summary
    done = c.say("yes")
    assert "REG-" in done and "order them in the Smappee dashboard" in done
    organisation = named(stack, "De Vries Installatietechniek B.V.")[0]
    assert organisation["vat_number"] == "NL004495445B01"
    assert organisation["registered_address"]["postal_code"] == "1234 AB"
    assert organisation["registered_address"]["country"] == "NL"
    assert organisation["phone"] == "+31612345678"
    assert organisation["mandate"]["iban"] == "NL02ABNA0123456789"
    assert organisation["services"] == ["split_billing", "public_charging_cards"]


def test_strange_input_gets_an_answer_and_the_question_again(stack, conversation):
    c = conversation
    c.login("strange.input@example.be")
    c.say("me")
    c.say("a company")
    for strange in ["x" * 5000, "😀", "<script>alert(1)</script>"]:
        reply = c.say(strange)
        assert "VAT number" in reply, reply
    assert "support" in c.text  # three failures: a person is offered
    assert "valid VAT number" in c.say("BE0123456749")
    # Nothing given before was lost.
    slots = c.tracker()["slots"]
    assert slots["account_email"] == "strange.input@example.be"
    assert slots["entity_type"] == "company"


def test_a_paused_registration_survives_a_restart_of_the_rasa_server(stack, conversation):
    c = conversation
    c.login("restart@example.be")
    c.say("me")
    c.say("company")
    assert "paused" in c.say("stop, I'll finish this later")
    stack.restart("rasa")
    resumed = c.say("continue")
    assert "Welcome back" in resumed and "VAT number" in resumed


def test_a_failing_back_end_loses_nothing_and_registers_once(stack):
    c = Conversation(stack)
    c.login("els@claes-logistics.be")
    assert "belongs to an organisation" in c.say("me")
    # An existing organisation's details are not asked again.
    assert "Terms" in c.say("Claes Logistics BV")
    assert "IBAN" in c.say("yes")
    c.say("BE68 5390 0754 7034")
    c.say("yes")
    assert "Which services" in c.say("yes")
    assert "one charging station, Warehouse" in c.say("cpo")
    summary = c.say("yes")
    assert "Claes Logistics BV" in summary
    stack.stop(["dashboard"])
    try:
        assert "couldn't reach" in c.say("yes")
    finally:
        stack.start(["dashboard"])
    done = c.say("try again")
    assert "REG-" in done and "didn't understand" not in done
    # The registration is done, and the conversation forgets its answers (the IBAN among them).
    slots = c.tracker()["slots"]
    assert slots["registration_reference"] in done and slots["iban"] is None and slots["mandate_agreed"] is None
    organisation = next(o for o in organisations(stack) if o["id"] == "org_claeslogist")
    assert organisation["services"] == ["cpo", "split_billing"]
    assert organisation["charging_stations"] == ["5010000401"]
    assert organisation["mandate"]["iban"] == "BE68539007547034"
    assert [r["reference"] for r in organisation["registrations"]] == [slots["registration_reference"]]
    # "try again" once more registers nothing a second time (it says there is nothing to send).
    c.say("try again")
    organisation = next(o for o in organisations(stack) if o["id"] == "org_claeslogist")
    assert len(organisation["registrations"]) == 1


def test_a_login_without_stations_may_register_what_needs_none(stack, conversation):
    c = conversation
    c.say("register my company for split billing")
    c.say("no.stations@example.be")
    from tests.outbox import latest_login_code

    reply = c.say(latest_login_code(stack.outbox, "no.stations@example.be"))
    assert "0 charging station" in reply  # and the registration goes on
    assert c.tracker()["active_loop"]["name"] == "registration_form"


def test_an_unknown_login_and_a_wrong_code_get_a_new_chance(stack, conversation):
    from tests.outbox import latest_login_code

    c = conversation
    c.say("become a CPO")
    assert "can't find a Smappee login" in c.say("nobody@example.be")
    assert "sent a 6-digit code" in c.say("an.peeters@example.be")
    code = latest_login_code(stack.outbox, "an.peeters@example.be")
    wrong = "000000" if code != "000000" else "111111"
    assert "4 more tries" in c.say(wrong)
    assert "6 digits" in c.say("12345")
    assert "that's you" in c.say(f"the code is {code}")
