"""The pattern run over the store, and over a JSONL file of records with no store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from intel.analysis import extractions_for
from intel.errors import IntelError
from intel.readers import json_objects
from intel.patterns.engine import analyse, bcu_view
from intel.patterns.items import Item, item_from
from intel.patterns.report import PatternReport
from intel.patterns.settings import PatternSettings, load_pattern_settings
from intel.patterns.state_file import previous_state
from intel.weeks import parse_week, shift_week, week_of


def _window_start(week: str, s: PatternSettings) -> date:
    return parse_week(shift_week(week, -max(s.scan.baseline_weeks, s.series.window_weeks - 1)))[0]


def report_for_week(store, week: str, *, bcu: str | None = None, extractor=None, n_clusters: int | None = None,
                    save: bool = True, settings: PatternSettings | None = None, progress=None,
                    user: str = "", config_dir=None) -> PatternReport:
    """The week's force-wide analysis (state in store artifacts `cluster_state`), viewed for `bcu` if given.

    Narratives with no cached extraction for the extractor's version are extracted and cached.
    """
    s = settings or load_pattern_settings()
    if extractor is None:
        extractor = load_extractor(config_dir)
    start = _window_start(week, s)
    end = parse_week(week)[1]
    records = list(store.iter_records(start=start, end=end))
    ext = extractions_for(store, records, extractor)
    items = [item_from(r, ext.get(r.id)) for r in records]
    state = previous_state(store, week)
    run_id = store.start_run("patterns", user, {"week": week, "bcu": bcu, "n_clusters": n_clusters,
                                              "pipeline_version": extractor.version,
                                              "settings": s.model_hash()}) if save else None
    report, new_state = analyse(items, week, s, state=state, n_clusters=n_clusters, progress=progress)
    if save:
        if new_state is not None:
            store.put_artifact("cluster_state", week, new_state)
        store.put_artifact("pattern_report", week, report.to_dict())
        store.finish_run(run_id, "ok", {"clusters": len(report.clusters), "patterns": len(report.patterns),
                                        "records": len(items)})
    return bcu_view(report, bcu, items, s) if bcu else report


REQUIRED = ("id", "text", "date", "bcu")


def load_extractor(config_dir=None):
    """The NLP pipeline, or an IntelError saying why it cannot load."""
    try:
        from nlp.pipeline import Extractor

        return Extractor.from_config(config_dir)
    except Exception as exc:  # the nlp layer cannot import IntelError, so its errors are wrapped here
        raise IntelError(f"the NLP pipeline could not load: {exc}") from None


def read_jsonl(path: str | Path) -> list[dict]:
    """Records from JSONL (`id`, `text`, `date`, `bcu`); a bad line fails naming file, line and field."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise IntelError(f"{path}: file not found") from None
    out, seen = [], set()
    for n, d in json_objects(lines, str(path), where="{name}:{n}"):
        for f in REQUIRED:
            if d.get(f) in (None, ""):
                raise IntelError(f"{path}:{n}: field '{f}' is missing or empty (each record needs {', '.join(REQUIRED)})")
        try:
            d["date"] = date.fromisoformat(str(d["date"])[:10])
        except ValueError:
            raise IntelError(f"{path}:{n}: field 'date': {d['date']!r} is not a date like 2026-11-23") from None
        d["id"] = str(d["id"])
        if d["id"] in seen:
            raise IntelError(f"{path}:{n}: field 'id': {d['id']!r} appears twice in the file")
        seen.add(d["id"])
        out.append(d)
    return out


def items_from_jsonl(rows: list[dict], extractor=None, progress=None) -> list[Item]:
    if extractor is None:
        extractor = load_extractor()
    exts = extractor.pipe((r["id"], r["text"], r["date"]) for r in rows)
    out = []
    for r, e in zip(rows, exts):
        themes = tuple(e.theme_ids)
        out.append(Item(id=r["id"], text=r["text"], date=r["date"], bcu=r["bcu"], themes=themes,
                        entities=tuple((x.label, x.norm) for x in e.entities), risk=int(e.risk.score),
                        may_quote=str(r.get("handling", "P")).upper() != "C", spans=tuple(e.entities)))
    return out


def report_for_file(path, week: str | None = None, *, bcu: str | None = None, n_clusters: int | None = None,
                    state_path: str | Path | None = None, settings: PatternSettings | None = None,
                    extractor=None, progress=None, config_dir=None) -> PatternReport:
    s = settings or load_pattern_settings()
    rows = read_jsonl(path)
    if not rows:
        raise IntelError(f"{path}: no records in the file")
    week = week or week_of(max(r["date"] for r in rows))
    parse_week(week)
    items = items_from_jsonl(rows, extractor or load_extractor(config_dir))
    arts = None
    if state_path:
        from intel.patterns.state_file import FileArtifacts

        arts = FileArtifacts(state_path)
    state = previous_state(arts, week) if arts else None
    report, new_state = analyse(items, week, s, state=state, n_clusters=n_clusters, bcu=bcu, progress=progress)
    if arts and new_state is not None:
        arts.put_artifact("cluster_state", week, new_state)
    return report
