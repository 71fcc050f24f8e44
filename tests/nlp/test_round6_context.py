"""Round 6 context rules: double negatives, everyday police activity, recent spans, passive
"used to", durations, role nouns, reported intentions, unconfirmed follow-ups, year spans,
a parent as companion or caller, informal sibling words, quoted questions.

Hand-written sentences, none taken from an evaluation set.
"""

import pytest

FLAGS = ("negated", "hypothetical", "historical", "uncertain", "other_subject")


def flags(extractor, text, ind):
    ms = [m for m in extractor.extract(text).indicators if m.id == ind]
    assert ms, f"{ind} not found in {text!r}"
    return {f for f in FLAGS if getattr(ms[0], f)}


def asserted(extractor, text, ind):
    return ind in extractor.extract(text).asserted_indicators


# --- negation ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Car hit a garden wall on the High Road; nobody was hurt.",
    "Flat fire on the third floor, all residents out, no one injured.",
])
def test_no_one_hurt_negates_the_injury(extractor, text):
    assert not asserted(extractor, text, "injuries")


@pytest.mark.parametrize("text", [
    "Knife sweep of the recreation ground with the council, dog walkers spoken to.",
    "Knife arch at the entrance to the youth festival all afternoon.",
    "Weapons sweep along the canal towpath completed by the neighbourhood team.",
])
def test_police_weapon_activity_is_not_a_weapon(extractor, text):
    assert not asserted(extractor, text, "weapons")


def test_a_knife_missing_from_a_cookery_lesson_is_an_everyday_knife(extractor):
    assert not asserted(extractor, "A knife went astray after food tech and turned up in the dishwasher.", "weapons")


def test_a_double_negative_asserts(extractor):
    # "never seen without" says he is always with her
    assert asserted(extractor, "Carly (15) is never seen without her boyfriend, who is 23.", "older_partner")


# --- historical --------------------------------------------------------------------------------

def test_passive_used_to_is_exploitation_not_the_past(extractor):
    assert "historical" not in flags(extractor, "Younger boys on the estate are being used to carry knives for the olders.", "weapons")


def test_in_the_past_month_is_recent(extractor):
    assert "historical" not in flags(extractor, "Jordan (14) has gone missing four times in the past month.", "missing_episodes")


def test_hours_late_is_not_an_age(extractor):
    assert "historical" not in flags(extractor, "Reported missing by her carers when she was 4 hours late back from college.", "missing_episodes")


@pytest.mark.parametrize("text", [
    "She was sexually abused by her stepfather between 2015 and 2017 and is now in foster care.",
    "Ella was groomed online by an adult male from 2016 to 2018, according to her mother.",
])
def test_a_year_span_is_historical_either_side(extractor, text):
    ind = "familial_abuse" if "stepfather" in text else "online_contact"
    assert "historical" in flags(extractor, text, ind)


def test_has_not_done_so_since_dates_what_came_before(extractor):
    text = "Noah told his tutor he was self-harming during the spring but says he has not done so since."
    assert "historical" in flags(extractor, text, "self_harm")


def test_last_summer_after_the_mention(extractor):
    assert "historical" in flags(extractor, "He carries a blade because he got stabbed last summer.", "injuries")


# --- uncertain ---------------------------------------------------------------------------------

def test_suspect_as_a_role_is_not_a_doubt(extractor):
    assert "uncertain" not in flags(extractor, "Door camera shows one suspect holding a machete outside the shop.", "weapons")


@pytest.mark.parametrize("text", [
    "Her friends say she stays at a Travelodge in Luton with a man. This has not been confirmed.",
    "Staff say she stays at a Travelodge in Luton with a man. Unable to verify this.",
])
def test_an_unconfirmed_follow_up_hedges_the_sentence_before(extractor, text):
    assert "uncertain" in flags(extractor, text, "hotels_venues")


def test_a_mid_sentence_unconfirmed_is_about_its_own_clause(extractor):
    text = "Amira is looked after by her aunt under a care order. She may have been to a hotel but this is unconfirmed."
    assert asserted(extractor, text, "looked_after")


