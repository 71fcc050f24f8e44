"""Round 6 lexicon: wording families that carry across writers (hand-written sentences, none from a gold set)."""

import pytest


def asserted(extractor, text):
    return extractor.extract(text).asserted_indicators


# --- gifts_money: goods handed out free, who pays for everything, sums written GBP

@pytest.mark.parametrize("text", [
    "Lads on the estate say the men hand out free weed to anyone who asks.",
    "The boys are given free chips and then asked to carry a bag.",
    "She says her friend's uncle pays for everything when they go out.",
    "He keeps coming home with cash and will not say where from.",
    "Her new watch was a present from someone she met in town.",
    "Staff found GBP 600 in notes in his drawer.",
    "He bought them chips and then drove off with the eldest girl.",
])
def test_gifts_money_families(extractor, text):
    assert "gifts_money" in asserted(extractor, text)


# --- unknown_adults: adults described by how old they look, slang for men

@pytest.mark.parametrize("text", [
    "Two men who looked about 30 were talking to the girls at the bus stop.",
    "The pupils were with some guys, look mid-20s, in the car park.",
    "She got into a car with a male 30s near the station.",
    "A couple of blokes keep waiting outside the academy at home time.",
])
def test_unknown_adults_by_apparent_age(extractor, text):
    assert "unknown_adults" in asserted(extractor, text)


# --- older_partner: the age a child believes or learns a man to be; the father of her baby

@pytest.mark.parametrize("text", [
    "Mercy, 14, is talking to a man she believes is 23.",
    "Jade says the man who picks her up, who she later found out was 29, is just a friend.",
    "She is 15 and pregnant; the father is 'Dee', about 24.",
    "Kacey is going out with a lad in his late 20s from the next estate.",
])
def test_older_partner_by_stated_or_believed_age(extractor, text):
    assert "older_partner" in asserted(extractor, text)


# --- family_mh_substance: a parent's dependency or illness in everyday words

@pytest.mark.parametrize("text", [
    "Leon (8) says his dad has a drink problem and sleeps most of the day.",
    "The children told staff that mum drinks a lot at weekends.",
    "Nan reports that mum has stopped taking her tablets again.",
    "Her father uses cocaine most nights, per the eldest child.",
])
def test_parent_dependency_in_everyday_words(extractor, text):
    assert "family_mh_substance" in asserted(extractor, text)


# --- offending: a crime word is the child's offending only in a frame

@pytest.mark.parametrize("text", [
    "Tyrell (14) was arrested for robbery of a phone near the station.",
    "Since Easter her offending has escalated.",
    "He has been shoplifting from the same supermarket every week.",
])
def test_offending_in_a_frame(extractor, text):
    assert "offending" in asserted(extractor, text)


@pytest.mark.parametrize("text", [
    "Theft from motor vehicle, sat nav taken, rear window smashed.",
    "Residential burglary overnight; the family slept through it.",
    "Offence: assault by an adult on his partner.",
    "Ward priorities: cycle theft near the station.",
])
def test_crime_heading_alone_is_not_offending(extractor, text):
    assert "offending" not in asserted(extractor, text)


# --- vehicles: a passenger or a taxi driver named as a role, not a child in a car

@pytest.mark.parametrize("text", [
    "A passenger on the bus handed in the lost purse.",
    "Taxi driver reports a fare who would not pay; adult male, no children present.",
])
def test_role_words_are_not_vehicles(extractor, text):
    assert "vehicles" not in asserted(extractor, text)


def test_passenger_seat_is_vehicles(extractor):
    assert "vehicles" in asserted(extractor, "She was seen in the front passenger seat of the van.")


# --- behaviour_change: a changed child in workers' and parents' words

@pytest.mark.parametrize("text", [
    "Since the summer he has been jumpy and on edge, staff say.",
    "She keeps falling asleep in lessons and has lost a lot of weight.",
    "Gran says she can't control him any more.",
    "Since the assault she has started wetting the bed.",
])
def test_changed_child(extractor, text):
    assert "behaviour_change" in asserted(extractor, text)


# --- missing_out_of_area: taken, moved or kept somewhere outside London (more towns)

@pytest.mark.parametrize("text", [
    "A man has been taking him to a flat in Swindon at weekends.",
    "He says he was moved up to York by the older boys.",
    "The two boys are kept in a caravan near Newquay for days at a time.",
])
def test_out_of_area_taken_or_kept(extractor, text):
    assert "missing_out_of_area" in asserted(extractor, text)


def test_a_station_named_by_its_staff_is_not_out_of_area(extractor):
    assert "missing_out_of_area" not in asserted(extractor, "Leeds station staff handed in a lost phone.")


# --- familial_abuse: the violence of a parent's partner or ex-partner

@pytest.mark.parametrize("text", [
    "Her ex-partner threw a plate at her while the children were in the room.",
    "Mum's partner gets nasty when he drinks, the eldest told the teacher.",
    "The girl said her step-grandad touched her when she stayed over.",
])
def test_partner_violence_in_the_home(extractor, text):
    assert "familial_abuse" in asserted(extractor, text)


# --- unknown_adults: "adult male" counts with a child, not as the victim or patient named alone

@pytest.mark.parametrize("text", [
    "Adult male victim, wallet taken, suspects left on foot.",
    "Adult male patient attended with chest pain.",
])
def test_adult_male_named_alone_is_not_unknown_adults(extractor, text):
    assert "unknown_adults" not in asserted(extractor, text)


@pytest.mark.parametrize("text", [
    "Jess (14) was seen in the park with an adult male she would not name.",
    "She has been messaging an adult man on Instagram and plans to meet him.",
])
def test_adult_male_with_the_child_is_unknown_adults(extractor, text):
    assert "unknown_adults" in asserted(extractor, text)


def test_falling_asleep_in_class_alone_is_not_behaviour_change(extractor):
    assert "behaviour_change" not in asserted(extractor, "He fell asleep in maths after a late night gaming.")


# --- cuckooing: a home taken over by a line, the tenant paid in drugs, occupants who will not leave

@pytest.mark.parametrize("text", [
    "Neighbours say the bedsit was taken over by a Hackney line in the spring.",
    "The lads give him crack in return for using the kitchen.",
    "She lets the boys use her flat and is too frightened to stop them.",
    "The old man told the nurse 'they won't leave' and looked at the door.",
    "Officers found him at a flat belonging to vulnerable adult male Terry.",
])
def test_cuckooing_families(extractor, text):
    assert "cuckooing" in asserted(extractor, text)


# --- rso_contact: the register named in everyday words, the offender's home where a child is found

@pytest.mark.parametrize("text", [
    "Mum's new fella is on the register and the girls stay over at his.",
    "She was found twice at the flat of a registered sex offender in Holloway.",
])
def test_rso_contact_families(extractor, text):
    assert "rso_contact" in asserted(extractor, text)


# --- adults_loitering: waiting opposite a school gate or a named home, in any tense

@pytest.mark.parametrize("text", [
    "A grey Golf has been parked up opposite the main gate at home time all week.",
    "Staff say a van waited outside Birch Lodge until the girls came out.",
    "Two men in a car sits across from the youth club most evenings.",
])
def test_waiting_opposite_a_named_place(extractor, text):
    assert "adults_loitering" in asserted(extractor, text)
