"""Writes one record's narrative from its plan, and the truth about what it says."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from intel.demo_data.banks import CHILD_SLOTS, FLAGS, Banks
from intel.demo_data.render import Template, Writer
from intel.demo_data.world import Child, World, nick_variants, phone_norm, phone_variants, vrm_norm, vrm_variants

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_NTH = ["2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "12th"]
_TIMES = ["0130hrs", "0230", "2am", "3am", "2300hrs", "midnight", "0045", "4am", "2215", "01:30", "1am", "0300hrs"]
FLAG_WEIGHTS = (35, 12, 20, 20, 13)
MAX_WORDS = 400  # negated, hypothetical, historical, uncertain, other_subject


@dataclass
class Plan:
    """What a record is about, decided before any text is written."""

    kind: str
    bcu: str
    date: date
    themes: list[str]
    routine: bool = False
    child: Child | None = None
    planted: list[Template] = field(default_factory=list)  # pattern sentences, written untouched
    overrides: dict = field(default_factory=dict)  # slot -> fixed segments (series entity, venue)
    pattern_ids: list[str] = field(default_factory=list)
    order: int = 0
    id: str = ""


class Slots:
    """Fills the slots of one record's templates; values that must agree are fixed per record."""

    def __init__(self, rng: random.Random, banks: Banks, world: World, plan: Plan) -> None:
        self.rng = rng
        self.b = banks
        self.w = world
        self.plan = plan
        self.c = plan.child
        self.fixed: dict[str, list] = dict(plan.overrides)
        self.np = "concerns"

    def fill(self, slot: str) -> list:
        got = self.fixed.get(slot)
        if got is not None:
            return got
        fn = _FILL.get(slot)
        if fn is None:
            raise KeyError(f"unknown slot {{{slot}}}")
        segs, keep = fn(self)
        if keep:
            self.fixed[slot] = segs
        return segs

    # helpers
    def pick(self, key: str) -> str:
        return self.rng.choice(self.b.things[key])

    def area(self) -> str:
        if self.c is not None and self.c.bcu == self.plan.bcu and self.rng.random() < 0.7:
            return self.c.area
        return self.rng.choice(self.b.places["bcus"][self.plan.bcu]["areas"])


def _t(text, label=None, norm=None):
    return [(text, label, norm)]


def _yp(s: Slots, cap: bool):
    c = s.c
    r = s.rng.random()
    if c is None:
        return _t("Subject" if cap else "subject"), False
    if c.age < 10 and r >= 0.45:  # officers call a young child by name or 'the child', not YP
        r = 0.9
    if r < 0.45:
        return _t(c.first, "PERSON", c.first.lower()), False
    if r < 0.75:
        return _t("YP"), False
    if r < 0.88:
        return _t("The YP" if cap else "the YP"), False
    return _t("The child" if cap else "the child"), False


def _pron(forms):
    def f(s: Slots):
        girl = s.c.girl if s.c is not None else False
        return _t(forms[0] if girl else forms[1]), False
    return f


def _full(s: Slots):
    c = s.c
    r = s.rng.random()
    if r < 0.6:
        text = f"{c.first} {c.surname.upper()}"
    elif r < 0.85:
        text = f"{c.first} {c.surname}"
    elif r < 0.95:
        text = f"{c.surname.upper()} {c.first}"
    else:
        text = f"{c.first.lower()} {c.surname.lower()}"
    return _t(text, "PERSON", c.full_norm), True


def _man(s: Slots):
    text, norm = s.w.man()
    return _t(text, "PERSON", norm), True


def _num(lo, hi, label=None, keep=False):
    def f(s: Slots):
        v = str(s.rng.randint(lo, hi))
        return _t(v, label, v if label else None), keep
    return f


def _choice(key, label=None, keep=True, cap=False):
    def f(s: Slots):
        v = s.pick(key)
        if cap:
            v = v[0].upper() + v[1:]
        return _t(v, label, v.lower() if label else None), keep
    return f


def _vrm(s: Slots):
    v = s.w.vrm()
    v = s.rng.choice(vrm_variants(v)[:3])
    return _t(v, "VRM", vrm_norm(v)), True


