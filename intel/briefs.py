"""Assemble product inputs (products.inputs) from the store and the pattern engine, render them,
and record each briefing as a disclosure.

One `WeekPicture` reads the force's records, extractions and pattern report for a week once;
every BCU briefing is then a filter over it, so all 33 cost little more than one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from intel.progress import CountingBar
from intel.analysis import extractions_for
from intel.audit import DISCLOSURE
from intel.config import Settings
from intel.errors import IntelError
from intel.records import Record
from intel.weeks import parse_week, shift_week, week_of, weeks_between
from nlp.extraction import Extraction
from products import inputs as pi

BASELINE_WEEKS = 12  # the longer baseline, before the 4 weeks of the short average
SHORT_WEEKS = 4
REPEAT_WINDOW_WEEKS = 12
REPEAT_MIN_EPISODES = 3
MAX_HIGH_RISK = 15
MAX_EXCERPTS = 3
# Which record kinds make up each workflow queue a Borough Commander tracks.
BACKLOGS = {"MASH": ("mash_referral",), "PPD": ("crime_report",)}
CLOSED_STATUSES = {"closed", "complete", "completed", "filed", "nfa", "finalised", "finalized"}
# Fields a chair relies on, per record kind ("*": every kind); missing ones are data-quality gaps.
EXPECTED_FIELDS = {
    "*": ("ward", "author"),
    "crime_report": ("status", "subject_ref"),
    "mash_referral": ("status", "outcome", "subject_ref"),
    "missing_return": ("subject_ref",),
    "lit_submission": ("subject_ref",),
}
# Short theme names for tables when the taxonomy gives none.
THEME_LABELS = {
    "cse": "Child sexual exploitation", "cce": "Child criminal exploitation", "missing": "Missing children",
    "iioc": "Indecent images of children", "online_abuse": "Online grooming and abuse",
    "sexual_abuse": "Child sexual abuse", "domestic_abuse": "Domestic abuse", "neglect": "Neglect",
    "physical_abuse": "Physical abuse", "harmful_practices": "Harmful practices",
    "trafficking": "Trafficking and modern slavery", "offender_management": "Offender management",
    "youth_violence": "Serious youth violence",
}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def briefing_filename(week: str, bcu: str | None, fmt: str = "pdf") -> str:
    return f"pacesetter-{week}-{slug(bcu) if bcu else 'force-wide'}.{fmt}"


# -- taxonomy ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Taxonomy:
    themes: dict[str, tuple[str, str]]  # id -> (label, definition), in file order
    version: str


def load_taxonomy(config_dir: Path) -> Taxonomy:
    path = Path(config_dir) / "taxonomy.yaml"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IntelError(f"{path}: file not found; briefings need the taxonomy for theme names") from None
    data = yaml.safe_load(raw) or {}
    themes = {}
    for tid, d in (data.get("themes") or {}).items():
        d = d if isinstance(d, dict) else {"definition": str(d)}
        label = d.get("label") or THEME_LABELS.get(tid) or tid.replace("_", " ").capitalize()
        themes[tid] = (str(label), str(d.get("definition") or d.get("description") or label))
    return Taxonomy(themes, "taxonomy-" + hashlib.sha256(raw).hexdigest()[:12])


def model_version(extractor) -> str:
    import spacy

    return f"spaCy {spacy.__version__} blank('en'), {extractor.version}"


# -- helpers over records ---------------------------------------------------------------------------

def subject_of(r: Record) -> str:
    """The child's case reference: never a name."""
    return str(r.extra.get("subject_ref") or r.id)


def is_open(r: Record, at: date) -> bool:
    if (r.opened_at or r.date) > at:
        return False
    if r.closed_at is not None:
        return r.closed_at > at
    return (r.status or "open").strip().casefold() not in CLOSED_STATUSES


def grade_of(r: Record) -> pi.Grade:
    g = r.grading
    return pi.Grade(g.source_eval, g.intel_assessment, g.handling)


