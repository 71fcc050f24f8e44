"""`Extractor`: the spaCy pipeline built from config, and the one entry point other areas call."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

# Imported for their side effect of registering the pipeline factories.
from nlp import context as _context, entities as _entities, matching as _matching, scoring as _scoring  # noqa: F401
from nlp.extraction import Extraction
from nlp.settings import REPO_CONFIG, NlpConfig, load_config

PIPES = ("intel_matcher", "intel_context", "intel_entities", "intel_scorer")
# Control characters other than tab/newline confuse nothing in spaCy but make evidence unreadable;
# they are replaced one-for-one so offsets still index the input.
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def build_nlp(cfg: NlpConfig, config_dir: Path, theme_model: str | None = None) -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = max(nlp.max_length, int(cfg.nlp.get("max_chars", 200_000)) + 1)
    for exc in cfg.nlp.get("tokenizer_exceptions", []) or []:
        nlp.tokenizer.add_special_case(exc, [{ORTH: exc}])
    for name in PIPES:
        conf = {"config_dir": str(config_dir)}
        if name == "intel_scorer":
            conf["theme_model"] = str(theme_model or "")
        nlp.add_pipe(name, config=conf)
    return nlp


class Extractor:
    """Finds themes, indicator mentions with context flags, entities and risk in narrative text.

    >>> ex = Extractor.from_config()
    >>> ex.extract("YP went missing overnight", id="r1").asserted_indicators
    ['missing_episodes']
    """

    def __init__(self, cfg: NlpConfig, config_dir: Path, theme_model: str | None = None):
        self.config = cfg
        self.config_dir = Path(config_dir)
        self.version: str = cfg.version
        self.max_chars = int(cfg.nlp.get("max_chars", 200_000))
        self.nlp = build_nlp(cfg, self.config_dir, theme_model)

    @classmethod
    def from_config(cls, config_dir: Path | None = None, theme_model: str | None = None) -> "Extractor":
        """Build (or reuse: building takes seconds) the extractor for a config folder's current files.

        `theme_model` overrides the one nlp.yaml names: a JSON path, or "none" for rule weights only.
        """
        cdir = Path(config_dir) if config_dir else REPO_CONFIG
        cfg = load_config(cdir, theme_model)
        key = (str(cdir.resolve()), str(theme_model), cfg.version)
        ex = _BUILT.get(key)
        if ex is None:
            ex = _BUILT[key] = cls(cfg, cdir, theme_model)
        return ex

    def rule_evidence(self, texts: Iterable[str]) -> list[dict[str, float]]:
        """Per text, the themes with asserted rule evidence and their rule scores (what a theme model settles)."""
        return [doc.user_data["intel_rule_evidence"] for doc in self.nlp.pipe(self._doc(t, None) for t in texts)]

    def _doc(self, text: str, when: date | None) -> Doc:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        # Long inputs are cut (offsets of what is kept still index the input) so 1 MB cannot hang.
        text = _CTRL.sub(" ", text[: self.max_chars])
        doc = self.nlp.make_doc(text)
        doc.user_data["intel_date"] = when
        # Doc.text re-joins every token; components read the original string instead.
        doc.user_data["intel_text"] = text
        return doc

    def extract(self, text: str, id: str = "", date: date | None = None) -> Extraction:
        doc = self.nlp(self._doc(text, date))
        return _finish(doc, id)

    def pipe(self, items: Iterable[tuple[str, str, date | None]], batch_size: int = 256) -> Iterator[Extraction]:
        ids: list[str] = []

        def docs():
            for rid, text, when in items:
                ids.append(rid)
                yield self._doc(text, when)

        for i, doc in enumerate(self.nlp.pipe(docs(), batch_size=batch_size)):
            yield _finish(doc, ids[i])


_BUILT: dict[tuple[str, str], Extractor] = {}


def _finish(doc: Doc, rid: str) -> Extraction:
    ex: Extraction = doc.user_data["intel_extraction"]
    ex.id = rid
    return ex