def _phone(s: Slots):
    v = s.rng.choice(phone_variants(s.w.phone()))
    return _t(v, "PHONE", phone_norm(v)), True


def _nick(s: Slots):
    before, nick, after = s.rng.choice(nick_variants(s.w.nickname()))
    return [(before, None, None), (nick, "NICKNAME", nick.lower()), (after, None, None)], True


def _town(s: Slots):
    v = s.rng.choice(s.b.places["out_of_area"])
    return _t(v, "PLACE", v.lower()), True


def _town2(s: Slots):
    towns = [t for t in s.b.places["out_of_area"] if (s.fixed.get("town") or [("",)])[0][0] != t]
    v = s.rng.choice(towns)
    return _t(v, "PLACE", v.lower()), True


def _area(s: Slots):
    v = s.area()
    return _t(v, "PLACE", v.lower()), True


def _place_list(key):
    def f(s: Slots):
        v = s.rng.choice(s.b.places[key])
        return _t(v, "PLACE", v.lower()), True
    return f


def _carer(cap):
    def f(s: Slots):
        v = s.pick("carers")
        if s.c is not None and not s.c.girl:
            v = v.replace("her mother", "his mother")
        elif s.c is not None:
            v = v.replace("his mother", "her mother")
        return _t(v[0].upper() + v[1:] if cap else v), True
    return f


def _year(s: Slots):
    v = str(s.plan.date.year - s.rng.randint(2, 8))
    return _t(v, "DATE", v), False


def _date(s: Slots):
    d = s.plan.date
    v = f"{s.rng.randint(1, 28):02d}/{(d.month % 12) + 1:02d}"
    return _t(v, "DATE", v), False


def _sib(s: Slots):
    v = s.c.sib if s.c is not None else s.rng.choice(s.b.names["boys"])
    return _t(v, "PERSON", v.lower()), True


def _sibage(s: Slots):
    v = str(s.c.sib_age if s.c is not None else s.rng.randint(8, 19))
    return _t(v, "AGE", v), True


def _age(s: Slots):
    v = str(s.c.age) if s.c is not None else str(s.rng.randint(11, 15))
    return _t(v, "AGE", v), True


_PC_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _address(s: Slots):
    rng = s.rng
    street = rng.choice(s.b.places["streets"])
    pc = (f"{s.b.places['bcus'][s.plan.bcu]['postcode']} {rng.randint(1, 9)}"
          f"{rng.choice(_PC_LETTERS)}{rng.choice(_PC_LETTERS)}")
    flat = f"Flat {rng.randint(1, 40)}, " if rng.random() < 0.4 else ""
    segs = [(f"{flat}{rng.randint(1, 180)} ", None, None), (street, "PLACE", street.lower())]
    if rng.random() < 0.7:
        segs += [(", " if rng.random() < 0.5 else " ", None, None), (pc, "POSTCODE", pc)]
    return segs, True


def _dob(s: Slots):
    c = s.c
    if c is None:
        return _t("unknown"), True
    if c.dob is None:
        c.dob = s.plan.date - timedelta(days=int(c.age * 365.25) + s.rng.randint(1, 360))
    v = c.dob.strftime("%d/%m/%Y")
    return _t(v, "DATE", v), True


def _email(s: Slots):
    v = s.w.email()
    return _t(v, "EMAIL", v), True


def _local(s: Slots, key: str, label: str):
    """Mostly the BCU's own stations and parks; sometimes a London-wide hub."""
    own = s.b.places["bcus"][s.plan.bcu].get(key)
    v = s.rng.choice(own) if own and s.rng.random() < 0.8 else s.pick(key)
    return _t(v, label, v.lower()), True


def _simple(values, keep=False):
    def f(s: Slots):
        return _t(s.rng.choice(values)), keep
    return f


