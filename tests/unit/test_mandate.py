from datetime import datetime

import pytest

from charging_host.mandate import (
    MANDATE_REFERENCE_PATTERN,
    check_iban,
    find_iban,
    mask_iban,
    new_mandate_reference,
)


@pytest.mark.parametrize(
    "typed,country",
    [
        ("BE71 0961 2345 6769", "BE"),
        ("nl91abna0417164300", "NL"),
        ("DE89 3704 0044 0532 0130 00", "DE"),
        ("FR14 2004 1010 0505 0001 3M02 606", "FR"),
        ("GB29 NWBK 6016 1331 9268 19", "GB"),  # the UK is in SEPA
        ("CH93 0076 2011 6238 5295 7", "CH"),  # so is Switzerland
        ("LU28 0019 4006 4475 0000", "LU"),
    ],
)
def test_sepa_ibans_are_accepted_with_bic(typed, country):
    result = check_iban(typed)
    assert result.ok, result
    assert result.country == country
    assert result.iban == typed.replace(" ", "").upper()


def test_bic_and_bank_name_are_derived():
    result = check_iban("BE71 0961 2345 6769")
    assert result.bic == "GKCCBEBB"
    assert result.bank_name is not None
    assert "BELFIUS" in result.bank_name.upper()


@pytest.mark.parametrize(
    "typed", ["TR33 0006 1005 1978 6457 8413 26", "AE07 0331 2345 6789 0123 456", "BR1800360305000010009795493C1"]
)
def test_valid_ibans_outside_sepa_are_refused(typed):
    result = check_iban(typed)
    assert result.error == "not_sepa"


@pytest.mark.parametrize(
    "typed,error",
    [
        ("BE71 0961 2345 6768", "wrong_check_digits"),
        ("BE71 0961 2345 676", "wrong_length"),
        ("QQ71 0961 2345 6769", "unknown_country"),
        ("", "empty"),
    ],
)
def test_broken_ibans_say_what_is_wrong(typed, error):
    assert check_iban(typed).error == error


def test_iban_is_found_inside_a_sentence():
    assert find_iban("sure, it's be71 0961 2345 6769 at belfius").iban == "BE71096123456769"
    assert find_iban("no idea").error == "empty"


def test_mask_never_shows_the_middle():
    assert mask_iban("BE71096123456769") == "BE71 **** **** 6769"
    masked = mask_iban("NL91ABNA0417164300")
    assert masked.startswith("NL91") and masked.endswith("4300")
    assert "0417" not in masked


def test_mandate_reference_is_unique_and_sepa_safe():
    now = datetime(2026, 11, 24)
    refs = {new_mandate_reference(now) for _ in range(200)}
    assert len(refs) == 200
    assert all(MANDATE_REFERENCE_PATTERN.match(r) for r in refs)


def test_ibans_in_a_message_are_masked_and_the_rest_is_left_alone():
    from charging_host.mandate import mask_ibans_in

    assert mask_ibans_in("my iban is BE71 0961 2345 6769, thanks") == "my iban is BE71 **** **** 6769, thanks"
    assert mask_ibans_in("nl91abna0417164300") == "NL91 **** **** **** 4300"
    assert mask_ibans_in("VAT BE0123456749, NL123456789B01, phone 0470 12 34 56, code 123456") == (
        "VAT BE0123456749, NL123456789B01, phone 0470 12 34 56, code 123456"
    )
