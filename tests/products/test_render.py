"""The fetcher serves templates/ only; narrative text cannot pull files or URLs into a PDF."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from products.briefing import briefing_pdf
from products.render import TEMPLATES_DIR, RefusedURL, TemplatesOnlyFetcher, render_html, write_pdf
from tests.products.samples import Excerpt, G2B, make_briefing, pdf_text

HOSTILE = ('<img src="file:///etc/hostname"> <a rel="attachment" href="file:///etc/passwd">passwd</a> '
           '<img src="http://example.com/track.png">')


def _images_and_attachments(data: bytes) -> tuple[int, object]:
    reader = PdfReader(BytesIO(data))
    images = sum(len(p.images) for p in reader.pages)
    names = reader.trailer["/Root"].get("/Names")
    embedded = names.get_object().get("/EmbeddedFiles") if names else None
    return images, embedded


def test_fetcher_serves_a_template_file():
    resp = TemplatesOnlyFetcher().fetch((TEMPLATES_DIR / "style.css").as_uri())
    assert b"@page" in resp.read()


@pytest.mark.parametrize("url", [
    "file:///etc/hostname",
    "file:///etc/passwd",
    "http://example.com/x.png",
    "https://example.com/x.css",
    (TEMPLATES_DIR / ".." / "pyproject.toml").as_uri(),
    "data:text/plain,hello",
])
def test_fetcher_refuses_everything_else(url):
    fetcher = TemplatesOnlyFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_raw_html_with_hostile_links_embeds_nothing():
    # Even markup that bypassed autoescaping gets nothing: every fetch goes through the fetcher.
    fetcher = TemplatesOnlyFetcher()
    data = write_pdf(f"<html><body><p>{HOSTILE}</p></body></html>", fetcher=fetcher)
    images, embedded = _images_and_attachments(data)
    assert images == 0 and embedded is None
    assert {"file:///etc/hostname", "file:///etc/passwd", "http://example.com/track.png"} <= set(fetcher.refused)


def test_hostile_narrative_in_a_briefing_is_printed_as_text_not_fetched():
    b = make_briefing()
    p = b.patterns[0]
    bad = Excerpt("LIT-2026-00199", "Officer notes " + HOSTILE, G2B, "Hackney")
    b = make_briefing(patterns=[type(p)(**{**p.__dict__, "excerpts": [bad]})])
    data = briefing_pdf(b)
    images, embedded = _images_and_attachments(data)
    assert images == 0 and embedded is None
    assert "/etc/hostname" in "".join(pdf_text(data))  # shown as escaped text


def test_autoescape_is_on(tmp_path):
    (tmp_path / "t.html.j2").write_text("{{ x }}")
    assert render_html("t.html.j2", {"x": "<b>"}, tmp_path) == "&lt;b&gt;"