_FILL = {
    "yp": lambda s: _yp(s, False), "Yp": lambda s: _yp(s, True),
    "pr": _pron(("she", "he")), "Pr": _pron(("She", "He")), "pos": _pron(("her", "his")),
    "Pos": _pron(("Her", "His")), "obj": _pron(("her", "him")),
    "name": lambda s: (_t(s.c.first, "PERSON", s.c.first.lower()), True),
    "full": _full, "age": _age,
    "carer": _carer(False), "Carer_cap": _carer(True),
    "adultage": _num(19, 38, "AGE", keep=True), "man": _man, "man_full": _man,
    "nick": _nick, "vrm": _vrm, "phone": _phone,
    "car": _choice("cars"), "colour": _choice("colours"),
    "hotel": _choice("hotels", "VENUE"), "takeaway": _choice("takeaways", "VENUE"),
    "station": lambda s: _local(s, "stations", "VENUE"), "park": lambda s: _local(s, "parks", "PLACE"),
    "school": _choice("schools", "VENUE"), "app": _choice("apps", "PLATFORM"),
    "home": lambda s: (_t(s.c.home if s.c else s.pick("homes"), "VENUE", (s.c.home if s.c else "").lower() or None), True),
    "shop": _choice("shops"), "drug": _choice("drugs"), "weapon": _choice("weapons"),
    "Weapon_cap": _choice("weapons", cap=True), "referrer": _choice("referrers"),
    "area": _area, "town": _town, "town2": _town2,
    "street": _place_list("streets"), "estate": _place_list("estates"),
    "bcu": lambda s: (_t(s.plan.bcu, "PLACE", s.plan.bcu.lower()), True),
    "postcode": lambda s: (_t(s.b.places["bcus"][s.plan.bcu]["postcode"]), True),
    "country": lambda s: (_t(v := s.rng.choice(s.b.narrative["countries"]), "PLACE", v.lower()), True),
    "time": _simple(_TIMES), "day": _simple(_DAYS[:4], True), "day2": _simple(_DAYS[4:], True),
    "n": _num(2, 6), "n2": _num(7, 12), "x": lambda s: (_t(f"x{s.rng.randint(2, 6)}"), False),
    "nth": _simple(_NTH), "money": _simple(["50", "100", "200", "300", "450", "600", "1,000"]),
    "pct": _num(31, 79), "size": _simple(["two", "three", "four"]),
    "year": _year, "date": _date, "sib": _sib, "sibage": _sibage,
    "Sibling_cap": lambda s: (_t(s.rng.choice(["Brother", "Sister", "Cousin", "Stepbrother"])), False),
    "cad": lambda s: (_t(f"{s.rng.randint(1000, 9999)}/{s.plan.date.day:02d}{s.plan.date.strftime('%b').upper()}"), False),
    "sw": lambda s: (_t(v := s.rng.choice(s.b.narrative["social_workers"]), "PERSON", v.lower()), True),
    "ref": lambda s: (_t(s.plan.id), True),
    "np": lambda s: (_t(s.np), False),
    "address": _address, "dob": _dob, "email": _email,
}


def fits(t: Template, child: Child | None, themes: tuple[str, ...] | list[str] = ()) -> bool:
    for c in t.conditions:
        if c.startswith("%"):
            # the truth lists the record's planned themes only, so a sentence that states
            # another theme ("was groomed on Snapchat" states online_abuse) stays out of it
            if c[1:] not in themes:
                return False
            continue
        if child is None:
            return False
        if (c == "@girl" and not child.girl) or (c == "@boy" and child.girl) \
                or (c == "@teen" and child.age < 12) or (c == "@talks" and child.age < 6):
            return False
    return True


def choose(rng: random.Random, templates: list[Template], child: Child | None,
           themes: tuple[str, ...] | list[str] = ()) -> Template:
    """A template that can be written about this child in a record of these themes (any, if none fits)."""
    t = rng.choice(templates)
    if not t.conditions or fits(t, child, themes):
        return t
    ok = [x for x in templates if fits(x, child, themes)]
    return rng.choice(ok) if ok else t


_LEAD_INS: dict[tuple[Template, str], Template] = {}


def lead_in(t: Template, prefix: str) -> Template | None:
    """'She has ...' -> 'Source reports that she has ...' (None if the sentence starts otherwise)."""
    if not t.parts or t.parts[0] != (True, "Pr"):
        return None
    key = (t, prefix)
    got = _LEAD_INS.get(key)
    if got is None:
        got = _LEAD_INS[key] = Template(((False, prefix), (True, "pr")) + t.parts[1:], t.asserts,
                                        t.source, t.words + len(prefix.split()), t.conditions)
    return got


