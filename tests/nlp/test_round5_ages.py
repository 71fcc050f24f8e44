"""Round 5 age forms: a subject then the age, lists, full names between commas, bracket notes.

Hand-written sentences, none copied from a gold set.
"""

import pytest


def ages(extractor, text):
    return sorted(int(e.norm) for e in extractor.extract(text).entities if e.label == "AGE")


@pytest.mark.parametrize("text, expected", [
    ("Missing: Kezia Ward, 15, from home in Southall.", [15]),
    ("MFH returned 0215, Jordan (14, LAC) dropped outside the unit.", [14]),
    ("Parents are both 19.", [19]),
    ("Marco is 14.", [14]),
    ("Resident is 70 and has dementia.", [70]),
    ("Care leaver, 18, flat visited.", [18]),
    ("One of the kids is Kaine, thought to be 13.", [13]),
    ("3 children aged 4, 6 and 9 home alone.", [4, 6, 9]),
    ("Dad was taking his sons 9 and 11 to a match.", [9, 11]),
    ("a boy of 8 in the congregation", [8]),
    ("abused her between the ages of 8 and 11 when she lived there", [8, 11]),
    ("he has been having sex with her since she was 13", [13]),
    ("chatting to users who say they are 13 and 14.", [13, 14]),
    # round 5b: contractions, stated and apparent ages, bracket notes with a school year, ranges
    ("Says he's 19 but she doesn't know his surname.", [19]),
    ("My daughter Ruby's 15, she's not come home.", [15]),
    ("ED triage 23:15. F, 14, brought in by BTP.", [14]),
    ("An image of Ellie-Mae (Y10, 14) is being shared.", [14]),
    ("Girl, gives age as 16 but looks younger.", [16]),
    ("The father of the baby is 'Kev', who she thinks is 31.", [31]),
    ("Thank you for referring Bethany, now 16.", [16]),
    ("Mum, 38, and son Kieran, 12, attended.", [12, 38]),
    ("Stopped 3 boys (14-15) on Green St.", [14, 15]),
    ("Girls who look about 15 come and go.", [15]),
])
def test_age_forms_round5(extractor, text, expected):
    assert ages(extractor, text) == expected


@pytest.mark.parametrize("text", [
    "Flat 12 Clement House, Year 9 student, Room 4.",
    "It is 10 past the hour.",
    "He is 14 minutes late.",
    "Lives at 12 Fox Lane, 14, Smith Road.",
    "It's 10 past the hour.",
    "She took approx 20 tabs on Sunday.",
    "Ward panel, Highbury East, 12 Feb.",
    "School group (approx 30 pupils) on the platform.",
])
def test_numbers_that_are_not_ages(extractor, text):
    assert ages(extractor, text) == []


def test_school_year_in_brackets_is_not_an_age(extractor):
    assert ages(extractor, "Jordan (14, Y10) was seen at the gates.") == [14]

