"""Each indicator found in the words of its taxonomy definition (hand-written, not from any gold set)."""

import pytest


@pytest.mark.parametrize("text, ind", [
    ("She had a hotel key card in her bag.", "hotels_venues"),
    ("Unexplained train tickets to Norwich were found in his room.", "drug_running"),
    ("He now goes by a new nickname.", "gangs"),
    ("There are visitors at the flat at all hours.", "cuckooing"),
    ("His mum's flat has been taken over by dealers.", "cuckooing"),
    ("He refused to speak to officers.", "distrust_authority"),
    ("She is being given phone credit by an older male.", "gifts_money"),
    ("She was offered money for sex.", "gifts_money"),
    ("She describes herself as sexually active.", "sexual_health"),
    ("She retracted her account.", "disclosure_withdrawn"),
    ("She was found intoxicated in the park.", "substances"),
    ("Her attendance has dropped sharply this term.", "education"),
    ("She took an overdose of paracetamol.", "self_harm"),
    ("He is recruiting younger boys to sell drugs.", "exploited_peers"),
    ("He breached his curfew again.", "staying_out_late"),
    ("She was found in Southend with no known links to the area.", "missing_out_of_area"),
    ("She has a new older peer group.", "unknown_adults"),
    ("She has two phones and several SIM cards.", "phones"),
    ("Men have been waiting outside her school.", "adults_loitering"),
    ("He has a stab wound to his leg.", "injuries"),
])
def test_definition_wording_is_found(extractor, text, ind):
    assert ind in extractor.extract(text).asserted_indicators


# Theme definitions in their own words (session 4): CSE is sex "in exchange for something",
# physical abuse an assault by a carer, harmful practices include honour and forced marriage.
@pytest.mark.parametrize("text, theme", [
    ("Older males have been giving her vapes and weed for sex.", "cse"),
    ("She says she was given a place to stay in return for sexual favours.", "cse"),
    ("Her stepfather was charged with child cruelty after the school raised concerns.", "physical_abuse"),
    ("The boy's dad was arrested for ABH on him at the family home.", "physical_abuse"),
    ("Her brothers beat her for bringing shame on the family.", "harmful_practices"),
    ("A school friend said the girl, 14, is being sent to Pakistan to be married.", "harmful_practices"),
    ("He was seen in a stolen car while missing from his placement.", "missing"),
])
def test_theme_definition_wording_is_found(extractor, text, theme):
    assert theme in extractor.extract(text).theme_ids
