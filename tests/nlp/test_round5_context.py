"""Round 5 context rules: scope ends, adults named with an age, whose place or contact, hedges
about an age, analysts' unconfirmed sources, risk and future wording, offender history.

Hand-written sentences, none taken from an evaluation set.
"""

import pytest

FLAGS = ("negated", "hypothetical", "historical", "uncertain", "other_subject")


def mentions(extractor, text, ind):
    return [m for m in extractor.extract(text).indicators if m.id == ind]


def flags(extractor, text, ind):
    ms = mentions(extractor, text, ind)
    assert ms, f"{ind} not found in {text!r}"
    return {f for f in FLAGS if getattr(ms[0], f)}


def asserted(extractor, text, ind):
    return ind in extractor.extract(text).asserted_indicators


# --- a mention whose own words hold a negation is the indicator's wording, not a negation ---------

@pytest.mark.parametrize("text, ind", [
    ("Asked about the men at the flat, she would not say anything more.", "distrust_authority"),
    ("He will not engage with his social worker or the police.", "distrust_authority"),
    ("Ayesha is not attending school and stays in bed all day.", "education"),
])
def test_a_negation_inside_the_indicator_wording_still_asserts(extractor, text, ind):
    assert asserted(extractor, text, ind)


def test_a_pseudo_phrase_still_drops_a_mention_it_does_not_start(extractor):
    # "no money" is not a gift of money
    assert not asserted(extractor, "There was no money in the house for food.", "gifts_money")


# --- a full stop in lower-case notes ends a scope -------------------------------------------------

def test_a_full_stop_in_lower_case_notes_ends_a_negation(extractor):
    text = "yp located at 0300 in Luton. no phone on him. refused to say where he had been or who with."
    assert asserted(extractor, text, "distrust_authority")


def test_a_full_stop_after_a_title_does_not_end_a_scope(extractor):
    assert "other_subject" in flags(extractor, "her brother on st. ann's road was stabbed last week.", "injuries")


def test_a_full_stop_does_not_stop_a_negation_inside_its_own_sentence(extractor):
    assert "negated" in flags(extractor, "yp denies carrying a knife. compliant throughout.", "weapons")


# --- adults named with an age; the child acting towards someone -----------------------------------

@pytest.mark.parametrize("text, ind", [
    ("Intelligence suggests Wayne PRICE (38) is selling cocaine from his flat in Romford.", "drug_running"),
    ("Occupant Mr Lee HART (54, alcohol dependent) let the officers in.", "substances"),
    ("Man arrested on suspicion of supplying class A drugs.", "drug_running"),
])
def test_an_adult_named_with_an_age_or_arrested_is_someone_else(extractor, text, ind):
    assert "other_subject" in flags(extractor, text, ind)


def test_a_child_named_with_an_age_is_still_the_subject(extractor):
    assert asserted(extractor, "Intelligence suggests Kyle PRICE (15) is selling cocaine in Romford.", "drug_running")


@pytest.mark.parametrize("text, ind", [
    ("He keeps a machete at his nan's address in Enfield and has been carrying it out.", "weapons"),
    ("She came back from her dad's contact visit with bruising to her arm.", "injuries"),
    ("She met him through a friend at a house party in Ilford.", "hotels_venues"),
    ("Maya texted her mum at 3am from an address in Luton.", "staying_out_late"),
    ("Leo's mum says Leo has become withdrawn and secretive.", "behaviour_change"),
])
def test_a_place_or_contact_named_by_whose_it_is_stays_about_the_child(extractor, text, ind):
    assert asserted(extractor, text, ind)


def test_a_relative_doing_something_is_still_someone_else(extractor):
    assert "other_subject" in flags(extractor, "Her dad's partner was stabbed in Croydon.", "injuries")


# --- hedges about an age, and arrests on suspicion -------------------------------------------------

@pytest.mark.parametrize("text, ind", [
    ("A girl, possibly 14, is being picked up by men in cars outside the station.", "vehicles"),
    ("The boys, believed to be aged 14 to 16, are carrying knives on the estate.", "weapons"),
    ("Arrested on suspicion of possession of indecent images of children.", "indecent_images"),
])
def test_a_hedged_age_or_an_arrest_on_suspicion_is_not_a_hedged_event(extractor, text, ind):
    assert asserted(extractor, text, ind)


