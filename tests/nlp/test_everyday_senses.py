"""Everyday senses of indicator words (config `context.innocent_context`): near misses and the
risky senses that must still be found. Hand-written sentences."""

import pytest

from tests.nlp.helpers import asserted


@pytest.mark.parametrize("text, ind", [
    ("There was a knife block in the kitchen.", "weapons"),
    ("He has a Stanley knife for his DT lesson.", "weapons"),
    ("He has a bruise on his shin from football on Saturday.", "injuries"),
    ("She got a bruise playing netball at school.", "injuries"),
    ("She has a part-time job in a takeaway.", "hotels_venues"),
    ("Mum gave her a lift to school.", "vehicles"),
    ("She was dropped off at school by her dad.", "vehicles"),
    ("She has a new phone for her birthday from her mum.", "phones"),
    ("She has a new phone for her birthday from her mum.", "gifts_money"),
    ("She got money for her birthday from her nan.", "gifts_money"),
    ("She was excluded from the football team.", "education"),
    ("She was withdrawn from the swimming class.", "behaviour_change"),
    ("A car was parked outside the house; it belongs to the neighbour.", "adults_loitering"),
    ("Her mum works at a hotel in Paddington as a cleaner.", "hotels_venues"),
    ("She went on a school trip to France last week.", "missing_out_of_area"),
])
def test_everyday_sense_is_not_an_indicator(extractor, text, ind):
    assert ind not in asserted(extractor, text)


@pytest.mark.parametrize("text, ind", [
    ("He was found carrying a knife in Tottenham.", "weapons"),
    ("She has unexplained bruising to her arms.", "injuries"),
    ("He was stabbed after a football match.", "injuries"),
    ("She is being taken to a hotel by older men.", "hotels_venues"),
    ("She was picked up from school by an unknown male in a black Audi.", "vehicles"),
    ("She has a new phone she cannot explain.", "phones"),
    ("She was excluded from school last week.", "education"),
    ("She has become withdrawn and secretive.", "behaviour_change"),
])
def test_the_risky_sense_is_still_found(extractor, text, ind):
    assert ind in asserted(extractor, text)


@pytest.mark.parametrize("text, ind", [
    ("She stayed at a hotel with her family on holiday in Spain.", "hotels_venues"),
    ("She went to a party at her friend's house for her 16th birthday.", "hotels_venues"),
    ("She came home at 22:00 from her shift at Tesco.", "staying_out_late"),
    ("She got a new phone on contract from her dad.", "gifts_money"),
    ("He has a gang of friends from his football team.", "gangs"),
    ("She travelled to Birmingham for a netball tournament.", "missing_out_of_area"),
    ("He is secretive about his birthday present for mum.", "behaviour_change"),
])
def test_family_and_leisure_senses_are_not_indicators(extractor, text, ind):
    assert ind not in asserted(extractor, text)


@pytest.mark.parametrize("text, ind", [
    ("She came home at 03:00 smelling of alcohol.", "staying_out_late"),
    ("She was found in Birmingham with older males.", "missing_out_of_area"),
    ("He is in a gang in Tottenham.", "gangs"),
    ("She is secretive about her phone.", "behaviour_change"),
    ("She went to a party with older men.", "hotels_venues"),
])
def test_the_risky_sense_of_leisure_words_is_found(extractor, text, ind):
    assert ind in asserted(extractor, text)


# A topic studied is not a concern; the same words as an event are (session 4).
@pytest.mark.parametrize("text, theme, present", [
    ("He wrote an essay on knife crime for his English class.", "youth_violence", False),
    ("The year 9 assembly about county lines was led by the SNT.", "cce", False),
    ("He wrote an essay on knife crime. On Friday he was stabbed outside the chicken shop.", "youth_violence", True),
])
def test_a_topic_studied_is_not_a_theme(extractor, text, theme, present):
    assert (theme in extractor.extract(text).theme_ids) is present
