"""Postal addresses as hosts type them, read the way each country writes them."""

import pytest

from charging_host import addresses, contact
from charging_host.addresses import (
    address_line,
    check_address_fields,
    parse_address,
    refers_to_earlier_address,
)
from charging_host.phrases import languages


def read(typed: str, default_country: str = "BE") -> tuple[str, str, str, str]:
    checked = parse_address(typed, default_country)
    assert checked.ok, f"{typed!r} refused: {checked.error}"
    assert checked.value is not None
    address = checked.value
    return address.street, address.postal_code, address.city, address.country


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("Kerkstraat 12, 9000 Gent", ("Kerkstraat 12", "9000", "Gent", "BE")),
        ("Kerkstraat 12 9000 Gent", ("Kerkstraat 12", "9000", "Gent", "BE")),
        ("Kerkstraat 12,9000 Gent", ("Kerkstraat 12", "9000", "Gent", "BE")),
        ("Kerkstraat 12\n9000 Gent", ("Kerkstraat 12", "9000", "Gent", "BE")),
        ("Kerkstraat 12\n9000\nGent", ("Kerkstraat 12", "9000", "Gent", "BE")),
        ("Kerkstraat 12 9000, Gent", ("Kerkstraat 12", "9000", "Gent", "BE")),
        ("Kerkstraat 12 - 9000 Gent", ("Kerkstraat 12", "9000", "Gent", "BE")),
        ("Kerkstraat 12 Gent 9000", ("Kerkstraat 12", "9000", "Gent", "BE")),
        ("9000 Gent, Kerkstraat 12", ("Kerkstraat 12", "9000", "Gent", "BE")),
        ("9000 Gent Kerkstraat 12", ("Kerkstraat 12", "9000", "Gent", "BE")),
        ("Kerkstraat 12 bus 3, 9000 Gent", ("Kerkstraat 12 bus 3", "9000", "Gent", "BE")),
        ("Kerkstraat 12\nbus 3\n9000 Gent", ("Kerkstraat 12, bus 3", "9000", "Gent", "BE")),
        ("Kerkstraat 12 b2 9000 Gent", ("Kerkstraat 12 b2", "9000", "Gent", "BE")),
        ("Kerkstraat 12/3 9000 Gent", ("Kerkstraat 12/3", "9000", "Gent", "BE")),
        ("Kerkstraat 12A, 9000 Gent", ("Kerkstraat 12A", "9000", "Gent", "BE")),
        ("Kerkstraat 12 A 9000 Gent", ("Kerkstraat 12 A", "9000", "Gent", "BE")),
        ("Kerkstraat nr. 12, 9000 Gent", ("Kerkstraat nr. 12", "9000", "Gent", "BE")),
        ("Stationsstraat 2 bus 101, 2800 Mechelen", ("Stationsstraat 2 bus 101", "2800", "Mechelen", "BE")),
        (
            "Chaussée de Louvain 123 bte 4, 1030 Schaerbeek",
            ("Chaussée de Louvain 123 bte 4", "1030", "Schaerbeek", "BE"),
        ),
        ("Rue Neuve 3 boîte 5\n1000 Bruxelles", ("Rue Neuve 3 boîte 5", "1000", "Bruxelles", "BE")),
        ("Avenue Louise 54/3, 1050 Ixelles", ("Avenue Louise 54/3", "1050", "Ixelles", "BE")),
        ("Rue de la Gare 12 bis, 1000 Bruxelles", ("Rue de la Gare 12 bis", "1000", "Bruxelles", "BE")),
        ("rue de la Gare n° 12, 4000 Liège", ("rue de la Gare n° 12", "4000", "Liège", "BE")),
        ("Place Saint-Lambert 1, 4000 Liège, Belgique", ("Place Saint-Lambert 1", "4000", "Liège", "BE")),
        ("Grote Markt 1, 2000 Antwerpen", ("Grote Markt 1", "2000", "Antwerpen", "BE")),
        ("Evolis 104, 8500 Kortrijk, Belgium", ("Evolis 104", "8500", "Kortrijk", "BE")),
        ("Kerkstraat 12, 8660 De Panne", ("Kerkstraat 12", "8660", "De Panne", "BE")),  # not the Dutch "8660 DE"
        ("Kerkstraat 12, B-9000 Gent", ("Kerkstraat 12", "9000", "Gent", "BE")),
        # a four-digit house number next to the postal code
        ("Kortrijksesteenweg 1000 8530 Harelbeke", ("Kortrijksesteenweg 1000", "8530", "Harelbeke", "BE")),
        ("Kerkstraat 1200 bus 3 9000 Gent", ("Kerkstraat 1200 bus 3", "9000", "Gent", "BE")),
        ("RUE DE LA LOI 1000, 1000 BRUXELLES", ("RUE DE LA LOI 1000", "1000", "BRUXELLES", "BE")),
        ("8530 Harelbeke, Evolis 1000", ("Evolis 1000", "8530", "Harelbeke", "BE")),
        ("RUE HAUTE 12 BIS 1000 BRUXELLES", ("RUE HAUTE 12 BIS", "1000", "BRUXELLES", "BE")),  # not Malta's "BIS 1000"
        ("My address is Kerkstraat 12, 9000 Gent.", ("Kerkstraat 12", "9000", "Gent", "BE")),
    ],
)
def test_belgian_addresses(typed, expected):
    assert read(typed) == expected


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("Dorpsstraat 12, 1234 AB Amsterdam, Nederland", ("Dorpsstraat 12", "1234 AB", "Amsterdam", "NL")),
        ("Dorpsstraat 12\n1234AB Amsterdam\nNetherlands", ("Dorpsstraat 12", "1234 AB", "Amsterdam", "NL")),
        ("Keizersgracht 123-H, 1015 cj Amsterdam", ("Keizersgracht 123-H", "1015 CJ", "Amsterdam", "NL")),
        ("Willemsplein 3, 3016 DR Rotterdam, The Netherlands", ("Willemsplein 3", "3016 DR", "Rotterdam", "NL")),
        ("Hoofdweg 12 9611 AB Sappemeer Nederland", ("Hoofdweg 12", "9611 AB", "Sappemeer", "NL")),
        ("Breestraat 5a\n2311 CH Leiden", ("Breestraat 5a", "2311 CH", "Leiden", "NL")),
        ("Laan van Meerdervoort 10, 2517 AK Den Haag, NL", ("Laan van Meerdervoort 10", "2517 AK", "Den Haag", "NL")),
    ],
)
def test_dutch_addresses(typed, expected):
    assert read(typed) == expected


