"""Read CSV, JSON Lines and JSON-array exports into (line, row) pairs, decoding as we go.

Bytes are decoded as UTF-8, else (line by line) as cp1252, the usual Windows export encoding;
a line neither can decode is kept with U+FFFD in place of the bad bytes and flagged, so intake
can quarantine just that row. Problems that stop the whole file raise `IntakeError`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from intel.errors import IntelError

csv.field_size_limit(2**31 - 1)  # the text cap is intake's rule, with a clearer message

FORMATS = ("csv", "jsonl", "json")
_SUFFIX = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}


class IntakeError(IntelError):
    """The whole file cannot be read (unknown type, broken JSON array, unreadable)."""


@dataclass
class Problem:
    """A line that is not a row at all (invalid JSON, not an object)."""

    field: str
    reason: str
    raw: str


@dataclass
class ParsedFile:
    source: str
    format: str
    encoding: str  # "utf-8", "cp1252" or "mixed"
    rows: list[tuple[int, dict | Problem]] = field(default_factory=list)
    cp1252_lines: list[int] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)  # neither UTF-8 nor cp1252

    @property
    def encoding_note(self) -> str | None:
        if self.encoding == "utf-8":
            return None
        if not self.cp1252_lines:
            return f"{self.source}: lines {sorted(self.bad_lines)[:5]} are neither UTF-8 nor cp1252"
        lines = ", ".join(map(str, self.cp1252_lines[:5])) + (" ..." if len(self.cp1252_lines) > 5 else "")
        if self.encoding == "cp1252":
            return f"{self.source}: not UTF-8; decoded as cp1252 (Windows) instead"
        return f"{self.source}: mixed encodings: lines {lines} decoded as cp1252, the rest as UTF-8"


def decode(data: bytes) -> tuple[str, str, list[int], set[int]]:
    """-> text, encoding, lines decoded as cp1252, lines neither encoding can decode."""
    try:
        return data.decode("utf-8-sig"), "utf-8", [], set()
    except UnicodeDecodeError:
        pass
    parts, cp_lines, bad = [], [], set()
    utf8_non_ascii = False  # any line that needed (and passed) real UTF-8 decoding
    for n, chunk in enumerate(data.split(b"\n"), start=1):
        if n == 1 and chunk.startswith(b"\xef\xbb\xbf"):
            chunk = chunk[3:]
        try:
            parts.append(chunk.decode("utf-8"))
            utf8_non_ascii = utf8_non_ascii or not chunk.isascii()
            continue
        except UnicodeDecodeError:
            pass
        try:
            parts.append(chunk.decode("cp1252"))
            cp_lines.append(n)
        except UnicodeDecodeError:
            parts.append(chunk.decode("utf-8", errors="replace"))
            bad.add(n)
    encoding = "mixed" if utf8_non_ascii or not cp_lines else "cp1252"
    return "\n".join(parts), encoding, cp_lines, bad


def detect_format(path: Path, text: str) -> str:
    fmt = _SUFFIX.get(path.suffix.lower())
    head = text.lstrip()[:1]
    if fmt == "json" and head == "{":
        return "jsonl"  # a .json file of one object per line
    if fmt:
        return fmt
    if head == "[":
        return "json"
    if head == "{":
        return "jsonl"
    raise IntakeError(f"{path}: unknown file type {path.suffix or '(no suffix)'!r}; "
                      "expected .csv, .jsonl (one JSON object per line) or .json (an array of objects)")


def read_file(path: str | Path) -> ParsedFile:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IntakeError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise IntakeError(f"{path}: is a folder; give the export files themselves") from None
    except OSError as exc:
        raise IntakeError(f"{path}: cannot read: {exc.strerror}") from None
    text, encoding, cp_lines, bad = decode(data)
    fmt = detect_format(path, text)
    parsed = ParsedFile(str(path), fmt, encoding, cp1252_lines=cp_lines, bad_lines=bad)
    reader = {"csv": _read_csv, "jsonl": _read_jsonl, "json": _read_json_array}[fmt]
    parsed.rows = reader(text, str(path))
    return parsed


def _read_csv(text: str, source: str) -> list[tuple[int, dict | Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise IntakeError(f"{source}: line 1: the header is not valid CSV: {exc}") from None
    if header is None:
        return []
    names = []
    for i, h in enumerate(header, start=1):
        name = h.strip() or f"column_{i}"
        if name in names:
            raise IntakeError(f"{source}: line 1: column {name!r} appears twice in the header; rename one")
        names.append(name)
    rows: list[tuple[int, dict | Problem]] = []
    width = len(names)
    start = reader.line_num + 1
    try:
        for values in reader:
            if values:
                if len(values) == width:
                    rows.append((start, dict(zip(names, values))))
                elif len(values) < width:
                    rows.append((start, dict(zip(names, values))))  # missing trailing fields: absent
                else:
                    rows.append((start, Problem(
                        "(line)", f"{len(values)} values but the header has {width} columns "
                        "(an unquoted comma in a field?)", json.dumps(values, ensure_ascii=False))))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise IntakeError(f"{source}: line {reader.line_num}: not valid CSV: {exc}") from None
    return rows


def _read_jsonl(text: str, source: str) -> list[tuple[int, dict | Problem]]:
    rows: list[tuple[int, dict | Problem]] = []
    loads = json.loads
    for n, line in enumerate(text.split("\n"), start=1):
        s = line.strip()
        if not s:
            continue
        try:
            obj = loads(s)
        except ValueError as exc:
            rows.append((n, Problem("(line)", f"not valid JSON: {exc}", line)))
            continue
        if isinstance(obj, dict):
            rows.append((n, obj))
        else:
            rows.append((n, Problem("(line)", f"expected a JSON object {{...}}, got {_json_type(obj)}", line)))
    return rows


def _read_json_array(text: str, source: str) -> list[tuple[int, dict | Problem]]:
    # Decode item by item so each row knows its line in the file.
    dec = json.JSONDecoder()
    ws = " \t\r\n"
    pos, line = 0, 1
    n = len(text)

    def skip(p: int) -> int:
        while p < n and text[p] in ws:
            p += 1
        return p

    def where(p: int) -> int:
        return text.count("\n", 0, p) + 1

    pos = skip(pos)
    if pos >= n:
        return []
    if text[pos] != "[":
        raise IntakeError(f"{source}: line {where(pos)}: expected a JSON array [ {{...}}, ... ] of records")
    pos = skip(pos + 1)
    rows: list[tuple[int, dict | Problem]] = []
    last = 0
    if pos < n and text[pos] == "]":
        pos = skip(pos + 1)
    else:
        while True:
            line += text.count("\n", last, pos)
            last = pos
            try:
                obj, end = dec.raw_decode(text, pos)
            except ValueError as exc:
                raise IntakeError(f"{source}: line {getattr(exc, 'lineno', line)}: not valid JSON: "
                                  f"{getattr(exc, 'msg', exc)}; fix the file and ingest it again") from None
            if isinstance(obj, dict):
                rows.append((line, obj))
            else:
                rows.append((line, Problem("(item)", f"expected a JSON object {{...}}, got {_json_type(obj)}",
                                           text[pos:end][:2000])))
            pos = skip(end)
            if pos < n and text[pos] == ",":
                pos = skip(pos + 1)
                continue
            if pos < n and text[pos] == "]":
                pos = skip(pos + 1)
                break
            raise IntakeError(f"{source}: line {where(pos)}: expected ',' or ']' in the JSON array")
    if pos < n:
        raise IntakeError(f"{source}: line {where(pos)}: unexpected text after the JSON array")
    return rows


def _json_type(obj) -> str:
    return {list: "an array", str: "a string", bool: "true/false", type(None): "null",
            int: "a number", float: "a number"}.get(type(obj), type(obj).__name__)


def json_objects(lines, name: str, *, where: str = "{name} line {n}"):
    """Yield (line number, object) for each non-blank JSONL line; a line that is not a JSON
    object fails naming the file and line (`where` shapes that prefix)."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        at = where.format(name=name, n=n)
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IntelError(f"{at}: not valid JSON ({exc.msg}); each line must be one record object") from None
        if not isinstance(obj, dict):
            raise IntelError(f"{at}: expected a JSON object (one record per line)")
        yield n, obj
