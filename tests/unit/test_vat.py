import pytest

from charging_host.vat import check_vat_number, find_vat_number

# Numbers valid by their country's check-digit rules (public examples).
VALID = [
    ("BE 0123.456.749", "BE0123456749"),
    ("be0123456749", "BE0123456749"),
    ("BE1023456797", "BE1023456797"),  # Belgian numbers may start with 1 since 2023
    ("BE123456749", "BE0123456749"),  # old 9-digit number gets its leading 0
    ("NL004495445B01", "NL004495445B01"),
    ("nl 0044.95.445.B01", "NL004495445B01"),
    ("DE136695976", "DE136695976"),
    ("FR 40 303 265 045", "FR40303265045"),
    ("ATU13585627", "ATU13585627"),
    ("GR094259216", "EL094259216"),  # people type GR; VIES wants EL
    ("EL094259216", "EL094259216"),
    ("LU15027442", "LU15027442"),
    ("ESX2482300W", "ESX2482300W"),
    ("IT00743110157", "IT00743110157"),
    ("PL 526-104-08-28", "PL5261040828"),
    ("DK 13585628", "DK13585628"),
    ("IE6388047V", "IE6388047V"),
]


@pytest.mark.parametrize("typed,normalised", VALID)
def test_valid_numbers_are_normalised(typed, normalised):
    result = check_vat_number(typed)
    assert result.ok, result
    assert result.number == normalised
    assert result.vies_checkable


@pytest.mark.parametrize(
    "typed,error",
    [
        ("BE0123456748", "wrong_check_digits"),
        ("BE01234567", "wrong_length"),
        ("NL004495446B01", "wrong_check_digits"),
        ("DE136695977", "wrong_check_digits"),
        ("FR40303265046", "wrong_check_digits"),
        ("ATU1358562", "wrong_length"),
        ("XX123456789", "unknown_country"),
        ("0123456749", "no_country"),
        ("", "empty"),
        ("LU1502744", "wrong_length"),
        ("IT00743110158", "wrong_check_digits"),
    ],
)
def test_invalid_numbers_say_what_is_wrong(typed, error):
    result = check_vat_number(typed)
    assert not result.ok
    assert result.error == error


def test_missing_prefix_is_taken_from_the_known_country():
    assert check_vat_number("0123.456.749", country_hint="BE").number == "BE0123456749"


@pytest.mark.parametrize("typed", ["CHE-116.281.710 MWST", "NO 995 525 828 MVA", "GB980780684"])
def test_non_eu_numbers_are_checked_but_not_for_vies(typed):
    result = check_vat_number(typed)
    assert result.ok, result
    assert not result.vies_checkable


@pytest.mark.parametrize(
    "message,number",
    [
        ("my vat number is BE 0123.456.749, thanks", "BE0123456749"),
        ("btw: be0123456749", "BE0123456749"),
        ("it's NL004495445B01 I think", "NL004495445B01"),
    ],
)
def test_number_is_found_inside_a_sentence(message, number):
    assert find_vat_number(message).number == number


def test_a_sentence_without_a_valid_number_reports_the_number_like_part():
    result = find_vat_number("my number is BE 0123.456.748")
    assert result.error == "wrong_check_digits"
    assert find_vat_number("hello there 😀").error == "empty"