def test_a_hedge_on_the_event_still_counts(extractor):
    assert "uncertain" in flags(extractor, "The girl, aged 14, is possibly carrying a knife.", "weapons")


# --- analysts' unconfirmed sources hedge their whole sentence --------------------------------------

@pytest.mark.parametrize("text, ind", [
    ("Unconfirmed intelligence suggests that a man called Tony runs a flat in Leyton where boys aged 14 are given cannabis.", "substances"),
    ("Single source information indicates a group of older males is meeting girls at a hotel in Ilford where they are given alcohol.", "substances"),
])
def test_an_unconfirmed_source_hedges_its_sentence(extractor, text, ind):
    assert "uncertain" in flags(extractor, text, ind)


def test_an_unconfirmed_source_does_not_hedge_the_next_sentence(extractor):
    text = "Unconfirmed information states she knows the men. Officers found her in a car with two adult males last night."
    assert asserted(extractor, text, "vehicles")


# --- risk, future plans, requests, awareness talks ---------------------------------------------------

@pytest.mark.parametrize("text, ind", [
    ("Risk of going missing is assessed as high.", "missing_episodes"),
    ("He says his uncle is going to buy him a new phone.", "phones"),
    ("If she is located, officers are requested to search her for additional phones.", "phones"),
])
def test_future_and_preventive_wording_is_hypothetical(extractor, text, ind):
    assert "hypothetical" in flags(extractor, text, ind)


# --- negation ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ind", [
    ("Was not treated as a MISPER as she was with her grandmother.", "missing_episodes"),
    ("self harm q's - denies. no marks seen.", "self_harm"),
    ("No link has been established between the stabbing in Tottenham and the local gang.", "gangs"),
])
def test_negations_of_round5(extractor, text, ind):
    assert "negated" in flags(extractor, text, ind)


def test_a_negated_sentence_does_not_reach_the_next(extractor):
    text = "No link has been established with the robbery. He was found carrying a knife last night."
    assert asserted(extractor, text, "weapons")


# --- history ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ind", [
    ("RSO visit. Index offence 2011, making indecent images of children.", "indecent_images"),
    ("Seen with cash at the bus station. prev misper 2022, nil since.", "missing_episodes"),
    ("She says her stepfather sexually abused her between the ages of 7 and 10.", "familial_abuse"),
    ("Back story: he was groomed by a man he met on Grindr in 2020.", "online_contact"),
])
def test_offender_history_and_past_spans_are_historical(extractor, text, ind):
    assert "historical" in flags(extractor, text, ind)


# --- everyday senses -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ind", [
    ("He was robbed of his bike by two older boys near the park.", "offending"),
    ("She presents as settled and happy in her placement.", "gifts_money"),
    ("Officers attended the address at 23:40 following a noise complaint.", "staying_out_late"),
    ("Referral from Kent Police about a missing phone.", "missing_out_of_area"),
    ("PC Ahmed gave an online safety talk to Year 7 about Snapchat, Instagram, TikTok and gaming chats.", "online_contact"),
])
def test_everyday_senses_of_round5(extractor, text, ind):
    assert not asserted(extractor, text, ind)


@pytest.mark.parametrize("text, ind", [
    ("He was arrested for a robbery of a phone at the bus station.", "offending"),
    ("She was found in Kent at 3am with two older men.", "missing_out_of_area"),
    ("She was out until 23:40 and would not say where she had been.", "staying_out_late"),
    ("A man she met on Snapchat has been sending her gifts and asking to meet.", "online_contact"),
])
def test_risky_senses_kept(extractor, text, ind):
    assert asserted(extractor, text, ind)


# --- round 5b: backward-only terminators, adults by name and age, year spans, more everyday senses ---

@pytest.mark.parametrize("text, ind", [
    ("He has autism and learning difficulties and was exploited by a line in 2021.", "vulnerability"),
    ("She was seen carrying a knife in Peckham and is believed to be looking for the boy who robbed her.", "weapons"),
])
def test_a_backward_scope_stops_at_a_new_clause(extractor, text, ind):
    assert asserted(extractor, text, ind)


