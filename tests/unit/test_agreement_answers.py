"""What employers type about agreements: people, dates, rates, regions, changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from charging_host.agreements import (
    END_DATE,
    END_NOW,
    RATE,
    REMOVE_END,
    Person,
    fill_in,
    find_rate,
    find_region,
    matching_agreements,
    parse_people,
    read_change,
    read_request,
    regions_for,
)
from charging_host.dates import parse_date, says_no_end

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("1 January", date(2027, 1, 1)),
        ("january 1st", date(2027, 1, 1)),
        ("from 1/2", date(2027, 2, 1)),  # day first
        ("01.02.2027", date(2027, 2, 1)),
        ("2027-02-01", date(2027, 2, 1)),
        ("next month", date(2026, 12, 1)),
        ("today", TODAY),
        ("asap", TODAY),
        ("end of the month", date(2026, 11, 30)),
        ("1er janvier", date(2027, 1, 1)),
        ("vanaf 3 maart", date(2027, 3, 3)),
        ("1. Januar 2027", date(2027, 1, 1)),
        ("from March", date(2027, 3, 1)),
        ("from November", TODAY),  # this month: from now
        ("31/02", None),
        ("0,28", None),  # a rate, not a date
        ("add jan at 0.28", None),  # Jan is a name here
        ("may I add someone", None),
    ],
)
def test_dates_as_people_type_them(typed, day):
    assert parse_date(typed, TODAY) == day


def test_no_end_date_in_words():
    assert all(says_no_end(t) for t in ("no end date", "open-ended please", "none", "geen einddatum"))
    assert not says_no_end("31 march")


@pytest.mark.parametrize(
    ("typed", "people"),
    [
        ("Jan Peeters jan.peeters@telenet.be", [("Jan", "Peeters", "jan.peeters@telenet.be")]),
        ("els@vdb.be and tom.peeters@vdb.be", [("Els", "", "els@vdb.be"), ("Tom", "Peeters", "tom.peeters@vdb.be")]),
        ("sara de smet, sara.desmet@gmail.com", [("Sara", "de Smet", "sara.desmet@gmail.com")]),
        ("Tom van den Broeck tom@vdb.be", [("Tom", "van den Broeck", "tom@vdb.be")]),
        ("add Jan and Els, both at 0.28 from 1 January", [("Jan", "", None), ("Els", "", None)]),
        ("an agreement for my employee Karim Benali", [("Karim", "Benali", None)]),
        ("new agreement please", []),
    ],
)
def test_people_are_read_with_their_names_and_addresses(typed, people):
    assert [(p.first_name, p.last_name, p.email) for p in parse_people(typed)] == people


def test_away_from_the_who_question_only_capitalised_words_are_names():
    assert parse_people("make it 0.25", lowercase_names=False) == []
    assert [p.name for p in parse_people("also Jan Peeters", lowercase_names=False)] == ["Jan Peeters"]


def test_a_person_is_completed_by_a_later_answer():
    assert fill_in(Person("Jan"), "jan.janssens@acme.be") == Person("Jan", "Janssens", "jan.janssens@acme.be")
    assert fill_in(Person("Jan", email="j@acme.be"), "Janssens") == Person("Jan", "Janssens", "j@acme.be")
    assert fill_in(Person("Jan"), "sorry no idea") == Person("Jan")  # nothing added: asked again


@pytest.mark.parametrize(
    ("typed", "rate"),
    [("at 0,28", D("0.28")), ("28 cent/kWh", D("0.28")), ("€0.30", D("0.30")), ("from 1/2 at 0.27", D("0.27"))],
)
def test_a_rate_is_found_next_to_dates_and_names(typed, rate):
    assert find_rate(typed) == rate


def test_no_rate_in_a_date_or_a_count():
    assert find_rate("from 1 January") is None
    assert find_rate("add 2 people") is None


def test_regions_by_name_postal_code_or_for_everyone():
    jan, els = Person("Jan", "Peeters"), Person("Els", "Claes")
    assert regions_for("Jan in Flanders, Els in Brussels", [jan, els]) == {
        "Jan Peeters": "flanders",
        "Els Claes": "brussels",
    }
    assert regions_for("wallonie", [jan, els]) == {"Jan Peeters": "wallonia", "Els Claes": "wallonia"}
    assert find_region("he lives in 9000 Gent") == "flanders"
    assert find_region("1050 Ixelles") == "brussels"
    assert find_region("4000 Liège") == "wallonia"
    assert find_region("in Maastricht, so outside belgium") == "outside_belgium"
    assert find_region("somewhere") is None
    assert find_region("from 2026-12-11") is None  # a date is no postal code
    assert find_region("starting 01/03/2027") is None


def test_a_whole_request_in_one_message():
    request = read_request(
        "add Jan Janssens jan@x.be and Els Claes els@y.be, 0,30/kWh from 1/1 until 31/12/2027", TODAY
    )
    assert [p.name for p in request.people] == ["Jan Janssens", "Els Claes"]
    assert (request.rate, request.start, request.end) == (D("0.30"), date(2027, 1, 1), date(2027, 12, 31))


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("rate to 0.30", RATE, D("0.30")),
        ("change jan's rate to 0,31", RATE, D("0.31")),
        ("Tom leaves on 31 March", END_DATE, date(2027, 3, 31)),
        ("end date 30/06/2027", END_DATE, date(2027, 6, 30)),
        ("end it", END_NOW, None),
        ("terminate Els's agreement", END_NOW, None),
        ("remove the end date", REMOVE_END, None),
        ("hello", None, None),
    ],
)
def test_changes_as_employers_say_them(typed, kind, value):
    change = read_change(typed, TODAY)
    assert change.kind == kind
    assert (change.rate if kind == RATE else change.end_date) == value


def test_an_agreement_is_found_by_first_name_last_name_or_address():
    agreements = [
        {"first_name": "Jan", "last_name": "Peeters", "employee_email": "jan@acme.be"},
        {"first_name": "Jan", "last_name": "Claes", "employee_email": "jc@acme.be"},
        {"first_name": "Els", "last_name": "Claes", "employee_email": "els@acme.be"},
    ]
    assert [a["last_name"] for a in matching_agreements("end Jan Peeters's agreement", agreements)] == ["Peeters"]
    assert len(matching_agreements("Jan's rate", agreements)) == 2  # unclear: asked
    assert [a["first_name"] for a in matching_agreements("els@acme.be", agreements)] == ["Els"]
    assert [a["first_name"] for a in matching_agreements("Els's rate to 0.3", agreements)] == ["Els"]


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("add split billing for Fatima El Amrani (f.elamrani@acme.be) at 0,27 from 1/3", "add"),
        ("add Jan Janssens jan@acme.be and Els els@acme.be at 0,28", "add"),
        ("put the reimbursement of Lien Goossens to 0,29", "change"),
        ("Kris leaves the company end of the month", "change"),
        ("an.peeters@example.be", None),  # an answer to nothing: not understood
        ("Jan Peeters, jan@acme.be", None),
        ("Garage, connector 1", None),
    ],
)
def test_what_an_unplaced_message_is_about(typed, topic):
    from charging_host.agreements import agreement_topic

    assert agreement_topic(typed, TODAY) == topic
