"""Behaviour of the whole extractor: indicators with context flags, themes, risk, offsets, safety."""

from datetime import date

import pytest

from nlp.extraction import Extraction

EXAMPLE = ("Source reports YP Chloe (15) from a Colindale care home is being collected most evenings by an "
           "older male in a black Audi LR15 KTW. She has a new iPhone and cash she cannot explain. "
           "Not reported missing this week.")


def flags_of(ex: Extraction, iid: str) -> list[list[str]]:
    return [m.flags for m in ex.indicators if m.id == iid]


def test_example_record_finds_cse_signs_and_negated_missing(extractor):
    ex = extractor.extract(EXAMPLE, id="LIT-1")
    assert ex.id == "LIT-1"
    assert {"looked_after", "vehicles", "gifts_money"} <= set(ex.asserted_indicators)
    assert "missing_episodes" not in ex.asserted_indicators
    assert ["negated"] in flags_of(ex, "missing_episodes")
    assert "cse" in ex.theme_ids
    assert "missing" not in ex.theme_ids
    assert ex.risk.band == "high"
    assert any(r.startswith("vehicles (significant") for r in ex.risk.reasons)


def test_offsets_index_the_input(extractor):
    ex = extractor.extract(EXAMPLE)
    for m in ex.indicators:
        assert EXAMPLE[m.start:m.end] == m.text
    for e in ex.entities:
        assert EXAMPLE[e.start:e.end] == e.text
    for t in ex.themes:
        for ev in t.evidence:
            assert EXAMPLE[ev.start:ev.end] == ev.text


@pytest.mark.parametrize("text, iid, flag", [
    ("There are no concerns re CSE or missing episodes.", "missing_episodes", "negated"),
    ("If she goes missing again she is to be graded high risk.", "missing_episodes", "hypothetical"),
    ("She was previously reported missing in 2014.", "missing_episodes", "historical"),
    ("She is possibly being picked up by unknown males.", "vehicles", "uncertain"),
    ("Her brother is known to carry a knife.", "weapons", "other_subject"),
    ("He denies carrying a knife.", "weapons", "negated"),
])
def test_context_flags_stop_assertion(extractor, text, iid, flag):
    ex = extractor.extract(text)
    assert iid not in ex.asserted_indicators
    assert any(flag in f for f in flags_of(ex, iid)), ex.indicators


def test_no_concerns_re_cse_is_not_cse(extractor):
    ex = extractor.extract("Holly (15) attending school well. No concerns re CSE.")
    assert "cse" not in ex.theme_ids


def test_terminator_ends_negation_scope(extractor):
    ex = extractor.extract("No concerns at home but she went missing overnight on Friday.")
    assert "missing_episodes" in ex.asserted_indicators


def test_parent_drinking_is_family_not_child_substance_use(extractor):
    ex = extractor.extract("Mum is drinking heavily again and the flat is squalid.")
    assert "family_mh_substance" in ex.asserted_indicators
    assert "substances" not in ex.asserted_indicators
    assert "neglect" in ex.theme_ids


def test_county_lines_and_missing_themes(extractor):
    ex = extractor.extract("Jayden (15) went missing and was found in Ipswich with wraps of crack "
                           "and two phones, no known links to the area.")
    assert {"missing", "cce"} <= set(ex.theme_ids)
    assert {"missing_episodes", "missing_out_of_area", "drug_running", "phones"} <= set(ex.asserted_indicators)


def test_under_13_never_low(extractor):
    ex = extractor.extract("Tyler (7) was seen at the park.")
    assert ex.risk.band != "low"
    older = extractor.extract("Tyler (16) was seen at the park.")
    assert older.risk.band == "low"
    assert any("under 13" in r for r in ex.risk.reasons)


def test_vulnerability_scores_less_than_significant_indicator(extractor):
    vuln = extractor.extract("Amy (15) has a learning disability.")
    sig = extractor.extract("Amy (15) is being collected by an older boyfriend.")
    assert 0 < vuln.risk.score < sig.risk.score


def test_dob_becomes_age_at_record_date(extractor):
    ex = extractor.extract("Subject DOB 12/03/2010 seen in Harrow.", date=date(2026, 3, 11))
    ages = [e for e in ex.entities if e.label == "AGE"]
    assert [a.norm for a in ages] == ["15"]
    assert ages[0].text == "12/03/2010"


def test_same_input_same_output(extractor):
    a = extractor.extract(EXAMPLE, id="x").to_dict()
    b = extractor.extract(EXAMPLE, id="x").to_dict()
    assert a == b


