"""The Pacesetter briefing PDF, read back with pypdf."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from products.briefing import briefing_pdf, build_context
from products.redaction import HANDLING_C_NOTE
from tests.products.samples import EMAILS, NAMES, PHONES, SECRET, make_briefing, pdf_text

SECTION_ORDER = [
    "1. Bottom line up front",
    "2. Volumes by theme",
    "3. Emerging patterns and linked series",
    "4. Focus areas",
    "5. High-risk children for tasking",
    "6. Intelligence gaps and data quality",
    "Annex: Method, grading and handling",
]


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return briefing_pdf(make_briefing())


@pytest.fixture(scope="module")
def text(pdf) -> str:
    return "\n".join(pdf_text(pdf))


def flat(s: str) -> str:
    return " ".join(s.split())


def test_sections_in_the_order_a_chair_reads(text):
    positions = [text.find(s) for s in SECTION_ORDER]
    assert -1 not in positions, dict(zip(SECTION_ORDER, positions))
    assert positions == sorted(positions)


def test_every_page_is_marked_top_and_bottom_and_numbered(pdf):
    pages = pdf_text(pdf)
    assert len(pages) >= 2
    for i, page in enumerate(pages, 1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2, f"page {i}"
        assert f"Page {i} of {len(pages)}" in page


def test_title_block(text):
    t = flat(text)
    assert "Pacesetter briefing: Hackney" in t
    assert "2026-W47" in t and "2026-11-23" in t
    assert "tax-abc" in t and "blank-en 3.8" in t


def test_figures(text):
    t = flat(text)
    assert "Child sexual exploitation 9 3.0 2.5 +6.0" in t
    assert "Missing and absent children 4 4.2 3.9" in t or "Missing and absent children 4 4.3 3.9" in t
    assert "Neglect 0" not in t  # a theme with nothing in any window is left out
    assert "MASH backlog 17 open items; oldest 23 days" in t
    assert "PPD backlog 5 open items; oldest 9 days" in t
    assert "1 with a safeguarding plan; 2 without (CR-2026-000321, CR-2026-000322)" in t
    assert "YP-004512 (4, 2 this week)" in t
    assert "Partner notifications ended NFA 2 MR-2026-000044, MR-2026-000051" in t
    assert "YP-004512 81" in t
    assert "Rows quarantined at intake 1 date: not a date (1)" in t
    assert "Missing field: ward 3" in t


def test_key_judgements_point_to_evidence_and_carry_grading():
    ctx = build_context(make_briefing())
    js = ctx["judgements"]
    assert 3 <= len(js) <= 5
    assert {j.section for j in js} >= {"patterns", "volumes", "high-risk"}
    series = next(j for j in js if "LS0001" in j.text)
    assert "source-3 or D/E" in series.grading  # LIT-2026-00103 is graded 3D
    assert "Child sexual exploitation records rose to 9" in " ".join(j.text for j in js)


def test_bluf_text_in_pdf(text):
    t = flat(text)
    assert "Evidence: section 3 (Emerging patterns and linked series)" in t
    assert "corroborate before acting" in t


def test_no_names_phones_or_emails(text):
    t = flat(text)
    for s in NAMES + PHONES + EMAILS:
        assert s not in t
    assert "[NAME]" in t and "[PHONE]" in t and "[EMAIL]" in t
    assert "LIT-2026-00101" in t and "Hackney" in t  # references and BCUs stay
    assert "PHONE [masked]" in t and "VRM LR15KTW" in t


def test_handling_code_c_is_never_quoted(text):
    t = flat(text)
    assert SECRET not in t and "Leyton flat" not in t
    assert f"LIT-2026-00102: {HANDLING_C_NOTE}" in t


def test_recommended_action_names_who_does_what(text):
    t = flat(text)
    assert "Recommended action: Tasking at TTCG" in t
    assert "MASE meeting" in t


def test_chart_text_is_text(text):
    assert "Records per week" in text and "4-week average" in text


def test_metadata_and_language(pdf):
    reader = PdfReader(BytesIO(pdf))
    assert reader.metadata.title == "Pacesetter briefing — Hackney — 2026-W47"
    assert reader.metadata.author.startswith("Metropolitan Police Service")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_same_input_same_pdf(pdf):
    again = briefing_pdf(make_briefing())
    assert pdf_text(again) == pdf_text(pdf)
    assert again == pdf


def test_empty_week_says_so():
    t = flat("\n".join(pdf_text(briefing_pdf(make_briefing(empty=True)))))
    assert "No records were received for Hackney in week 2026-W47" in t
    assert "No emerging patterns or linked series were found this week." in t
    assert "No child scored high risk this week." in t
    for s in SECTION_ORDER:
        assert s in t


def test_force_wide_lists_bcus():
    t = flat("\n".join(pdf_text(briefing_pdf(make_briefing(bcu=None)))))
    assert "Pacesetter briefing: Force-wide" in t
    assert "Hackney 12 Camden 4" in t


def test_marking_comes_from_the_input():
    pages = pdf_text(briefing_pdf(make_briefing(marking="OFFICIAL-SENSITIVE [TEST \"X\"]")))
    assert all(p.count('OFFICIAL-SENSITIVE [TEST "X"]') >= 2 for p in pages)


def test_html_format_stands_alone():
    from products.briefing import briefing_html

    html = briefing_html(make_briefing(), standalone=True)
    assert 'href="style.css"' not in html and "@page" in html
    assert "Chloe Smith" not in html and "07700 900123" not in html