@pytest.mark.parametrize(
    "typed,expected",
    [
        # the issue: number first, and the country written out
        ("12 rue de la Gare, 59000 Lille, France", ("12 rue de la Gare", "59000", "Lille", "FR")),
        ("12 rue de la Gare 59000 Lille France", ("12 rue de la Gare", "59000", "Lille", "FR")),
        ("12, rue de la Paix\n75002 Paris\nFRANCE", ("12, rue de la Paix", "75002", "Paris", "FR")),
        ("12 bis rue de la Gare, 75002 Paris, France", ("12 bis rue de la Gare", "75002", "Paris", "FR")),
        ("5 place de la Bastille 75004 Paris, Frankrijk", ("5 place de la Bastille", "75004", "Paris", "FR")),
        ("3 chemin des Vignes, 69005 Lyon, Frankreich", ("3 chemin des Vignes", "69005", "Lyon", "FR")),
        ("8 avenue Jean Jaurès, 59000 Lille Cedex, FR", ("8 avenue Jean Jaurès", "59000", "Lille Cedex", "FR")),
        ("F-59000 Lille, 12 rue de la Gare", ("12 rue de la Gare", "59000", "Lille", "FR")),
    ],
)
def test_french_addresses(typed, expected):
    assert read(typed) == expected


def test_two_capitals_after_the_town_are_a_country_code_or_an_italian_province():
    assert read("Kerkstraat 12 9000 Gent BE", "NL") == ("Kerkstraat 12", "9000", "Gent", "BE")
    assert read("Via Roma 10, 24121 Bergamo BG", "IT") == ("Via Roma 10", "24121", "Bergamo BG", "IT")  # not Bulgaria


@pytest.mark.parametrize(
    "typed,vat_country,expected",
    [
        ("12 RUE DE LA GARE\n59000 LILLE", "FR", ("12 RUE DE LA GARE", "59000", "LILLE", "FR")),
        ("KERKSTRAAT 00005\n1234AB AMSTERDAM", "NL", ("KERKSTRAAT 00005", "1234 AB", "AMSTERDAM", "NL")),
        ("VIA ROMA 10 \n00184 ROMA RM\n", "IT", ("VIA ROMA 10", "00184", "ROMA RM", "IT")),
        ("ΕΡΜΟΥ 10 10563 - ΑΘΗΝΑ", "GR", ("ΕΡΜΟΥ 10", "105 63", "ΑΘΗΝΑ", "GR")),
    ],
)
def test_addresses_as_vies_gives_them(typed, vat_country, expected):
    assert read(typed, vat_country) == expected


