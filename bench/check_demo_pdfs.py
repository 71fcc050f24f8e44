"""After `make demo`: does any name, phone or email of the synthetic corpus reach a briefing's text?

Reads demo/truth.json (every PERSON, PHONE and EMAIL the generator wrote, 4 characters or more)
and the text of every PDF in demo/briefings/ (pypdf), and prints how many of those strings appear.
Run: .venv/bin/python bench/check_demo_pdfs.py [DEMO_DIR]   (exit status 1 if any does)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from pypdf import PdfReader


def main() -> int:
    demo = Path(sys.argv[1] if len(sys.argv) > 1 else "demo")
    truth = json.loads((demo / "truth.json").read_text())
    strings = {e["text"] for r in truth["records"].values() for e in r.get("entities", [])
               if e["label"] in ("PERSON", "PHONE", "EMAIL") and len(e["text"]) >= 4}
    pdfs = sorted((demo / "briefings").glob("*.pdf"))
    leaks = []
    for pdf in pdfs:
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages).split())
        leaks += [(pdf.name, s) for s in strings if re.search(rf"(?<![\w\[]){re.escape(s)}(?!\w)", text)]
    print(f"{len(pdfs)} PDFs, {len(strings):,} names, phones and emails from the truth file: {len(leaks)} found in the text")
    for name, s in leaks[:20]:
        print(f"  {name}: {s!r}")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
