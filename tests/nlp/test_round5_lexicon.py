"""Round 5 lexicon: wording families and everyday senses (hand-written sentences, none from a gold set)."""

import pytest


def asserted(extractor, text):
    return extractor.extract(text).asserted_indicators


# --- missing_out_of_area: a town outside London counts when the child is found or travels there

@pytest.mark.parametrize("text", [
    "Officers located Mia in a flat in Ipswich at 0300.",
    "He has been taken to Swindon twice this month by older boys.",
    "The boys travel by coach to Bournemouth to sell.",
    "Kai is holding drugs at a trap house in Hastings.",
    "He was arrested in Northampton with wraps on him.",
    "He says he has been going OT for the olders.",
    "Her phone last connected near Reading station.",
])
def test_out_of_area_when_the_child_goes_there(extractor, text):
    assert "missing_out_of_area" in asserted(extractor, text)


@pytest.mark.parametrize("text", [
    "Referral received from Essex Police about a 14-year-old girl.",
    "Transfer in from Kent children's services; the case is closed.",
    "The suspect, a 40-year-old man from Luton, has been charged.",
    "The family used to live in Norwich.",
])
def test_a_town_named_alone_is_not_out_of_area(extractor, text):
    assert "missing_out_of_area" not in asserted(extractor, text)


# --- education: ways of saying a child is not in school

@pytest.mark.parametrize("text", [
    "Dylan has not been to school since the half-term break.",
    "She hasn't been in college for a fortnight.",
    "He is too frightened to go to school after the fight.",
    "Her father keeps her off school on Fridays.",
    "He has stopped going to his college course.",
    "The girl has never been enrolled at a school in this country.",
    "She keeps walking out of lessons.",
    "He has missed 25 days of school this year.",
    "Her attendance is 58% this term.",
    "Officers stopped him in the shopping centre on a school day.",
])
def test_not_in_school(extractor, text):
    assert "education" in asserted(extractor, text)


def test_full_attendance_is_not_an_education_concern(extractor):
    assert "education" not in asserted(extractor, "Her attendance is 98% and she loves school.")


# --- familial_abuse: more family words and more of what happens at home

@pytest.mark.parametrize("text", [
    "He said daddy grabbed him by the neck.",
    "Her step-mum says she is a witch and beats her.",
    "The boy told his teacher that mummy shook him hard.",
    "She said her stepfather pushed her down the stairs.",
    "He told us there are constant rows with mum's new partner.",
    "Her mum's boyfriend slaps the kids when he is angry.",
])
def test_abuse_at_home(extractor, text):
    assert "familial_abuse" in asserted(extractor, text)


# --- family_mh_substance: a parent's treatment or dependency near the parent

@pytest.mark.parametrize("text", [
    "Mum is on antidepressants and finds mornings hard.",
    "The flat belongs to a heroin-dependent mother.",
    "Dad drinks heavily most evenings.",
    "Mum was slurring her words when I arrived.",
])
def test_parent_health_or_substance(extractor, text):
    assert "family_mh_substance" in asserted(extractor, text)


def test_a_mothers_report_of_the_childs_drinking_is_not_the_mothers(extractor):
    assert "family_mh_substance" not in asserted(extractor, "Mum says Tia came home drunk on Saturday.")


# --- unknown_adults: an adult the child met, or is taken about by

@pytest.mark.parametrize("text", [
    "She left with a man she met at the bus station.",
    "He was befriended by an older man at the skate park.",
    "She was driven to Croydon by two men in a van.",
    "He was collected from school by an older lad in a car.",
    "She was seen with a man in his 40s outside the shop.",
])
def test_unknown_adults(extractor, text):
    assert "unknown_adults" in asserted(extractor, text)


# --- everyday senses kept out

@pytest.mark.parametrize("text, ind", [
    ("She presents as bright and settled in class.", "gifts_money"),
    ("He paid £80 in gift cards after the account threatened him.", "gifts_money"),
    ("The house was being used as a cannabis factory.", "substances"),
    ("There was a strong smell of cannabis in the stairwell.", "substances"),
    ("Referral copied to CAMHS and the school nurse.", "vulnerability"),
    ("Assessment: low confidence in the source's reliability.", "vulnerability"),
    ("He is a UASC placed with foster carers.", "vulnerability"),
    ("His YOS worker visited on Tuesday.", "offending"),
    ("He is currently on a YRO and attends his sessions.", "offending"),
    ("Her bike was stolen from the school gates.", "offending"),
    ("He was robbed of his phone on the bus.", "offending"),
])
def test_everyday_sense_is_not_the_indicator(extractor, text, ind):
    assert ind not in asserted(extractor, text)


