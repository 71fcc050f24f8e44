"""Templates with slots, rendered with exact character offsets for the entities they fill.

A template is a sentence from a phrase bank: `[a|b]` writes one of the alternatives (expanded
once, at load time, so each alternative counts as a way of writing it), `{slot}` is filled per
record, and a trailing `## id id` lists the indicators the sentence asserts (and `@girl`, `@boy`,
`@teen`, `@talks` say which children it can be written about).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ALT = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{([A-Za-z_0-9]+)\}")
_WORD = re.compile(r"[A-Za-z]{5,}")


@dataclass(frozen=True)
class Template:
    parts: tuple  # (is_slot, text) pairs
    asserts: tuple[str, ...]
    source: str
    words: int  # rough length, to plan a record's length before writing it
    # '@girl', '@boy', '@teen', '@talks': who the sentence can be about; '%theme': the sentence
    # also states that theme, so it is written only in a record planned with it
    conditions: tuple[str, ...] = ()

    @property
    def slots(self) -> set[str]:
        return {t for s, t in self.parts if s}


def expand(text: str) -> list[str]:
    """All spellings of a template: '[a|b] c' -> ['a c', 'b c']."""
    m = _ALT.search(text)
    if not m:
        return [text]
    out = []
    for alt in m.group(1).split("|"):
        out.extend(expand(text[: m.start()] + alt + text[m.end():]))
    return out


def compile_one(text: str, source: str) -> Template:
    asserts: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    if " ## " in text:
        text, tags = text.split(" ## ", 1)
        asserts = tuple(t for t in tags.split() if not t.startswith(("@", "%")))
        conditions = tuple(t for t in tags.split() if t.startswith(("@", "%")))
    parts = []
    pos = 0
    for m in _SLOT.finditer(text):
        if m.start() > pos:
            parts.append((False, text[pos: m.start()]))
        parts.append((True, m.group(1)))
        pos = m.end()
    if pos < len(text):
        parts.append((False, text[pos:]))
    words = len(text.split())
    return Template(tuple(parts), asserts, source, words, conditions)


def compile_many(texts: list[str], source: str) -> list[Template]:
    out = []
    for t in texts:
        out.extend(compile_one(x, source) for x in expand(t))
    return out


def misspell(word: str, roll: float) -> str:
    """One typing slip: swap two inner letters, drop one, or double one."""
    i = 1 + int(roll * 1000) % (len(word) - 2)
    kind = int(roll * 7) % 3
    if kind == 0 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


class Writer:
    """Builds one narrative, keeping (label, start, end, norm) for every entity it writes."""

    __slots__ = ("chunks", "pos", "entities", "typos", "sep")

    def __init__(self, sep: str = " ") -> None:
        self.sep = sep  # between sentences: a space, or a new line in some officers' notes
        self.chunks: list[str] = []
        self.pos = 0
        self.entities: list[tuple[str, int, int, str]] = []
        self.typos = 0

    def write(self, text: str, label: str | None = None, norm: str | None = None) -> None:
        if label:
            self.entities.append((label, self.pos, self.pos + len(text), norm if norm is not None else text.lower()))
        self.chunks.append(text)
        self.pos += len(text)

    def sentence(self, tpl: Template, fill, typo_roll: float | None = None) -> None:
        """Write a sentence; `fill(slot)` returns [(text, label, norm)] segments."""
        if self.chunks:
            self.write(self.sep)
        for is_slot, text in tpl.parts:
            if is_slot:
                for seg, label, norm in fill(text):
                    self.write(seg, label, norm)
            else:
                if typo_roll is not None:
                    words = list(_WORD.finditer(text))
                    if words:
                        m = words[int(typo_roll * len(words))]
                        text = text[: m.start()] + misspell(m.group(0), typo_roll) + text[m.end():]
                        typo_roll = None
                        self.typos += 1
                self.write(text)

    def mark(self) -> tuple[int, int, int, int]:
        return len(self.chunks), self.pos, len(self.entities), self.typos

    def rollback(self, mark: tuple[int, int, int, int]) -> None:
        """Undo what was written since `mark` (a sentence that made the record too long)."""
        n, self.pos, e, self.typos = mark
        del self.chunks[n:]
        del self.entities[e:]

    def text(self) -> str:
        return "".join(self.chunks)

    def word_count(self) -> int:
        return sum(c.count(" ") + c.count("\n") for c in self.chunks) + 1
