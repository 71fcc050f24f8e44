"""HTML from Jinja2 templates, PDF from WeasyPrint, and nothing fetched from outside templates/."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


class RefusedURL(ValueError):
    """A document asked for something outside templates/ (WeasyPrint logs it and carries on)."""


class TemplatesOnlyFetcher(URLFetcher):
    """Serves files under one folder (templates/) and refuses every other URL.

    Briefings quote narrative text written by others; a stray <img> or rel="attachment" link in it
    must never read a local file into the PDF or call out to the network.
    """

    def __init__(self, root: Path = TEMPLATES_DIR, **kwargs):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, **kwargs)
        self.root = Path(root).resolve()
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(url)
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return self._refuse(url)
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": _mime(path)})

    def _refuse(self, url):
        self.refused.append(url)
        raise RefusedURL(f"refused to fetch {url!r}: only files under {self.root} are served")


_MIMES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2",
          ".ttf": "font/ttf"}


def _mime(path: Path) -> str:
    return _MIMES.get(path.suffix.lower(), "application/octet-stream")


def _css_string(value: str) -> Markup:
    """Quote a value for a CSS string (the protective marking goes into @page margin boxes)."""
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return Markup(f'"{escaped}"')


def environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a missing field fails the build, not the meeting
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = _css_string
    env.filters["num"] = lambda v, nd=1: f"{v:.{nd}f}" if isinstance(v, float) else str(v)
    return env


def render_html(template: str, context: dict, templates_dir: Path = TEMPLATES_DIR, *,
                standalone: bool = False) -> str:
    """HTML for WeasyPrint (the stylesheet fetched from templates/), or `standalone` with the
    stylesheet inlined, for reading a briefing in a browser away from templates/."""
    css = Markup((Path(templates_dir) / "style.css").read_text(encoding="utf-8")) if standalone else ""
    return environment(templates_dir).get_template(template).render(**context, inline_css=css)


def write_pdf(html: str, target: Path | None = None, *, templates_dir: Path = TEMPLATES_DIR,
              fetcher: TemplatesOnlyFetcher | None = None) -> bytes:
    """Render HTML to PDF bytes (and write them to `target` if given).

    Title, author, keywords and language come from the HTML head; dcterms.created is set there
    from the input so the same input gives the same PDF.
    """
    fetcher = fetcher or TemplatesOnlyFetcher(templates_dir)
    doc = HTML(string=html, base_url=(Path(templates_dir).resolve().as_uri() + "/"), url_fetcher=fetcher)
    data = doc.write_pdf()
    if target is not None:
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return data


def iso_stamp(when: datetime | None) -> str:
    return when.replace(microsecond=0).isoformat() if when else ""
