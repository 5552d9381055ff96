import pytest

from charging_host.contact import check_name, check_phone, find_email, parse_address


@pytest.mark.parametrize(
    "typed,email",
    [
        ("jan@example.be", "jan@example.be"),
        ("it's Jan.Peeters@Example.BE.", "jan.peeters@example.be"),
        ("<facturen@bedrijf.be>", "facturen@bedrijf.be"),
    ],
)
def test_emails_are_found_and_normalised(typed, email):
    assert find_email(typed).value == email


@pytest.mark.parametrize(
    "typed,error", [("jan at example", "empty"), ("jan@", "empty"), ("jan@@x.be", "invalid"), ("a@b", "invalid")]
)
def test_bad_emails_are_refused(typed, error):
    assert find_email(typed).error == error


@pytest.mark.parametrize(
    "typed,country,e164",
    [
        ("0470 12 34 56", "BE", "+32470123456"),
        ("+32 470/12.34.56", "BE", "+32470123456"),
        ("0032 9 234 56 78", "BE", "+3292345678"),
        ("06 12345678", "NL", "+31612345678"),
        ("+49 30 1234567", "BE", "+49301234567"),
    ],
)
def test_phone_numbers_are_normalised(typed, country, e164):
    assert check_phone(typed, country).value == e164


@pytest.mark.parametrize("typed", ["12345", "0470", "call me maybe", "+32 000 00 00 00"])
def test_bad_phone_numbers_are_refused(typed):
    assert not check_phone(typed, "BE").ok


def test_names_refuse_markup_and_silly_lengths():
    assert check_name("  Smappee   NV ").value == "Smappee NV"
    assert check_name("<script>alert(1)</script>").error == "invalid"
    assert check_name("x" * 5000).error == "too_long"
    assert check_name("😀").error == "empty"


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("Kortrijksesteenweg 12, 8530 Harelbeke", ("Kortrijksesteenweg 12", "8530", "Harelbeke", "BE")),
        ("Rue de la Loi 16 1000 Bruxelles", ("Rue de la Loi 16", "1000", "Bruxelles", "BE")),
        ("Dorpsstraat 1, 1234ab Amsterdam, Netherlands", ("Dorpsstraat 1", "1234 AB", "Amsterdam", "NL")),
        ("Hauptstr. 5\n10115 Berlin\nGermany", ("Hauptstr. 5", "10115", "Berlin", "DE")),
        ("Kerkstraat 5 bus 2, 9000 Gent, België", ("Kerkstraat 5 bus 2", "9000", "Gent", "BE")),
    ],
)
def test_addresses_are_split(typed, expected):
    address = parse_address(typed, "BE").value
    assert address is not None
    assert (address.street, address.postal_code, address.city, address.country) == expected


@pytest.mark.parametrize(
    "typed,error",
    [
        ("Harelbeke", "no_house_number"),
        ("Kortrijksesteenweg 12 Harelbeke", "no_postal_code"),
        ("Dorpsstraat 1, 12345 Amsterdam, Netherlands", "postal_code_mismatch"),
        ("<b>street</b> 1, 1000 Brussel", "invalid"),
        ("", "empty"),
    ],
)
def test_incomplete_addresses_say_what_is_missing(typed, error):
    assert parse_address(typed, "BE").error == error
