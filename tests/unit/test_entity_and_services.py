"""Who registers, and for which services (charging_host/services.py, words in phrases/services.yml)."""

from __future__ import annotations

import pytest

from charging_host.services import (
    CPO,
    ENTITY_COMPANY,
    ENTITY_PRIVATE_PERSON,
    PUBLIC_CHARGING_CARDS,
    SPLIT_BILLING,
    parse_services,
    read_entity_type,
)


@pytest.mark.parametrize(
    "typed",
    [
        "company",
        "a Company",
        "as a business",
        "not a private person",
        "I'm not a private person, a company",
        "self-employed with a VAT number",
        "self employed",
        "zelfstandige",
        "freelancer",
        "we are an organisation",
        "Peeters Laadpunten BV",
        "Janssens NV",
        "Rossi SRL",
        "Müller GmbH",
        "Dupont SARL",
        "Dupont SA",
        "Smith Ltd.",
        "with a VAT number",
        "compnay",  # misspelt
    ],
)
def test_a_company(typed):
    assert read_entity_type(typed) == ENTITY_COMPANY


@pytest.mark.parametrize(
    "typed",
    [
        "private person",
        "a private individual",
        "I am not a company",
        "no company",
        "not registered as a company",
        "I don't have a company",
        "I'm a private person, not a company",
        "not a company but a private person",
        "particulier",
        "privé",
        "just me",
        "myself",
        "household",
        "I don't have a VAT number",
        "without a VAT number",
        "private person with a VAT number",  # what is said outright counts over the VAT number
        "for my company car at home",  # a company car says nothing about who registers
    ],
)
def test_a_private_person(typed):
    assert read_entity_type(typed) == ENTITY_PRIVATE_PERSON


@pytest.mark.parametrize("typed", ["", "hmm", "what is the difference?", "a company or a private person?"])
def test_neither_entity_type(typed):
    assert read_entity_type(typed) is None


ALL = [CPO, SPLIT_BILLING, PUBLIC_CHARGING_CARDS]


@pytest.mark.parametrize(
    "typed,services",
    [
        ("everything except cards", [CPO, SPLIT_BILLING]),
        ("all but split billing", [CPO, PUBLIC_CHARGING_CARDS]),
        ("everything except cards and split billing", [CPO]),
        ("all of them", ALL),
        ("just cpo", [CPO]),
        ("only public charging", [CPO]),
        ("public charging cards", [PUBLIC_CHARGING_CARDS]),
        ("split billing only", [SPLIT_BILLING]),
        ("cards and cpo", [CPO, PUBLIC_CHARGING_CARDS]),
        ("cpo without split billing", [CPO]),
        ("not only cpo but also cards", [CPO, PUBLIC_CHARGING_CARDS]),
        ("no, just cpo", [CPO]),
        ("no, cpo", [CPO]),  # the "no" answers the question; cpo is asked for
        ("I don't want cards, only split billing", [SPLIT_BILLING]),
        ("that's all, cpo", [CPO]),  # "that's all" is not all three
        ("reimbursment for my employes", [SPLIT_BILLING]),  # misspelt
    ],
)
def test_services_in_words(typed, services):
    assert parse_services(typed) == services


@pytest.mark.parametrize("typed", ["", "no", "no split billing", "what do you recommend?"])
def test_no_service(typed):
    assert parse_services(typed) is None
