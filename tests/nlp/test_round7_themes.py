"""Round 7 (session 4): theme wordings found while checking the synthetic corpus against its truth.

Hand-written sentences in other words than the generator's.
"""

import pytest

from tests.nlp.helpers import asserted


@pytest.mark.parametrize("text, theme", [
    # the one who found the messages is not the one they are about
    ("Her foster carer discovered chats from an adult grooming her online.", "online_abuse"),
    ("His older brother found messages from a man grooming him online.", "online_abuse"),
    ("Intel suggests she is being exploited for sex at parties in Croydon.", "cse"),
])
def test_theme_is_found(extractor, text, theme):
    assert theme in extractor.extract(text).theme_ids


def test_the_finder_does_not_make_the_contact_someone_elses(extractor):
    assert "online_contact" in asserted(extractor, "Her stepdad found messages from a man grooming Elif online.")


def test_a_sibling_groomed_online_is_still_someone_else(extractor):
    ex = extractor.extract("Her older sister has been groomed online.")
    assert "online_abuse" not in ex.theme_ids and "online_contact" not in ex.asserted_indicators


def test_peers_described_by_their_own_concern_are_other_subjects(extractor):
    text = "She is friends with girls who are subject to CSE plans."
    doc = extractor.nlp(extractor._doc(text, None))
    cse_terms = [h for h in doc.user_data["intel_hits"] if h.kind == "T" and h.key == "cse"]
    assert cse_terms and all("other_subject" in h.flags for h in cse_terms)
