"""Write a corpus as JSONL (one intake row a line) and its truth as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from intel.errors import IntelError


def _open(path: Path):
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise IntelError(f"{path}: cannot write here ({exc.strerror}); choose another --out/--truth path") from None


def write_corpus(records: list[dict], path: str | Path) -> int:
    with _open(Path(path)) as fh:
        for row in records:
            fh.write(json.dumps(row, ensure_ascii=False))
            fh.write("\n")
    return len(records)


def write_truth(truth: dict, path: str | Path) -> None:
    with _open(Path(path)) as fh:
        fh.write(json.dumps(truth, ensure_ascii=False, indent=1))
        fh.write("\n")
