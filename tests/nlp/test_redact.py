"""Redaction keeps places and case references, masks identifiers."""

from nlp.extraction import Entity
from nlp.redact import redact


def test_redact_with_found_entities(extractor):
    text = ("Chloe SMITH (15), DOB 12/03/2010, of Flat 3, 22 Kingsbury Road NW9 7RL, phone 07700 900123, "
            "email chloe@example.com, seen in Colindale. Ref CR-2026-000123, Barnet BCU.")
    out = redact(text, extractor=extractor)
    for secret in ("Chloe", "SMITH", "12/03/2010", "Kingsbury Road", "NW9 7RL", "07700 900123", "chloe@example.com"):
        assert secret not in out
    for mask in ("[NAME]", "[DOB]", "[ADDRESS]", "[POSTCODE]", "[PHONE]", "[EMAIL]"):
        assert mask in out
    for kept in ("(15)", "Colindale", "CR-2026-000123", "Barnet"):
        assert kept in out


def test_redact_with_given_entities_masks_only_those_names():
    text = "Tiny met Amy at the park"
    out = redact(text, [Entity("PERSON", "Amy", 9, 12, "amy")])
    assert out == "Tiny met [NAME] at the park"


def test_redact_empty():
    assert redact("", []) == ""