def test_confirmed_is_not_a_hedge(extractor):
    text = "Leanne (16) is pregnant. This is confirmed by her midwife."
    assert "uncertain" not in flags(extractor, text, "sexual_health")


def test_a_hedge_with_its_agent(extractor):
    text = "Dylan (16) is believed by police to be running a line into Norwich."
    assert "uncertain" in flags(extractor, text, "drug_running")


def test_a_quoted_question_is_not_a_doubt(extractor):
    text = "Two phones seized, one getting texts saying 'where u at?' all evening."
    assert asserted(extractor, text, "phones")


def test_suspected_before_its_noun_does_not_reach_back(extractor):
    text = "In his bag: 3 phones, £400 in notes and 5 wraps suspected heroin."
    assert asserted(extractor, text, "phones")


# --- hypothetical ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Ruby told staff she would run away if they moved her again.",
    "He has told his sister he'll run away to Manchester if he is grounded.",
])
def test_a_stated_intention_to_run_is_hypothetical(extractor, text):
    assert "hypothetical" in flags(extractor, text, "missing_episodes")


# --- other subject ----------------------------------------------------------------------------

def test_a_parent_who_came_along_is_not_the_subject(extractor):
    text = "14yo girl brought in by her dad after an overdose of ibuprofen at school."
    assert asserted(extractor, text, "self_harm")


def test_an_adult_acting_on_the_children_brings_them_back(extractor):
    text = "Two girls seen getting into a van; the man driving bought them vodka at the garage."
    assert asserted(extractor, text, "substances")


def test_a_parent_who_called_is_not_the_subject(extractor):
    text = "Phone call from mum re Lacey (13) - lacey has been sending pics to a lad she met online."
    assert asserted(extractor, text, "online_contact")


def test_informal_sibling_words(extractor):
    assert "other_subject" in flags(extractor, "Mason (12) is worried because his big bro carries a knife.", "weapons")


# --- round 6, second pass ----------------------------------------------------------------------

def test_a_negation_spans_an_or_list(extractor):
    text = ("There is nothing to suggest that anyone at the club is exploiting him or that he is "
            "being groomed online.")
    assert not asserted(extractor, text, "online_contact")


@pytest.mark.parametrize("text, ind", [
    ("Jayden said 'I aint selling drugs, I just go to college'.", "drug_running"),
    ("Asked about the postcode group he said he is not in a gang.", "gangs"),
])
def test_slang_negation_and_denied_membership(extractor, text, ind):
    assert not asserted(extractor, text, ind)


def test_aint_a_snitch_still_refuses(extractor):
    assert asserted(extractor, "He told officers 'I aint a snitch' and walked off.", "distrust_authority")


def test_hearsay_from_no_one_in_particular_is_uncertain(extractor):
    assert "uncertain" in flags(extractor, "Someone said they saw a knife in his rucksack at lunch.", "weapons")


def test_a_placement_still_to_be_made_is_hypothetical(extractor):
    assert "hypothetical" in flags(extractor, "The local authority agreed to accommodate him under s.20 from Monday.", "looked_after")


def test_water_guns_are_toys(extractor):
    assert not asserted(extractor, "Boys in the park were having a water fight with guns and buckets.", "weapons")


# --- round 6, third pass -----------------------------------------------------------------------

def test_a_bare_possessive_place_is_not_the_parent(extractor):
    assert asserted(extractor, "Ollie (8) came back from his weekend at dad's with a bruise on his arm.", "injuries")


def test_suspected_before_a_noun_qualifies_that_noun_only(extractor):
    text = "Found with 9 wraps of suspected cocaine in his sock and a cheap Nokia that kept ringing."
    assert asserted(extractor, text, "phones")


def test_a_street_double_negative_refuses(extractor):
    assert asserted(extractor, "He shouted 'I ain't telling nothing to no feds' and walked out.", "distrust_authority")
