"""What an excerpt looks like once products/ has redacted it (real nlp.redact underneath)."""

from datetime import date

from products.inputs import Excerpt, Grade
from products.redaction import HANDLING_C_NOTE, mask, show

P = Grade("2", "B", "P")


def test_capitalised_surnames_and_later_mentions_are_masked():
    out = mask("Information received about Tanya WILLIAMS aged 15 from Brixton. Tanya was found in OY23 RBU. "
               "HARRIS Tiago, 16yo, Thames View. Tiago denies it. Mum is Grace O'NEIL-JONES.")
    for name in ("Tanya", "WILLIAMS", "HARRIS", "Tiago", "Grace", "NEIL", "JONES"):
        assert name not in out
    assert "Brixton" in out and "Thames View" in out and "OY23 RBU" in out


def test_a_name_before_an_age_is_masked_even_if_nlp_misses_it():
    out = mask("Source reports the following regarding Nimco Celik (12) of Uxbridge. Nimco has been groomed. "
               "Intel re Ana Pop, 16yo. Ana was seen.")
    for name in ("Nimco", "Celik", "Ana", "Pop"):
        assert name not in out
    assert "Uxbridge" in out and "Source reports" in out


def test_lower_cased_narratives_still_lose_the_name():
    text = "intelligence re yp tia demir, 13, hammersmith. tia was found in a trap house."
    out = mask(text)
    assert "tia" not in out.replace("intelligence", "") and "demir" not in out and "hammersmith" in out


def test_a_name_before_a_date_of_birth_is_masked_in_any_case():
    # the demo corpus leaked "tiago clarke" this way into a force-wide briefing (session 4)
    for text in ("MFH: tiago clarke, DOB 16/05/2011, home address 101 Meadow Way. The YP was located.",
                 "MISPER: Tiago CLARKE, d.o.b. 16/05/2011. Tiago was located."):
        out = mask(text)
        assert "tiago" not in out.lower() and "clarke" not in out.lower(), out
        assert out.startswith(("MFH: [NAME]", "MISPER: [NAME]")) and "located" in out
    assert mask("For the record, DOB checks were completed.") == "For the record, DOB checks were completed."


def test_a_lower_case_street_name_after_known_as_is_masked():
    out = mask("He owes money to a male known as spanner after being robbed of a bag.")
    assert "spanner" not in out and "after being robbed" in out


def test_a_place_mistaken_for_a_name_does_not_mask_common_words():
    from nlp.extraction import Entity

    text = "Seen in Barking and Dagenham with Ali."
    ents = [Entity("PERSON", "Barking and Dagenham", 8, 28, "barking and dagenham"), Entity("PERSON", "Ali", 34, 37, "ali")]
    from products.redaction import name_tokens

    assert "and" not in name_tokens(text, ents) and "Ali" in name_tokens(text, ents)
    assert mask("Hammersmith and Fulham", hints=frozenset(name_tokens(text, ents))) == "Hammersmith and Fulham"


def test_acronyms_next_to_words_stay():
    # entities=[]: this checks the products' own net, whatever the NLP layer finds
    out = mask("Checks on Merlin PAC and CRIS. Referred to MASH by the school.", [])
    assert "Merlin PAC" in out and "MASH" in out


def test_a_name_that_is_also_a_word_masks_only_the_name():
    out = mask("Will HUGHES (15) says he will not go home.")
    assert "HUGHES" not in out and "he will not go home" in out


def test_contact_details_masked_references_kept():
    out = mask("Call 07700 900123 or +44 7700 900124, email a.b@example.org. Ref CR-2026-000123, YP-004512.")
    assert "900123" not in out and "900124" not in out and "example.org" not in out
    assert "CR-2026-000123" in out and "YP-004512" in out


def test_focus_quotes_the_sentences_with_the_evidence():
    text = ("Source reports the following about Ali KHAN (15) of Hackney. He plays football. "
            "He is collected by an older male in a black Audi most evenings. Mum works nights.")
    start = text.index("collected")
    shown = show(Excerpt("LIT-1", text, P, "Hackney", date(2026, 11, 17), focus=[(start, start + 9)]))
    assert shown.text.startswith("… He is collected by an older male")
    assert "football" not in shown.text


def test_handling_code_c_gives_the_note_not_the_text():
    shown = show(Excerpt("LIT-2", "Covert detail.", Grade("1", "A", "C")))
    assert shown.text == HANDLING_C_NOTE and not shown.quoted and shown.grade_code == "graded 1A C"


def test_ungraded_is_said_in_words():
    assert show(Excerpt("CR-1", "Text.", Grade())).grade_code == "ungraded"
