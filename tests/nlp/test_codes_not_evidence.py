"""A phrase inside a registration, phone number, email or postcode is part of a code, not a sign.

Upper-case narratives made 'SYV' (serious youth violence) match inside the plate "MS72 SYV".
"""

PLATE = "A DARK GREEN VW GOLF, MS72 SYV, HAS BEEN SEEN PICKING THE YP UP NEAR THE STATION."


def test_phrase_inside_a_plate_is_not_evidence(extractor):
    ex = extractor.extract(PLATE)
    assert [e.norm for e in ex.entities if e.label == "VRM"] == ["MS72SYV"]
    assert "youth_violence" not in ex.theme_ids


def test_same_phrase_outside_the_code_still_counts(extractor):
    text = PLATE + " THE YP WAS STABBED IN AN SYV INCIDENT LAST WEEK."
    ex = extractor.extract(text)
    spans = [(e.start, e.end) for t in ex.themes if t.id == "youth_violence" for e in t.evidence]
    assert (text.rindex("SYV"), text.rindex("SYV") + 3) in spans
    assert (text.index("SYV"), text.index("SYV") + 3) not in spans