@pytest.mark.parametrize("text, ind", [
    ("She said he sent her Amazon vouchers every week.", "gifts_money"),
    ("An older male has been giving him cannabis and cash.", "substances"),
    ("He was found with a small bag of herbal cannabis.", "substances"),
    ("He has been arrested for shoplifting twice this month.", "offending"),
])
def test_risky_sense_is_still_found(extractor, text, ind):
    assert ind in asserted(extractor, text)


# --- older_partner: 'partner' with an age is an adult's partner

def test_an_adults_partner_with_an_age_is_not_an_older_partner(extractor):
    text = "Mum said her partner Steve, 41, threw a cup at the wall."
    assert "older_partner" not in asserted(extractor, text)


def test_a_girls_older_boyfriend_is_still_found(extractor):
    assert "older_partner" in asserted(extractor, "Jess (14) says her boyfriend is 23.")


# --- theme weights (SERAF manner): signs shared with criminal exploitation need company

def themes(extractor, text):
    return extractor.extract(text).theme_ids


def test_a_car_and_a_hotel_alone_do_not_make_cse(extractor):
    text = "He gets picked up in cars and has stayed at a hotel."
    assert "cse" not in themes(extractor, text)


def test_gifts_from_an_unknown_adult_make_cse(extractor):
    text = "An unknown adult male has been buying her gifts and clothes."
    assert "cse" in themes(extractor, text)


def test_an_nrm_referral_alone_is_trafficking_not_cce(extractor):
    found = themes(extractor, "An NRM referral has been submitted for the girl.")
    assert "trafficking" in found and "cce" not in found


# --- cuckooing: a vulnerable adult's home that others use

@pytest.mark.parametrize("text", [
    "Boys are dealing from the flat of a disabled man on the estate.",
    "The tenant said he could not make them leave.",
    "Neighbours report young men in and out day and night.",
    "Officers noted numerous callers at the door.",
])
def test_cuckooing(extractor, text):
    assert "cuckooing" in asserted(extractor, text)


# --- rso_contact: the offender with children, or a new partner who has children

@pytest.mark.parametrize("text", [
    "The RSO was found with a 13yo boy in his car.",
    "The registered offender was seen giving sweets to kids in the park.",
    "He has started seeing a woman, Jo, who has two children.",
    "His girlfriend has 3 children under ten.",
])
def test_rso_contact(extractor, text):
    assert "rso_contact" in asserted(extractor, text)


# --- precision: a phone prefix is not a time; an offender's own flat is not a venue; met online

def test_an_international_phone_prefix_is_not_a_late_time(extractor):
    assert "staying_out_late" not in asserted(extractor, "Call back on 0044 7700 900111 please.")


def test_a_late_time_is_still_found(extractor):
    assert "staying_out_late" in asserted(extractor, "She came back to the unit at 0230.")


def test_an_offenders_own_flat_is_not_a_venue(extractor):
    assert "hotels_venues" not in asserted(extractor, "Home visit to the RSO at his flat in Erith; compliant.")


def test_a_man_met_online_is_not_an_unknown_adult(extractor):
    found = asserted(extractor, "She is chatting to a man she met on Roblox.")
    assert "unknown_adults" not in found


# --- offender_management: naming a registered/managed sex offender is enough; release words are not

def test_a_compliant_rso_visit_is_offender_management(extractor):
    assert "offender_management" in themes(extractor, "RSO visit to Mr Hall: compliant, nothing of note.")


def test_release_from_prison_alone_is_not_offender_management(extractor):
    text = "Her dad was released from prison last month and lives in Leeds."
    assert "offender_management" not in themes(extractor, text)


# --- return_state: a state said of a return, not of any moment

def test_a_state_on_return(extractor):
    text = "She came back to the unit at six and she was dirty and exhausted."
    assert "return_state" in asserted(extractor, text)


@pytest.mark.parametrize("text", [
    "At school he looked tired in the afternoon lesson.",
    "She was scared of the dog next door.",
])
def test_a_state_without_a_return_is_not_return_state(extractor, text):
    assert "return_state" not in asserted(extractor, text)


# --- exploited_peers: a count of children is not a peer group

def test_a_count_of_boys_is_not_exploited_peers(extractor):
    text = "He was chased by four boys near the station."
    assert "exploited_peers" not in asserted(extractor, text)


# --- behaviour change and sexual abuse in parents' and children's words

@pytest.mark.parametrize("text", [
    "His dad says he is not the same boy since the summer.",
    "She has dropped out of all her clubs.",
    "He has stopped seeing his old mates.",
    "She has started wetting the bed again.",
])
def test_behaviour_change(extractor, text):
    assert "behaviour_change" in asserted(extractor, text)