def _is_nfa(outcome: str | None) -> bool:
    return bool(outcome) and re.match(r"\s*(nfa|no further action)\b", outcome, re.I) is not None


# -- the week ---------------------------------------------------------------------------------------

@dataclass
class WeekPicture:
    """Everything a week's briefings are built from, read once."""

    week: str
    start: date
    end: date
    records: list[Record]  # the whole window, force-wide
    extractions: dict[str, Extraction]
    report: object  # PatternReport
    taxonomy: Taxonomy
    quarantined: list = field(default_factory=list)
    extractor: object = None
    backlog_records: list[Record] = field(default_factory=list)
    name_hints: frozenset[str] = frozenset()

    def week_index(self, r: Record) -> int:
        """0 for the reporting week, 1 for the week before, ..."""
        return (self.start - (r.date - timedelta(days=r.date.weekday()))).days // 7


def load_week(store, settings: Settings, week: str, extractor, *, user: str, progress=None) -> WeekPicture:
    start, end = parse_week(week)
    first = parse_week(shift_week(week, -(BASELINE_WEEKS + SHORT_WEEKS)))[0]
    records = list(store.iter_records(start=first, end=end))
    ext = extractions_for(store, records, extractor)
    report = pattern_report(store, settings, week, extractor, records, user=user, progress=progress)
    kinds = sorted({k for ks in BACKLOGS.values() for k in ks})
    backlog = [r for r in store.iter_records(end=end, kinds=kinds) if r.date < first]
    return WeekPicture(week, start, end, records, ext, report, load_taxonomy(settings.config_path),
                       store.quarantined(), extractor, backlog + [r for r in records if r.kind.value in kinds],
                       name_hints(records, ext))


PATTERN_CACHE = "briefing_patterns"


def pattern_report(store, settings: Settings, week: str, extractor, records: list[Record], *, user: str,
                   progress=None):
    """The week's PatternReport, rerun only when its inputs changed.

    The pattern run is most of a briefing's cost, so its report is kept (artifact
    `briefing_patterns`) with a digest of what it was made from: the records of the window (ids and
    content hashes), the pipeline version and patterns.yaml. Any change there reruns it.
    """
    from intel.patterns.from_store import report_for_week
    from intel.patterns.report import PatternReport
    from intel.patterns.settings import load_pattern_settings

    cfg = Path(settings.config_dir) / "patterns.yaml"
    salt = hashlib.sha256(cfg.read_bytes()).hexdigest()[:16] if cfg.is_file() else "default"
    digest = input_digest(week, f"patterns|{salt}", records, extractor.version)
    cached = store.get_artifact(PATTERN_CACHE, week)
    if cached and cached.get("digest") == digest:
        return PatternReport.from_dict(cached["report"])
    report = report_for_week(store, week, extractor=extractor, user=user, config_dir=settings.config_dir,
                             settings=load_pattern_settings(settings.config_path), progress=progress)
    store.put_artifact(PATTERN_CACHE, week, {"digest": digest, "report": report.to_dict()})
    return report


def name_hints(records: list[Record], ext: dict[str, Extraction]) -> frozenset[str]:
    """Name words found anywhere in the window, so a name missed in one text is masked from another."""
    from products.redaction import name_tokens

    out: set[str] = set()
    for r in records:
        x = ext.get(r.id)
        out |= name_tokens(r.text, x.entities if x else None, lower=False)
    return frozenset(out)


def _in_area(r: Record, bcu: str | None) -> bool:
    return bcu is None or r.bcu.casefold() == bcu.casefold()


def _themes(x: Extraction | None) -> set[str]:
    return set(x.theme_ids) if x else set()


def theme_counts(pic: WeekPicture, recs: list[Record]) -> list[pi.ThemeCount]:
    per = defaultdict(Counter)  # theme -> week index -> n
    for r in recs:
        wi = pic.week_index(r)
        for t in _themes(pic.extractions.get(r.id)):
            per[t][wi] += 1
    out = []
    for tid, (label, _) in pic.taxonomy.themes.items():
        c = per.get(tid, Counter())
        out.append(pi.ThemeCount(
            tid, label, c[0],
            sum(c[i] for i in range(1, SHORT_WEEKS + 1)) / SHORT_WEEKS,
            sum(c[i] for i in range(SHORT_WEEKS + 1, SHORT_WEEKS + BASELINE_WEEKS + 1)) / BASELINE_WEEKS,
        ))
    return out