def test_a_french_address_needs_no_country_when_the_vat_number_is_french():
    assert read("12 rue de la Gare, 59000 Lille", "FR") == ("12 rue de la Gare", "59000", "Lille", "FR")
    assert read("59000 Lille 12 rue de la Gare", "FR") == ("12 rue de la Gare", "59000", "Lille", "FR")


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("2, rue de la Gare, L-1234 Luxembourg", ("2, rue de la Gare", "L-1234", "Luxembourg", "LU")),
        ("12 rue de la Gare\nL-1234 Luxembourg\nLuxembourg", ("12 rue de la Gare", "L-1234", "Luxembourg", "LU")),
        ("7, rue Robert Stümper, 2557 Luxembourg", ("7, rue Robert Stümper", "L-2557", "Luxembourg", "LU")),
        ("Boulevard Royal 12, L-2449 Luxembourg, Luxemburg", ("Boulevard Royal 12", "L-2449", "Luxembourg", "LU")),
        ("5 rue de l'Alzette, L-4361 Esch-sur-Alzette", ("5 rue de l'Alzette", "L-4361", "Esch-sur-Alzette", "LU")),
        ("Grand-Rue 5, 9530 Wiltz, Luxembourg", ("Grand-Rue 5", "L-9530", "Wiltz", "LU")),
    ],
)
def test_luxembourg_addresses(typed, expected):
    assert read(typed) == expected


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("Hauptstraße 5, 10115 Berlin, Deutschland", ("Hauptstraße 5", "10115", "Berlin", "DE")),
        ("Hauptstrasse 5\n10115 Berlin\nGermany", ("Hauptstrasse 5", "10115", "Berlin", "DE")),
        ("Hauptstr. 5 10115 Berlin Deutschland", ("Hauptstr. 5", "10115", "Berlin", "DE")),
        ("Musterstr. 12a, D-80331 München", ("Musterstr. 12a", "80331", "München", "DE")),
        (
            "Frankfurter Allee 5-7, 60311 Frankfurt am Main, Allemagne",
            ("Frankfurter Allee 5-7", "60311", "Frankfurt am Main", "DE"),
        ),
        ("Lindenweg 3, 50674 Köln, Duitsland", ("Lindenweg 3", "50674", "Köln", "DE")),
        ("Frankfurter Str. 12, 60311 Frankfurt, DE", ("Frankfurter Str. 12", "60311", "Frankfurt", "DE")),
    ],
)
def test_german_addresses(typed, expected):
    assert read(typed) == expected


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("Stephansplatz 1, A-1010 Wien", ("Stephansplatz 1", "1010", "Wien", "AT")),
        ("Bahnhofstrasse 1, 8001 Zürich, Schweiz", ("Bahnhofstrasse 1", "8001", "Zürich", "CH")),
        ("Via Roma, 10, 00184 Roma RM, Italia", ("Via Roma, 10", "00184", "Roma RM", "IT")),
        ("Calle Mayor 5, 28013 Madrid, España", ("Calle Mayor 5", "28013", "Madrid", "ES")),
        ("Rua Augusta 100, 1100-053 Lisboa, Portugal", ("Rua Augusta 100", "1100-053", "Lisboa", "PT")),
        ("ul. Marszałkowska 10/12, 00-590 Warszawa", ("ul. Marszałkowska 10/12", "00-590", "Warszawa", "PL")),
        ("Václavské náměstí 1, 11000 Praha 1, Czech Republic", ("Václavské náměstí 1", "110 00", "Praha 1", "CZ")),
        ("Obchodná 1, 811 06 Bratislava, Slovensko", ("Obchodná 1", "811 06", "Bratislava", "SK")),
        ("Drottninggatan 1, 111 51 Stockholm, Sweden", ("Drottninggatan 1", "111 51", "Stockholm", "SE")),
        ("Strøget 1, 1160 København K, Danmark", ("Strøget 1", "1160", "København K", "DK")),
        ("Ermou 10, 105 63 Athens, Greece", ("Ermou 10", "105 63", "Athens", "GR")),
        ("1 Grafton Street, Dublin 2, D02 X285, Ireland", ("1 Grafton Street", "D02 X285", "Dublin 2", "IE")),
        ("Apt 4, 12 Main Street, Dublin 2, D02X285, Ierland", ("Apt 4, 12 Main Street", "D02 X285", "Dublin 2", "IE")),
        ("1 Grafton Street Dublin 2 D02 X285", ("1 Grafton Street", "D02 X285", "Dublin 2", "IE")),
        ("12 Republic Street, Valletta VLT 1117, Malta", ("12 Republic Street", "VLT 1117", "Valletta", "MT")),
        ("Brīvības iela 1, LV-1050 Rīga, Latvija", ("Brīvības iela 1", "LV-1050", "Rīga", "LV")),
    ],
)
def test_addresses_of_other_countries(typed, expected):
    assert read(typed) == expected


