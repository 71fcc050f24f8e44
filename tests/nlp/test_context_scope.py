"""Context flags in wordings other than the development set's (hand-made, varied styles)."""

import pytest

from tests.nlp.helpers import flags


@pytest.mark.parametrize("text, ind", [
    ("When she was 11 she went missing from home several times.", "missing_episodes"),
    ("At her previous placement she was going missing most weekends.", "missing_episodes"),
    ("A few years ago he was carrying a knife.", "weapons"),
    ("During 2019 she was reported missing x3.", "missing_episodes"),
    ("Historically there were concerns re self-harm.", "self_harm"),
])
def test_historical_wordings(extractor, text, ind):
    assert "historical" in flags(extractor, text, ind)


def test_historical_scope_ends_at_now(extractor):
    text = "Historically there were concerns re self-harm but she now goes missing weekly."
    assert flags(extractor, text, "missing_episodes") == set()


@pytest.mark.parametrize("text, ind", [
    ("Once she turns 18 she will move in with her boyfriend who is 24.", "older_partner"),
    ("There is a concern that she could end up being drawn into county lines.", "drug_running"),
    ("She is due to travel to Birmingham with an adult male.", "unknown_adults"),
])
def test_hypothetical_wordings(extractor, text, ind):
    assert "hypothetical" in flags(extractor, text, ind)


@pytest.mark.parametrize("text, ind", [
    ("Staff cannot confirm that she is being picked up by an older male.", "unknown_adults"),
    ("It is thought she has a new phone.", "phones"),
])
def test_uncertain_wordings(extractor, text, ind):
    assert "uncertain" in flags(extractor, text, ind)


def test_a_current_episode_stays_asserted(extractor):
    assert flags(extractor, "Yesterday she went missing again and was found in Luton.", "missing_episodes") == set()


def test_this_was_in_a_past_year_looks_back_one_sentence(extractor):
    text = "She went missing and was using cannabis. This was in 2019 when she lived in Kent. She went missing again today."
    ex = extractor.extract(text)
    missing = [m for m in ex.indicators if m.id == "missing_episodes"]
    assert [m.historical for m in missing] == [True, False]
    assert "substances" not in ex.asserted_indicators


def test_history_heading_scopes_until_the_next_heading(extractor):
    text = ("History: repeat missing episodes and a much older boyfriend. "
            "Current: she has a new phone she cannot explain.")
    ex = extractor.extract(text)
    assert "older_partner" not in ex.asserted_indicators
    assert "phones" in ex.asserted_indicators


def test_safety_plan_heading_covers_only_its_own_sentence(extractor):
    text = "Safety plan: check the Travelodge. She was picked up by an older male yesterday."
    ex = extractor.extract(text)
    assert "hotels_venues" not in ex.asserted_indicators
    assert "unknown_adults" in ex.asserted_indicators