def test_a_forward_year_scope_still_covers_the_same_episode(extractor):
    assert "historical" in flags(extractor, "In 2019 she went missing and was found in Margate.", "missing_out_of_area")


@pytest.mark.parametrize("text, ind", [
    ("She went missing regularly in 2020 while in a foster placement in Kent.", "looked_after"),
    ("He was exploited in 2021, when he was arrested in Hastings holding drugs for a line.", "drug_running"),
    ("She was on a child protection plan 2019-21 due to neglect and missing episodes.", "missing_episodes"),
    ("His 2015 conviction was for grooming a girl he met on Facebook.", "online_contact"),
])
def test_past_episodes_dated_by_a_year_or_span(extractor, text, ind):
    assert "historical" in flags(extractor, text, ind)


def test_an_iso_date_is_not_a_span_of_years(extractor):
    assert asserted(extractor, "Missing from home since 2025-03-12 and believed to be in Luton.", "missing_episodes")


@pytest.mark.parametrize("text, ind", [
    ("Woman (Sharon, 31) had a black eye and a cut to her lip.", "injuries"),
    ("Her partner Craig, 38, has been dealing drugs from the flat.", "drug_running"),
])
def test_an_adult_named_with_a_comma_age_is_someone_else(extractor, text, ind):
    assert "other_subject" in flags(extractor, text, ind)


def test_a_numbered_flat_is_not_an_age(extractor):
    assert asserted(extractor, "Found at a flat (Flat 22) in Southend with drugs and cash, dealing drugs for a line.", "drug_running")


@pytest.mark.parametrize("text, ind", [
    ("She is staying out past midnight and will not say where.", "staying_out_late"),
    ("Asked who gave him the phone he said 'I'm not a snitch' and walked off.", "distrust_authority"),
    ("Mia moved to her current foster placement 3 months ago and is settled.", "looked_after"),
])
def test_not_a_negation_or_history_after_all(extractor, text, ind):
    assert asserted(extractor, text, ind)


def test_many_months_ago_is_still_history(extractor):
    assert "historical" in flags(extractor, "She went missing from home several months ago.", "missing_episodes")


@pytest.mark.parametrize("text, ind", [
    ("Report of a 'gun' in the park - turned out to be a toy.", "weapons"),
])
def test_turned_out_to_be_negates_backwards(extractor, text, ind):
    assert "negated" in flags(extractor, text, ind)


def test_a_verbal_only_domestic_incident_is_not_familial_abuse(extractor):
    assert not asserted(extractor, "DA: verbal argument only between mum and her partner, nothing physical.", "familial_abuse")
    assert not asserted(extractor, "DASH completed, standard risk.", "familial_abuse")


def test_a_verbal_argument_that_turned_violent_is_still_abuse(extractor):
    text = "A verbal argument between mum and dad escalated over the evening and then dad punched mum in the face in front of the children."
    assert asserted(extractor, text, "familial_abuse")


# --- round 5c: the child in the mention, police timestamps, things that go missing ----------------

def test_a_terminator_inside_a_mention_does_not_stop_an_adult_scope(extractor):
    # "since" ends scopes but is not the child: the RSO is the one not seen
    assert "other_subject" in flags(extractor, "RSO Martin KEANE (52) not seen since 3 March.", "missing_episodes")


def test_the_child_inside_the_mention_keeps_it_about_the_child(extractor):
    assert asserted(extractor, "Her boyfriend (19) picked her up from school in his car.", "vehicles")


@pytest.mark.parametrize("text, ind", [
    ("Custody 0140. Interview in the morning.", "staying_out_late"),
    ("DA call 2305hrs to a flat in Leyton.", "staying_out_late"),
    ("Her rucksack and school bag went missing on the bus home.", "missing_episodes"),
    ("Her dad drove her to the county netball trials.", "vehicles"),
    ("Mr Khan reported a break-in at his takeaway.", "hotels_venues"),
    ("She was seen at school the next morning and spoke to the DSL.", "adults_loitering"),
])
def test_everyday_senses_of_round5c(extractor, text, ind):
    assert not asserted(extractor, text, ind)


