"""`intel brief` (and `brief problem-profile`), `intel deliver`, `intel demo`: parse, call, say where."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from intel.cli.app import app, state
from intel.errors import IntelError

brief_app = typer.Typer(no_args_is_help=False, add_completion=False)
app.add_typer(brief_app, name="brief")


def _store():
    from intel.store import Store

    return Store.from_settings(state.settings)


def _extractor():
    from intel.patterns.from_store import load_extractor

    return load_extractor(state.settings.config_path)


def _week(week: Optional[str]) -> str:
    from datetime import date

    from intel.weeks import last_complete_week, parse_week

    if week:
        parse_week(week)  # fails with the expected form
        return week
    return last_complete_week(date.today())


@brief_app.callback(invoke_without_command=True)
def brief(
    ctx: typer.Context,
    week: Optional[str] = typer.Option(None, "--week", help="ISO week, e.g. 2026-W47. Default: the last complete week."),
    bcu: str = typer.Option("all", "--bcu", help="A BCU from settings.yaml, 'force-wide', or 'all' (every BCU and force-wide)."),
    fmt: str = typer.Option("pdf", "--format", help="pdf or html."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for the files. Default: output.briefings_dir in settings."),
) -> None:
    """Write the weekly Pacesetter briefing: one per BCU and one force-wide (OFFICIAL-SENSITIVE).

    Bottom line up front, volumes against the 4-week average and baseline, emerging patterns and linked series with redacted excerpts and actions, focus areas, high-risk children by case reference, data quality, and an annex on grading. Each file is logged as a disclosure.

    Example: intel brief --week 2026-W47 --bcu Hackney

    Example: intel brief problem-profile --theme cse --bcu all --weeks 12
    """
    if ctx.invoked_subcommand is not None:
        return
    from intel.briefs import produce_briefings, resolve_bcus

    settings = state.settings
    bcus = resolve_bcus(settings, bcu)
    week = _week(week)
    store = _store()
    try:
        done = produce_briefings(store, settings, week, bcus, out or Path(settings.output.briefings_dir),
                                 extractor=_extractor(), user=state.user, fmt=fmt.lower(), progress=True)
    finally:
        store.close()
    for p in done:
        typer.echo(f"{p.area:<24} {p.records:>5} records  {p.path}")
    typer.echo(f"{len(done)} briefing{'s' if len(done) != 1 else ''} for {week}")


@brief_app.command("problem-profile")
def problem_profile(
    theme: str = typer.Option(..., "--theme", help="Theme id from taxonomy.yaml, e.g. cse, cce, missing."),
    bcu: str = typer.Option("all", "--bcu", help="A BCU from settings.yaml, or 'all' for force-wide."),
    weeks: int = typer.Option(12, "--weeks", min=1, help="How many weeks, ending with --week."),
    week: Optional[str] = typer.Option(None, "--week", help="Last week covered. Default: the last complete week."),
    fmt: str = typer.Option("pdf", "--format", help="pdf or html."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder. Default: output.briefings_dir in settings."),
) -> None:
    """NIM problem profile for one theme: current picture, trend, places and venues, linked series, recommendations.

    Example: intel brief problem-profile --theme cse --bcu Hackney --weeks 12
    """
    from intel.briefs import produce_problem_profile, resolve_bcus

    settings = state.settings
    area = None if bcu.strip().casefold() in ("all", "force-wide") else resolve_bcus(settings, bcu)[0]
    store = _store()
    try:
        path = produce_problem_profile(store, settings, theme, area, _week(week), weeks,
                                       out or Path(settings.output.briefings_dir), extractor=_extractor(),
                                       user=state.user, fmt=fmt.lower())
    finally:
        store.close()
    typer.echo(str(path))


@app.command("deliver")
def deliver(
    week: Optional[str] = typer.Option(None, "--week", help="ISO week whose briefings to send. Default: the last complete week."),
    briefings: Optional[Path] = typer.Option(None, "--from", help="Folder holding the PDFs. Default: output.briefings_dir."),
) -> None:
    """Email each BCU's briefing PDF to the chairs in settings.yaml (delivery.chairs), over SMTP with STARTTLS and login as configured; log each as a disclosure; archive each with its SHA-256.

    The SMTP password is read from the environment variable named by delivery.password_env.

    Example: intel deliver --week 2026-W47
    """
    from intel.briefs import deliver_week

    settings = state.settings
    store = _store()
    try:
        sent = deliver_week(store, settings, _week(week), briefings or Path(settings.output.briefings_dir),
                            user=state.user)
    finally:
        store.close()
    for d in sent:
        typer.echo(f"{d.area:<24} -> {', '.join(d.recipients)}  sha256 {d.sha256[:16]}…")
    if not sent:
        raise IntelError("no briefing was sent: no BCU in delivery.chairs has a briefing for this week")
    typer.echo(f"{len(sent)} sent; archive: {settings.output.archive_dir}")


@app.command("demo")
def demo(
    out: Path = typer.Option(Path("demo"), "--out", help="A new folder for the store, corpus and PDFs."),
    weeks: int = typer.Option(17, "--weeks", min=6, help="Weeks of synthetic records (17 fills the 4-week average and 12-week baseline)."),
    per_week: int = typer.Option(600, "--per-week", min=1, help="Background records a week across all BCUs."),
    seed: int = typer.Option(7, "--seed", help="Random seed: the same seed gives the same corpus."),
) -> None:
    """Run the whole chain on synthetic data: corpus, ingest, extraction, patterns, and the briefings for the last week (every BCU and force-wide). Prints where the PDFs are.

    Example: intel demo --out demo --weeks 17 --seed 7
    """
    from intel.demo import run_demo

    run_demo(state.settings, out, weeks=weeks, seed=seed, per_week=per_week, user=state.user, say=typer.echo)
