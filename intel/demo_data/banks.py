"""Phrase banks, name lists and places: data files in banks/, read with yaml.safe_load.

Only the synthetic generator reads these. The extractor and the pattern engine never do: they
are measured on text written by others.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from intel.errors import IntelError
from intel.demo_data.render import Template, compile_many

BANKS_DIR = Path(__file__).resolve().parent / "banks"
FLAGS = ("negated", "hypothetical", "historical", "uncertain", "other_subject")
KINDS = ("lit_submission", "crime_report", "missing_return", "mash_referral", "offender_visit")


class BankError(IntelError):
    """A phrase bank file is missing or malformed."""


def _load(name: str, folder: Path) -> dict:
    path = folder / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BankError(f"{path}: phrase bank not found (it ships inside the package)") from None
    except yaml.YAMLError as exc:
        raise BankError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise BankError(f"{path}: expected a mapping at the top level")
    return data


def _need(data: dict, key: str, path: str, kind: type = list):
    if key not in data:
        raise BankError(f"{path}: missing key {key!r}")
    value = data[key]
    if not isinstance(value, kind) or not value:
        raise BankError(f"{path}: {key}: expected a non-empty {kind.__name__}")
    return value


@dataclass
class Indicator:
    id: str
    say: list[Template]
    np: list[str]

    @cached_property
    def _states(self) -> tuple[frozenset[str], ...]:
        # per sentence, the themes its '%theme' tags say it also states
        return tuple(frozenset(c[1:] for c in t.conditions if c.startswith("%")) for t in self.say)

    def writable_in(self, themes) -> bool:
        """Whether some sentence of it states no theme outside these (a record's planned themes)."""
        return any(need.issubset(themes) for need in self._states)


@dataclass
class Theme:
    id: str
    ages: tuple[int, int]
    kinds: dict[str, float]
    indicators: dict[str, float]
    say: list[Template]
    requires: tuple[str, ...] = ()
    with_: tuple[str, ...] = ()  # themes that may share a record with this one


@dataclass
class Banks:
    names: dict
    places: dict
    things: dict
    indicators: dict[str, Indicator]
    themes: dict[str, Theme]
    context: dict[str, list[Template]]
    distractors: list[Template]
    routine: dict[str, list[Template]]
    routine_notes: list[Template]
    fillers: list[Template]  # about the child and family
    admin_fillers: list[Template]  # fit any record
    case_fillers: list[Template]  # only after a concern
    kinds: dict
    openers: dict[str, list[Template]]
    ov: dict[str, list[Template]]
    series: dict[str, dict]
    clusters: list[dict]
    spike_themes: list[str]
    narrative: dict


# Slots that speak about the child; offender-visit records have no child to speak about.
CHILD_SLOTS = {"yp", "Yp", "pr", "Pr", "pos", "Pos", "obj", "carer", "Carer_cap", "name", "full", "age"}


def load_banks(folder: Path | None = None) -> Banks:
    folder = Path(folder) if folder else BANKS_DIR
    return _load_cached(str(folder))


@lru_cache(maxsize=4)
def _load_cached(folder_s: str) -> Banks:
    folder = Path(folder_s)
    names = _load("names.yaml", folder)
    places = _load("places.yaml", folder)
    things = _load("things.yaml", folder)
    ind_raw = _load("indicators.yaml", folder)
    ctx_raw = _load("context.yaml", folder)
    nar = _load("narrative.yaml", folder)
    kinds = _load("kinds.yaml", folder)
    pat = _load("patterns.yaml", folder)

    for source, data in (("things.yaml", things), ("places.yaml", places)):
        for key, value in list(data.items()):
            if isinstance(value, dict) and "names" in value:  # name x kind, e.g. 'Kingsway' x 'Lodge'
                where = f"{source}: {key}"
                data[key] = [f"{n} {k}" for n in _need(value, "names", where) for k in _need(value, "kinds", where)]
    for key in ("girls", "boys", "surnames", "men", "women", "nick_prefix", "nick_core", "officer_ranks"):
        _need(names, key, "names.yaml")
    for b, spec in _need(places, "bcus", "places.yaml", dict).items():
        if not isinstance(spec, dict) or "weight" not in spec or not spec.get("areas"):
            raise BankError(f"places.yaml: bcus: {b}: needs weight, postcode and areas")

    indicators = {}
    for iid, spec in ind_raw.items():
        where = f"indicators.yaml: {iid}"
        indicators[iid] = Indicator(iid, compile_many(_need(spec, "say", where), where), list(_need(spec, "np", where)))

    themes = {}
    for tid, spec in _need(nar, "themes", "narrative.yaml", dict).items():
        where = f"narrative.yaml: themes: {tid}"
        ages = _need(spec, "ages", where)
        weights = _need(spec, "indicators", where, dict)
        for iid in weights:
            if iid not in indicators:
                raise BankError(f"{where}: indicators: {iid!r} is not an indicator of indicators.yaml")
        themes[tid] = Theme(tid, (int(ages[0]), int(ages[1])), dict(_need(spec, "kinds", where, dict)),
                            dict(weights), compile_many(_need(spec, "say", where), where),
                            tuple(spec.get("requires") or ()), tuple(spec.get("with") or ()))

    context = {f: compile_many(_need(ctx_raw, f, "context.yaml"), f"context.yaml: {f}") for f in FLAGS}
    fillers = compile_many(_need(nar, "fillers", "narrative.yaml"), "narrative.yaml: fillers")
    admin = compile_many(_need(nar, "admin_fillers", "narrative.yaml"), "narrative.yaml: admin_fillers")
    case = compile_many(_need(nar, "case_fillers", "narrative.yaml"), "narrative.yaml: case_fillers")
    for t in admin:
        if t.slots & CHILD_SLOTS:
            raise BankError(f"narrative.yaml: admin_fillers: {t.source}: must not speak of the child (no {{yp}}, {{pr}}, ...)")
    routine = {k: compile_many(v, f"narrative.yaml: routine: {k}") for k, v in _need(nar, "routine", "narrative.yaml", dict).items()}
    openers = {k: compile_many(v, f"kinds.yaml: openers: {k}") for k, v in _need(kinds, "openers", "kinds.yaml", dict).items()}
    ov = {k: compile_many(v, f"kinds.yaml: offender_visit: {k}") for k, v in _need(kinds, "offender_visit", "kinds.yaml", dict).items()}
    for k in KINDS:
        if k not in openers:
            raise BankError(f"kinds.yaml: openers: missing kind {k!r}")

    series = {}
    for label, spec in _need(pat, "linked_series", "patterns.yaml", dict).items():
        where = f"patterns.yaml: linked_series: {label}"
        series[label] = {"themes": list(_need(spec, "themes", where)), "say": compile_many(_need(spec, "say", where), where)}
    clusters = []
    for i, spec in enumerate(_need(pat, "emerging_clusters", "patterns.yaml")):
        where = f"patterns.yaml: emerging_clusters[{i}]"
        c = dict(spec)
        c["say"] = compile_many(_need(spec, "say", where), where)
        _need(spec, "key_terms", where)
        clusters.append(c)

    return Banks(
        names=names, places=places, things=things, indicators=indicators, themes=themes,
        context=context,
        distractors=compile_many(_need(ctx_raw, "distractors", "context.yaml"), "context.yaml: distractors"),
        routine=routine,
        routine_notes=compile_many(_need(nar, "routine_notes", "narrative.yaml"), "narrative.yaml: routine_notes"),
        fillers=fillers, admin_fillers=admin, case_fillers=case,
        kinds=kinds, openers=openers, ov=ov, series=series, clusters=clusters,
        spike_themes=list(_need(pat, "spike_themes", "patterns.yaml")), narrative=nar,
    )