@pytest.mark.parametrize(
    "typed,country",
    [
        ("Kerkstraat 12, 9000 Gent, België", "BE"),
        ("Kerkstraat 12, 9000 Gent, Belgie", "BE"),
        ("Kerkstraat 12, 9000 Gent, Belgien", "BE"),
        ("Kerkstraat 12, 9000 Gent BE", "BE"),
        ("Kerkstraat 12, 9000 Gent, be", "BE"),
        ("Dorpsstraat 1, 1234 AB Amsterdam, Pays-Bas", "NL"),
        ("Dorpsstraat 1, 1234 AB Amsterdam, Niederlande", "NL"),
        ("Dorpsstraat 1, 1234 AB Amsterdam, Holland", "NL"),
        ("Hauptstraße 5, 10115 Berlin, Duitsland", "DE"),
        ("Hauptstraße 5, 10115 Berlin, Allemagne", "DE"),
        ("Stephansplatz 1, 1010 Wien, Österreich", "AT"),
        ("Stephansplatz 1, 1010 Wien, Oostenrijk", "AT"),
        ("Rue du Rhône 1, 1204 Genève, Suisse", "CH"),
        ("Via Roma 1, 20121 Milano, Italie", "IT"),
        ("12 rue de la Gare, 59000 Lille, Frankrijk", "FR"),
        ("12 rue de la Gare, 59000 Lille, Frankreich", "FR"),
        ("12 rue de la Gare, 59000 Lille, fr", "FR"),
    ],
)
def test_the_country_is_read_in_every_language_and_as_a_code(typed, country):
    elsewhere = "BE" if country == "FR" else "FR"  # not the country by default
    assert read(typed, elsewhere)[3] == country


@pytest.mark.parametrize(
    "typed,country,postal_code",
    [
        ("Dorpsstraat 1 1234 AB Amsterdam", "NL", "1234 AB"),  # only the Netherlands write 1234 AB
        ("Rua Augusta 100, 1100-053 Lisboa", "PT", "1100-053"),
        ("ul. Długa 5, 80-827 Gdańsk", "PL", "80-827"),
        ("Musterstr. 12a, D-80331 München", "DE", "80331"),  # the country's letter
        ("Kerkstraat 12, B-9000 Gent", "BE", "9000"),
        ("12 Republic Street, Valletta VLT 1117", "MT", "VLT 1117"),
    ],
)
def test_a_postal_code_only_one_country_writes_tells_the_country(typed, country, postal_code):
    _, code, _, read_country = read(typed, "FR")
    assert (code, read_country) == (postal_code, country)


@pytest.mark.parametrize(
    "typed",
    [
        "Kortrijksesteenweg 12 Harelbeke",
        "Kerkstraat 12, Gent",
        "Kerkstraat 12",
        "12 rue de la Gare, Lille, France",  # the address without its postal code
        "Hauptstraße 5, Berlin, Deutschland",
        "1 Grafton Street, Dublin 2, Ireland",
        "Kerkstraat 5 bus 1000 Gent",  # a box number is not a postal code
        "lol 5",
    ],
)
def test_a_missing_postal_code_is_named(typed):
    assert parse_address(typed, "BE").error == "no_postal_code"


@pytest.mark.parametrize(
    "typed",
    [
        "Harelbeke",
        "Kerkstraat, 9000 Gent",
        "Rue de la Loi, 1000 Bruxelles",
        "rue de la Gare, 59000 Lille, France",
        "9000 Gent",
        "12, 9000 Gent",
        "Kerkstraat bus 3, 9000 Gent",  # a box number is not a house number
        "asdf 1234 qwer",
        "hello",
        "I don't know",
    ],
)
def test_a_missing_house_number_is_named(typed):
    assert parse_address(typed, "BE").error == "no_house_number"


