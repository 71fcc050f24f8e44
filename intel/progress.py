"""One progress bar for long work (ingest, extraction, briefings): rich, on stderr, gone when done."""

from __future__ import annotations


class CountingBar:
    """Counts `total` items under `label`; when `show` is false every call does nothing."""

    def __init__(self, label: str, total: int, show: bool = True, *, remaining: bool = True) -> None:
        self._progress = None
        if not show:
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        clock = TimeRemainingColumn() if remaining else TimeElapsedColumn()
        self._progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), clock,
                                  console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task(label, total=total)
        self._progress.start()

    def advance(self, n: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
