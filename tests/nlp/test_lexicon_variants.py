"""Indicators in other writers' words (social care, schools, health, youth work, informants, slang).

Hand-made examples, none from the development set: each should find its indicator asserted.
"""

import pytest

CASES = [
("cw rang - YP went AWOL from resi last night, back 0530", "missing_episodes"),
("Unauthorised absence from the unit since Tuesday evening.", "missing_episodes"),
("Located by BTP in another force area with no known links to the town.", "missing_out_of_area"),
("She keeps breaching her curfew and rolling in at 3am.", "staying_out_late"),
("Teacher notes he now has designer garms and new creps.", "gifts_money"),
("Girl told youth worker her bf is 24 and he pays for her nails.", "older_partner"),
("She is seeing a much older man she calls her boyfriend.", "older_partner"),
("He is always on his phone and has a burner.", "phones"),
("Sends nudes to a lad she met on Roblox.", "online_contact"),
("Positive pregnancy test at the GUM clinic.", "sexual_health"),
("She withdrew her statement and no longer wishes to support a prosecution.", "disclosure_withdrawn"),
("Found stoned and smelling of cannabis in the park.", "substances"),
("Persistent absence this term, now on a reduced timetable.", "education"),
("Disclosed suicidal thoughts and has been cutting herself.", "self_harm"),
("Nurse noted a split lip and bruising to the cheek.", "injuries"),
("He is recruiting younger boys from his year group.", "exploited_peers"),
("Linked to the opps in a postcode war, features in drill videos.", "gangs"),
("Found with a zombie knife in his waistband.", "weapons"),
("Intel he has gone country and is holding the line phone.", "drug_running"),
("Neighbours report high footfall at the flat, visitors coming and going.", "cuckooing"),
("Staff report a man waiting outside the school gates most afternoons.", "adults_loitering"),
("School report a marked change in her behaviour, now withdrawn and secretive.", "behaviour_change"),
("Gave a false name to officers and refused to engage.", "distrust_authority"),
("Dad punched her in the face during an argument.", "familial_abuse"),
("Accommodated under Section 20 in a semi-independent placement.", "looked_after"),
("A UASC, now placed in supported accommodation out of borough.", "looked_after"),
("Family evicted last month and living in temporary accommodation.", "looked_after"),
("Mum is an alcoholic and was sectioned last month.", "family_mh_substance"),
("Has an EHCP for ASD, described as naive and easily led.", "vulnerability"),
("Moved between towns and hotels by the group; NRM referral made.", "trafficked_movement"),
("Returned dishevelled and hungry, wearing different clothes.", "return_state"),
("Pics of her were shared in a group chat; she says he asked for nudes.", "indecent_images"),
]


@pytest.mark.parametrize("text, indicator", CASES)
def test_indicator_found_in_other_wordings(extractor, text, indicator):
    assert indicator in extractor.extract(text).asserted_indicators


@pytest.mark.parametrize("text, indicator", [
    ("Daniel became overwhelmed by a fire drill.", "gangs"),
    ("Visitors at all hours at the flat.", "staying_out_late"),
    ("He has been absent from school for two weeks.", "missing_episodes"),
    ("No food in the house.", "drug_running"),
    ("Her phone was plugged in and there was bottled water in the car boot.", "drug_running"),
    ("The others shouted the nickname 'Blade'.", "weapons"),
    ("This appears to be an isolated incident.", "vulnerability"),
    ("He was wearing an electronic tag.", "gangs"),
    ("Mum messaged the social worker.", "online_contact"),
])
def test_near_miss_wordings_do_not_fire(extractor, text, indicator):
    assert indicator not in extractor.extract(text).asserted_indicators
