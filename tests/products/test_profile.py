from products.profile import profile_pdf, trend_words
from tests.products.samples import NAMES, PHONES, SECRET, make_profile, pdf_text


def test_problem_profile_sections_and_figures():
    pages = pdf_text(profile_pdf(make_profile()))
    t = " ".join("\n".join(pages).split())
    order = ["1. Current picture", "2. Trend", "3. Places and venues", "4. Linked series and emerging patterns",
             "5. Recommendations", "Annex: method, grading and handling"]
    pos = [t.find(s) for s in order]
    assert -1 not in pos and pos == sorted(pos)
    assert "Problem profile: Child sexual exploitation" in t
    assert "36 records in Hackney carried this theme over 12 weeks (6 in the last week)" in t
    assert "The trend is rising" in t
    assert "Mare Street place 5" in t
    assert "Review the 1 high-risk children at the next MASE meeting (YP-004512)" in t
    for s in NAMES + PHONES + [SECRET]:
        assert s not in t
    assert all(p.count("OFFICIAL-SENSITIVE") >= 2 for p in pages)


def test_trend_words():
    assert trend_words([1, 1, 1, 1, 1, 1, 5, 5, 5]).startswith("rising")
    assert trend_words([5, 5, 5, 1, 1, 1, 1, 1, 1]).startswith("falling")
    assert trend_words([3, 3, 3, 3, 3, 3]).startswith("broadly stable")
    assert trend_words([0, 0, 0]) == "too few records to call a trend"