def _weighted_sample(rng: random.Random, weights: dict[str, float], k: int, exclude) -> list[str]:
    items = [(i, w) for i, w in weights.items() if i not in exclude]
    out = []
    for _ in range(min(k, len(items))):
        total = sum(w for _, w in items)
        r = rng.random() * total
        for j, (i, w) in enumerate(items):
            r -= w
            if r <= 0:
                break
        out.append(i)
        items.pop(j)
    return out


def _flag(rng: random.Random) -> str:
    r = rng.random() * sum(FLAG_WEIGHTS)
    for f, w in zip(FLAGS, FLAG_WEIGHTS):
        r -= w
        if r <= 0:
            return f
    return FLAGS[-1]


def compose(plan: Plan, rng: random.Random, banks: Banks, world: World) -> tuple[str, dict, dict]:
    """Write the narrative of `plan`; return (text, truth entry, notes on how it was written)."""
    b = banks
    slots = Slots(rng, b, world, plan)
    body: list[tuple[Template, bool]] = []  # (template, protected from typos)
    asserted: list[str] = []
    mentions: list[dict] = []
    ov = plan.kind == "offender_visit"
    ind_ids = list(b.indicators)

    def add_assert(ids):
        for i in ids:
            if i not in asserted:
                asserted.append(i)

    opener = None
    if plan.routine:
        body.append((choose(rng, b.routine[plan.kind], plan.child), False))
        if rng.random() < 0.6:
            body.append((rng.choice(b.routine_notes), False))
    elif ov:
        opener = rng.choice(b.openers["offender_visit"])
        t = rng.choice(b.themes["offender_management"].say)
        body.append((t, False))
        add_assert(t.asserts)
        for iid, p in (("rso_contact", 0.15), ("online_contact", 0.1)):
            if rng.random() < p:
                if iid == "rso_contact" and plan.child is None:
                    plan.child = world.child(plan.bcu, 11, 16, girl_share=0.7, reuse=0.2)
                    slots.c = plan.child
                body.append((rng.choice(b.ov[iid]), False))
                add_assert([iid])
        for t in rng.sample(b.ov["routine"], rng.randint(1, 3)):
            body.append((t, False))
    else:
        opener = rng.choice(b.openers[plan.kind])
        for t in plan.planted:
            body.append((t, True))
            add_assert(t.asserts)
        lac = plan.child is not None and plan.child.lac
        for n, tid in enumerate(plan.themes):
            theme = b.themes[tid]
            # Every theme is stated, so the truth never claims a theme the text does not show.
            t = choose(rng, theme.say, plan.child, plan.themes)
            body.append((t, False))
            add_assert(t.asserts)
            k = rng.randint(1, 3) if n == 0 else rng.randint(0, 2)
            if plan.planted:
                k = max(0, k - 1)
            exclude = set(asserted) | ({"looked_after"} if not lac else set())
            exclude |= {iid for iid in theme.indicators if not b.indicators[iid].writable_in(plan.themes)}
            chosen = _weighted_sample(rng, theme.indicators, k, exclude)
            for iid in theme.requires:
                if iid not in asserted and iid not in chosen:
                    chosen.append(iid)
            for iid in chosen:
                t = choose(rng, b.indicators[iid].say, plan.child, plan.themes)
                if plan.kind == "lit_submission" and rng.random() < 0.3:
                    t = lead_in(t, rng.choice(b.kinds["assert_prefixes"])) or t
                body.append((t, False))
                add_assert((iid,) + t.asserts)
        if lac and "looked_after" not in asserted and rng.random() < 0.5:
            body.append((rng.choice(b.indicators["looked_after"].say), False))
            add_assert(["looked_after"])
        rng.shuffle(body)

    # Mentions that are not assertions: negated, hypothetical, historical, uncertain, other person.
    p_mention = 0.3 if plan.routine else (0.25 if ov else 0.42)
    if rng.random() < p_mention:
        for _ in range(1 if rng.random() < 0.7 else 2):
            iid = rng.choice(ind_ids)
            if iid in asserted or any(m["id"] == iid for m in mentions):
                continue
            flag = "negated" if (plan.routine and rng.random() < 0.7) else _flag(rng)
            if flag == "uncertain" and plan.child is not None and not ov and rng.random() < 0.4:
                # A whole indicator sentence made uncertain by its lead-in.
                t = choose(rng, b.indicators[iid].say, plan.child)
                u = None if t.asserts else lead_in(t, rng.choice(b.kinds["uncertain_prefixes"]))
                if u is not None:
                    mentions.append({"id": iid, "flag": flag, "frame": u, "np": ""})
                    continue
            frames = b.context[flag]
            if ov or plan.child is None:
                frames = [f for f in frames if not (f.slots & CHILD_SLOTS)] or None
                if frames is None:
                    continue
            mentions.append({"id": iid, "flag": flag, "frame": choose(rng, frames, plan.child),
                             "np": rng.choice(b.indicators[iid].np)})
    distractor = not ov and plan.child is not None and rng.random() < (0.25 if plan.routine else 0.12)
    if distractor:
        body.append((choose(rng, b.distractors, plan.child), False))

    # Plan the length: most records short, a long tail up to 400 words.
    if ov:  # visit records are short
        target = rng.randint(20, 110)
    elif rng.random() < 0.03:  # the long statements and case summaries
        target = rng.randint(220, MAX_WORDS)
    else:
        target = int(min(MAX_WORDS, max(20, rng.lognormvariate(3.95, 0.55))))
    est = sum(t.words for t, _ in body) + (opener.words if opener else 0) + 12 * len(mentions)
    if ov or plan.child is None:
        pool = b.admin_fillers
    else:
        pool = b.admin_fillers + [t for t in b.fillers if fits(t, plan.child)]
        if not plan.routine:
            pool += b.case_fillers
    fillers = []
    for t in rng.sample(pool, len(pool)):
        if est >= target:
            break
        fillers.append(t)
        est += t.words

    # Write it. One sentence in ~5% of records gets a typing slip (never a planted one).
    r = rng.random()
    w = Writer("\n" if r < 0.07 else ("  " if r < 0.1 else " "))
    order: list[tuple[Template, bool, dict | None]] = []
    if opener:
        order.append((opener, False, None))
    order.extend((t, p, None) for t, p in body)
    for m in mentions:
        order.insert(rng.randint(1, len(order)), (m["frame"], False, m))
    order.extend((t, False, None) for t in fillers)
    typo_at = -1
    if rng.random() < 0.05:
        free = [i for i, (_, p, m) in enumerate(order) if not p]
        typo_at = rng.choice(free)
    first_filler = len(order) - len(fillers)
    for i, (t, _, m) in enumerate(order):
        if m is not None:
            slots.np = m["np"]
        mark = w.mark()
        w.sentence(t, slots.fill, rng.random() if i == typo_at else None)
        if i >= first_filler and w.word_count() > 380 and len(w.text().split()) > MAX_WORDS:
            w.rollback(mark)  # fillers never push a record past the longest narrative
            break
    spare = [t for t in pool if t not in fillers]
    while w.word_count() < 20 and spare:
        w.sentence(spare.pop(rng.randrange(len(spare))), slots.fill)

    text = w.text()
    r = rng.random()
    if r < 0.03 and not plan.planted:  # some officers type in lower case, some in capitals
        cased = text.lower()
        text = cased if len(cased) == len(text) else text
    elif r < 0.045 and not plan.planted:
        cased = text.upper()
        text = cased if len(cased) == len(text) else text

    truth = {
        "themes": list(plan.themes),
        "indicators": asserted,
        "not_asserted": [{"id": m["id"], "flag": m["flag"]} for m in mentions],
        "entities": [{"label": lab, "text": text[s:e], "start": s, "end": e, "norm": norm}
                     for lab, s, e, norm in w.entities],
    }
    return text, truth, {"typo": w.typos > 0, "distractor": distractor}
