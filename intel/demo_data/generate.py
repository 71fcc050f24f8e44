"""The corpus: background records week by week, planted patterns, ids, status fields, truth."""

from __future__ import annotations

import bisect
import math
import random
from datetime import date, timedelta
from itertools import accumulate

from intel.demo_data.banks import KINDS, Banks, load_banks
from intel.demo_data.compose import Plan, compose
from intel.demo_data.world import World, nick_variants, phone_norm, phone_variants, vrm_norm, vrm_variants
from intel.errors import IntelError
from intel.weeks import last_complete_week, parse_week, shift_week, week_of

MIN_WEEKS = 4  # spikes need a baseline and clusters need weeks to grow


class _Picker:
    """Weighted choice by bisecting cumulative weights (fast for many draws)."""

    def __init__(self, items: dict) -> None:
        self.keys = list(items)
        self.cum = list(accumulate(float(v) for v in items.values()))

    def __call__(self, rng: random.Random):
        return self.keys[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


class Generator:
    def __init__(self, weeks: int, per_week: int, seed: int, end_week: str | None,
                 bcus: list[str] | None = None, banks: Banks | None = None) -> None:
        if weeks < MIN_WEEKS:
            raise IntelError(f"--weeks {weeks}: need at least {MIN_WEEKS} weeks so spikes have a baseline and clusters can grow")
        if per_week < 50:
            raise IntelError(f"--per-week {per_week}: need at least 50 records a week to plant patterns among")
        self.b = banks or load_banks()
        self.seed = seed
        self.rng = random.Random(seed)
        end_week = end_week or last_complete_week(date.today())
        parse_week(end_week)  # fails with a clear message on a bad week
        self.weeks = [shift_week(end_week, i - weeks + 1) for i in range(weeks)]
        self.mondays = [parse_week(w)[0] for w in self.weeks]
        self.last_day = self.mondays[-1] + timedelta(days=6)
        self.per_week = per_week
        known = self.b.places["bcus"]
        self.bcus = list(bcus) if bcus else list(known)
        unknown = [x for x in self.bcus if x not in known]
        if unknown:
            raise IntelError(f"BCUs {unknown} are not in intel/demo_data/banks/places.yaml; add their areas there")
        self.world = World(self.rng, self.b, self.bcus)
        k = self.b.kinds
        self.kind_pick = _Picker(k["share"])
        self.bcu_pick = _Picker({x: known[x]["weight"] for x in self.bcus})
        self.theme_pick = {}
        for kind in KINDS:
            ws = {t: th.kinds[kind] for t, th in self.b.themes.items() if kind in th.kinds}
            self.theme_pick[kind] = _Picker(ws) if ws else None
        self.weekday_pick = {kind: _Picker(dict(enumerate(k["weekdays"][kind]))) for kind in KINDS}
        # Control BCU: a mid-volume borough left free of planted patterns.
        mids = [x for x in self.bcus if 0.55 <= known[x]["weight"] <= 1.0]
        self.control = self.rng.choice(mids or self.bcus)
        self.plantable = [x for x in self.bcus if x != self.control and known[x]["weight"] >= 0.4]
        if len(self.plantable) < 6:
            raise IntelError(f"{len(self.bcus)} BCUs: the planted patterns need at least 7 BCUs "
                             "(a control BCU and six others); use the BCUs of config/settings.yaml")
        self.plans: list[Plan] = []
        self.patterns: list[dict] = []
        self.stats = {"typo_records": 0, "distractor_records": 0}

    # -- plans ------------------------------------------------------------------------
    def _plan(self, kind: str, bcu: str, day: date, themes: list[str] | None = None, routine: bool = False) -> Plan:
        rng = self.rng
        if themes is None:
            routine = rng.random() < self.b.kinds["routine_share"][kind]
            if routine:
                themes = []
            else:
                themes = ["missing"] if kind == "missing_return" else [self.theme_pick[kind](rng)]
                partners = self.b.themes[themes[0]].with_
                if partners and rng.random() < (0.35 if kind == "missing_return" else 0.18):
                    themes.append(rng.choice(partners))
        child = None
        if kind != "offender_visit":
            if themes:
                ages = [self.b.themes[t].ages for t in themes]
                lo, hi = max(a[0] for a in ages), min(a[1] for a in ages)
                if lo > hi:
                    lo, hi = ages[0]
            else:
                lo, hi = 8, 17
            girls = 0.8 if "cse" in themes else (0.2 if ("cce" in themes or "youth_violence" in themes) else 0.5)
            child = self.world.child(bcu, lo, hi, girls, reuse=0.75 if "missing" in themes else 0.35)
        p = Plan(kind=kind, bcu=bcu, date=day, themes=themes, routine=routine, child=child)
        p.order = len(self.plans)
        self.plans.append(p)
        return p

    def _day(self, kind: str, week_i: int) -> date:
        return self.mondays[week_i] + timedelta(days=self.weekday_pick[kind](self.rng))

    def _theme_kind(self, theme: str) -> str:
        return _Picker(self.b.themes[theme].kinds)(self.rng)

    def background(self) -> None:
        rng = self.rng
        for wi in range(len(self.weeks)):
            for _ in range(self.per_week):
                kind = self.kind_pick(rng)
                self._plan(kind, self.bcu_pick(rng), self._day(kind, wi))

    def plant_series(self) -> None:
        rng, b, world = self.rng, self.b, self.world
        W = len(self.weeks)
        labels = ["VRM", "PHONE", "NICKNAME"] + (["VRM"] if W >= 8 else [])
        for n, label in enumerate(labels, 1):
            spec = b.series[label]
            count = rng.randint(3, 8)
            span = rng.randint(2, min(6, W))
            last = W - 1 - rng.randint(0, min(2, W - span))
            first = last - span + 1
            week_idx = sorted([first, last] + [rng.randint(first, last) for _ in range(count - 2)])
            n_bcus = min(count, rng.randint(2, 4))
            bcus = rng.sample(self.plantable, n_bcus)
            if label == "VRM":
                value = world.vrm()
                variants = vrm_variants(value)
                segs = [[(v, "VRM", vrm_norm(v))] for v in variants]
                norm = vrm_norm(value)
                colour, car = rng.choice(b.things["colours"]), rng.choice(b.things["cars"])
                extra = {"colour": [(colour, None, None)], "car": [(car, None, None)]}
            elif label == "PHONE":
                value = world.reserve_phone()
                segs = [[(v, "PHONE", phone_norm(v))] for v in phone_variants(value)]
                norm = phone_norm(value)
                extra = {}
            else:
                value = world.reserve_nickname()
                segs = [[(a, None, None), (v, "NICKNAME", v.lower()), (c, None, None)] for a, v, c in nick_variants(value)]
                norm = value.lower()
                extra = {}
            slot = {"VRM": "vrm", "PHONE": "phone", "NICKNAME": "nick"}[label]
            templates = rng.sample(spec["say"], count)
            rng.shuffle(segs)
            pid = f"LS{n}"
            plans = []
            for i, wi in enumerate(week_idx):
                bcu = bcus[i % n_bcus]
                themes = list(spec["themes"])
                p = self._plan(self._theme_kind(themes[0]), bcu, self._day("lit_submission", wi), themes)
                p.planted = [templates[i]]
                p.overrides = {slot: segs[i % len(segs)], **extra}
                p.pattern_ids.append(pid)
                plans.append(p)
            self.patterns.append({"kind": "linked_series", "id": pid, "entity": {"label": label, "norm": norm},
                                  "plans": plans})

    def plant_clusters(self) -> None:
        rng, b = self.rng, self.b
        W = len(self.weeks)
        base = max(2, self.per_week // 300)
        for n, spec in enumerate(b.clusters, 1):
            start = max(1, W - 4 + (n - 1) % 2)
            bcus = rng.sample(self.plantable, rng.randint(2, 3))
            pid = f"EC{n}"
            plans = []
            for step, wi in enumerate(range(start, W)):
                for _ in range(round(base * 1.6 ** step)):
                    themes = list(spec["themes"])
                    p = self._plan(self._theme_kind(themes[0]), rng.choice(bcus), self._day("lit_submission", wi), themes)
                    p.planted = [rng.choice(spec["say"])]
                    if spec.get("venue"):
                        v = rng.choice(spec["venue"])
                        p.overrides = {"venue": [(v, "VENUE", "thameside suites")]}
                    p.pattern_ids.append(pid)
                    plans.append(p)
            self.patterns.append({"kind": "emerging_cluster", "id": pid, "description": spec["description"],
                                  "start_week": self.weeks[start], "key_terms": list(spec["key_terms"]),
                                  "plans": plans})

    def plant_spikes(self) -> None:
        rng = self.rng
        W = len(self.weeks)
        used = {p.bcu for pat in self.patterns for p in pat["plans"]}
        free = [x for x in self.plantable if x not in used and self.b.places["bcus"][x]["weight"] >= 0.9] \
            or [x for x in self.plantable if x not in used] or self.plantable
        themes = rng.sample(self.b.spike_themes, 2)
        week_ix = {w: i for i, w in enumerate(self.weeks)}
        counts: dict[tuple[str, str], list[int]] = {}
        for p in self.plans:
            for t in p.themes:
                counts.setdefault((p.bcu, t), [0] * W)[week_ix[week_of(p.date)]] += 1
        chosen: list[str] = []
        for n, (theme, wi) in enumerate(zip(themes, [W - 1, W // 2]), 1):
            # A spike stands out against a real baseline: prefer a BCU where the theme is seen most weeks.
            options = [x for x in free if x not in chosen]
            options.sort(key=lambda x: -sum(1 for c in counts.get((x, theme), [0] * W) if c))
            bcu = rng.choice(options[:max(1, len(options) // 3)])
            chosen.append(bcu)
            week = self.weeks[wi]
            row = counts.get((bcu, theme), [0] * W)
            others = [c for i, c in enumerate(row) if i != wi]
            baseline = sum(others) / len(others)
            counts_wi = row[wi]
            target = max(math.ceil(3 * baseline) + 1, counts_wi + 4, 5)
            pid = f"SP{n}"
            for _ in range(target - counts_wi):
                kind = self._theme_kind(theme)
                p = self._plan(kind, bcu, self._day(kind, wi), [theme])
                p.pattern_ids.append(pid)
            plans = [p for p in self.plans if p.bcu == bcu and theme in p.themes and week_of(p.date) == week]
            self.patterns.append({"kind": "spike", "id": pid, "theme": theme, "bcu": bcu, "week": week,
                                  "plans": plans, "baseline_per_week": round(baseline, 2)})

    # -- records ------------------------------------------------------------------------
    def assign_ids(self) -> None:
        rng = self.rng
        prefix = self.b.kinds["prefix"]
        counters: dict[tuple[str, int], int] = {}
        for p in sorted(self.plans, key=lambda p: (p.date, p.order)):
            key = (p.kind, p.date.year)
            if key not in counters:
                counters[key] = rng.randint(1000, 5000)
            counters[key] += rng.randint(1, 3)
            p.id = f"{prefix[p.kind]}-{p.date.year}-{counters[key]:06d}"

    def fields(self, p: Plan) -> dict:
        rng, k = self.rng, self.b.kinds
        row = {"source_eval": None, "intel_assessment": None, "handling": None, "handling_conditions": None,
               "status": None, "outcome": None, "safeguarding_plan": None, "opened_at": None, "closed_at": None}
        if p.kind == "lit_submission":
            g = k["grading"]
            row["source_eval"] = _Picker(g["source_eval"])(rng)
            row["intel_assessment"] = _Picker(g["intel_assessment"])(rng)
            row["handling"] = "C" if rng.random() < g["handling_c_share"] else "P"
            if row["handling"] == "C":
                row["handling_conditions"] = rng.choice(self.b.things["conditions"])
            if rng.random() < g["ungraded_share"]:  # data-quality: a submission left ungraded
                for f in rng.sample(["source_eval", "intel_assessment", "handling"], rng.randint(1, 3)):
                    row[f] = None
                if row["handling"] is None:
                    row["handling_conditions"] = None
        st = k["statuses"].get(p.kind)
        if st:
            age_days = (self.last_day - p.date).days
            took = math.ceil(rng.expovariate(1 / st["mean_days"]))
            row["opened_at"] = p.date.isoformat()
            if took <= age_days and rng.random() >= st["stale_share"]:
                row["status"] = "closed"
                row["closed_at"] = (p.date + timedelta(days=took)).isoformat()
                row["outcome"] = _Picker(st["outcomes"])(rng)
            else:
                row["status"] = "open"
        if "iioc" in p.themes:
            row["safeguarding_plan"] = rng.random() < 0.6
        elif p.kind == "mash_referral" and row["outcome"] in ("s47 enquiry", "strategy discussion"):
            row["safeguarding_plan"] = True
        return row

    def build(self, progress=None) -> tuple[list[dict], dict]:
        """Plan, plant and write the corpus; `progress(done, total)` is called as records are written."""
        self.background()
        self.plant_series()
        self.plant_clusters()
        self.plant_spikes()
        self.assign_ids()
        rng, b = self.rng, self.b
        ranks = b.names["officer_ranks"]
        records, truth_records = [], {}
        total = len(self.plans)
        for n, p in enumerate(sorted(self.plans, key=lambda p: (p.date, p.id)), 1):
            if progress is not None and n % 1000 == 0:
                progress(n, total)
            if p.kind == "offender_visit":
                p.themes = ["offender_management"]
            text, truth, notes = compose(p, rng, b, self.world)
            self.stats["typo_records"] += notes["typo"]
            self.stats["distractor_records"] += notes["distractor"]
            c = p.child
            row = {"id": p.id, "kind": p.kind, "date": p.date.isoformat(), "bcu": p.bcu, "text": text}
            row.update(self.fields(p))
            row["ward"] = c.area if c is not None and c.bcu == p.bcu else rng.choice(b.places["bcus"][p.bcu]["areas"])
            row["author"] = f"{rng.choice(ranks)} {rng.randint(100, 9999)}{rng.choice(b.places['bcus'][p.bcu]['postcode'][:2])} {rng.choice(b.names['surnames'])}"
            if rng.random() < 0.01:  # data-quality gaps a briefing should show
                row[rng.choice(["ward", "author"])] = None
            row["subject_ref"] = c.ref if c is not None else None
            records.append(row)
            truth_records[p.id] = truth
        patterns = []
        for pat in self.patterns:
            plans = sorted(pat.pop("plans"), key=lambda p: (p.date, p.id))
            out = {k: v for k, v in pat.items()}
            out["records"] = [p.id for p in plans]
            out["bcus"] = sorted({p.bcu for p in plans}) if pat["kind"] != "spike" else [pat["bcu"]]
            if pat["kind"] == "linked_series":
                out["weeks"] = sorted({week_of(p.date) for p in plans})
            patterns.append(_ordered(out))
        truth = {"seed": self.seed, "weeks": self.weeks, "control_bcu": self.control,
                 "records": truth_records, "patterns": patterns}
        return records, truth


_KEY_ORDER = ["kind", "id", "entity", "description", "theme", "bcu", "week", "start_week", "records", "bcus",
              "weeks", "key_terms", "baseline_per_week"]


def _ordered(d: dict) -> dict:
    return {k: d[k] for k in _KEY_ORDER if k in d}


def generate(weeks: int, per_week: int, seed: int, end_week: str | None = None,
             bcus: list[str] | None = None, progress=None) -> tuple[list[dict], dict]:
    """A synthetic corpus in the intake schema (plus `subject_ref`) and its ground truth.

    Deterministic: the same arguments give the same records and truth. `end_week` defaults to the
    last complete ISO week before today; `per_week` is the background volume a week, and planted
    pattern records come on top of it. `progress(done, total)`, if given, is called every 1,000 records.
    """
    return Generator(weeks, per_week, seed, end_week, bcus).build(progress)
