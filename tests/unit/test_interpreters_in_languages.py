"""The answer interpreters in Dutch, French and German (words in charging_host/phrases/*.yml):
answers as hosts type them, informal forms and typos included, per language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from charging_host import agreements
from charging_host.choices import is_only, mentions, percentage
from charging_host.dates import parse_date, says_no_end
from charging_host.numbers import replace_number_words, words_to_number
from charging_host.opening_hours import parse_opening_hours
from charging_host.pricing import HourlyPrice, PriceStructure, parse_prices
from charging_host.services import (
    CPO,
    ENTITY_COMPANY,
    ENTITY_PRIVATE_PERSON,
    PUBLIC_CHARGING_CARDS,
    SPLIT_BILLING,
    parse_services,
    read_entity_type,
)
from charging_host.stations import parse_charge_point_choice, parse_station_choice
from charging_host.yes_no import read_yes_no

TODAY = date(2026, 3, 10)


def cases(by_language: dict[str, list[tuple[Any, ...]]]) -> list[Any]:
    """pytest parameters, each named by its language and what was typed."""
    return [
        pytest.param(*case, id=f"{language}: {case[0]}") for language, found in by_language.items() for case in found
    ]


# --- yes and no --------------------------------------------------------------------------------

YES_NO = {
    "nl": [
        ("ja hoor", True),
        ("jazeker", True),
        ("Is goed", True),
        ("oké", True),
        ("okeee", True),
        ("doe maar", True),
        ("akkoord!", True),
        ("klopt", True),
        ("ja graag", True),
        ("jaaa", True),
        ("prima zo", True),
        ("geen probleem", True),
        ("neen", False),
        ("liever niet", False),
        ("nog niet", False),
        ("nee, bedankt", False),
        ("dat klopt niet", False),
        ("niet akkoord", False),
        ("zeker niet", False),
        ("ik heb geen btw-nummer", False),
        ("weet ik niet", None),
        ("misschien", None),
        ("ja, maar nog niet", None),
        ("nee wacht, toch wel", True),
    ],
    "fr": [
        ("oui bien sûr", True),
        ("d'accord", True),
        ("daccord", True),
        ("ça marche", True),
        ("ca marche", True),
        ("volontiers", True),
        ("ouais", True),
        ("c'est bon", True),
        ("pas de souci", True),
        ("ouiii", True),
        ("non merci", False),
        ("pas maintenant", False),
        ("pas d'accord", False),
        ("je ne suis pas d'accord", False),
        ("je préfère pas", False),
        ("surtout pas", False),
        ("je n'ai pas de numéro de TVA", False),
        ("je sais pas", None),
        ("peut-être", None),
        ("oui mais pas maintenant", None),
        ("non attends, oui", True),
    ],
    "de": [
        ("ja gerne", True),
        ("passt", True),
        ("einverstanden", True),
        ("genau", True),
        ("stimmt", True),
        ("jaaa klar", True),
        ("alles klar", True),
        ("jup passt so", True),
        ("in Ordnung", True),
        ("kein Problem", True),
        ("nein danke", False),
        ("noch nicht", False),
        ("stimmt nicht", False),
        ("das passt nicht", False),
        ("nicht einverstanden", False),
        ("lieber nicht", False),
        ("nö", False),
        ("ich habe keine USt-ID", False),
        ("weiß nicht", None),
        ("vielleicht", None),
        ("ja aber nicht jetzt", None),
        ("nein warte, doch ja", True),
    ],
}


@pytest.mark.parametrize("typed,meant", cases(YES_NO))
def test_yes_and_no(typed, meant):
    assert read_yes_no(typed) is meant


# --- services and who registers ---------------------------------------------------------------

ALL = [CPO, SPLIT_BILLING, PUBLIC_CHARGING_CARDS]

SERVICES = {
    "nl": [
        ("laadpassen", [PUBLIC_CHARGING_CARDS]),
        ("laadkaarten graag", [PUBLIC_CHARGING_CARDS]),
        ("publiek laden", [CPO]),
        ("alles behalve de kaarten", [CPO, SPLIT_BILLING]),
        ("allemaal", ALL),
        ("alle drie", ALL),
        ("split billing en laadpassen", [SPLIT_BILLING, PUBLIC_CHARGING_CARDS]),
        ("enkel terugbetaling voor mijn werknemers", [SPLIT_BILLING]),
        ("geen laadpassen, wel publiek laden", [CPO]),
        ("niet alleen publiek laden maar ook laadpassen", [CPO, PUBLIC_CHARGING_CARDS]),
        ("laadpasen", [PUBLIC_CHARGING_CARDS]),  # misspelt
        ("dat is alles, publiek laden", [CPO]),
    ],
    "fr": [
        ("cartes de recharge", [PUBLIC_CHARGING_CARDS]),
        ("recharge publique", [CPO]),
        ("tout sauf les cartes", [CPO, SPLIT_BILLING]),
        ("les trois", ALL),
        ("tous les services svp", ALL),
        ("remboursement des employés et cartes", [SPLIT_BILLING, PUBLIC_CHARGING_CARDS]),
        ("pas les cartes, juste la recharge publique", [CPO]),
        ("seulement le remboursement de la recharge à domicile", [SPLIT_BILLING]),
        ("pas seulement les cartes mais aussi le public", [CPO, PUBLIC_CHARGING_CARDS]),
        ("remboursment", [SPLIT_BILLING]),  # misspelt
        ("c'est tout, les cartes", [PUBLIC_CHARGING_CARDS]),
        ("split billing tout de suite", [SPLIT_BILLING]),  # "tout de suite" is not all three
    ],
    "de": [
        ("Ladekarten", [PUBLIC_CHARGING_CARDS]),
        ("öffentlich laden", [CPO]),
        ("alles außer den Karten", [CPO, SPLIT_BILLING]),
        ("alle drei", ALL),
        ("nur Split Billing", [SPLIT_BILLING]),
        ("öffentlich laden und Ladekarten", [CPO, PUBLIC_CHARGING_CARDS]),
        ("Erstattung für die Mitarbeiter", [SPLIT_BILLING]),
        ("ich will meine Wallbox öffnen und Geld verdienen", [CPO]),
        ("nicht nur Karten sondern auch öffentlich", [CPO, PUBLIC_CHARGING_CARDS]),
        ("ladekarrten", [PUBLIC_CHARGING_CARDS]),  # misspelt
        ("alles außer Split Billing", [CPO, PUBLIC_CHARGING_CARDS]),
        ("alles klar, Ladekarten", [PUBLIC_CHARGING_CARDS]),  # "alles klar" is not all three
    ],
}


@pytest.mark.parametrize("typed,services", cases(SERVICES))
def test_services(typed, services):
    assert parse_services(typed) == services


@pytest.mark.parametrize("typed", ["niet de kaarten", "sans les cartes", "keine Karten", "nee", "non", "nein"])
def test_no_service_left(typed):
    assert parse_services(typed) is None


ENTITY = {
    "nl": [
        ("een bedrijf", ENTITY_COMPANY),
        ("zelfstandige in bijberoep", ENTITY_COMPANY),
        ("eenmanszaak", ENTITY_COMPANY),
        ("Jansen & Zn VOF", ENTITY_COMPANY),
        ("geen particulier, een bv", ENTITY_COMPANY),
        ("met btw-nummer", ENTITY_COMPANY),
        ("particulier", ENTITY_PRIVATE_PERSON),
        ("als privépersoon", ENTITY_PRIVATE_PERSON),
        ("ik ben geen bedrijf", ENTITY_PRIVATE_PERSON),
        ("ik heb geen btw-nummer", ENTITY_PRIVATE_PERSON),
        ("gewoon ik", ENTITY_PRIVATE_PERSON),
    ],
    "fr": [
        ("une entreprise", ENTITY_COMPANY),
        ("je suis indépendant", ENTITY_COMPANY),
        ("auto-entrepreneur", ENTITY_COMPANY),
        ("SPRL Dupont", ENTITY_COMPANY),
        ("une asbl", ENTITY_COMPANY),
        ("particulier", ENTITY_PRIVATE_PERSON),
        ("à titre privé", ENTITY_PRIVATE_PERSON),
        ("je ne suis pas une entreprise", ENTITY_PRIVATE_PERSON),
        ("pas de numéro de TVA", ENTITY_PRIVATE_PERSON),
        ("juste moi", ENTITY_PRIVATE_PERSON),
    ],
    "de": [
        ("Firma", ENTITY_COMPANY),
        ("ich bin selbstständig", ENTITY_COMPANY),
        ("Freiberufler", ENTITY_COMPANY),
        ("Müller GmbH", ENTITY_COMPANY),
        ("Elektro Braun GbR", ENTITY_COMPANY),
        ("Privatperson", ENTITY_PRIVATE_PERSON),
        ("privat", ENTITY_PRIVATE_PERSON),
        ("keine Firma", ENTITY_PRIVATE_PERSON),
        ("ohne USt-ID", ENTITY_PRIVATE_PERSON),
        ("nur ich", ENTITY_PRIVATE_PERSON),
    ],
}


@pytest.mark.parametrize("typed,entity", cases(ENTITY))
def test_who_registers(typed, entity):
    assert read_entity_type(typed) == entity


@pytest.mark.parametrize("typed", ["voor mijn bedrijfswagen", "pour ma voiture de société", "für meinen Dienstwagen"])
def test_a_company_car_says_nothing_about_who_registers(typed):
    assert read_entity_type(typed) is None


# --- stations and connectors --------------------------------------------------------------------

GARAGE, FRONT, BACK = "5010000101", "5010000102", "5010000103"
THREE = [
    {"serial": GARAGE, "name": "Garage"},
    {"serial": FRONT, "name": "Parking voorkant"},
    {"serial": BACK, "name": "Achterkant"},
]

STATIONS = {
    "nl": [
        ("de eerste", [GARAGE]),
        ("die in de garage", [GARAGE]),
        ("allemaal", [GARAGE, FRONT, BACK]),
        ("de laatste", [BACK]),
        ("de tweede laadpaal", [FRONT]),
        ("1 en 3", [GARAGE, BACK]),
        ("alle behalve de garage", [FRONT, BACK]),
        ("nee, niet de garage", [FRONT, BACK]),
        ("die aan de voorkant", [FRONT]),
        ("de eerste twee", [GARAGE, FRONT]),
        ("enkel de garag", [GARAGE]),  # misspelt
        ("de voorlaatste", [FRONT]),
    ],
    "fr": [
        ("la première", [GARAGE]),
        ("la deuxième borne", [FRONT]),
        ("toutes", [GARAGE, FRONT, BACK]),
        ("toutes sauf le garage", [FRONT, BACK]),
        ("pas le garage", [FRONT, BACK]),
        ("celle du garage", [GARAGE]),
        ("la dernière", [BACK]),
        ("celle de derrière", [BACK]),
        ("numéro 2", [FRONT]),
        ("1 et 3", [GARAGE, BACK]),
        ("seulement le garage", [GARAGE]),
        ("l'avant-dernière", [FRONT]),
    ],
    "de": [
        ("die erste", [GARAGE]),
        ("alle", [GARAGE, FRONT, BACK]),
        ("die letzte", [BACK]),
        ("alle außer der Garage", [FRONT, BACK]),
        ("nicht die Garage", [FRONT, BACK]),
        ("die hinten", [BACK]),
        ("die vorne", [FRONT]),
        ("die ersten zwei", [GARAGE, FRONT]),
        ("Nummer 3", [BACK]),
        ("1 und 3", [GARAGE, BACK]),
        ("nur die Garage", [GARAGE]),
        ("die zweite Ladestation", [FRONT]),
    ],
}


@pytest.mark.parametrize("typed,serials", cases(STATIONS))
def test_stations_meant(typed, serials):
    assert parse_station_choice(typed, THREE) == serials


TWO = [{"serial": GARAGE, "name": "Garage", "connectors": 2}, {"serial": FRONT, "name": "Bureau", "connectors": 1}]
BOTH = [GARAGE, FRONT]

BOTH_STATIONS = {
    "nl": [("beide", BOTH), ("allebei", BOTH), ("alle twee", BOTH), ("ze allebei graag", BOTH)],
    "fr": [("les deux", BOTH), ("toutes les deux", BOTH), ("les 2", BOTH), ("tous les deux svp", BOTH)],
    "de": [("beide", BOTH), ("alle beide", BOTH), ("die beiden", BOTH), ("alle zwei bitte", BOTH)],
}


@pytest.mark.parametrize("typed,serials", cases(BOTH_STATIONS))
def test_both_of_two_stations(typed, serials):
    assert parse_station_choice(typed, TWO) == serials


G1, G2, F1 = (GARAGE, 1), (GARAGE, 2), (FRONT, 1)

CHARGE_POINTS = {
    "nl": [
        ("beide aansluitingen van de garage", [G1, G2]),
        ("aansluiting 2 van de garage", [G2]),
        ("alle aansluitingen", [G1, G2, F1]),
        ("de garage maar niet aansluiting 2", [G1]),
    ],
    "fr": [
        ("les deux prises du garage", [G1, G2]),
        ("prise 2 du garage", [G2]),
        ("toutes les prises", [G1, G2, F1]),
        ("le bureau", [F1]),
    ],
    "de": [
        ("beide Stecker der Garage", [G1, G2]),
        ("Anschluss 2 der Garage", [G2]),
        ("alle Anschlüsse", [G1, G2, F1]),
        ("das Büro", [F1]),
    ],
}


@pytest.mark.parametrize("typed,meant", cases(CHARGE_POINTS))
def test_charge_points_meant(typed, meant):
    chosen = parse_charge_point_choice(typed, TWO)
    assert [(p["serial"], p["position"]) for p in chosen or []] == meant


ONE = [{"serial": "5010000401", "name": "Bahnhofstraße"}]

THE_ONLY_ONE = {
    "nl": [("ja", True), ("deze", True), ("mijn laadpaal", True), ("die daar", True), ("nee", False)],
    "fr": [("oui", True), ("celle-ci", True), ("ma borne", True), ("celle-là", True), ("non", False)],
    "de": [("ja bitte", True), ("diese", True), ("meine Wallbox", True), ("die da", True), ("nein", False)],
}


@pytest.mark.parametrize("typed,meant", cases(THE_ONLY_ONE))
def test_the_only_station(typed, meant):
    assert parse_station_choice(typed, ONE) == (["5010000401"] if meant else None)


# --- numbers in words ------------------------------------------------------------------------------

NUMBERS = {
    "nl": [
        ("vijfendertig cent", "0.35"),
        ("vijf en dertig cent", "0.35"),
        ("tweeëntwintig", "22"),
        ("tweeentwintig", "22"),  # without the diaeresis
        ("eenentwintig", "21"),
        ("een halve euro", "0.50"),
        ("anderhalve euro", "1.50"),
        ("twee euro vijftig", "2.50"),
        ("een euro vijftig", "1.50"),
        ("tweeënhalf", "2.5"),
        ("honderdvijftig", "150"),
        ("tweehonderd", "200"),
        ("nul komma vijfendertig", "0.35"),
        ("tien procent", "10"),
    ],
    "fr": [
        ("trente-cinq centimes", "0.35"),
        ("trente cinq centimes", "0.35"),
        ("septante", "70"),
        ("nonante", "90"),
        ("soixante-quinze centimes", "0.75"),
        ("quatre-vingt-dix-neuf", "99"),
        ("vingt et un", "21"),
        ("dix-sept", "17"),
        ("un euro cinquante", "1.50"),
        ("deux euros et demi", "2.50"),
        ("un demi", "0.5"),
        ("zéro virgule trente-cinq", "0.35"),
        ("deux mille", "2000"),
        ("dix pour cent", "10"),
    ],
    "de": [
        ("fünfunddreißig Cent", "0.35"),
        ("fuenfunddreissig cent", "0.35"),  # without umlaut and ß
        ("einundzwanzig", "21"),
        ("zwei Euro fünfzig", "2.50"),
        ("einen Euro fünfzig", "1.50"),
        ("ein halber Euro", "0.50"),
        ("eineinhalb", "1.5"),
        ("anderthalb", "1.5"),
        ("zweieinhalb", "2.5"),
        ("hundertfünfzig", "150"),
        ("zweitausend", "2000"),
        ("Komma fünfunddreißig", "0.35"),
        ("zehn Prozent", "10"),
        ("zwo", "2"),
    ],
}


@pytest.mark.parametrize("typed,number", cases(NUMBERS))
def test_numbers_in_words(typed, number):
    assert words_to_number(typed) == Decimal(number)


NOT_A_NUMBER = {
    "nl": ["een starttarief", "onze laadpaal", "Tienen", "achten"],
    "fr": ["une borne", "un tarif", "neuve", "deux cents euros et trois heures"],
    "de": ["eine Ladestation", "einen Tarif", "NULL", "zwei Euro nach drei Stunden"],
}


@pytest.mark.parametrize("typed", cases({lang: [(t,) for t in found] for lang, found in NOT_A_NUMBER.items()}))
def test_words_that_are_not_one_number(typed):
    assert words_to_number(typed) is None


WRITTEN = {
    "nl": [
        ("vijfendertig cent per kWh", "35 cent per kWh"),
        ("een euro vijftig om te starten", "1.50 euro om te starten"),
        ("anderhalve euro per uur na twee uur", "1.5 euro per uur na 2 uur"),
        ("een starttarief van vijftig cent", "een starttarief van 50 cent"),
    ],
    "fr": [
        ("trente-cinq centimes le kWh", "35 centimes le kWh"),
        ("deux euros cinquante de l'heure", "2.50 euros de l'heure"),
        ("après trois heures", "après 3 heures"),
        ("une borne à soixante-dix centimes", "une borne à 70 centimes"),
    ],
    "de": [
        ("fünfunddreißig Cent pro kWh", "35 Cent pro kWh"),
        ("zwei Euro fünfzig pro Stunde", "2.50 Euro pro Stunde"),
        ("nach zweieinhalb Stunden", "nach 2.5 Stunden"),
        ("eine Startgebühr von einem Euro", "eine Startgebühr von 1 Euro"),
    ],
}


@pytest.mark.parametrize("typed,written", cases(WRITTEN))
def test_number_words_are_written_in_digits(typed, written):
    assert replace_number_words(typed) == written


# --- prices --------------------------------------------------------------------------------------

D, H = Decimal, HourlyPrice

PRICES = {
    "nl": [
        ("0,35 € per kWh", PriceStructure(D("0.35"))),
        ("€0,29/kWh", PriceStructure(D("0.29"))),
        ("2,50 €/u na 2 uur", PriceStructure(None, None, (H(D("2.50"), D("2")),))),
        ("vijfendertig cent per kWh", PriceStructure(D("0.35"))),
        ("0,35 per kWh, 1 euro per laadbeurt", PriceStructure(D("0.35"), D("1"))),
        ("0,30 per kWh en een starttarief van 1 euro", PriceStructure(D("0.30"), D("1"))),
        ("een euro vijftig per uur na drie uur", PriceStructure(None, None, (H(D("1.50"), D("3")),))),
        ("0,35 €/kWh, 2 €/u na 90 minuten", PriceStructure(D("0.35"), None, (H(D("2"), D("1.5")),))),
        ("0,05 € per minuut", PriceStructure(None, None, (H(D("3.00")),))),
    ],
    "fr": [
        ("0,35 € le kWh", PriceStructure(D("0.35"))),
        ("2,50 €/h après 2 heures", PriceStructure(None, None, (H(D("2.50"), D("2")),))),
        ("trente-cinq centimes le kWh", PriceStructure(D("0.35"))),
        ("45 centimes par kWh", PriceStructure(D("0.45"))),
        ("0,29 €/kWh, 1 € par session", PriceStructure(D("0.29"), D("1"))),
        ("0,30 par kWh, forfait de 1 €", PriceStructure(D("0.30"), D("1"))),
        ("deux euros cinquante de l'heure après deux heures", PriceStructure(None, None, (H(D("2.50"), D("2")),))),
        ("0,30 le kWh puis 2 € de l'heure à partir de 3 heures", PriceStructure(D("0.30"), None, (H(D("2"), D("3")),))),
        ("nonante centimes de l'heure dès 3 heures", PriceStructure(None, None, (H(D("0.90"), D("3")),))),
    ],
    "de": [
        ("0,35 € pro kWh", PriceStructure(D("0.35"))),
        ("2,50 €/Std. nach 2 Stunden", PriceStructure(None, None, (H(D("2.50"), D("2")),))),
        ("fünfunddreißig Cent pro kWh", PriceStructure(D("0.35"))),
        ("0,32 € pro kWh und 1 € pro Ladevorgang", PriceStructure(D("0.32"), D("1"))),
        ("zwei Euro fünfzig pro Stunde nach zwei Stunden", PriceStructure(None, None, (H(D("2.50"), D("2")),))),
        ("3 ct pro Minute", PriceStructure(None, None, (H(D("1.80")),))),
        ("0,30 €/kWh, dann 2 €/Stunde ab 3 Stunden", PriceStructure(D("0.30"), None, (H(D("2"), D("3")),))),
        ("0,29/kWh + 0,50 € Startgebühr", PriceStructure(D("0.29"), D("0.50"))),
        (
            "0,40 € pro kWh, 1,20 € pro Stunde nach 90 Minuten",
            PriceStructure(D("0.40"), None, (H(D("1.20"), D("1.5")),)),
        ),
    ],
}


@pytest.mark.parametrize("typed,expected", cases(PRICES))
def test_prices(typed, expected):
    parsed = parse_prices(typed)
    assert parsed.prices == expected, parsed


NO_START_FEE = {
    "nl": [("geen starttarief",), ("zonder starttarief",)],
    "fr": [("pas de frais de démarrage",), ("sans frais de démarrage",)],
    "de": [("keine Startgebühr",), ("ohne Startgebühr",)],
}


@pytest.mark.parametrize("typed", cases(NO_START_FEE))
def test_saying_there_is_no_start_fee(typed):
    assert parse_prices(typed).none_for == ["start_fee"]


# --- opening hours -------------------------------------------------------------------------------

WEEKDAYS, EVERY_DAY = [1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6, 7]


def hours(result: dict[str, Any] | None) -> Any:
    """{(begin, end): [weekdays]} of OCPI Hours, or the result itself when it has no hours."""
    if result is None or result.get("twentyfourseven"):
        return result
    found: dict[tuple[str, str], list[int]] = {}
    for period in result["regular_hours"]:
        found.setdefault((period["period_begin"], period["period_end"]), []).append(period["weekday"])
    return found


ALWAYS = {"twentyfourseven": True}

OPENING_HOURS = {
    "nl": [
        ("ma-vr 8u-18u", {("08:00", "18:00"): WEEKDAYS}),
        ("van 7 tot 19 uur", {("07:00", "19:00"): EVERY_DAY}),
        ("ma t/m vr 8u30-17u30, za 9-12u, zo gesloten", {("08:30", "17:30"): WEEKDAYS, ("09:00", "12:00"): [6]}),
        ("maandag tot vrijdag van 7 tot 19 uur", {("07:00", "19:00"): WEEKDAYS}),
        ("werkdagen 7-19, zaterdag 8-12", {("07:00", "19:00"): WEEKDAYS, ("08:00", "12:00"): [6]}),
        ("elke dag van 6 tot 22 uur", {("06:00", "22:00"): EVERY_DAY}),
        ("weekdagen 8 tot 18, weekend gesloten", {("08:00", "18:00"): WEEKDAYS}),
        ("altijd open", ALWAYS),
        ("24/7", ALWAYS),
        ("dag en nacht", ALWAYS),
    ],
    "fr": [
        ("lun-ven 8h-18h", {("08:00", "18:00"): WEEKDAYS}),
        ("de 8h à 18h", {("08:00", "18:00"): EVERY_DAY}),
        ("du lundi au vendredi de 8h à 18h", {("08:00", "18:00"): WEEKDAYS}),
        (
            "en semaine de 8h à 18h, le samedi de 9h à 12h, fermé le dimanche",
            {("08:00", "18:00"): WEEKDAYS, ("09:00", "12:00"): [6]},
        ),
        ("tous les jours de 7h à 21h", {("07:00", "21:00"): EVERY_DAY}),
        ("lun-sam 8h30-19h", {("08:30", "19:00"): [1, 2, 3, 4, 5, 6]}),
        ("lun-ven 8h-18h, fermé le week-end", {("08:00", "18:00"): WEEKDAYS}),
        ("24h/24", ALWAYS),
        ("24h/24 7j/7", ALWAYS),
        ("toujours ouvert", ALWAYS),
    ],
    "de": [
        ("Mo-Fr 8-18 Uhr", {("08:00", "18:00"): WEEKDAYS}),
        ("werktags 7 bis 19 Uhr", {("07:00", "19:00"): WEEKDAYS}),
        ("Mo-Fr 7-19 Uhr, Sa 8-12 Uhr, So geschlossen", {("07:00", "19:00"): WEEKDAYS, ("08:00", "12:00"): [6]}),
        ("Montag bis Freitag von 7 bis 19 Uhr", {("07:00", "19:00"): WEEKDAYS}),
        ("täglich 6-22 Uhr", {("06:00", "22:00"): EVERY_DAY}),
        ("Mo.-Fr. 8:00-18:00", {("08:00", "18:00"): WEEKDAYS}),
        ("werktags 7 Uhr bis 19 Uhr", {("07:00", "19:00"): WEEKDAYS}),
        ("nur am Wochenende von 10 bis 18 Uhr", {("10:00", "18:00"): [6, 7]}),
        ("rund um die Uhr", ALWAYS),
        ("immer offen", ALWAYS),
    ],
}


@pytest.mark.parametrize("typed,expected", cases(OPENING_HOURS))
def test_opening_hours(typed, expected):
    assert hours(parse_opening_hours(typed)) == expected


@pytest.mark.parametrize(
    "typed", ["wanneer je wil", "quand vous voulez", "wenn es passt", "ma-vr 19u-7u", "Mo 25-26 Uhr"]
)
def test_opening_hours_not_understood(typed):
    assert parse_opening_hours(typed) is None


# --- the short choices ----------------------------------------------------------------------------

CHOICES = {
    "nl": [
        ("me", "ikzelf", True),
        ("me", "dat ben ik", True),
        ("hidden", "niet op de kaart", True),
        ("visible", "zichtbaar voor iedereen", True),
        ("always_open", "altijd toegankelijk, geen slagboom", True),
        ("nothing", "geen korting", True),
        ("keep", "zo laten", True),
        ("free", "gratis voor het personeel", True),
        ("new_code", "ik heb geen code gekregen", True),
        ("no_vat_number", "we hebben geen btw nummer", True),
        ("change", "de naam is fout", True),
        ("change", "alles klopt", False),
    ],
    "fr": [
        ("me", "c'est moi", True),
        ("me", "moi-même", True),
        ("hidden", "masquée svp", True),
        ("visible", "visible pour tout le monde", True),
        ("always_open", "accès libre, toujours accessible", True),
        ("nothing", "aucune réduction", True),
        ("keep", "laisser comme ça", True),
        ("free", "gratuit pour le personnel", True),
        ("new_code", "renvoyez le code svp", True),
        ("no_vat_number", "on n'en a pas", True),
        ("change", "le nom est faux", True),
        ("change", "c'est parfait", False),
    ],
    "de": [
        ("me", "das bin ich", True),
        ("me", "ich mach das", True),
        ("hidden", "nicht auf der Karte", True),
        ("visible", "sichtbar für alle", True),
        ("always_open", "jederzeit zugänglich", True),
        ("nothing", "keinen Rabatt", True),
        ("keep", "so lassen", True),
        ("free", "kostenlos für Mitarbeiter", True),
        ("new_code", "Code nicht bekommen", True),
        ("no_vat_number", "haben wir nicht", True),
        ("change", "die Adresse ist falsch", True),
        ("change", "passt alles", False),
    ],
}


@pytest.mark.parametrize("typed,choice,expected", cases({k: [(t, c, e) for c, t, e in v] for k, v in CHOICES.items()}))
def test_choices_in_words(typed, choice, expected):
    assert mentions(choice, typed) is expected


ONLY = {
    "nl": [("skip", "overslaan"), ("skip", "sla over"), ("me", "ik"), ("new", "een nieuwe")],
    "fr": [("skip", "passer"), ("skip", "peu importe"), ("me", "moi"), ("new", "une nouvelle")],
    "de": [("skip", "überspringen"), ("skip", "egal"), ("me", "ich"), ("new", "eine neue")],
}


@pytest.mark.parametrize("typed,choice", cases({k: [(t, c) for c, t in v] for k, v in ONLY.items()}))
def test_an_answer_that_is_only_the_choice(typed, choice):
    assert is_only(choice, typed)


@pytest.mark.parametrize(
    "typed,expected", [("12,5 procent", "12,5"), ("10 pour cent", "10"), ("15 Prozent", "15"), ("20 pct", "20")]
)
def test_a_percentage_in_words(typed, expected):
    assert percentage(typed) == expected


# --- dates -------------------------------------------------------------------------------------------

DATES = {
    "nl": [
        ("1 april", date(2026, 4, 1)),
        ("vanaf 1 mei 2027", date(2027, 5, 1)),
        ("31 mrt", date(2026, 3, 31)),
        ("1 okt", date(2026, 10, 1)),
        ("vandaag", TODAY),
        ("zo snel mogelijk", TODAY),
        ("morgen", date(2026, 3, 11)),
        ("volgende maand", date(2026, 4, 1)),
        ("einde van de maand", date(2026, 3, 31)),
    ],
    "fr": [
        ("1er avril", date(2026, 4, 1)),
        ("le 1er juin 2027", date(2027, 6, 1)),
        ("15 mars", date(2026, 3, 15)),
        ("3 janv", date(2027, 1, 3)),
        ("aujourd'hui", TODAY),
        ("dès que possible", TODAY),
        ("demain", date(2026, 3, 11)),
        ("le mois prochain", date(2026, 4, 1)),
        ("fin du mois", date(2026, 3, 31)),
    ],
    "de": [
        ("1. April", date(2026, 4, 1)),
        ("am 1. Juni 2027", date(2027, 6, 1)),
        ("15. März", date(2026, 3, 15)),
        ("20 Dez", date(2026, 12, 20)),
        ("ab sofort", TODAY),
        ("so schnell wie möglich", TODAY),
        ("ab morgen", date(2026, 3, 11)),
        ("nächsten Monat", date(2026, 4, 1)),
        ("Ende des Monats", date(2026, 3, 31)),
    ],
}


@pytest.mark.parametrize("typed,day", cases(DATES))
def test_dates(typed, day):
    assert parse_date(typed, TODAY) == day


NO_END = {
    "nl": [("geen einddatum", True), ("onbepaalde duur", True), ("voor onbepaalde tijd", True), ("nee", False)],
    "fr": [("pas de date de fin", True), ("durée indéterminée", True), ("jusqu'à nouvel ordre", True), ("non", False)],
    "de": [("kein Enddatum", True), ("unbefristet", True), ("bis auf weiteres", True), ("nein", False)],
}


@pytest.mark.parametrize("typed,meant", cases(NO_END))
def test_no_end_date(typed, meant):
    # A plain no is not read as "no end date": in the change flow it would remove one.
    assert says_no_end(typed) is meant


# --- split billing agreements -------------------------------------------------------------------------

REQUESTS = {
    "nl": [
        ("Voeg Jan Peeters toe", [("Jan Peeters", None)], None, None),
        (
            "Graag Jan Peeters toevoegen aan 0,25 per kWh vanaf 1 april",
            [("Jan Peeters", None)],
            "0.25",
            date(2026, 4, 1),
        ),
        (
            "Jan Peeters jan@acme.be en Els Maes els@acme.be",
            [("Jan Peeters", "jan@acme.be"), ("Els Maes", "els@acme.be")],
            None,
            None,
        ),
        ("Tom van den Broeck aan 28 cent", [("Tom van den Broeck", None)], "0.28", None),
    ],
    "fr": [
        (
            "ajoutez Marie Dubois marie@x.be à 0,28 € à partir du 1er mai",
            [("Marie Dubois", "marie@x.be")],
            "0.28",
            date(2026, 5, 1),
        ),
        ("bonjour, Luc Martin et Sophie Leroy svp", [("Luc Martin", None), ("Sophie Leroy", None)], None, None),
        ("Julie Lambert julie@x.be dès le 1er avril", [("Julie Lambert", "julie@x.be")], None, date(2026, 4, 1)),
        ("nouvelle convention pour Paul Renard à 0,30", [("Paul Renard", None)], "0.30", None),
    ],
    "de": [
        (
            "Bitte Anna Schmidt anna@firma.de mit 0,30 ab 1. Mai hinzufügen",
            [("Anna Schmidt", "anna@firma.de")],
            "0.30",
            date(2026, 5, 1),
        ),
        ("Hallo, Jonas Weber und Lena Koch", [("Jonas Weber", None), ("Lena Koch", None)], None, None),
        ("Guten Tag, Max Müller ab 1. April", [("Max Müller", None)], None, date(2026, 4, 1)),
        ("neue Vereinbarung für Karl von Berg mit 29 Cent", [("Karl von Berg", None)], "0.29", None),
    ],
}


@pytest.mark.parametrize("typed,people,rate,start", cases(REQUESTS))
def test_a_request_for_agreements(typed, people, rate, start):
    request = agreements.read_request(typed, TODAY)
    assert [(p.name, p.email) for p in request.people] == people
    assert request.rate == (None if rate is None else Decimal(rate))
    assert request.start == start


REGIONS = {
    "nl": [("Jan woont in Vlaanderen", "flanders"), ("Brussel", "brussels"), ("in het buitenland", "outside_belgium")],
    "fr": [
        ("Marie habite en Wallonie", "wallonia"),
        ("région bruxelloise", "brussels"),
        ("à l'étranger", "outside_belgium"),
    ],
    "de": [("Anna wohnt in Flandern", "flanders"), ("Wallonien", "wallonia"), ("im Ausland", "outside_belgium")],
}


@pytest.mark.parametrize("typed,region", cases(REGIONS))
def test_where_an_employee_lives(typed, region):
    assert agreements.find_region(typed) == region


CHANGES = {
    "nl": [
        ("het tarief naar 0,30", agreements.RATE),
        ("Jan vertrekt op 31 maart", agreements.END_DATE),
        ("stopzetten", agreements.END_NOW),
        ("geen einddatum meer", agreements.REMOVE_END),
    ],
    "fr": [
        ("le tarif à 0,30", agreements.RATE),
        ("Marie quitte l'entreprise le 31 mars", agreements.END_DATE),
        ("arrêter l'accord", agreements.END_NOW),
        ("supprimer la date de fin", agreements.REMOVE_END),
    ],
    "de": [
        ("Tarif auf 0,30", agreements.RATE),
        ("Anna verlässt uns am 31. März", agreements.END_DATE),
        ("Vereinbarung beenden", agreements.END_NOW),
        ("Enddatum entfernen", agreements.REMOVE_END),
    ],
}


@pytest.mark.parametrize("typed,kind", cases(CHANGES))
def test_a_change_to_an_agreement(typed, kind):
    assert agreements.read_change(typed, TODAY).kind == kind


@pytest.mark.parametrize(
    "typed,cap", [("het maximum", True), ("le plafond", True), ("den Höchstsatz", True), ("0,25", False)]
)
def test_the_cap(typed, cap):
    assert agreements.says_cap(typed) is cap
