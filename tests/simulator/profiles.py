"""The simulated hosts: who they are, how they answer, and what the back end must store.

Each host has a Smappee login of its own in ``tests/e2e/accounts.json`` (with
its stations), its own VAT number and IBAN (valid: python-stdnum and schwifty,
checked in ``tests/e2e/test_simulated_hosts.py``), and one of three styles:

- ``clean``: answers each question as asked (buttons or words);
- ``mistakes``: typos, a wrong VAT number or IBAN first, a question in the
  middle, a correction on the summary, answers in odd orders;
- ``all-at-once``: pastes legal name, VAT number, address, e-mail, phone and
  IBAN in one message.

VIES is off in the test stack (``VIES_ENABLED`` is not set), so a VAT number
that passes its check digits is accepted as "valid" without a register.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Style = Literal["clean", "mistakes", "all-at-once"]
STYLES: tuple[Style, ...] = ("clean", "mistakes", "all-at-once")

COMPANY, PRIVATE_PERSON = "company", "private_person"
CPO, SPLIT_BILLING, CARDS = "cpo", "split_billing", "public_charging_cards"

# The answers that are a yes or a no (clicked, or typed as the host types them).
YES_OR_NO_FIELDS = ("terms_accepted", "mandate_agreed", "registration_confirmed")

COUNTRY_NAMES = {"BE": "", "NL": "Nederland", "FR": "France", "DE": "Deutschland"}


@dataclass(frozen=True)
class Station:
    serial: str
    name: str
    connectors: int = 1


@dataclass(frozen=True)
class Address:
    """A registered address as the back end must store it."""

    street: str
    postal_code: str
    city: str
    country: str
    # Other ways the street may end up stored: the plainer way the host types
    # it again when the first isn't understood ("Rue de la Paix 12" for "12 rue de la Paix").
    also: tuple[str, ...] = ()

    def streets(self) -> tuple[str, ...]:
        return (self.street,) + self.also


@dataclass(frozen=True)
class Paste:
    """Everything in one message: where the host sends it, and which answers it holds."""

    at: str  # the question it is pasted at, or "start" (the first message)
    text: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Host:
    name: str
    style: Style
    story: str
    login: str
    account_name: str
    stations: tuple[Station, ...]
    # --- what the back end must have stored afterwards
    entity_type: str
    legal_name: str
    vat_number: str | None  # normalised; None for a private person
    address: Address
    invoice_email: str
    contact_name: str
    phone: str  # E.164
    iban: str  # compact
    bic: str
    account_holder: str
    services: tuple[str, ...]  # in Smappee's order: cpo, split_billing, public_charging_cards
    chosen: tuple[str, ...]  # the serials the registration applies to
    admin: tuple[str, str] | None = None  # another administrator (e-mail, name): invited
    # --- how the host talks
    says: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # per question: ways to answer, first first
    mistakes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # wrong answers typed first
    asides: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # said when first asked, before answering
    ahead: Mapping[str, str] = field(default_factory=dict)  # first asked A: answers B (a later question) instead
    paste: Paste | None = None
    corrects_with_value: bool = False  # "the phone is wrong, it's 0470 ..." in one message
    clicks: bool = True  # taps buttons; otherwise types every answer
    opening: str = "I want to register as a charging host"
    missing: str | None = None  # what the assistant lacks for this host to succeed today (xfail)

    def fields(self) -> list[str]:
        """The registration's questions that apply to this host (actions/registration/form.py
        ``questions()``, the login's two first)."""
        asked = ["account_email", "login_code", "admin_email"]
        if self.admin:
            asked.append("admin_name")
        asked.append("entity_type")
        if self.entity_type == COMPANY:
            asked.append("vat_number")
        return asked + [
            "legal_name",
            "registered_address",
            "invoice_email",
            "contact_name",
            "phone",
            "terms_accepted",
            "iban",
            "account_holder",
            "mandate_agreed",
            "services",
            *(["charging_stations"] if self.linked else []),
            "registration_confirmed",
        ]

    @property
    def linked(self) -> tuple[str, ...]:
        """The stations the registration links: only the CPO function has a station step."""
        return self.chosen if CPO in self.services else ()

    @property
    def admin_email(self) -> str:
        """The administrator the summary names (the invited person, when there is one)."""
        return self.admin[0] if self.admin else self.login

    def answers(self, question: str) -> tuple[str, ...]:
        """How the host answers a question: its own words, or the plain way by default."""
        if question in self.says:
            return self.says[question]
        return (self._plain(question),)

    def _plain(self, question: str) -> str:
        yes = {"terms_accepted": "yes, I accept", "mandate_agreed": "I agree", "registration_confirmed": "yes"}
        if question in yes:
            return yes[question]
        a = self.address
        country = COUNTRY_NAMES.get(a.country, a.country)
        plain = {
            "account_email": self.login,
            "admin_email": self.admin[0] if self.admin else "me",
            "admin_name": self.admin[1] if self.admin else "",
            "entity_type": "a company" if self.entity_type == COMPANY else "a private person",
            "vat_number": self.vat_number or "we don't have a VAT number",
            "legal_name": self.legal_name,
            "registered_address": f"{a.street}, {a.postal_code} {a.city}" + (f", {country}" if country else ""),
            "invoice_email": self.invoice_email,
            "contact_name": "me" if self.contact_name == self.account_name else self.contact_name,
            "phone": self.phone,
            "iban": " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4)),
            "account_holder": self.account_holder,
        }
        if question in plain:
            return plain[question]
        if question == "charging_stations":
            if len(self.stations) == 1:
                return "yes"  # "Your login has one charging station, ... Shall I register it?"
            if len(self.chosen) == len(self.stations) > 1:
                return "All of them"
            names = [s for s in self.stations if s.serial in self.chosen]
            if self.clicks and len(names) == 1:
                return f"{names[0].name} ({names[0].serial})"  # the button's title
            return " and ".join(s.name for s in names)
        raise KeyError(f"{self.name} has no answer to {question}")