def focus_areas(pic: WeekPicture, recs: list[Record], bcu: str | None) -> pi.FocusAreas:
    this_week = [r for r in recs if pic.week_index(r) == 0]
    th = lambda r: _themes(pic.extractions.get(r.id))  # noqa: E731
    crimes = [r for r in recs if r.kind.value == "crime_report"]
    cse_open = [r for r in crimes if "cse" in th(r) and is_open(r, pic.end)]
    iioc = sorted({r.id: r for r in crimes if "iioc" in th(r) and (is_open(r, pic.end) or pic.week_index(r) == 0)}
                  .values(), key=lambda r: r.id)
    missing = [r for r in recs if r.kind.value == "missing_return" and pic.week_index(r) < REPEAT_WINDOW_WEEKS]
    episodes = Counter(subject_of(r) for r in missing)
    this_week_eps = Counter(subject_of(r) for r in missing if pic.week_index(r) == 0)
    repeat = sorted((pi.RepeatMissing(ref, n, this_week_eps[ref]) for ref, n in episodes.items()
                     if n >= REPEAT_MIN_EPISODES and this_week_eps[ref]),
                    key=lambda x: (-x.episodes, x.case_ref))
    backlogs = []
    queue = [r for r in pic.backlog_records if _in_area(r, bcu)]
    for name, kinds in BACKLOGS.items():
        open_items = [r for r in queue if r.kind.value in kinds and is_open(r, pic.end)]
        oldest = min(((r.opened_at or r.date) for r in open_items), default=None)
        backlogs.append(pi.Backlog(name, len(open_items), (pic.end - oldest).days if oldest else None))
    nfa = sorted(r.id for r in recs if r.kind.value == "mash_referral" and _is_nfa(r.outcome)
                 and pic.start <= (r.closed_at or r.date) <= pic.end)
    return pi.FocusAreas(
        cse_new=sum("cse" in th(r) for r in this_week), cse_open=len(cse_open),
        iioc_cases=len(iioc), iioc_with_plan=sum(r.safeguarding_plan is True for r in iioc),
        iioc_without_plan=[r.id for r in iioc if r.safeguarding_plan is False],
        iioc_plan_unknown=sum(r.safeguarding_plan is None for r in iioc),
        missing_episodes=len([r for r in missing if pic.week_index(r) == 0]),
        missing_children=len(this_week_eps), repeat_missing=repeat[:12], repeat_window_weeks=REPEAT_WINDOW_WEEKS,
        backlogs=backlogs, nfa_notifications=len(nfa), nfa_refs=nfa,
    )


def high_risk(pic: WeekPicture, recs: list[Record]) -> list[pi.HighRiskChild]:
    best: dict[str, tuple[int, Record, Extraction]] = {}
    seen: dict[str, list[str]] = defaultdict(list)
    for r in recs:
        x = pic.extractions.get(r.id)
        if not x or x.risk.band != "high" or r.kind.value == "offender_visit":
            continue
        ref = subject_of(r)
        seen[ref].append(r.id)
        if ref not in best or (x.risk.score, r.id) > (best[ref][0], best[ref][1].id):
            best[ref] = (x.risk.score, r, x)
    kids = [pi.HighRiskChild(ref, score, "high", list(x.risk.reasons), sorted(seen[ref]), grade_of(r))
            for ref, (score, r, x) in best.items()]
    return sorted(kids, key=lambda k: (-k.score, k.case_ref))[:MAX_HIGH_RISK]


