"""Round 4: wordings that cost the pattern engine its links and spikes.

Hand-written sentences. Officers space plates out ("DC 68 HGF"); "suspect" the noun names a role,
not a doubt; "suspected of" is still a hedge; a gang-related assault is youth violence.
"""

import pytest

from tests.nlp.helpers import flags


def vrms(extractor, text):
    return [e.norm for e in extractor.extract(text).entities if e.label == "VRM"]


@pytest.mark.parametrize("text, norm", [
    ("dropped back by a male in a silver Peugeot 208 (DC 68 HGF).", "DC68HGF"),
    ("Vehicle SF 24 TYS stopped at 2215 with YP as a passenger.", "SF24TYS"),
])
def test_plate_spaced_in_three_groups(extractor, text, norm):
    assert vrms(extractor, text) == [norm]


@pytest.mark.parametrize("text", ["DC 45 Smith attended the address.", "Seen on the 12 bus at 23 past."])
def test_ranks_and_numbers_are_not_plates(extractor, text):
    assert vrms(extractor, text) == []


def test_suspect_noun_does_not_hedge(extractor):
    assert "youth_violence" in extractor.extract("Ciaran is a suspect in a stabbing in Plumstead.").theme_ids


def test_suspected_of_hedges(extractor):
    assert flags(extractor, "She is suspected of carrying a knife.", "weapons") == {"uncertain"}


@pytest.mark.parametrize("text", ["Gang-related assault on Fatima outside the chicken shop.",
                                  "He was the victim of a gang assault on the estate."])
def test_gang_assault_is_youth_violence(extractor, text):
    assert "youth_violence" in extractor.extract(text).theme_ids


def test_moving_drugs_for_older_males(extractor):
    ex = extractor.extract("Roza is being used by older males to move drugs.")
    assert "drug_running" in {m.id for m in ex.indicators if m.asserted}


def test_area_named_park_is_a_place_not_a_venue(extractor):
    labels = {e.text: e.label for e in extractor.extract("YP Harjit, 14, of Noel Park, seen in Bruce Castle Park.").entities}
    assert labels["Noel Park"] == "PLACE" and labels["Bruce Castle Park"] == "VENUE"


@pytest.mark.parametrize("text, nick", [
    ("Leo goes by the name mad biggs. The child would not engage.", "mad biggs"),
    ("She has a new street name, kid tigz. She was traced to Reading.", "kid tigz"),
    ("He goes by the name of tiny among his friends.", "tiny"),
])
def test_unquoted_street_name_after_a_strong_cue(extractor, text, nick):
    assert [e.text for e in extractor.extract(text).entities if e.label == "NICKNAME"] == [nick]


def test_goes_by_bus_is_not_a_street_name(extractor):
    assert [e for e in extractor.extract("He goes by bus to school.").entities if e.label == "NICKNAME"] == []
