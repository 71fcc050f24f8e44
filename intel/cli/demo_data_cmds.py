"""Command: demo-data (thin: parse, call intel.demo_data, write, report)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from intel.cli.app import app, state


@app.command("demo-data")
def demo_data(
    weeks: int = typer.Option(12, "--weeks", min=1, help="How many ISO weeks, ending with --end-week (at least 4)."),
    per_week: int = typer.Option(600, "--per-week", min=1, help="Background records a week across all BCUs (planted pattern records come on top)."),
    seed: int = typer.Option(7, "--seed", help="Random seed: the same options give the same files."),
    out: Path = typer.Option(Path("corpus.jsonl"), "--out", help="Where to write the records (JSONL, intake schema plus subject_ref)."),
    truth: Optional[Path] = typer.Option(None, "--truth", help="Where to write the ground truth (JSON); default: none."),
    end_week: Optional[str] = typer.Option(None, "--end-week", metavar="YYYY-Www", help="Last week of the corpus; default: the last complete ISO week before today."),
) -> None:
    """Write a synthetic corpus of LIT submissions and case narratives, with its ground truth.

    For demos, tests and scale: all five record kinds across the BCUs of settings.yaml, police shorthand, typos, negated/historical/other-person mentions, routine no-concern records, 3x5x2 grading and MASH/case status fields. The truth file lists each record's themes, asserted indicators, non-asserted mentions and entities with offsets, and the planted patterns (linked series, emerging clusters, spikes) and the control BCU that has none. Names, phones (07700 900xxx) and venues are fictional.

    Example: intel demo-data --weeks 12 --per-week 600 --seed 7 --out corpus.jsonl --truth truth.json
    """
    from intel.demo_data import generate, write_corpus, write_truth
    from intel.weeks import last_complete_week

    end = end_week or last_complete_week(date.today())
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True, disable=weeks * per_week < 20_000) as bar:
        task = bar.add_task("writing narratives", total=None)
        records, truth_data = generate(weeks, per_week, seed, end, bcus=list(state.settings.bcus),
                                       progress=lambda done, total: bar.update(task, completed=done, total=total))
        bar.update(task, description="saving files")
        write_corpus(records, out)
        if truth is not None:
            write_truth(truth_data, truth)
    kinds = {p["kind"] for p in truth_data["patterns"]}
    typer.echo(
        f"wrote {len(records)} records ({truth_data['weeks'][0]} to {truth_data['weeks'][-1]}) to {out}"
        + (f"; truth to {truth}" if truth is not None else "")
        + f"; planted {len(truth_data['patterns'])} patterns ({', '.join(sorted(kinds))}); control BCU {truth_data['control_bcu']}"
    )