def data_quality(pic: WeekPicture, recs: list[Record], bcu: str | None) -> pi.DataQuality:
    intel = [r for r in recs if r.kind.value == "lit_submission"]
    ungraded = sorted(r.id for r in intel if not r.grading.is_graded)
    missing = Counter()
    for r in recs:
        for f in EXPECTED_FIELDS["*"] + EXPECTED_FIELDS.get(r.kind.value, ()):
            value = r.extra.get(f) if f == "subject_ref" else getattr(r, f, None)
            if value in (None, ""):
                missing[f] += 1
    rows = [q for q in pic.quarantined if bcu is None or bcu.casefold() in (q.raw or "").casefold()]
    reasons = Counter(f"{q.field}: {q.reason}" for q in rows)
    return pi.DataQuality(len(recs), len(ungraded), ungraded, dict(missing), len(rows), dict(reasons))


def grading_spread(recs: list[Record]) -> pi.GradingSpread:
    cells = Counter(f"{r.grading.source_eval or '?'}{r.grading.intel_assessment or '?'}" for r in recs)
    handling = Counter(r.grading.handling or "?" for r in recs)
    return pi.GradingSpread(dict(cells), dict(handling))


def excerpt_of(r: Record, x: Extraction | None, theme: str | None = None) -> pi.Excerpt:
    """The record as an excerpt, focused on the evidence for `theme` (else any theme) and asserted indicators."""
    focus: list[tuple[int, int]] = []
    if x:
        for t in x.themes:
            if theme is None or t.id == theme:
                focus += [(e.start, e.end) for e in t.evidence]
        if not focus:
            focus = [(m.start, m.end) for m in x.indicators if m.asserted]
    return pi.Excerpt(r.id, r.text, grade_of(r), r.bcu, r.date, list(x.entities) if x else None, sorted(focus))


def pattern_items(pic: WeekPicture, store, bcu: str | None) -> list[pi.PatternItem]:
    by_id = {r.id: r for r in pic.records}
    out = []
    for p in pic.report.patterns:
        if bcu is not None and not any(b.casefold() == bcu.casefold() for b in p.bcus):
            continue
        recs = [by_id.get(i) or store.get_record(i) for i in p.records]
        recs = [r for r in recs if r is not None]
        # This BCU's records first, newest first, so the chair sees local evidence.
        recs.sort(key=lambda r: (not _in_area(r, bcu), -r.date.toordinal(), r.id))
        exts = {**pic.extractions, **store.get_extractions([r.id for r in recs[:MAX_EXCERPTS]
                                                              if r.id not in pic.extractions],
                                                             pic.extractor.version)}
        out.append(pi.PatternItem(
            p.id, p.kind, p.summary, p.theme, list(p.bcus), list(p.weeks), list(p.records), list(p.entities),
            list(p.terms), float(p.score), dict(p.statistic),
            [excerpt_of(r, exts.get(r.id), p.theme) for r in recs[:MAX_EXCERPTS]],
        ))
    return out


def input_digest(week: str, area: str, recs: list[Record], version: str) -> str:
    h = hashlib.sha256(f"{week}|{area}|{version}".encode())
    for r in sorted(recs, key=lambda r: r.id):
        h.update(f"|{r.id}:{r.content_hash()}".encode())
    return h.hexdigest()[:16]


def build_briefing(pic: WeekPicture, store, settings: Settings, bcu: str | None, *, user: str,
                   now: datetime, run_id: int | None = None) -> pi.Briefing:
    recs = [r for r in pic.records if _in_area(r, bcu)]
    this_week = [r for r in recs if pic.week_index(r) == 0]
    area = bcu or "Force-wide"
    first = shift_week(pic.week, -(BASELINE_WEEKS + SHORT_WEEKS))
    return pi.Briefing(
        force_name=settings.force_name, bcu=bcu, period=pi.Period(pic.week, pic.start, pic.end),
        theme_counts=theme_counts(pic, recs),
        patterns=pattern_items(pic, store, bcu),
        focus=focus_areas(pic, recs, bcu),
        high_risk=high_risk(pic, this_week),
        data_quality=data_quality(pic, this_week, bcu),
        grading=grading_spread(this_week),
        provenance=pi.Provenance(pic.extractor.version, pic.taxonomy.version, model_version(pic.extractor), now,
                                 user, run_id, f"{first} to {pic.week}",
                                 input_digest(pic.week, area, recs, pic.extractor.version)),
        marking=settings.protective_marking, baseline_weeks=BASELINE_WEEKS,
        bcu_counts=(dict(Counter(r.bcu for r in this_week)) | {b: 0 for b in settings.bcus
                    if b not in {r.bcu for r in this_week}}) if bcu is None else {},
        name_hints=pic.name_hints,
    )