def _serials(number: int, count: int) -> list[str]:
    return [f"5020{number:03d}{k:03d}" for k in range(1, count + 1)]


def stations(number: int, *names: str) -> tuple[Station, ...]:
    """A login's stations, serials 5020<host><nr> (no other test's serials start so)."""
    return tuple(
        Station(serial, name, 2 if k % 2 == 0 else 1)
        for k, (serial, name) in enumerate(zip(_serials(number, len(names)), names, strict=True))
    )


def _all(s: tuple[Station, ...]) -> tuple[str, ...]:
    return tuple(x.serial for x in s)


# --- the hosts --------------------------------------------------------------------------------------------------

_S1 = stations(1, "Carport")
_S2 = stations(2, "Dock 1", "Dock 2", "Visitors", "Office")
_S3 = stations(3, "Parking clients", "Garage")
_S4 = stations(4, "Visitors", "Staff", "Fleet")
_S5 = stations(5, "Bedrijfsterrein")
_S6 = stations(6, "Atelier", "Parking")
_S7 = stations(7, "Hof")
_S8 = stations(8, "Halle A", "Halle B", "Halle C", "Besucher", "Werkstatt", "Buero")
_S9 = stations(9, "Oprit")
_S10 = stations(10, "Allée")
_S11 = stations(11, "Oprit", "Garage")
_S12 = stations(12, "Binnenkoer", "Magazijn", "Winkel")
_S13 = stations(13, "Cour", "Quai")
_S14 = stations(14, "Werf", "Kantoor")
_S15 = stations(15, "Bedrijfshal")
_S16 = stations(16, "Hof")
_S17 = stations(17, "Parking")
_S18 = stations(18, "Zaal")
_S19 = stations(19, "Arrière-boutique")
_S20 = stations(20, "Depot", "Loods")
_S21 = stations(21, "Carport")
_S22 = stations(22, "Werkplaats", "Showroom")
_S23 = stations(23, "Laadplein")
_S24 = stations(24, "Bouwdepot")
_S25 = stations(25, "Lager")
_S26 = stations(26, "Bakkerij")
_S27 = stations(27, "Voorkant", "Achterkant")
_S28 = stations(28, "Entrepôt", "Showroom")
_S29 = stations(29, "Werkstatt")
_S30 = stations(30, "Oprit")