def test_pipe_keeps_order_and_matches_extract(extractor):
    items = [(f"r{i}", t, None) for i, t in enumerate([EXAMPLE, "", "Went missing overnight.", EXAMPLE])]
    out = list(extractor.pipe(items, batch_size=2))
    assert [e.id for e in out] == ["r0", "r1", "r2", "r3"]
    assert out[0].to_dict() == extractor.extract(EXAMPLE, id="r0").to_dict()
    assert out[1].indicators == [] and out[1].risk.band == "low"


def test_round_trips_through_dict(extractor):
    ex = extractor.extract(EXAMPLE, id="x")
    assert Extraction.from_dict(ex.to_dict()).to_dict() == ex.to_dict()


@pytest.mark.parametrize("text", [
    "",
    "   \n\t ",
    "\x00\x01\x02\xff\ufffd" * 500,
    bytes(range(256)).decode("latin-1") * 20,
    "<html><script>alert('x')</script><p>YP <b>went missing</b> &amp; was found in Luton</p></html>",
    "😀🔪💊 YP went missing 🚗💨 " * 50,
    "הילדה נעדרה מהבית ليلة أمس went missing",
    "\ud800 lone surrogate went missing",
])
def test_junk_does_not_crash(extractor, text):
    ex = extractor.extract(text, id="j")
    assert ex.id == "j"
    for m in ex.indicators:
        assert 0 <= m.start < m.end <= len(text)


def test_one_megabyte_is_cut_not_hung(extractor):
    text = ("YP went missing from her placement and was found in Luton with an older male. " * 13000)[:1_000_000]
    ex = extractor.extract(text)
    assert ex.indicators
    assert max(m.end for m in ex.indicators) <= extractor.max_chars


def test_should_name_go_missing_is_hypothetical(extractor):
    ex = extractor.extract("Should Chloe go missing again, officers are to check her boyfriend's address.")
    assert "missing_episodes" not in ex.asserted_indicators
    assert "missing" not in ex.theme_ids


def test_co_occurrence_rule_finds_abuse_by_a_family_member(extractor):
    ex = extractor.extract("She said her stepdad comes into her room at night and touches her.")
    assert "familial_abuse" in ex.asserted_indicators
    assert "sexual_abuse" in ex.theme_ids
    m = next(m for m in ex.indicators if m.id == "familial_abuse")
    assert m.text.startswith("stepdad") and m.text.endswith("touches")


def test_negated_co_occurrence(extractor):
    ex = extractor.extract("Jake says his stepdad did not hit him.")
    assert "familial_abuse" not in ex.asserted_indicators


def test_drug_trafficking_is_not_child_trafficking(extractor):
    ex = extractor.extract("Adult male charged with drug trafficking offences.")
    assert "trafficking" not in ex.theme_ids


def test_reported_speech_of_a_parent_is_about_the_child(extractor):
    ex = extractor.extract("Mum says she has become secretive and aggressive.")
    assert "behaviour_change" in ex.asserted_indicators


def test_cash_held_is_a_gift_sign_but_a_debt_is_not(extractor):
    assert "gifts_money" in extractor.extract("Found with 2 phones and £450 cash.").asserted_indicators
    assert "gifts_money" not in extractor.extract("He owes £10,000 to the people who brought him.").asserted_indicators


def test_friend_going_missing_is_not_the_childs_missing_theme(extractor):
    ex = extractor.extract("Her friend Chloe went missing last night.")
    assert "missing" not in ex.theme_ids
    own = extractor.extract("She went missing last night with her friend Chloe.")
    assert "missing" in own.theme_ids


def test_household_theme_counts_whoever_it_is_about(extractor):
    ex = extractor.extract("Dad hits mum when he is drunk; the children hide upstairs.")
    assert "domestic_abuse" in ex.theme_ids


def test_not_known_to_the_family_is_not_a_negation(extractor):
    ex = extractor.extract("Seen at 0300 with men not known to her family.")
    assert {"unknown_adults", "staying_out_late"} <= set(ex.asserted_indicators)
    assert "sexual_health" not in extractor.extract("Not known to be sexually active.").asserted_indicators


def test_boyfriends_own_conduct_is_other_subject_but_what_he_does_to_her_is_not(extractor):
    assert "weapons" not in extractor.extract("Her boyfriend (17) carries a knife.").asserted_indicators
    assert "vehicles" in extractor.extract("Her boyfriend picked her up from school.").asserted_indicators