def referenced_records(b: pi.Briefing) -> list[str]:
    """Every record a briefing discloses or points to, for the audit log."""
    ids = [e.record_id for p in b.patterns for e in p.excerpts] + [i for p in b.patterns for i in p.records]
    ids += [i for c in b.high_risk for i in c.records] + b.focus.iioc_without_plan + b.focus.nfa_refs
    ids += b.data_quality.ungraded_refs
    return sorted(set(ids))


# -- producing files ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Produced:
    area: str
    bcu: str | None
    path: Path
    records: int


def records_sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".records.json")


def resolve_bcus(settings: Settings, bcu: str) -> list[str | None]:
    """'all' -> every BCU then force-wide; a name -> that BCU (case-insensitive)."""
    if bcu.strip().casefold() in ("all", "*"):
        return [*settings.bcus, None]
    if bcu.strip().casefold() in ("force", "force-wide", "forcewide"):
        return [None]
    for b in settings.bcus:
        if b.casefold() == bcu.strip().casefold():
            return [b]
    raise IntelError(f"BCU {bcu!r} is not in settings.bcus; use one of them (e.g. {settings.bcus[0]!r}), "
                     "'force-wide' or 'all'")


def _render(job: tuple[pi.Briefing, str, str]) -> str:
    from products.briefing import briefing_html, briefing_pdf

    b, path, fmt = job
    if fmt == "pdf":
        briefing_pdf(b, Path(path))
    else:
        Path(path).write_text(briefing_html(b, standalone=True), encoding="utf-8")
    return path


def produce_briefings(store, settings: Settings, week: str, bcus: list[str | None], out_dir: Path, *,
                      extractor, user: str, fmt: str = "pdf", now: datetime | None = None,
                      progress: bool = False, workers: int | None = None) -> list[Produced]:
    """Write one briefing per entry of `bcus` (None: force-wide), each audited as a disclosure.

    Inputs are assembled here from one read of the week; rendering (most of the time) runs in
    `workers` processes, by default one per core up to 2.
    """
    if fmt not in ("pdf", "html"):
        raise IntelError(f"--format {fmt!r}: use pdf or html")
    now = now or datetime.now().replace(microsecond=0)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    run_id = store.start_run("briefing", user, {"week": week, "bcus": [b or "force-wide" for b in bcus],
                                                "format": fmt, "pipeline_version": extractor.version})
    done: list[Produced] = []
    bar = None
    try:
        if progress:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                          console=Console(stderr=True), transient=True) as spin:
                task = spin.add_task(f"reading {week} and its patterns", total=None)
                pic = load_week(store, settings, week, extractor, user=user, progress=spin)
                spin.remove_task(task)
        else:
            pic = load_week(store, settings, week, extractor, user=user)
        jobs = [build_briefing(pic, store, settings, bcu, user=user, now=now, run_id=run_id) for bcu in bcus]
        paths = [str(out_dir / briefing_filename(week, b.bcu, fmt)) for b in jobs]
        workers = min(len(jobs), workers if workers is not None else min(2, os.cpu_count() or 1))
        bar = CountingBar("briefings", len(jobs), progress, remaining=False)
        if workers > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            # fork: the workers start with WeasyPrint, fonts and templates already loaded.
            with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
                rendered = pool.map(_render, [(b, p, fmt) for b, p in zip(jobs, paths)])
                for b, path in zip(jobs, rendered):
                    done.append(_record(store, b, Path(path), week, user))
                    bar.advance()
        else:
            for b, path in zip(jobs, paths):
                _render((b, path, fmt))
                done.append(_record(store, b, Path(path), week, user))
                bar.advance()
    except Exception as exc:
        store.finish_run(run_id, "failed", {"error": str(exc), "written": [str(p.path) for p in done]})
        raise
    finally:
        if bar is not None:
            bar.stop()
    store.finish_run(run_id, "ok", {"written": [str(p.path) for p in done]})
    return done