@pytest.mark.parametrize("text, ind", [
    ("She was found in a park in Luton at 0230 with two older males.", "staying_out_late"),
    ("She went missing from her placement again last night.", "missing_episodes"),
    ("A man in a white van drove her to an address in Slough.", "vehicles"),
])
def test_risky_senses_of_round5c_kept(extractor, text, ind):
    assert asserted(extractor, text, ind)


# --- round 5d: an offender's past offence is not a theme; statuses held now; causes of a past plan ---

@pytest.mark.parametrize("text, theme", [
    ("RSO visit to Paul GRAY at his flat. He was convicted in 2011 of sexual assault of a child.", "sexual_abuse"),
    ("MOSOVO visit. Index offence 2008, possession of IIOC. Compliant, no concerns.", "iioc"),
    ("ViSOR note: two convictions for sexual assault (2010). Visit overdue.", "sexual_abuse"),
])
def test_an_offenders_past_conviction_does_not_make_the_theme(extractor, text, theme):
    assert theme not in extractor.extract(text).theme_ids


def test_a_child_disclosing_past_abuse_still_makes_the_theme(extractor):
    text = "Jade (14) disclosed that her uncle sexually abused her in 2019 when she stayed with him."
    assert "sexual_abuse" in extractor.extract(text).theme_ids


def test_a_year_in_brackets_dates_its_sentence(extractor):
    assert "historical" in flags(extractor, "She was found in Margate with older men (2019).", "missing_out_of_area")


def test_a_cause_of_a_past_plan_is_past_too(extractor):
    text = "Tom was on a child protection plan 2020-21 because of domestic abuse at home."
    assert "historical" in flags(extractor, text, "familial_abuse")


def test_a_status_held_now_is_not_history(extractor):
    assert asserted(extractor, "He is now recorded as a Child Missing Education.", "education")


def test_an_adult_named_with_an_age_is_someone_else_when_named_again(extractor):
    text = ("Officers attended a flat in Leyton. Male (Darren, 41) was arrested. "
            "Darren refused to give a statement and was drinking heavily.")
    assert "other_subject" in flags(extractor, text, "substances")
    text = "Occupant Mr Colin PRICE (67) let officers in. PRICE has learning difficulties."
    assert "other_subject" in flags(extractor, text, "vulnerability")


def test_the_child_named_after_an_adult_is_still_the_subject(extractor):
    text = "Dean WARD (30) was arrested at the flat. Kayla (14) was drinking heavily and had cuts to her arms."
    assert asserted(extractor, text, "substances")


# --- round 5e: clause ends for history, a closing quote ends a negation -------------------------

@pytest.mark.parametrize("text, ind", [
    ("He is on a reduced timetable at the PRU following a permanent exclusion in Year 8.", "education"),
    ("Her nan died in 2020 and her father is alcohol dependent.", "family_mh_substance"),
    ("He was stabbed in 2021 and has been too scared to go to school since the summer.", "education"),
    ("He says he 'doesnt remember', refuses to give a statement and walks out.", "disclosure_withdrawn"),
])
def test_a_new_clause_or_a_closing_quote_ends_the_scope(extractor, text, ind):
    assert asserted(extractor, text, ind)


def test_the_same_past_clause_stays_historical(extractor):
    assert "historical" in flags(extractor, "In 2020 she was excluded from school for fighting.", "education")


# --- round 5f ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ind", [
    ("Adult MISPER: Doris (80) left her sheltered flat this morning and was found safe.", "missing_episodes"),
    ("Knife not recovered from the scene.", "weapons"),
])
def test_an_adult_missing_or_an_object_not_recovered_is_not_asserted(extractor, text, ind):
    assert not asserted(extractor, text, ind)


def test_a_past_relationship_ended_long_ago_is_history(extractor):
    text = "He was violent to her during the relationship, which ended in 2018."
    assert "historical" in flags(extractor, text, "behaviour_change")


def test_a_missing_child_is_still_asserted(extractor):
    assert asserted(extractor, "MISPER: Kayla (14) left her placement at 2100 and has not returned.", "missing_episodes")


