"""Commands: `intel extract`, `intel themes evaluate` and `intel themes train` (thin: parse, call nlp/, format)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Iterator, Optional

import typer

from intel.cli.app import app, state
from intel.errors import IntelError
from intel.readers import json_objects

themes_app = typer.Typer(help="Check theme and indicator extraction against hand-labelled gold data.",
                         no_args_is_help=True)
app.add_typer(themes_app, name="themes")

_POOL_EXTRACTOR = None


def _extractor(config: Optional[Path], theme_model: Optional[str] = None):
    from nlp.pipeline import Extractor
    from nlp.settings import NlpConfigError

    try:
        return Extractor.from_config(config or state.config_dir, theme_model=theme_model)
    except NlpConfigError as exc:
        raise IntelError(str(exc)) from exc


def _read_records(path: str) -> Iterator[tuple[str, str, date | None]]:
    name = "<stdin>" if path == "-" else path
    if path == "-":
        fh = sys.stdin
    else:
        p = Path(path)
        if not p.exists():
            raise IntelError(f"{path}: file not found; give a JSONL file of records (id, text, optional date)")
        fh = p.open(encoding="utf-8", errors="replace")
    try:
        for n, d in json_objects(fh, name):
            if "id" not in d or d["id"] in (None, ""):
                raise IntelError(f"{name} line {n}: field 'id' is missing; every record needs an id")
            text = d.get("text")
            if not isinstance(text, str):
                raise IntelError(f"{name} line {n}: field 'text' is missing or not a string")
            when = None
            if d.get("date"):
                try:
                    when = date.fromisoformat(str(d["date"])[:10])
                except ValueError:
                    raise IntelError(f"{name} line {n}: field 'date': '{d['date']}' is not a date like 2026-03-14")
            yield str(d["id"]), text, when
    finally:
        if fh is not sys.stdin:
            fh.close()


def _init_worker(config: Optional[str]) -> None:
    global _POOL_EXTRACTOR
    from nlp.pipeline import Extractor

    _POOL_EXTRACTOR = Extractor.from_config(Path(config) if config else None)


def _work(chunk: list[tuple[str, str, date | None]]) -> list[str]:
    return [json.dumps(e.to_dict(), ensure_ascii=False) for e in _POOL_EXTRACTOR.pipe(chunk)]


def _chunks(items, size: int):
    buf = []
    for it in items:
        buf.append(it)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


@app.command()
def extract(
    inp: str = typer.Option("-", "--in", help="JSONL records (id, text, optional date, bcu); '-' for stdin."),
    out: str = typer.Option("-", "--out", help="Where to write one JSON line per record; '-' for stdout."),
    config: Optional[Path] = typer.Option(None, "--config", help="Folder with taxonomy.yaml and nlp.yaml."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes to run the pipeline in."),
    batch_size: int = typer.Option(256, "--batch-size", min=1, help="Texts per spaCy batch."),
) -> None:
    """Find themes, risk indicators (with context flags), linking entities and a risk score.

    No store needed. Example:

        intel extract --in records.jsonl --out extractions.jsonl --workers 2
    """
    cfg = config or state.config_dir
    records = _read_records(inp)
    to_file = out != "-"
    fh = open(out, "w", encoding="utf-8") if to_file else sys.stdout
    try:
        if workers > 1:
            import multiprocessing as mp

            ctx = mp.get_context("spawn")
            pool = ctx.Pool(workers, initializer=_init_worker, initargs=(str(cfg) if cfg else None,))
            try:
                lines = (ln for chunk in pool.imap(_work, _chunks(records, batch_size)) for ln in chunk)
                _write(lines, fh, to_file)
            finally:
                pool.close()
                pool.join()
        else:
            ex = _extractor(cfg)
            lines = (json.dumps(e.to_dict(), ensure_ascii=False) for e in ex.pipe(records, batch_size=batch_size))
            _write(lines, fh, to_file)
    finally:
        if to_file:
            fh.close()


def _write(lines, fh, progress: bool) -> None:
    if not progress:
        for ln in lines:
            fh.write(ln + "\n")
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} records"),
                  TimeElapsedColumn(), transient=False) as bar:
        task = bar.add_task("Extracting", total=None)
        for ln in lines:
            fh.write(ln + "\n")
            bar.advance(task)


@themes_app.command("evaluate")
def evaluate_cmd(
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL: id, text, themes, indicators, not_asserted, entities."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write an HTML report here."),
    config: Optional[Path] = typer.Option(None, "--config", help="Folder with taxonomy.yaml and nlp.yaml."),
    top: int = typer.Option(15, "--top", min=0, help="How many worst records to list."),
    theme_model: Optional[str] = typer.Option(
        None, "--theme-model", help="A theme model JSON to use instead of the one nlp.yaml names, "
                                    "or 'none' for the taxonomy's rule weights alone (to compare versions)."),
) -> None:
    """Precision, recall and F1 per theme, indicator and entity label; wrongly asserted rates; worst errors.

    Examples:

        intel themes evaluate --gold tests/data/dev_gold.jsonl --html eval.html

        intel themes evaluate --gold my_gold.jsonl --theme-model models/themes-v2.json
    """
    from nlp.evaluate import GoldError, evaluate_file

    ex = _extractor(config, theme_model)
    try:
        report = evaluate_file(gold, ex, top=top).to_dict()
    except GoldError as exc:
        raise IntelError(str(exc)) from exc
    report["pipeline_version"] = ex.version
    if html:
        from nlp.report_html import render_html

        html.write_text(render_html(report, ex.version), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    _print_report(report)


@themes_app.command("train")
def train_cmd(
    gold: list[Path] = typer.Option(..., "--gold", help="Gold JSONL file(s) to learn from; repeat for several."),
    out: Path = typer.Option(..., "--out", help="Where to write the model (JSON). Name it in nlp.yaml "
                                               "(theme_model: FILE) to use it, or try it with "
                                               "`intel themes evaluate --theme-model FILE`."),
    c: float = typer.Option(10.0, "--C", min=1e-4, help="Inverse regularisation: smaller keeps weights near zero."),
    folds: int = typer.Option(5, "--folds", min=2, help="Folds for choosing the thresholds and for the estimate "
                                                         "printed beside the rules."),
    rules_sure_at: float = typer.Option(0.8, "--rules-sure-at", min=0.0, max=1.01,
                                        help="A rule score at or above this asserts the theme whatever the model "
                                             "says (1.01: the model may veto anything)."),
    ngram_max: int = typer.Option(1, "--ngram-max", min=1, max=2, help="1: words; 2: words and word pairs."),
    config: Optional[Path] = typer.Option(None, "--config", help="Folder with taxonomy.yaml and nlp.yaml."),
    as_json: bool = typer.Option(False, "--json", help="Print the training report as JSON."),
) -> None:
    """Learn a theme model from gold data, and show whether it beats the taxonomy's weights alone.

    The model reads the whole narrative (words and word pairs) and settles themes the rules found
    asserted evidence for: it adds one the weights fell short on, or drops one they asserted. It
    never asserts a theme without rule evidence, so every theme still shows its spans. It is
    written as plain JSON. The figure to trust is the k-fold one: each record judged by a model
    that did not see it.

    Example:

        intel themes train --gold tests/data/dev_gold.jsonl --gold tests/data/tune_a_gold.jsonl --out /tmp/themes.json
    """
    from nlp.evaluate import GoldError
    from nlp.settings import NlpConfigError
    from nlp.theme_model import train

    try:
        model, report = train(gold, config or state.config_dir, C=c, folds=folds, rules_sure_at=rules_sure_at,
                              ngram_max=ngram_max)
    except (GoldError, NlpConfigError, ValueError) as exc:
        raise IntelError(str(exc)) from exc
    model.save(out, trained_on=report["files"], cv=report["model_cv"], rules=report["rules"])
    report["out"] = str(out)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    typer.echo(f"{report['records']} gold records from {len(report['files'])} file(s); model written to {out}")
    for name, key in (("taxonomy rule weights", "rules"), (f"learned model, {folds}-fold", "model_cv")):
        m = report[key]
        typer.echo(f"  theme micro P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}   {name}")
    typer.echo(f"  thresholds chosen by k-fold: add at {report['add_threshold']}, drop below {report['keep_threshold']} "
               f"(never when the rule score is {report['rules_sure_at']} or more)")
    if report["fallback"]:
        typer.echo(f"  too few examples to learn, left to the rule weights: {', '.join(report['fallback'])}")


def _print_report(r: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    con.print(f"[bold]{r['records']} records[/], pipeline {r['pipeline_version']}")
    for name in ("themes", "indicators", "entities"):
        s = r[name]
        t = Table(title=f"{name}: micro P {s['micro']['precision']} R {s['micro']['recall']} "
                        f"F1 {s['micro']['f1']}, macro F1 {s['macro_f1']}")
        for col in ("label", "P", "R", "F1", "support", "fp"):
            t.add_column(col)
        for k, v in s["per_label"].items():
            t.add_row(k, str(v["precision"]), str(v["recall"]), str(v["f1"]), str(v["support"]), str(v["fp"]))
        con.print(t)
    t = Table(title="non-asserted mentions wrongly asserted")
    for col in ("flag", "wrong", "total", "rate"):
        t.add_column(col)
    for k, v in r["wrongly_asserted"].items():
        t.add_row(k, str(v["wrong"]), str(v["total"]), str(v["rate"]))
    con.print(t)
    for e in r["worst_errors"]:
        con.print(f"[bold]{e['id']}[/] {e['text']}", markup=True, highlight=False)
        for w in e["why"]:
            con.print(f"   - {w}", markup=False, highlight=False)
