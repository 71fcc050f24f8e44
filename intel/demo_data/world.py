"""The fictional world a corpus is written about: children, adults, vehicles, phones, nicknames.

Allocators hand out VRMs, phones and nicknames so that chance repeats are rare: a repeat in the
background would look like a linked series the truth file does not list.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

# UK current-format VRMs: two area letters, two age digits, three random letters (no I, Q, Z).
_LETTERS = [c for c in string.ascii_uppercase if c not in "IQZ"]
_AREA = [c for c in string.ascii_uppercase if c not in "IQZUX"]
_AGE_IDS = ["15", "65", "16", "66", "17", "67", "18", "68", "19", "69", "20", "70", "21", "71", "22", "72", "23", "73", "24", "74"]


@dataclass
class Child:
    ref: str
    first: str
    surname: str
    girl: bool
    age: int
    bcu: str
    area: str
    lac: bool
    home: str
    sib: str
    sib_age: int
    dob: object = None  # set on first mention, from that record's date

    @property
    def full_norm(self) -> str:
        return f"{self.first} {self.surname}".lower()


class World:
    def __init__(self, rng: random.Random, banks, bcus: list[str]) -> None:
        self.rng = rng
        self.banks = banks
        self.names = banks.names
        self.by_age: dict[str, dict[int, list[Child]]] = {b: {} for b in bcus}
        self._ref_base = rng.randrange(1, 999_983)
        self._ref_n = 0
        self._used_vrms: set[str] = set()
        self._used_emails: set[str] = set()
        phones = [f"07700900{n:03d}" for n in range(1000)]
        rng.shuffle(phones)
        self._phones = phones
        self._phone_i = 0
        nicks = []
        for p in self.names["nick_prefix"]:
            for c in self.names["nick_core"]:
                n = f"{p} {c}".strip()
                if n not in nicks:
                    nicks.append(n)
        rng.shuffle(nicks)
        self._nicks = nicks
        self._nick_i = 0

    # -- people -------------------------------------------------------------------------
    def child(self, bcu: str, lo: int, hi: int, girl_share: float = 0.5, reuse: float = 0.5) -> Child:
        """A child of the BCU in the age range: often one already known (repeat records)."""
        rng = self.rng
        age = rng.randint(lo, hi)
        known = self.by_age[bcu].get(age)
        if known and rng.random() < reuse:
            # Earlier children come back more often, so some have many records.
            return known[int(len(known) * rng.random() ** 2.5)]
        girl = rng.random() < girl_share
        self._ref_n += 1
        ref = f"YP-{(self._ref_base + self._ref_n * 7919) % 1_000_000:06d}"
        places = self.banks.places["bcus"][bcu]
        c = Child(
            ref=ref,
            first=rng.choice(self.names["girls"] if girl else self.names["boys"]),
            surname=rng.choice(self.names["surnames"]),
            girl=girl,
            age=age,
            bcu=bcu,
            area=rng.choice(places["areas"]),
            lac=rng.random() < 0.22,
            home=rng.choice(self.banks.things["homes"]),
            sib=rng.choice(self.names["girls"] + self.names["boys"]),
            sib_age=rng.randint(8, 19),
        )
        self.by_age[bcu].setdefault(age, []).append(c)
        return c

    def man(self) -> tuple[str, str]:
        first = self.rng.choice(self.names["men"])
        sur = self.rng.choice(self.names["surnames"])
        return f"{first} {sur.upper()}", f"{first} {sur}".lower()

    # -- linking entities ---------------------------------------------------------------
    def vrm(self) -> str:
        rng = self.rng
        while True:
            v = (rng.choice(_AREA) + rng.choice(_LETTERS) + rng.choice(_AGE_IDS) + " "
                 + "".join(rng.choice(_LETTERS) for _ in range(3)))
            if v not in self._used_vrms:
                self._used_vrms.add(v)
                return v

    def email(self) -> str:
        """A contact email belongs to one person: a repeat would link strangers' records."""
        rng, names = self.rng, self.names
        while True:
            first = rng.choice(names["women"] + names["men"]).lower()
            sur = rng.choice(names["surnames"]).lower().replace("'", "")
            v = f"{first}.{sur}{rng.randint(1, 99)}@{rng.choice(['example.com', 'example.org', 'example.net'])}"
            if v not in self._used_emails:
                self._used_emails.add(v)
                return v

    def phone(self) -> str:
        """Numbers come round again only after the pool of 1000 is used up (weeks apart)."""
        p = self._phones[self._phone_i % len(self._phones)]
        self._phone_i += 1
        return p

    def reserve_phone(self) -> str:
        return self._phones.pop()

    def nickname(self) -> str:
        n = self._nicks[self._nick_i % len(self._nicks)]
        self._nick_i += 1
        return n

    def reserve_nickname(self) -> str:
        # Reserve a bare core name so no background nickname shares its words.
        core = self.rng.choice(self.names["nick_core"])
        self._nicks = [n for n in self._nicks if core not in n.split()]
        return core


# How linking entities are written differently each time; the norm stays the same.
def vrm_variants(vrm: str) -> list[str]:
    compact = vrm.replace(" ", "")
    return [vrm, compact, vrm.lower(), f"{compact[:2]} {compact[2:4]} {compact[4:]}", compact.lower()]


def vrm_norm(text: str) -> str:
    return text.replace(" ", "").upper()


def phone_variants(digits: str) -> list[str]:
    a, b = digits[:5], digits[5:]
    return [f"{a} {b}", digits, f"{a}-{b}", f"+44 {a[1:]} {b}", f"{a} {b[:3]} {b[3:]}"]


def phone_norm(text: str) -> str:
    """E.164, as the extractor and its evaluation write phones: '+447700900123'."""
    d = "".join(ch for ch in text if ch.isdigit())
    return "+" + d if d.startswith("44") else "+44" + d[1:]


def nick_variants(nick: str) -> list[tuple[str, str, str]]:
    """(before, nickname as written, after)."""
    return [("'", nick, "'"), ("", nick, ""), ("'", nick.upper(), "'"), ("", nick.lower(), ""), ('"', nick, '"')]