# --- round 5g: the reporting convention, hedging headings ------------------------------------------

def test_it_is_reported_that_asserts_like_source_reports(extractor):
    assert asserted(extractor, "It is reported that Mia (14) has been going missing overnight.", "missing_episodes")


def test_it_is_believed_that_hedges(extractor):
    assert "uncertain" in flags(extractor, "It is believed that Chloe is going missing overnight.", "missing_episodes")


def test_a_hedging_heading_covers_its_sentence(extractor):
    text = "Intel from a single source, not corroborated: Tia (13) is staying at a trap house in Luton."
    assert "uncertain" in flags(extractor, text, "drug_running")


# --- round 5h: the possessive tells the child's sex, so a pronoun of the other sex is the other person ---

def test_he_after_her_dad_is_the_dad(extractor):
    text = "Her stepdad shouts at the children and when he has been drinking he smashes things."
    assert "other_subject" in flags(extractor, text, "substances")


def test_she_after_his_mum_is_the_mum(extractor):
    text = "His mum is struggling and says that she has been self-harming again."
    assert "other_subject" in flags(extractor, text, "self_harm")


def test_she_after_her_brother_is_the_child(extractor):
    text = "Her brother was arrested last week and she has been self-harming since."
    assert asserted(extractor, text, "self_harm")


# --- round 5i: form answers and 'nothing to indicate' -------------------------------------------------

@pytest.mark.parametrize("text, ind", [
    ("Nothing to indicate county lines involvement.", "drug_running"),
    ("Injuries: none seen.", "injuries"),
    ("Self-harm: denies.", "self_harm"),
])
def test_form_answers_and_nothing_to_indicate_negate(extractor, text, ind):
    assert "negated" in flags(extractor, text, ind)


def test_a_colon_list_starting_with_no_does_not_negate_back(extractor):
    text = "She is missing again tonight and home conditions are poor: no food in the fridge."
    assert asserted(extractor, text, "missing_episodes")


# --- round 5j: a comma ends a negation unless the stretch is an "or" list; a clause inside a co-occurrence ---

def test_a_comma_ends_a_negation(extractor):
    text = "yp stopped on a bike at 2330, refused to give his name, had two phones and £400 cash on him."
    assert asserted(extractor, text, "phones")


def test_an_or_list_keeps_the_negation(extractor):
    assert "negated" in flags(extractor, "No concerns of missing episodes, CSE or drug use.", "substances")


def test_a_negation_in_a_later_clause_of_a_co_occurrence_does_not_count(extractor):
    text = "Her brothers have threatened her after she refused to marry a man chosen by the family."
    assert asserted(extractor, text, "familial_abuse")


def test_a_negation_right_inside_a_co_occurrence_still_counts(extractor):
    assert "negated" in flags(extractor, "Her stepdad did not hit her.", "familial_abuse")


def test_an_adult_named_by_role_is_someone_else(extractor):
    assert "other_subject" in flags(extractor, "The landlord has been dealing drugs from the ground floor flat.", "drug_running")
    assert "other_subject" in flags(extractor, "The suspect was carrying a knife when arrested.", "weapons")


def test_an_adult_named_by_role_acting_on_the_child_is_about_the_child(extractor):
    assert asserted(extractor, "Her football coach has been picking her up from school in his car.", "vehicles")


def test_an_offender_making_indecent_images_still_makes_the_iioc_theme(extractor):
    e = extractor.extract("Intelligence suggests Mark JONES (41) of Croydon is uploading indecent images of children to a cloud account.")
    assert "iioc" in e.theme_ids
    assert "indecent_images" not in e.asserted_indicators


def test_has_no_negates_and_needs_still_count(extractor):
    assert flags(extractor, "He has no gang links.", "gangs") == {"negated"}
    assert flags(extractor, "Victim's school says he has no known gang links.", "gangs") == {"negated"}
    assert "neglect" in extractor.extract("Mum has no food in the house.").theme_ids
    assert "looked_after" in {m.id for m in extractor.extract("He has no fixed abode.").indicators if m.asserted}