def test_a_childs_words_for_sexual_abuse(extractor):
    assert "sexual_abuse" in themes(extractor, "She told her teacher that her uncle touches me when mum is out.")


# --- exploited_peers: several children in the exploitation scene

def test_several_children_in_the_scene_are_exploited_peers(extractor):
    text = "The car held three boys with cash and wraps, all reported missing that day."
    assert "exploited_peers" in asserted(extractor, text)


def test_children_counted_at_a_domestic_are_not_exploited_peers(extractor):
    text = "Her two boys witnessed the argument from the stairs."
    assert "exploited_peers" not in asserted(extractor, text)


# --- gifts_money, distrust_authority, unknown_adults: more wording families

@pytest.mark.parametrize("text, ind", [
    ("He was stopped with £250 in small notes.", "gifts_money"),
    ("Officers found £400 in his sock.", "gifts_money"),
    ("She was seen with a wad of cash.", "gifts_money"),
    ("She has a new iPhone that her parents did not buy.", "gifts_money"),
    ("Mum doesn't know where the trainers came from.", "gifts_money"),
    ("A user has been sending him Roblox Robux.", "gifts_money"),
    ("She refused to attend the return home interview.", "distrust_authority"),
    ("He is too scared to talk to police.", "distrust_authority"),
    ("He has told his YOT worker nothing.", "distrust_authority"),
    ("A man in a silver Audi waits near the school.", "unknown_adults"),
    ("Staff saw a man checking in with a girl of about 14.", "unknown_adults"),
])
def test_more_wording_families(extractor, text, ind):
    assert ind in asserted(extractor, text)


# --- phones and familial_abuse: evidence handling and an exploiter's threats are not the indicator

def test_a_phone_seized_as_evidence_is_not_the_phones_indicator(extractor):
    assert "phones" not in asserted(extractor, "The suspect was arrested and his phone seized.")


def test_an_exploiters_threat_to_the_family_is_not_familial_abuse(extractor):
    text = "The dealers threatened his family if he stopped working."
    assert "familial_abuse" not in asserted(extractor, text)


def test_a_foster_carer_reporting_damage_is_not_familial_abuse(extractor):
    text = "Her foster carer reports she smashed a window last week."
    assert "familial_abuse" not in asserted(extractor, text)


# --- neglect: supervision, food and home conditions; a return state alone is not neglect

@pytest.mark.parametrize("text", [
    "Two toddlers were in the flat with no adult present.",
    "A boy of four was found wandering alone on the high road at night.",
    "There was nothing in the fridge and dog mess on the carpet.",
    "The baby has dropped below the weight centiles.",
])
def test_neglect(extractor, text):
    assert "neglect" in themes(extractor, text)


def test_a_filthy_return_from_missing_is_not_neglect(extractor):
    text = "She came back after two nights missing, filthy and starving."
    found = themes(extractor, text)
    assert "missing" in found and "neglect" not in found


def test_head_lice_alone_is_not_neglect(extractor):
    assert "neglect" not in themes(extractor, "Referral about a 7-year-old with head lice.")


# --- cce: travel and movement out of area are shared with CSE, trafficking and missing

def test_being_moved_out_of_area_by_older_men_is_not_cce_alone(extractor):
    text = "She was moved between flats in Luton and Reading by two older men after going missing."
    assert "cce" not in themes(extractor, text)


# --- drug_running and gangs in street words

@pytest.mark.parametrize("text, ind", [
    ("A man gave him a phone and told him to hand over packages.", "drug_running"),
    ("He goes in and out of the crackhouse on the corner.", "drug_running"),
    ("He lost a bag of food and now owes them.", "drug_running"),
    ("She is made to hold drugs and cash for the group.", "drug_running"),
    ("He is linked to the Kilburn group.", "gangs"),
    ("He runs with the Church Street lot.", "gangs"),
    ("The older boys call him Tiny now.", "gangs"),
])
def test_street_words(extractor, text, ind):
    assert ind in asserted(extractor, text)


def test_a_suspects_nickname_is_not_the_childs_gang_sign(extractor):
    text = "One suspect, with the nickname 'Bones' shouted by the others, ran off."
    assert "gangs" not in asserted(extractor, text)


# --- adults_loitering: a school named by its name

@pytest.mark.parametrize("text", [
    "A white van has been parked opposite Hillside Primary most afternoons.",
    "Two men were hanging about outside the gates of Northfield High.",
    "Staff have seen a car waiting on the road outside every evening.",
])
def test_adults_loitering_near_a_named_school(extractor, text):
    assert "adults_loitering" in asserted(extractor, text)


