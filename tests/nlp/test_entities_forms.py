"""More ways writers put phones, ages, dates and street names (hand-made, varied styles)."""

import pytest

from tests.nlp.helpers import ents


@pytest.mark.parametrize("text, norms", [
    ("mob 0044 7700 900123 seen", ["+447700900123"]),
    ("tel +44 07700 900124.", ["+447700900124"]),
    ("number 07700.900.125 in phone", ["+447700900125"]),
    ("two lines 07700 900126/07700 900127 attributed", ["+447700900126", "+447700900127"]),
    ("call +44-7700-900-128 now", ["+447700900128"]),
])
def test_more_phone_shapes(extractor, text, norms):
    assert [n for _, n in ents(extractor, text, "PHONE")] == norms


def test_dotted_dates_are_still_not_phones(extractor):
    assert ents(extractor, "seen 01.02.2024 12.03.2023 then", "PHONE") == []


@pytest.mark.parametrize("text, ages", [
    ("IP (F/15) located", ["15"]),
    ("S1 M16 detained", ["16"]),
    ("victim 15F at A&E", ["15"]),
    ("girls aged: 14 seen", ["14"]),
    ("a group of 16-17 year olds", ["16", "17"]),
    ("a twenty-two-year-old man", ["22"]),
    ("she is with a 15y boy", ["15"]),
    ("lad (aged 15) stopped", ["15"]),
    ("a girl aged fifteen was seen", ["15"]),
    ("male aged about twenty-two", ["22"]),
])
def test_compact_age_forms(extractor, text, ages):
    assert [n for _, n in ents(extractor, text, "AGE")] == ages


def test_metres_and_money_are_not_ages(extractor):
    assert ents(extractor, "ran 15m down the road with £40M", "AGE") == []


@pytest.mark.parametrize("text, dates", [
    ("missing repeatedly (2016-2018) per CRIS", ["2016", "2018"]),
    ("seen on 2024-03-12 by SNT", ["2024-03-12"]),
    ("seen on March 12th, 2024 by SNT", ["2024-03-12"]),
    ("off since Friday, in care since Sept.", ["friday", "sept"]),
    ("went to Pakistan at Easter", ["easter"]),
    ("not home since last night", ["last night"]),
])
def test_written_and_relative_dates(extractor, text, dates):
    assert [n for _, n in ents(extractor, text, "DATE")] == dates


def test_habits_and_names_are_not_dates(extractor):
    assert ents(extractor, "misses school every Wednesday; May said no", "DATE") == []


@pytest.mark.parametrize("text, nicks", [
    ("Ebony calls one of the men, 'Zee', her boyfriend", ["zee"]),
    ("an Instagram contact called 'Prince' messages her", ["prince"]),
    ("Source reports that 'Little Man', described as 13, deals", ["little man"]),
    ("older male known on the street as Tiny", ["tiny"]),
    ("Kyle a/k/a 'bugsy' seen", ["bugsy"]),
    ("the nickname 'Blade' was shouted", ["blade"]),
    ("goes by the name of Shotta", ["shotta"]),
])
def test_street_names(extractor, text, nicks):
    assert [n for _, n in ents(extractor, text, "NICKNAME")] == nicks


@pytest.mark.parametrize("text", [
    "recruited by the 'Beat Boys' in Harrow",
    "a deal line called 'Bandz' is run",
    "reg ending in something like 'VXJ' seen",
    "she said 'No' and left",
    "believed to be 'GS' youngers",
])
def test_groups_lines_and_speech_are_not_street_names(extractor, text):
    assert ents(extractor, text, "NICKNAME") == []


@pytest.mark.parametrize("text, nicks", [
    ("He owes money to a male known as spanner after being robbed.", ["spanner"]),
    ("She was seen with an older male known as big t from Tottenham.", ["big t"]),
    ("She is known as a runner for the group.", []),
    ("A male known as locally dangerous was seen nearby.", []),
])
def test_lower_case_street_name_after_a_person_known_as(extractor, text, nicks):
    assert [e.norm for e in extractor.extract(text).entities if e.label == "NICKNAME"] == nicks


@pytest.mark.parametrize("text, label, norm", [
    # areas named like premises are places, not a residence or a park (they linked strangers)
    ("Victim Armin Harris (16) of Earl's Court.", "PLACE", "earl's court"),
    ("Crime report, Northumberland Park. IP is PATEL Abena (13).", "PLACE", "northumberland park"),
    # a comma after the cue still introduces the street name
    ("Source states he has a new street name, Rich Ghost.", "NICKNAME", "rich ghost"),
])
def test_area_and_street_name_forms(extractor, text, label, norm):
    ents = [(e.label, e.norm) for e in extractor.extract(text).entities]
    assert (label, norm) in ents and not any(lab == "VENUE" for lab, _ in ents)


def test_quoted_slang_in_upper_case_notes_is_not_a_street_name(extractor):
    ents = extractor.extract("YP WAS 'CLIPPED' BY PEERS AND IS NOW IN DEBT TO THEM.").entities
    assert not any(e.label == "NICKNAME" for e in ents)
