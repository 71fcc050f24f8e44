"""`intel patterns`: the week's clusters, new and growing clusters, spikes and linked series."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from intel.cli.app import app, state
from intel.errors import IntelError
from intel.patterns.report import PatternReport


def _progress(enabled: bool):
    if not enabled:
        return None
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)


def _default_store_week(store) -> str:
    from intel.weeks import last_complete_week, parse_week

    week = last_complete_week(date.today())
    start, end = parse_week(week)
    if store.count_records(start=start, end=end) == 0:
        raise IntelError(f"the store has no narratives in {week} (the last complete week): "
                         "load the week with `intel ingest`, or pass --week YYYY-Www")
    return week


@app.command("patterns")
def patterns(
    week: Optional[str] = typer.Option(None, "--week", help="ISO week, e.g. 2026-W47. Default: the last complete week (with --in: the file's latest week)."),
    bcu: Optional[str] = typer.Option(None, "--bcu", help="Show one BCU's view (the analysis stays force-wide)."),
    in_file: Optional[Path] = typer.Option(None, "--in", help="JSONL of records (id, text, date, bcu): no store needed."),
    state_file: Optional[Path] = typer.Option(None, "--state", help="With --in: JSON file keeping cluster state, so ids stay stable between runs."),
    clusters: Optional[int] = typer.Option(None, "--clusters", min=1, help="Fix the number of clusters (otherwise the engine chooses)."),
    as_json: bool = typer.Option(False, "--json", help="Print the PatternReport as JSON."),
) -> None:
    """Clusters with stable ids, new and growing clusters, spikes by theme and BCU, and linked series.

    Works from the store (state kept there) or from a JSONL file with --in. Settings:
    config/patterns.yaml.

    Example: intel patterns --week 2026-W47 --bcu Hackney

    Example: intel patterns --in records.jsonl --state patterns-state.json --json
    """
    from intel.patterns.settings import load_pattern_settings

    settings = state.settings
    if bcu and bcu.casefold() not in {b.casefold() for b in settings.bcus}:
        raise IntelError(f"--bcu {bcu!r}: not a BCU in settings.yaml (e.g. {settings.bcus[0]!r})")
    if week:
        from intel.weeks import parse_week

        parse_week(week)
    ps = load_pattern_settings(settings.config_path)
    prog = _progress(not as_json)
    with prog if prog else _null():
        if in_file is not None:
            from intel.patterns.from_store import report_for_file

            report = report_for_file(in_file, week, bcu=bcu, n_clusters=clusters, state_path=state_file,
                                     settings=ps, progress=prog, config_dir=settings.config_path)
        else:
            if state_file is not None:
                raise IntelError("--state goes with --in; with the store the state is kept in the store")
            from intel.patterns.from_store import report_for_week
            from intel.store import Store

            store = Store.from_settings(settings)
            try:
                wk = week or _default_store_week(store)
                report = report_for_week(store, wk, bcu=bcu, n_clusters=clusters, settings=ps,
                                         progress=prog, user=state.user, config_dir=settings.config_path)
            finally:
                store.close()
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print_report(report, Console())


class _null:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def print_report(report: PatternReport, console: Console) -> None:
    console.print(f"[bold]Patterns for {report.week}[/bold]")
    if report.patterns:
        t = Table(title="New, growing, spikes and linked series", show_lines=False)
        t.add_column("kind", no_wrap=True)
        t.add_column("theme", no_wrap=True)
        t.add_column("n", justify="right")
        t.add_column("score", justify="right")
        t.add_column("summary", overflow="fold", ratio=1)
        for p in report.patterns:
            t.add_row(p.kind.replace("_", " "), p.theme or "", str(len(p.records)), f"{p.score:g}", p.summary)
        console.print(t)
    else:
        console.print("No new or growing clusters, spikes or linked series this week.")
    if report.clusters:
        t = Table(title="Clusters this week")
        for col in ("id", "label", "size", "status", "weekly counts (oldest first)"):
            t.add_column(col, overflow="fold")
        for c in report.clusters:
            t.add_row(c.id, c.label, str(c.size), c.status, " ".join(str(v) for v in c.weekly_counts.values()))
        console.print(t)
    else:
        console.print("No narratives in this week.")
