"""Entity recognisers and their normal forms (what records are linked on)."""

from datetime import date

import pytest

from tests.nlp.helpers import ents


@pytest.mark.parametrize("text, norm", [
    ("Black Audi LR15 KTW seen", "LR15KTW"),
    ("Black Audi LR15KTW seen", "LR15KTW"),
    ("old Golf A123 BCD seen", "A123BCD"),
    ("old Escort ABC 123D seen", "ABC123D"),
])
def test_vrm_with_and_without_space(extractor, text, norm):
    assert [n for _, n in ents(extractor, text, "VRM")] == [norm]


def test_case_reference_is_not_a_vrm(extractor):
    assert ents(extractor, "Ref CR-2026-000123 and LIT-2017-00412.", "VRM") == []


@pytest.mark.parametrize("text", ["SEEN WITH A MAN IN HIS 30S.", "A WOMAN IN HER 20S", "MALE, MID 40S"])
def test_an_upper_case_decade_is_an_age_not_a_plate(extractor, text):
    # "HIS 30S" has the shape of an old suffix plate (ABC 123D); linking on it joined strangers
    assert ents(extractor, text, "VRM") == []
    assert [n for _, n in ents(extractor, text, "AGE")] == [text.split()[-1][:2]]


@pytest.mark.parametrize("text, norm", [
    ("call 07700 900123 now", "+447700900123"),
    ("call 07700900123 now", "+447700900123"),
    ("call +44 7700 900123 now", "+447700900123"),
    ("call +44 (0)7700 900123 now", "+447700900123"),
    ("landline 020 7946 0123", "+442079460123"),
    ("landline (020) 7946 0123", "+442079460123"),
])
def test_phone_in_e164(extractor, text, norm):
    assert [n for _, n in ents(extractor, text, "PHONE")] == [norm]


def test_dates_are_not_phones(extractor):
    assert ents(extractor, "seen 01/02/2024 and 12.03.2023", "PHONE") == []


@pytest.mark.parametrize("text, age", [
    ("Chloe (15) from Barnet", "15"), ("YP aged 14 seen", "14"), ("a 14-year-old boy", "14"),
    ("Jayden 15yo", "15"), ("male, 16 yrs, stabbed", "16"), ("a fifteen-year-old girl", "15"),
    ("a male in his 30s", "30"),
])
def test_age_forms(extractor, text, age):
    assert [n for _, n in ents(extractor, text, "AGE")] == [age]


def test_two_ages_in_brackets(extractor):
    assert [n for _, n in ents(extractor, "Two children (6 and 9) asleep", "AGE")] == ["6", "9"]


def test_dob_without_record_date_is_a_date_not_an_age(extractor):
    assert ents(extractor, "DOB 12/03/2010", "AGE") == []
    assert ents(extractor, "DOB 12/03/2010", "DATE") == [("12/03/2010", "2010-03-12")]


def test_email_postcode_platform_place_nickname(extractor):
    text = ("Reece aka 'Smokey' uses Snap and Insta, email reece99@example.com, "
            "lives at NW9 7RL in Colindale near Edgware.")
    ex = extractor.extract(text)
    got = {(e.label, e.norm) for e in ex.entities}
    assert ("NICKNAME", "smokey") in got
    assert ("PLATFORM", "snapchat") in got and ("PLATFORM", "instagram") in got
    assert ("EMAIL", "reece99@example.com") in got
    assert ("POSTCODE", "NW9 7RL") in got
    assert ("PLACE", "colindale") in got and ("PLACE", "edgware") in got


def test_lower_case_place_word_is_not_a_place(extractor):
    assert ents(extractor, "she went to the bank and then home", "PLACE") == []


def test_person_from_name_list_with_surname(extractor):
    assert ("Graham PEARCE", "graham pearce") in ents(extractor, "RSO visit to Graham PEARCE at home.", "PERSON")


def test_venue_has_type_and_name(extractor):
    got = ents(extractor, "taken to the Travelodge and later Sam's Chicken", "VENUE")
    assert ("Travelodge", "hotel:travelodge") in got
    assert ("Sam's Chicken", "takeaway:sam's chicken") in got


def test_dates_normalised(extractor):
    got = ents(extractor, "seen on 4th March 2024 and 12/03/2023", "DATE")
    assert ("4th March 2024", "2024-03-04") in got and ("12/03/2023", "2023-03-12") in got
