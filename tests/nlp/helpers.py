"""What the nlp tests ask of an extraction, in one place."""

from nlp.extraction import CONTEXT_FLAGS


def flags(extractor, text, ind, when=None) -> set[str]:
    """The context flags on the first mention of `ind` (fails if there is none)."""
    for m in extractor.extract(text, date=when).indicators:
        if m.id == ind:
            return {f for f in CONTEXT_FLAGS if getattr(m, f)}
    raise AssertionError(f"{ind} not found in {text!r}")


def ents(extractor, text, label, when=None) -> list[tuple[str, str]]:
    """(text, norm) of each entity of `label`."""
    return [(e.text, e.norm) for e in extractor.extract(text, date=when).entities if e.label == label]


def asserted(extractor, text) -> set[str]:
    return set(extractor.extract(text).asserted_indicators)
