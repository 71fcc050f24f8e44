"""HTML page for `intel themes evaluate --html` (Jinja2 with autoescape: gold text is untrusted)."""

from __future__ import annotations

from jinja2 import Environment, select_autoescape

_TEMPLATE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Extraction evaluation</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:first-child{text-align:left}.why{color:#a00}</style>
</head><body>
<h1>Extraction evaluation ({{ r.records }} records)</h1>
<p>Pipeline version {{ version }}</p>
{% for name in ["themes", "indicators", "entities"] %}{% set s = r[name] %}
<h2>{{ name|capitalize }}: micro F1 {{ s.micro.f1 }}, macro F1 {{ s.macro_f1 }}</h2>
<table><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>
{% for k, v in s.per_label.items() %}<tr><td>{{ k }}</td><td>{{ v.precision }}</td><td>{{ v.recall }}</td><td>{{ v.f1 }}</td><td>{{ v.support }}</td></tr>
{% endfor %}</table>{% endfor %}
<h2>Non-asserted mentions wrongly asserted</h2>
<table><tr><th>flag</th><th>wrong</th><th>total</th><th>rate</th></tr>
{% for k, v in r.wrongly_asserted.items() %}<tr><td>{{ k }}</td><td>{{ v.wrong }}</td><td>{{ v.total }}</td><td>{{ v.rate }}</td></tr>{% endfor %}</table>
<h2>Worst errors</h2>
{% for e in r.worst_errors %}<h3>{{ e.id }}</h3><p>{{ e.text }}</p>
<p>Expected: {{ e.expected.themes|join(", ") }} | {{ e.expected.indicators|join(", ") }}<br>
Found: {{ e.found.themes|join(", ") }} | {{ e.found.indicators|join(", ") }}</p>
<ul>{% for w in e.why %}<li class="why">{{ w }}</li>{% endfor %}</ul>{% endfor %}
</body></html>"""


def render_html(report: dict, version: str) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(_TEMPLATE).render(r=report, version=version)