def _record(store, b: pi.Briefing, path: Path, week: str, user: str) -> Produced:
    """Audit the file as a disclosure and keep its record ids beside it for delivery's audit."""
    refs = referenced_records(b)
    store.audit(DISCLOSURE, user, f"Pacesetter briefing {b.area} {week} written to {path}", refs,
                "weekly Pacesetter briefing")
    records_sidecar(path).write_text(json.dumps({"week": week, "area": b.area, "records": refs}),
                                     encoding="utf-8")
    return Produced(b.area, b.bcu, path, b.records_this_week)



# -- problem profile ------------------------------------------------------------------------------

PLACE_LABELS = ("PLACE", "VENUE", "PLATFORM")
MAX_PROFILE_EXCERPTS = 6


def build_problem_profile(store, settings: Settings, theme: str, bcu: str | None, week: str, n_weeks: int, *,
                          extractor, user: str, now: datetime | None = None) -> pi.ProblemProfile:
    tax = load_taxonomy(settings.config_path)
    if theme not in tax.themes:
        raise IntelError(f"--theme {theme!r}: not a theme in {settings.config_path / 'taxonomy.yaml'}; "
                         f"use one of {', '.join(tax.themes)}")
    if n_weeks < 1:
        raise IntelError(f"--weeks {n_weeks}: must be at least 1")
    first = shift_week(week, -(n_weeks - 1))
    weeks = weeks_between(first, week)
    recs = [r for r in store.iter_records(start=parse_week(first)[0], end=parse_week(week)[1]) if _in_area(r, bcu)]
    ext = extractions_for(store, recs, extractor)
    hits = [r for r in recs if theme in _themes(ext.get(r.id))]
    weekly = Counter(week_of(r.date) for r in hits)
    places = Counter()
    indicators = Counter()
    for r in hits:
        x = ext[r.id]
        for lab, norm in {(e.label, e.norm) for e in x.entities if e.label in PLACE_LABELS}:
            places[(norm, lab)] += 1
        indicators.update(set(x.asserted_indicators))
    window = list(store.iter_records(start=parse_week(shift_week(week, -(BASELINE_WEEKS + SHORT_WEEKS)))[0],
                                     end=parse_week(week)[1]))
    report = pattern_report(store, settings, week, extractor, window, user=user)
    hints = name_hints(recs, ext)
    pic = WeekPicture(week, *parse_week(week), recs, ext, report, tax, extractor=extractor, name_hints=hints)
    pats = [p for p in pattern_items(pic, store, bcu) if p.theme == theme]
    ranked = sorted(hits, key=lambda r: (-ext[r.id].risk.score, -r.date.toordinal(), r.id))
    label, definition = tax.themes[theme]
    return pi.ProblemProfile(
        force_name=settings.force_name, bcu=bcu, theme=theme, theme_label=label, theme_definition=definition,
        weeks=weeks, weekly_counts={w: weekly.get(w, 0) for w in weeks},
        bcu_counts=dict(Counter(r.bcu for r in hits)),
        places=[pi.PlaceCount(n, lab, c) for (n, lab), c in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))
                if c >= 2][:12],
        indicators=dict(indicators), patterns=pats,
        excerpts=[excerpt_of(r, ext[r.id], theme) for r in ranked[:MAX_PROFILE_EXCERPTS]],
        high_risk=high_risk(pic, hits), grading=grading_spread(hits),
        provenance=pi.Provenance(extractor.version, tax.version, model_version(extractor),
                                 now or datetime.now().replace(microsecond=0), user, None, f"{first} to {week}",
                                 input_digest(week, f"{theme}|{bcu or 'all'}", recs, extractor.version)),
        marking=settings.protective_marking, name_hints=hints,
    )