HOSTS: tuple[Host, ...] = (
    # ===== clean: answers each question as asked =================================================================
    Host(
        name="be-bv-one-station",
        style="clean",
        story="Belgian BV with one station; taps every button",
        login="tom.vandamme@example.be",
        account_name="Tom Vandamme",
        stations=_S1,
        entity_type=COMPANY,
        legal_name="Vandamme Elektro BV",
        vat_number="BE0471123456",
        address=Address("Stationsstraat 12", "8500", "Kortrijk", "BE"),
        invoice_email="boekhouding@vandamme-elektro.be",
        contact_name="Tom Vandamme",
        phone="+3256214365",
        iban="BE75001456712351",
        bic="GEBABEBB",
        account_holder="Vandamme Elektro BV",
        services=(CPO,),
        chosen=_all(_S1),
        says={
            "vat_number": ("BE 0471.123.456",),
            "phone": ("056 21 43 65",),
            "services": ("Business Charging incl. CPO",),
        },
    ),
    Host(
        name="be-nv-four-stations-other-admin",
        style="clean",
        story="Belgian NV, four stations, the fleet manager administers it; types every answer",
        login="sophie.lemaire@example.be",
        account_name="Sophie Lemaire",
        stations=_S2,
        entity_type=COMPANY,
        legal_name="Lemaire Logistics NV",
        vat_number="BE0551234568",
        address=Address("Industriepark-Noord 45", "9100", "Sint-Niklaas", "BE"),
        invoice_email="invoices@lemaire-logistics.be",
        contact_name="Sophie Lemaire",
        phone="+3237761234",
        iban="BE22068223344547",
        bic="GKCCBEBB",
        account_holder="Lemaire Logistics NV",
        services=(CPO, SPLIT_BILLING),
        chosen=_all(_S2),
        admin=("fleet@lemaire-logistics.be", "Karel Lemaire"),
        clicks=False,
        opening="Hi, we'd like to become a CPO for the chargers at our warehouse",
        says={
            "entity_type": ("company",),
            "vat_number": ("BE0551234568",),
            "phone": ("03 776 12 34",),
            "account_holder": ("yes",),
            "services": ("CPO and split billing",),
            "charging_stations": ("all of them",),
            "registration_confirmed": ("yes, register",),
        },
    ),
    Host(
        name="be-srl-one-of-two-stations",
        style="clean",
        story="Walloon SRL with two stations, opens only the customers' one; invoices to the login",
        login="julie.dupont@example.be",
        account_name="Julie Dupont",
        stations=_S3,
        entity_type=COMPANY,
        legal_name="Dupont Recharge SRL",
        vat_number="BE0620193749",
        address=Address("Rue de Fer 15", "5000", "Namur", "BE"),
        invoice_email="julie.dupont@example.be",
        contact_name="Julie Dupont",
        phone="+3281223344",
        iban="BE02363098765440",
        bic="BBRUBEBB",
        account_holder="Dupont Recharge SRL",
        services=(CPO,),
        chosen=(_S3[0].serial,),
        says={
            "vat_number": ("be0620.193.749",),
            "invoice_email": ("Use julie.dupont@example.be",),
            "phone": ("081 22 33 44",),
            "services": ("Business Charging incl. CPO",),
        },
    ),
    Host(
        name="be-sa-three-services",
        style="clean",
        story="Brussels SA, three stations, two of them, all three services",
        login="marc.leroy@example.be",
        account_name="Marc Leroy",
        stations=_S4,
        entity_type=COMPANY,
        legal_name="Bruxelles Mobilité SA",
        vat_number="BE0734098869",
        address=Address("Avenue Louise 54 boîte 3", "1050", "Ixelles", "BE"),
        invoice_email="comptabilite@bxl-mobilite.be",
        contact_name="Marc Leroy",
        phone="+3225123456",
        iban="BE42734556677854",
        bic="KREDBEBB",
        account_holder="Bruxelles Mobilité SA",
        services=(CPO, SPLIT_BILLING, CARDS),
        chosen=(_S4[0].serial, _S4[1].serial),
        says={
            "vat_number": ("BE 0734 098 869",),
            "phone": ("+32 2 512 34 56",),
            "services": ("All three",),
            "charging_stations": ("Visitors and Staff",),
        },
    ),
    Host(
        name="nl-bv-another-contact",
        style="clean",
        story="Dutch B.V., one station, a colleague is the contact person",
        login="femke@example.nl",
        account_name="Femke Bakker",
        stations=_S5,
        entity_type=COMPANY,
        legal_name="Bakker Laadpalen B.V.",
        vat_number="NL812345678B01",
        address=Address("Keizersgracht 123", "1015 CJ", "Amsterdam", "NL"),
        invoice_email="administratie@bakkerlaadpalen.nl",
        contact_name="Joost Bakker",
        phone="+31201234567",
        iban="NL30RABO0301234567",
        bic="RABONL2U",
        account_holder="Bakker Laadpalen B.V.",
        services=(CPO, SPLIT_BILLING),
        chosen=_all(_S5),
        says={
            "registered_address": ("Keizersgracht 123, 1015 CJ Amsterdam",),
            "phone": ("020 123 4567",),
            "services": ("CPO + Split Billing",),
        },
    ),
    Host(
        name="fr-sarl-paris",
        style="clean",
        story="French SARL, two stations; writes its address the French way (number first)",
        login="pierre.martin@example.fr",
        account_name="Pierre Martin",
        stations=_S6,
        entity_type=COMPANY,
        legal_name="Garage Martin SARL",
        vat_number="FR72404123457",
        address=Address("12 rue de la Paix", "75002", "Paris", "FR", also=("Rue de la Paix 12",)),
        invoice_email="compta@garage-martin.fr",
        contact_name="Pierre Martin",
        phone="+33142685300",
        iban="FR7630004000000000012345632",
        bic="BNPAFRPP",
        account_holder="Garage Martin SARL",
        services=(CPO,),
        chosen=_all(_S6),
        says={
            "vat_number": ("FR 72 404 123 457",),
            # As the French write it; then the way the assistant's example shows, if that isn't understood.
            "registered_address": ("12 rue de la Paix, 75002 Paris, France", "Rue de la Paix 12, 75002 Paris, France"),
            "phone": ("01 42 68 53 00",),
            "services": ("Business Charging incl. CPO",),
        },
    ),
    Host(
        name="de-gmbh-types-everything",
        style="clean",
        story="German GmbH, one station; types its answers instead of tapping",
        login="anna.schmidt@example.de",
        account_name="Anna Schmidt",
        stations=_S7,
        entity_type=COMPANY,
        legal_name="Schmidt Energie GmbH",
        vat_number="DE812345673",
        address=Address("Hauptstraße 5", "10115", "Berlin", "DE"),
        invoice_email="rechnung@schmidt-energie.de",
        contact_name="Anna Schmidt",
        phone="+493012345678",
        iban="DE43100700000123456700",
        bic="DEUTDEBBXXX",
        account_holder="Schmidt Energie GmbH",
        services=(CPO,),
        chosen=_all(_S7),
        clicks=False,
        says={
            "entity_type": ("a company",),
            "vat_number": ("DE 812 345 673",),
            "registered_address": ("Hauptstraße 5, 10115 Berlin",),
            "phone": ("030 12345678",),
            "account_holder": ("yes, the company",),
            "services": ("only CPO",),
            "charging_stations": ("yes",),
            "registration_confirmed": ("yes, all correct",),
        },
    ),
    Host(
        name="de-gmbh-six-stations",
        style="clean",
        story="German GmbH with six stations, all of them, all three services",
        login="k.mueller@example.de",
        account_name="Klaus Müller",
        stations=_S8,
        entity_type=COMPANY,
        legal_name="Müller Logistik GmbH",
        vat_number="DE129048376",
        address=Address("Industriestraße 22", "50667", "Köln", "DE"),
        invoice_email="buchhaltung@mueller-logistik.de",
        contact_name="Klaus Müller",
        phone="+492219876543",
        iban="DE95370400440111222333",
        bic="COBADEFFXXX",
        account_holder="Müller Logistik GmbH",
        services=(CPO, SPLIT_BILLING, CARDS),
        chosen=_all(_S8),
        says={
            "vat_number": ("DE129048376",),
            "registered_address": ("Industriestraße 22, 50667 Köln",),
            "phone": ("0221 9876543",),
            "services": ("All three",),
        },
    ),
    Host(
        name="be-self-employed-new-vat",
        style="clean",
        story="Belgian self-employed electrician, a VAT number of 2023 (starts with 1) typed without BE",
        login="jan.claessens@example.be",
        account_name="Jan Claessens",
        stations=_S9,
        entity_type=COMPANY,
        legal_name="Jan Claessens",
        vat_number="BE1022334468",
        address=Address("Molenstraat 8", "3000", "Leuven", "BE"),
        invoice_email="jan.claessens@example.be",
        contact_name="Jan Claessens",
        phone="+32475112233",
        iban="BE70143111222325",
        bic="GEBABEBB",
        account_holder="Jan Claessens",
        services=(CPO,),
        chosen=_all(_S9),
        clicks=False,
        opening="hi, how do I sign up as a charging host",
        says={
            "entity_type": ("I'm self-employed",),
            "vat_number": ("1022.334.468",),
            "phone": ("0475 11 22 33",),
            "account_holder": ("yes",),
            "services": ("cpo",),
            "charging_stations": ("yes",),
            "registration_confirmed": ("yes",),
        },
    ),
    Host(
        name="be-private-person-split-billing",
        style="clean",
        story="Belgian private person: split billing only, no VAT number; taps buttons",
        login="marie.dubois@example.be",
        account_name="Marie Dubois",
        stations=_S10,
        entity_type=PRIVATE_PERSON,
        legal_name="Marie Dubois",
        vat_number=None,
        address=Address("Rue des Champs 3", "4000", "Liège", "BE"),
        invoice_email="marie.dubois@example.be",
        contact_name="Marie Dubois",
        phone="+32486554433",
        iban="BE43737776655401",
        bic="KREDBEBB",
        account_holder="Marie Dubois",
        services=(SPLIT_BILLING,),
        chosen=_all(_S10),
        opening="I'd like to register for split billing, I'm a private person",
        says={
            "entity_type": ("Private person",),
            "invoice_email": ("Use marie.dubois@example.be",),
            "phone": ("0486 55 44 33",),
            "services": ("Yes, Split Billing",),
        },
    ),
    Host(
        name="nl-private-person-two-stations",
        style="clean",
        story="Dutch private person with two stations at home: split billing for both; types",
        login="pieter.jansen@example.nl",
        account_name="Pieter Jansen",
        stations=_S11,
        entity_type=PRIVATE_PERSON,
        legal_name="Pieter Jansen",
        vat_number=None,
        address=Address("Dorpsstraat 7", "3511 AB", "Utrecht", "NL"),
        invoice_email="pieter.jansen@example.nl",
        contact_name="Pieter Jansen",
        phone="+31612345678",
        iban="NL03INGB0004567890",
        bic="INGBNL2A",
        account_holder="Pieter Jansen",
        services=(SPLIT_BILLING,),
        chosen=_all(_S11),
        clicks=False,
        opening="I want to set up split billing",
        says={
            "entity_type": ("particulier",),
            "registered_address": ("Dorpsstraat 7, 3511 AB Utrecht, Nederland",),
            "invoice_email": ("pieter.jansen@example.nl",),
            "phone": ("06 12345678",),
            "account_holder": ("yes",),
            "services": ("yes please",),
            "charging_stations": ("both",),
        },
    ),
    Host(
        name="be-commv-three-stations",
        style="clean",
        story="Belgian CommV, three stations; VAT number without BE, account holder typed out",
        login="lucas.peeters@example.be",
        account_name="Lucas Peeters",
        stations=_S12,
        entity_type=COMPANY,
        legal_name="Peeters & Zonen CommV",
        vat_number="BE0987654394",
        address=Address("Grote Markt 1 bus 4", "2000", "Antwerpen", "BE"),
        invoice_email="finance@peeterszonen.be",
        contact_name="Lucas Peeters",
        phone="+3232334455",
        iban="BE51091010101062",
        bic="GKCCBEBB",
        account_holder="Peeters & Zonen CommV",
        services=(CPO, SPLIT_BILLING),
        chosen=_all(_S12),
        clicks=False,
        says={
            "entity_type": ("company",),
            "vat_number": ("0987.654.394",),
            "phone": ("+32 3 233 44 55",),
            "services": ("CPO and split billing",),
            "charging_stations": ("all of them",),
        },
    ),
    Host(
        name="fr-sa-lyon",
        style="clean",
        story="French SA, two stations, all three services; street name first",
        login="c.lefebvre@example.fr",
        account_name="Claire Lefebvre",
        stations=_S13,
        entity_type=COMPANY,
        legal_name="Transports Lefebvre SA",
        vat_number="FR75512345679",
        address=Address("Rue Garibaldi 150", "69003", "Lyon", "FR"),
        invoice_email="factures@transports-lefebvre.fr",
        contact_name="Claire Lefebvre",
        phone="+33472334455",
        iban="FR7630003000000005001234589",
        bic="SOGEFRPP",
        account_holder="Transports Lefebvre SA",
        services=(CPO, SPLIT_BILLING, CARDS),
        chosen=_all(_S13),
        says={
            "vat_number": ("FR75512345679",),
            "registered_address": ("Rue Garibaldi 150, 69003 Lyon",),
            "phone": ("04 72 33 44 55",),
            "services": ("All three",),
        },
    ),
    # ===== mistakes: typos, wrong numbers first, questions, corrections, odd orders ===================================
    Host(
        name="be-bv-wrong-vat-first",
        style="mistakes",
        story="Belgian BV: a VAT number with wrong check digits first, then the right one",
        login="bart.janssens@example.be",
        account_name="Bart Janssens",
        stations=_S14,
        entity_type=COMPANY,
        legal_name="Janssens Bouw BV",
        vat_number="BE0812245633",
        address=Address("Kapelstraat 10", "2800", "Mechelen", "BE"),
        invoice_email="facturen@janssensbouw.be",
        contact_name="Bart Janssens",
        phone="+3215203040",
        iban="BE90220334455632",
        bic="GEBABEBB",
        account_holder="Janssens Bouw BV",
        services=(CPO,),
        chosen=_all(_S14),
        mistakes={"vat_number": ("BE 0812.245.643",)},
        says={
            "vat_number": ("sorry, BE 0812.245.633",),
            "phone": ("015 20 30 40",),
            "services": ("Business Charging incl. CPO",),
        },
    ),
    Host(
        name="nl-bv-wrong-iban-first",
        style="mistakes",
        story="Dutch B.V.: two digits of the IBAN swapped first, then the right IBAN; split billing and cards",
        login="lisa.visser@example.nl",
        account_name="Lisa Visser",
        stations=_S15,
        entity_type=COMPANY,
        legal_name="Visser Installaties B.V.",
        vat_number="NL855512349B01",
        address=Address("Oudegracht 200", "3511 NV", "Utrecht", "NL"),
        invoice_email="administratie@visser-installaties.nl",
        contact_name="Lisa Visser",
        phone="+31302345678",
        iban="NL30ABNA0512345678",
        bic="ABNANL2A",
        account_holder="Visser Installaties B.V.",
        services=(SPLIT_BILLING, CARDS),
        chosen=_all(_S15),
        mistakes={"iban": ("NL30 ABNA 0512 3456 87",)},
        says={
            "registered_address": ("Oudegracht 200, 3511 NV Utrecht",),
            "phone": ("030 234 5678",),
            "iban": ("oops: NL30 ABNA 0512 3456 78",),
            "services": ("split billing and cards",),
        },
    ),
    Host(
        name="de-gmbh-typos",
        style="mistakes",
        story="German GmbH typing fast: 'compnay', a comma in the e-mail, a phone number cut short",
        login="m.weber@example.de",
        account_name="Markus Weber",
        stations=_S16,
        entity_type=COMPANY,
        legal_name="Weber Solar GmbH",
        vat_number="DE265432199",
        address=Address("Königstraße 10", "70173", "Stuttgart", "DE"),
        invoice_email="buchhaltung@weber-solar.de",
        contact_name="Markus Weber",
        phone="+497111234567",
        iban="DE88700202700345678912",
        bic="HYVEDEMMXXX",
        account_holder="Weber Solar GmbH",
        services=(CPO,),
        chosen=_all(_S16),
        mistakes={
            "entity_type": ("compnay",),
            "invoice_email": ("buchhaltung@weber-solar,de",),
            "phone": ("0711 123",),
        },
        says={
            "vat_number": ("DE 265 432 199",),
            "registered_address": ("Königstraße 10, 70173 Stuttgart",),
            "phone": ("0711 1234567",),
            "services": ("Business Charging incl. CPO",),
        },
    ),
    Host(
        name="be-bv-asks-why-vat",
        style="mistakes",
        story="Belgian BV that asks why the VAT number is needed, and what the mandate is for",
        login="eva.wouters@example.be",
        account_name="Eva Wouters",
        stations=_S17,
        entity_type=COMPANY,
        legal_name="Wouters Techniek BV",
        vat_number="BE0443556749",
        address=Address("Nieuwstraat 21", "3500", "Hasselt", "BE"),
        invoice_email="facturatie@wouters-techniek.be",
        contact_name="Eva Wouters",
        phone="+3211223344",
        iban="BE11523080808048",
        bic="TRIOBEBB",
        account_holder="Wouters Techniek BV",
        services=(CPO,),
        chosen=_all(_S17),
        asides={"vat_number": ("why do you need my VAT number?",), "iban": ("what is the mandate for?",)},
        says={
            "vat_number": ("BE0443.556.749",),
            "phone": ("011 22 33 44",),
            "services": ("Business Charging incl. CPO",),
        },
    ),
    Host(
        name="be-bv-phone-corrected-on-summary",
        style="mistakes",
        story="Belgian BV: a wrong phone that passes; on the summary 'the phone number is wrong', then the right one",
        login="koen.desmet@example.be",
        account_name="Koen De Smet",
        stations=_S18,
        entity_type=COMPANY,
        legal_name="De Smet Events BV",
        vat_number="BE0777712346",
        address=Address("Veldstraat 33", "9000", "Gent", "BE"),
        invoice_email="facturen@desmet-events.be",
        contact_name="Koen De Smet",
        phone="+32472123456",
        iban="BE98001229988793",
        bic="GEBABEBB",
        account_holder="De Smet Events BV",
        services=(CPO, SPLIT_BILLING),
        chosen=_all(_S18),
        mistakes={"phone": ("0472 12 34 65",)},
        says={"phone": ("0472 12 34 56",), "services": ("CPO + Split Billing",)},
    ),
    Host(
        name="fr-sarl-address-without-postcode",
        style="mistakes",
        story="French SARL: the address without its postal code first",
        login="luc.petit@example.fr",
        account_name="Luc Petit",
        stations=_S19,
        entity_type=COMPANY,
        legal_name="Boulangerie Petit SARL",
        vat_number="FR17800998874",
        address=Address("Rue Nationale 8", "59000", "Lille", "FR"),
        invoice_email="contact@boulangerie-petit.fr",
        contact_name="Luc Petit",
        phone="+33320123456",
        iban="FR7620041000000100550012389",
        bic="PSSTFRPP",
        account_holder="Boulangerie Petit SARL",
        services=(CPO,),
        chosen=_all(_S19),
        mistakes={"registered_address": ("Rue Nationale 8, Lille",)},
        says={
            "vat_number": ("FR 17 800998874",),
            "registered_address": ("Rue Nationale 8, 59000 Lille",),
            "phone": ("03 20 12 34 56",),
            "services": ("Business Charging incl. CPO",),
        },
    ),
    Host(
        name="be-bv-goes-back-to-the-invoice-email",
        style="mistakes",
        story="Belgian BV: at the phone question remembers the invoice e-mail was wrong, changes it, then goes on",
        login="ines.maes@example.be",
        account_name="Ines Maes",
        stations=_S20,
        entity_type=COMPANY,
        legal_name="Maes Transport BV",
        vat_number="BE0521004222",
        address=Address("Havenstraat 2", "8400", "Oostende", "BE"),
        invoice_email="facturen@maestransport.be",
        contact_name="Ines Maes",
        phone="+3259334455",
        iban="BE74063445566707",
        bic="GKCCBEBB",
        account_holder="Maes Transport BV",
        services=(CPO,),
        chosen=_all(_S20),
        mistakes={"invoice_email": ("info@maestransport.be",)},
        asides={"phone": ("wait, change the invoice e-mail please",)},
        says={"phone": ("059 33 44 55",), "services": ("Business Charging incl. CPO",)},
    ),
    Host(
        name="be-private-person-asks-public-charging",
        style="mistakes",
        story="Belgian private person who wants public charging first, is told why not, then takes split billing",
        login="lotte.willems@example.be",
        account_name="Lotte Willems",
        stations=_S21,
        entity_type=PRIVATE_PERSON,
        legal_name="Lotte Willems",
        vat_number=None,
        address=Address("Lindelaan 14", "2500", "Lier", "BE"),
        invoice_email="lotte.willems@example.be",
        contact_name="Lotte Willems",
        phone="+32478998877",
        iban="BE07310123789466",
        bic="BBRUBEBB",
        account_holder="Lotte Willems",
        services=(SPLIT_BILLING,),
        chosen=_all(_S21),
        mistakes={"services": ("no, I want public charging",)},
        says={
            "entity_type": ("Private person",),
            "invoice_email": ("Use lotte.willems@example.be",),
            "phone": ("0478 99 88 77",),
            "services": ("ok then split billing",),
        },
    ),
    Host(
        name="be-bv-vat-iban-and-services-typos",
        style="mistakes",
        story="Belgian BV: wrong VAT check digits, an IBAN one digit off, 'splt billing' (fixed on the summary)",
        login="wim.goossens@example.be",
        account_name="Wim Goossens",
        stations=_S22,
        entity_type=COMPANY,
        legal_name="Goossens Garage BV",
        vat_number="BE0664321029",
        address=Address("Steenweg 120", "2300", "Turnhout", "BE"),
        invoice_email="boekhouding@goossens-garage.be",
        contact_name="Wim Goossens",
        phone="+3214415263",
        iban="BE25083665544382",
        bic="GKCCBEBB",
        account_holder="Goossens Garage BV",
        services=(CPO, SPLIT_BILLING),
        chosen=_all(_S22),
        clicks=False,
        mistakes={
            "vat_number": ("BE0664.321.028",),
            "iban": ("BE25 0836 6554 4383",),
            "services": ("cpo and splt billing",),
        },
        says={
            "entity_type": ("company",),
            "vat_number": ("BE0664.321.029",),
            "phone": ("014 41 52 63",),
            "account_holder": ("yes",),
            "services": ("CPO and split billing",),
            "charging_stations": ("both",),
        },
    ),
    Host(
        name="nl-bv-answers-the-phone-first",
        style="mistakes",
        story="Dutch B.V. answering in an odd order: gives the phone number when asked for the contact person",
        login="daan.smit@example.nl",
        account_name="Daan Smit",
        stations=_S23,
        entity_type=COMPANY,
        legal_name="Smit Mobiliteit B.V.",
        vat_number="NL804277904B01",
        address=Address("Markt 9", "5611 EB", "Eindhoven", "NL"),
        invoice_email="finance@smitmobiliteit.nl",
        contact_name="Daan Smit",
        phone="+31687654321",
        iban="NL88RABO0123987654",
        bic="RABONL2U",
        account_holder="Smit Mobiliteit B.V.",
        services=(CPO,),
        chosen=_all(_S23),
        ahead={"contact_name": "phone"},
        says={
            "registered_address": ("Markt 9, 5611 EB Eindhoven",),
            "phone": ("06 87654321",),
            "services": ("Business Charging incl. CPO",),
        },
    ),
    Host(
        name="be-nv-corrects-phone-in-one-message",
        style="mistakes",
        story="Belgian NV: on the summary 'the phone number is wrong, it should be ...' in one message",
        login="an.hermans@example.be",
        account_name="An Hermans",
        stations=_S24,
        entity_type=COMPANY,
        legal_name="Hermans Bouw NV",
        vat_number="BE1041287575",
        address=Address("Bosstraat 5", "3600", "Genk", "BE"),
        invoice_email="facturen@hermansbouw.be",
        contact_name="An Hermans",
        phone="+32493112233",
        iban="BE11001445566748",
        bic="GEBABEBB",
        account_holder="Hermans Bouw NV",
        services=(CPO,),
        chosen=_all(_S24),
        mistakes={"phone": ("0493 11 22 44",)},
        corrects_with_value=True,
        says={"phone": ("0493 11 22 33",), "services": ("Business Charging incl. CPO",)},
    ),
    Host(
        name="de-gmbh-asks-how-long-and-pauses",
        style="mistakes",
        story="German GmbH that asks how long it takes, pauses to find the bank details and continues",
        login="s.fischer@example.de",
        account_name="Sabine Fischer",
        stations=_S25,
        entity_type=COMPANY,
        legal_name="Fischer Haustechnik GmbH",
        vat_number="DE314159262",
        address=Address("Lindenallee 3", "20259", "Hamburg", "DE"),
        invoice_email="rechnungen@fischer-haustechnik.de",
        contact_name="Sabine Fischer",
        phone="+494012345678",
        iban="DE52200411330055667788",
        bic="COBADEHD001",
        account_holder="Fischer Haustechnik GmbH",
        services=(CPO, CARDS),
        chosen=_all(_S25),
        asides={
            "entity_type": ("how long does this take?",),
            "iban": ("stop, I need to find our bank details", "continue"),
        },
        says={
            "vat_number": ("DE314159262",),
            "registered_address": ("Lindenallee 3, 20259 Hamburg",),
            "phone": ("040 12345678",),
            "services": ("CPO and charging cards",),
        },
    ),
    # ===== all at once: legal name, VAT number, address, e-mail, phone and IBAN in one message ========================
    Host(
        name="be-bv-pastes-at-company-question",
        style="all-at-once",
        story="Belgian BV pasting everything when asked whether it is a company",
        login="nathalie.verhaeghe@example.be",
        account_name="Nathalie Verhaeghe",
        stations=_S26,
        entity_type=COMPANY,
        legal_name="Verhaeghe Bakkerij BV",
        vat_number="BE0886750937",
        address=Address("Brugsesteenweg 50", "8500", "Kortrijk", "BE"),
        invoice_email="boekhouding@verhaeghe-bakkerij.be",
        contact_name="Nathalie Verhaeghe",
        phone="+3256354657",
        iban="BE14063123456783",
        bic="GKCCBEBB",
        account_holder="Verhaeghe Bakkerij BV",
        services=(CPO,),
        chosen=_all(_S26),
        paste=Paste(
            at="entity_type",
            text=(
                "We're a company: Verhaeghe Bakkerij BV, VAT BE 0886.750.937, Brugsesteenweg 50, 8500 Kortrijk. "
                "Invoices to boekhouding@verhaeghe-bakkerij.be, phone 056 35 46 57, IBAN BE14 0631 2345 6783"
            ),
            fields=("entity_type", "legal_name", "vat_number", "registered_address", "invoice_email", "phone", "iban"),
        ),
        says={
            "vat_number": ("BE 0886.750.937",),
            "phone": ("056 35 46 57",),
            "services": ("Business Charging incl. CPO",),
        },
    ),
    Host(
        name="nl-bv-pastes-in-first-message",
        style="all-at-once",
        story="Dutch B.V. putting its login and all its details in its very first message",
        login="joris.mulder@example.nl",
        account_name="Joris Mulder",
        stations=_S27,
        entity_type=COMPANY,
        legal_name="Mulder Energie B.V.",
        vat_number="NL860123455B01",
        address=Address("Stationsweg 4", "2312 AV", "Leiden", "NL"),
        invoice_email="facturen@mulderenergie.nl",
        contact_name="Joris Mulder",
        phone="+31715123456",
        iban="NL63TRIO0212345678",
        bic="TRIONL2U",
        account_holder="Mulder Energie B.V.",
        services=(CPO,),
        chosen=_all(_S27),
        paste=Paste(
            at="start",
            text=(
                "Hi, I want to register as a charging host. My Smappee login is joris.mulder@example.nl. "
                "Company: Mulder Energie B.V., btw NL860123455B01, Stationsweg 4, 2312 AV Leiden, "
                "invoices to facturen@mulderenergie.nl, phone 071 512 3456, IBAN NL63 TRIO 0212 3456 78. "
                "I'm the contact. We want CPO for both our stations."
            ),
            fields=(
                "account_email",
                "entity_type",
                "legal_name",
                "vat_number",
                "registered_address",
                "invoice_email",
                "contact_name",
                "phone",
                "iban",
                "services",
                "charging_stations",
            ),
        ),
        says={
            "registered_address": ("Stationsweg 4, 2312 AV Leiden",),
            "phone": ("071 512 3456",),
            "services": ("Business Charging incl. CPO",),
        },
        missing=(
            "several answers in the first message: a request to register that carries the login and the"
            " details is not understood ('Sorry, I didn't understand that'), so everything is asked again"
        ),
    ),
    Host(
        name="fr-sarl-pastes-lines-at-vat-question",
        style="all-at-once",
        story="French SARL pasting its details line by line (as on its letterhead) when asked the VAT number",
        login="sylvie.bernard@example.fr",
        account_name="Sylvie Bernard",
        stations=_S28,
        entity_type=COMPANY,
        legal_name="Électricité Bernard SARL",
        vat_number="FR47382541175",
        address=Address("Avenue Jean Jaurès 25", "69007", "Lyon", "FR"),
        invoice_email="factures@elec-bernard.fr",
        contact_name="Sylvie Bernard",
        phone="+33478123456",
        iban="FR7610278000000002001234516",
        bic="CMCIFR2A",
        account_holder="Électricité Bernard SARL",
        services=(CPO, CARDS),
        chosen=_all(_S28),
        paste=Paste(
            at="vat_number",
            text=(
                "Électricité Bernard SARL\nTVA : FR 47 382541175\nAvenue Jean Jaurès 25, 69007 Lyon\n"
                "factures@elec-bernard.fr\n04 78 12 34 56\nIBAN FR76 1027 8000 0000 0200 1234 516"
            ),
            fields=("legal_name", "vat_number", "registered_address", "invoice_email", "phone", "iban"),
        ),
        says={
            "vat_number": ("FR 47 382541175",),
            "registered_address": ("Avenue Jean Jaurès 25, 69007 Lyon",),
            "phone": ("04 78 12 34 56",),
            "services": ("CPO and charging cards",),
        },
    ),
    Host(
        name="de-gmbh-pastes-at-legal-name",
        style="all-at-once",
        story="German GmbH pasting name, address, e-mail, phone and IBAN when asked the legal name",
        login="t.becker@example.de",
        account_name="Thomas Becker",
        stations=_S29,
        entity_type=COMPANY,
        legal_name="Becker Elektrotechnik GmbH",
        vat_number="DE271828180",
        address=Address("Bahnhofstraße 7", "80335", "München", "DE"),
        invoice_email="rechnung@becker-elektro.de",
        contact_name="Thomas Becker",
        phone="+498912345678",
        iban="DE90500105170987654321",
        bic="INGDDEFFXXX",
        account_holder="Becker Elektrotechnik GmbH",
        services=(CPO,),
        chosen=_all(_S29),
        paste=Paste(
            at="legal_name",
            text=(
                "Becker Elektrotechnik GmbH, Bahnhofstraße 7, 80335 München, Rechnungen an rechnung@becker-elektro.de, "
                "Tel. 089 12345678, IBAN DE90 5001 0517 0987 6543 21"
            ),
            fields=("legal_name", "registered_address", "invoice_email", "phone", "iban"),
        ),
        says={
            "vat_number": ("DE 271 828 180",),
            "registered_address": ("Bahnhofstraße 7, 80335 München",),
            "phone": ("089 12345678",),
            "services": ("Business Charging incl. CPO",),
        },
    ),
    Host(
        name="be-private-person-pastes-at-name",
        style="all-at-once",
        story="Belgian private person pasting name, address, e-mail, phone and IBAN when asked the full name",
        login="tine.vermeersch@example.be",
        account_name="Tine Vermeersch",
        stations=_S30,
        entity_type=PRIVATE_PERSON,
        legal_name="Tine Vermeersch",
        vat_number=None,
        address=Address("Kerkdreef 3", "9940", "Evergem", "BE"),
        invoice_email="tine.vermeersch@example.be",
        contact_name="Tine Vermeersch",
        phone="+32478123456",
        iban="BE40001778899063",
        bic="GEBABEBB",
        account_holder="Tine Vermeersch",
        services=(SPLIT_BILLING,),
        chosen=_all(_S30),
        paste=Paste(
            at="legal_name",
            text=(
                "Tine Vermeersch, Kerkdreef 3, 9940 Evergem, tine.vermeersch@example.be, 0478 12 34 56, "
                "BE40 0017 7889 9063"
            ),
            fields=("legal_name", "registered_address", "invoice_email", "phone", "iban"),
        ),
        says={
            "entity_type": ("Private person",),
            "phone": ("0478 12 34 56",),
            "services": ("Yes, Split Billing",),
        },
    ),
)

BY_NAME = {host.name: host for host in HOSTS}
