"""Small hand-readable narratives for the pattern engine: four everyday topics over ten weeks."""

from __future__ import annotations

import random
from datetime import date, timedelta

from intel.patterns.items import Item

MONDAY_W37 = date(2026, 9, 7)  # 2026-W37

TOPICS = {
    "cse": "older male collected the girl in a car, gave her gifts and a new phone, hotel room",
    "cce": "boy found with drugs and cash on a train, county lines deal line, trap house, knife",
    "missing": "child missing from the care home overnight, returned late, found by police",
    "neglect": "house dirty, no food in the fridge, younger children left unsupervised and hungry",
}
FILLER = "officer school mother concern report today evening social worker".split()
BCUS = ("Hackney", "Barnet", "Sutton", "Croydon")


def background(weeks: int = 10, per_day: int = 6, seed: int = 1) -> list[Item]:
    """`per_day` narratives a day, topic and BCU at random, from 2026-W37 on."""
    rng = random.Random(seed)
    out = []
    for d in range(weeks * 7):
        day = MONDAY_W37 + timedelta(days=d)
        for j in range(per_day):
            theme = rng.choice(sorted(TOPICS))
            words = TOPICS[theme].replace(",", "").split()
            text = " ".join(rng.choice(words) for _ in range(14)) + " " + " ".join(rng.sample(FILLER, 4))
            # spans=(): the NLP ran and found no entities (excerpts then need no second look)
            out.append(Item(id=f"R-{d:03d}-{j}", text=text, date=day, bcu=rng.choice(BCUS), themes=(theme,),
                            risk=rng.randint(5, 60), spans=()))
    return out


def week_days(week_index: int) -> list[date]:
    """The seven days of the nth week (0 = 2026-W37)."""
    return [MONDAY_W37 + timedelta(days=7 * week_index + i) for i in range(7)]