def produce_problem_profile(store, settings: Settings, theme: str, bcu: str | None, week: str, n_weeks: int,
                            out_dir: Path, *, extractor, user: str, fmt: str = "pdf",
                            now: datetime | None = None) -> Path:
    from products.profile import profile_html, profile_pdf

    p = build_problem_profile(store, settings, theme, bcu, week, n_weeks, extractor=extractor, user=user, now=now)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"problem-profile-{theme}-{slug(bcu) if bcu else 'force-wide'}-{week}.{fmt}"
    if fmt == "pdf":
        profile_pdf(p, path)
    elif fmt == "html":
        path.write_text(profile_html(p, standalone=True), encoding="utf-8")
    else:
        raise IntelError(f"--format {fmt!r}: use pdf or html")
    ids = sorted({e.record_id for e in p.excerpts} | {i for x in p.patterns for i in x.records}
                 | {i for c in p.high_risk for i in c.records})
    store.audit(DISCLOSURE, user, f"problem profile {theme} {p.area} {p.weeks[0]} to {week} written to {path}",
                ids, "NIM problem profile")
    return path


# -- delivery -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Delivered:
    area: str
    path: Path
    recipients: list[str]
    sha256: str


def deliver_week(store, settings: Settings, week: str, briefings_dir: Path, *, user: str,
                 now: datetime | None = None, ssl_context=None, password: str | None = None) -> list[Delivered]:
    """Email each briefing of `week` found in `briefings_dir` to its chairs, audit, archive."""
    import os

    from products.delivery import DeliveryError, SmtpConfig, archive, build_message, send

    d = settings.delivery
    if not d.chairs:
        raise IntelError("settings.yaml: delivery.chairs is empty; name the chairs' addresses per BCU "
                         "(and 'all' for the force-wide briefing)")
    if d.username and password is None:
        password = os.environ.get(d.password_env)
        if password is None:
            raise IntelError(f"SMTP login as {d.username!r} needs the password in ${d.password_env}")
    cfg = SmtpConfig(d.smtp_host, d.smtp_port, d.sender, d.starttls, d.username, password)
    now = now or datetime.now().replace(microsecond=0)
    chairs = {k.casefold(): v for k, v in d.chairs.items()}
    out = []
    for bcu in [*settings.bcus, None]:
        to = chairs.get((bcu or "all").casefold())
        if not to:
            continue
        pdf = Path(briefings_dir) / briefing_filename(week, bcu)
        area = bcu or "Force-wide"
        if not pdf.is_file():
            raise IntelError(f"{pdf}: no briefing for {area} {week}; run `intel brief --week {week} --bcu all` first")
        subject = f"{settings.protective_marking}: Pacesetter briefing {area} {week}"
        body = (f"{settings.protective_marking}\n\nThe Pacesetter briefing for {area}, week {week}, is attached.\n"
                "Do not forward it outside the Pacesetter meeting.\n\nLocal Intelligence Team")
        try:
            send(cfg, build_message(cfg, list(to), subject, body, pdf), ssl_context=ssl_context)
        except DeliveryError as exc:
            raise IntelError(f"delivering {pdf.name} to {', '.join(to)}: {exc}. Check delivery settings in "
                             "settings.yaml") from None
        entry = archive(pdf, Path(settings.output.archive_dir), week=week, area=area, when=now)
        side = records_sidecar(pdf)
        refs = json.loads(side.read_text(encoding="utf-8"))["records"] if side.is_file() else []
        store.audit(DISCLOSURE, user, f"emailed {pdf.name} (sha256 {entry.sha256}) to {', '.join(to)}", refs,
                    f"Pacesetter briefing delivery {area} {week}")
        out.append(Delivered(area, pdf, list(to), entry.sha256))
    return out
