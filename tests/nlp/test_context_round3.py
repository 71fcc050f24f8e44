"""Round 3 context wordings: past school years, ages, terms, closed cases, dated history; analysts' hedges.

Hand-written sentences, none taken from an evaluation set.
"""

from datetime import date

import pytest

from tests.nlp.helpers import flags


@pytest.mark.parametrize("text, ind", [
    ("In Year 7 she was excluded from school for fighting.", "education"),
    ("When she was 12 she went missing from home overnight.", "missing_episodes"),
    ("Last summer he was going missing from his placement.", "missing_episodes"),
    ("She went missing from home in Year 8.", "missing_episodes"),
    ("An earlier case about him carrying a knife was closed in 2021.", "weapons"),
    ("He had previously been carrying a knife.", "weapons"),
    ("She was self-harming years before she came to this placement.", "self_harm"),
    ("On a previous occasion she was found in a car with an older male.", "vehicles"),
    ("She went missing in March 2019 and was found in Margate.", "missing_episodes"),
    ("She had been going missing before she was placed here.", "missing_episodes"),
])
def test_historical_round3(extractor, text, ind):
    assert "historical" in flags(extractor, text, ind)


def test_a_dated_episode_more_than_a_year_before_the_record_is_history(extractor):
    text = "She was reported missing on 12/03/2021 from her foster placement."
    assert "historical" in flags(extractor, text, "missing_episodes", when=date(2024, 5, 1))
    # the same date a week before the record is this episode
    assert "historical" not in flags(extractor, text, "missing_episodes", when=date(2021, 3, 19))


def test_a_closed_case_in_the_sentence_before_looks_back(extractor):
    text = "She was going missing and using cannabis. The case was closed in 2022. She went missing again today."
    ex = extractor.extract(text)
    missing = [m for m in ex.indicators if m.id == "missing_episodes"]
    assert [m.historical for m in missing] == [True, False]


@pytest.mark.parametrize("text, ind", [
    ("There are concerns that she is carrying a knife for older boys.", "weapons"),
    ("Unverified intelligence: she has a second phone.", "phones"),
    ("It is rumoured that she is being picked up by an older male.", "unknown_adults"),
    ("Alleged CSE: she is being given cannabis by adults.", "substances"),
    ("She is being picked up by an older male, not yet confirmed.", "unknown_adults"),
])
def test_uncertain_round3(extractor, text, ind):
    assert "uncertain" in flags(extractor, text, ind)


@pytest.mark.parametrize("text, ind", [
    # intelligence reporting conventions: a graded report states what the source saw
    ("Intelligence suggests that he is holding a machete for older gang members.", "weapons"),
    ("Source reports that she is being picked up by an older male in a silver car.", "unknown_adults"),
    # a query mark on an age is about the age, not the event
    ("One girl (Sienna 14?) seen getting into a car with older men.", "vehicles"),
])
def test_reported_intelligence_stays_asserted(extractor, text, ind):
    assert "uncertain" not in flags(extractor, text, ind)