@pytest.mark.parametrize(
    "typed,default_country",
    [
        ("Dorpsstraat 1, 12345 Amsterdam, Netherlands", "BE"),
        ("Kerkstraat 12, 9000 Gent, France", "BE"),
        ("12 rue de la Gare, 59000 Lille", "BE"),  # a French address for a Belgian company: say France
        ("Kerkstraat 12, 9000 Gent", "NL"),
        ("Musterstr. 12a, D-80331 München, France", "BE"),
    ],
)
def test_a_postal_code_of_another_country_is_a_mismatch(typed, default_country):
    assert parse_address(typed, default_country).error == "postal_code_mismatch"


@pytest.mark.parametrize(
    "typed,error",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("12345", "empty"),
        ("???", "empty"),
        ("+32 470 12 34 56", "empty"),
        ("Kerkstraat 12, 9000", "empty"),  # no town: the whole address is asked again
        ("Résidence Les Pins 4, rue de la Gare, 59000, France", "empty"),  # a street is not a town, nor France
        ("Kerkstraat 12 😀, 9000 Gent", "invalid"),
        ("jan@example.be", "invalid"),
        ("<b>Kerkstraat</b> 12, 9000 Gent", "invalid"),
        ("Kerkstraat 12, 9000 Gent'; DROP TABLE addresses; --", "invalid"),
        ("Kerkstr\x00aat 12, 9000 Gent", "invalid"),
        ("K" * 70 + " 12, 9000 Gent", "invalid"),
        ("Kerkstraat 12, 9000 Gent " + "en nog wat " * 30, "too_long"),
    ],
)
def test_nonsense_is_refused(typed, error):
    assert parse_address(typed, "BE").error == error


@pytest.mark.parametrize(
    "typed",
    [
        "the same as the company address",
        "Same address",
        "same as before",
        "same address for the other one",
        "idem",
        "Idem.",
        "zelfde adres",
        "Hetzelfde adres als het bedrijf",
        "même adresse",
        "Meme adresse que la société",
        "la même",
        "dieselbe Adresse",
        "Gleiche Adresse wie die Firma",
        "wie oben",
    ],
)
def test_the_same_address_phrases_refer_to_an_earlier_address(typed):
    assert refers_to_earlier_address(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "not the same address",
        "a different address",
        "niet hetzelfde adres",
        "pas la même adresse",
        "nicht dieselbe Adresse",
        "Kerkstraat 12, 9000 Gent",
        "same as before: Kerkstraat 12, 9000 Gent",  # an address after all: that one counts
        "samenwerking",  # "same" inside a word
        "no",
        "",
    ],
)
def test_other_answers_do_not_refer_to_an_earlier_address(typed):
    assert not refers_to_earlier_address(typed)


def test_fields_are_checked_as_the_country_writes_them():
    luxembourg = check_address_fields(
        {"street": "Rue de la Gare 12", "postal_code": "1234", "city": "Luxembourg", "country": "LU"}
    )
    assert luxembourg.value == addresses.Address("Rue de la Gare 12", "L-1234", "Luxembourg", "LU")
    ireland = check_address_fields(
        {"street": "1 Grafton Street", "postal_code": "d02x285", "city": "Dublin 2", "country": "Ireland"}
    )
    assert ireland.value == addresses.Address("1 Grafton Street", "D02 X285", "Dublin 2", "IE")
    netherlands = {"street": "Dorpsstraat 1", "postal_code": "1234ab", "city": "Amsterdam", "country": "nl"}
    assert check_address_fields(netherlands).ok
    assert check_address_fields(netherlands | {"postal_code": "12345"}).error == "postal_code_mismatch"
    assert check_address_fields(netherlands | {"country": "Narnia"}).error == "invalid"
    assert check_address_fields(netherlands | {"city": ""}).error == "empty"


def test_an_address_is_one_line_again():
    address = read("12 rue de la Gare, 59000 Lille, France")
    line = address_line(dict(zip(("street", "postal_code", "city", "country"), address, strict=True)))
    assert line == "12 rue de la Gare, 59000 Lille, FR"


def test_the_words_are_in_the_phrase_file_for_each_language():
    assert set(languages("addresses")) == {"en", "nl", "fr", "de"}
    assert addresses.COUNTRY_NAMES["belgique"] == addresses.COUNTRY_NAMES["belgië"] == "BE"


def test_callers_of_contact_keep_working():
    assert contact.parse_address is parse_address
    assert contact.check_address_fields is check_address_fields
    assert contact.Checked is addresses.Checked and contact.Address is addresses.Address