def test_a_child_seen_at_school_is_not_loitering(extractor):
    assert "adults_loitering" not in asserted(extractor, "She was seen at school by the nurse on Monday.")


# --- self_harm, disclosure_withdrawn, indecent_images, sexual_health: more wording families

@pytest.mark.parametrize("text, ind", [
    ("He has been talking about ending it all.", "self_harm"),
    ("She swallowed 16 paracetamol at the party.", "self_harm"),
    ("She now says she made it all up.", "disclosure_withdrawn"),
    ("He later said it didn't happen.", "disclosure_withdrawn"),
    ("A nude pic of her was passed round the year group.", "indecent_images"),
    ("The boys filmed it on their phones.", "indecent_images"),
    ("He sent them pictures of himself.", "indecent_images"),
    ("Photos of the girl posed in a sexualised way were found.", "indecent_images"),
    ("She attended Brook for emergency contraception.", "sexual_health"),
])
def test_wording_families_round5(extractor, text, ind):
    assert ind in asserted(extractor, text)


def test_a_building_called_brook_is_not_sexual_health(extractor):
    assert "sexual_health" not in asserted(extractor, "He was dropped outside Brook House at midnight.")


# --- injuries named by where they are; family abuse in more words

@pytest.mark.parametrize("text, ind", [
    ("He came in with a small cut to his hand he would not explain.", "injuries"),
    ("There was a handprint on her face.", "injuries"),
    ("He has scarring on his back from being 'disciplined'.", "injuries"),
    ("Her mum's boyfriend shouts at her and calls her names.", "familial_abuse"),
    ("She has been kept in the house by her brothers.", "familial_abuse"),
    ("Her father has arranged her marriage to a cousin.", "familial_abuse"),
])
def test_injuries_and_family_abuse(extractor, text, ind):
    assert ind in asserted(extractor, text)


# --- domestic abuse and harmful practices in what children and parents describe

@pytest.mark.parametrize("text, theme", [
    ("He said dad keeps smashing things and shouting at mum.", "domestic_abuse"),
    ("Mum is frightened of her partner and has a black eye.", "domestic_abuse"),
    ("Her father said she had dishonoured the family.", "harmful_practices"),
    ("Her parents have told her she is to marry a cousin this summer.", "harmful_practices"),
    ("The pastor told the aunt there is an evil spirit inside him.", "harmful_practices"),
])
def test_theme_wording_round5(extractor, text, theme):
    assert theme in themes(extractor, text)


def test_a_positive_change_is_not_behaviour_change(extractor):
    assert "behaviour_change" not in asserted(extractor, "Mum says she is a different girl since joining netball.")


# --- missing_episodes: a home named by its name, police shorthand, a parent not having seen the child

@pytest.mark.parametrize("text", [
    "Jade (14) missing from Oak Lodge children's home since 21:00.",
    "Nil trace at any of the known addresses.",
    "Mum says she hasn't seen him since Friday.",
])
def test_missing_wordings(extractor, text):
    assert "missing_episodes" in asserted(extractor, text)


# --- precision: a place called Burnt Oak, a CEOP referral, very low self-esteem

@pytest.mark.parametrize("text, ind", [
    ("His daughter lives with her mum in Burnt Oak.", "familial_abuse"),
    ("CEOP referral received about an account messaging a boy.", "indecent_images"),
    ("She has very low self-esteem and few friends.", "behaviour_change"),
])
def test_round5_precision(extractor, text, ind):
    assert ind not in asserted(extractor, text)


@pytest.mark.parametrize("text", [
    "She is being advertised online for sex by two men.",
    "The girls are being passed around the men at the flat.",
])
def test_cse_named_by_what_is_done(extractor, text):
    assert "cse" in themes(extractor, text)


@pytest.mark.parametrize("text", [
    "Regulation 40 notification - Oakfield House. Child: T.M., 14.",
    "Key work session with Ryan about being out past curfew.",
    "She told her key worker that two men had taken her to a flat.",
    "Missing from care - Ellie, 13, went over the back fence.",
    "Staff at the home noticed she had a new phone.",
])
def test_a_childrens_home_record_names_the_child_as_looked_after(extractor, text):
    assert "looked_after" in asserted(extractor, text)


@pytest.mark.parametrize("text", [
    "He returned to the home address at 2300 with mum.",
    "Dad is a key worker at the hospital.",
])
def test_family_home_and_essential_workers_are_not_care(extractor, text):
    assert "looked_after" not in asserted(extractor, text)
