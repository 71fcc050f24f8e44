"""Validation: one raw row (a dict from any reader) -> a `Record`, or a RowError naming file, line and field."""

from __future__ import annotations

import difflib
import json
from datetime import date, datetime
from typing import Any

from intel.config import Settings
from intel.errors import IntelError
from intel.records import (
    HANDLING_CODES, INTEL_ASSESSMENTS, OPTIONAL_FIELDS, REQUIRED_FIELDS, SOURCE_EVALS, Grading, Record,
    RecordKind,
)
from intel.store.schema import ID_MAX

KINDS = tuple(k.value for k in RecordKind)
KNOWN_FIELDS = frozenset(REQUIRED_FIELDS + OPTIONAL_FIELDS)
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


class RowError(IntelError):
    """One row fails validation. The message names the file, line and field."""

    def __init__(self, source: str, line: int, field: str, message: str) -> None:
        self.source, self.line, self.field, self.message = source, line, field, message
        super().__init__(f"{source}: line {line}: {field}: {message}")


class _Rules:
    """What validation needs from the settings, prepared once per Settings object."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.cap = settings.intake.max_text_chars
        self.column_map = dict(settings.intake.column_map)
        # Keyed by the normal form, and by each name as configured (the common, cheap case).
        self.bcus = {_bcu_key(b): b for b in settings.bcus} | {b: b for b in settings.bcus}


_rules_cache: dict[int, _Rules] = {}


def _rules(settings: Settings) -> _Rules:
    r = _rules_cache.get(id(settings))
    if r is None or r.settings is not settings:
        r = _rules_cache[id(settings)] = _Rules(settings)
    return r


def _bcu_key(name: str) -> str:
    return " ".join(name.replace("&", "and").split()).casefold()


def validate_row(raw: dict, settings: Settings, *, source: str = "<row>", line: int = 0) -> Record:
    """Check one row against the intake schema and return its Record; raise RowError on the first fault."""
    rules = _rules(settings)

    def fail(field_name: str, message: str):
        raise RowError(source, line, field_name, message)

    if not isinstance(raw, dict):
        fail("(row)", f"expected a mapping of fields, got {type(raw).__name__}")
    if rules.column_map:
        raw = {rules.column_map.get(k, k) if isinstance(k, str) else k: v for k, v in raw.items()}

    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in raw.items():
        if key.__class__ is not str and not isinstance(key, str):
            fail("(row)", "a value has no column name (more values than header columns?)")
        name, known = _KEYS.get(key) or _learn_key(key)
        if known:
            if value.__class__ is str:
                if "\x00" in value or not (value.isascii() or encodable(value)):
                    _check_chars(value, name, fail)
                value = value.strip()
                if value:
                    values[name] = value
            elif value is None:
                continue
            elif isinstance(value, bool):
                if name != "safeguarding_plan":
                    fail(name, f"expected text, got {str(value).lower()}")
                values[name] = value
            elif isinstance(value, (int, float)):
                values[name] = str(value)
            elif isinstance(value, str):
                _check_chars(value, name, fail)
                if value.strip():
                    values[name] = str(value).strip()
            else:
                fail(name, f"expected text, got {_kind_of(value)}")
        elif value is not None and value != "":  # a blank cell is an absent value
            extra[name] = value

    for name in REQUIRED_FIELDS:
        if name not in values:
            fail(name, "missing or blank" if name != "text" else "blank: the narrative text is empty")

    rid = values["id"]
    if len(rid) > ID_MAX:
        fail("id", f"{len(rid)} characters, longer than the {ID_MAX} allowed")
    text = values["text"]
    if len(text) > rules.cap:
        fail("text", f"{len(text):,} characters, over the {rules.cap:,} cap "
                     "(intake.max_text_chars in settings.yaml)")
    day = _parse_date(values["date"], "date", fail)
    bcu = rules.bcus.get(values["bcu"]) or rules.bcus.get(_bcu_key(values["bcu"]))
    if bcu is None:
        fail("bcu", _unknown_bcu(values["bcu"], rules))
    kind = values["kind"].lower().replace(" ", "_").replace("-", "_")
    if kind not in KINDS:
        fail("kind", f"{values['kind']!r} is not a record kind; expected one of {', '.join(KINDS)}")

    se = values.get("source_eval")
    if se is not None and se not in SOURCE_EVALS:
        fail("source_eval", f"{se!r} is not a source evaluation; expected 1, 2 or 3 (3x5x2 grading)")
    ia = values.get("intel_assessment")
    if ia is not None:
        ia = ia.upper()
        if ia not in INTEL_ASSESSMENTS:
            fail("intel_assessment", f"{values['intel_assessment']!r} is not an intelligence assessment; "
                                     "expected A, B, C, D or E (3x5x2 grading)")
    hc = values.get("handling")
    if hc is not None:
        hc = hc.upper()
        if hc not in HANDLING_CODES:
            fail("handling", f"{values['handling']!r} is not a handling code; expected P or C (3x5x2 grading)")

    plan = values.get("safeguarding_plan")
    if isinstance(plan, str):
        low = plan.lower()
        plan = True if low in _TRUE else False if low in _FALSE else fail(
            "safeguarding_plan", f"{plan!r}: expected yes or no")
    opened = _parse_date(values["opened_at"], "opened_at", fail) if "opened_at" in values else None
    closed = _parse_date(values["closed_at"], "closed_at", fail) if "closed_at" in values else None
    if opened and closed and closed < opened:
        fail("closed_at", f"{closed.isoformat()} is before opened_at {opened.isoformat()}")
    if extra:
        _check_extra(extra, fail)

    return Record(
        id=rid, kind=RecordKind(kind), text=text, date=day, bcu=bcu,
        grading=Grading(se, ia, hc, values.get("handling_conditions")),
        ward=values.get("ward"), status=values.get("status"), outcome=values.get("outcome"),
        safeguarding_plan=plan, opened_at=opened, closed_at=closed, author=values.get("author"), extra=extra,
    )


_KEYS: dict[str, tuple[str, bool]] = {}  # column name as written -> (field name, is an intake field)


def _learn_key(key: str) -> tuple[str, bool]:
    name = key.strip()
    low = name.lower()
    found = (low, True) if low in KNOWN_FIELDS else (name, False)
    if len(_KEYS) < 10_000:  # column names repeat row after row; random ones must not grow this forever
        _KEYS[key] = found
    return found


def _kind_of(value) -> str:
    return {dict: "an object", list: "a list"}.get(type(value), type(value).__name__)


def _check_chars(value: str, name: str, fail) -> None:
    # Both would break the store (PostgreSQL refuses NUL; lone surrogates cannot be encoded).
    if "\x00" in value:
        fail(name, "contains a NUL character (binary data in a text field?)")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            fail(name, "contains an invalid character (a lone UTF-16 surrogate)")


def _check_extra(extra: dict, fail) -> None:
    if all(v.__class__ is str for v in extra.values()):  # CSV: check the strings, skip the JSON round trip
        for k, v in extra.items():
            if "\x00" in k or "\x00" in v or not ((k.isascii() or encodable(k)) and (v.isascii() or encodable(v))):
                fail("(extra)", f"column {k!r} contains a NUL character or an invalid character")
        return
    try:
        dumped = json.dumps(extra, ensure_ascii=False, allow_nan=False)
        dumped.encode("utf-8")
    except ValueError:
        fail("(extra)", "an extra column holds NaN or Infinity, which JSON cannot store")
    except UnicodeEncodeError:
        fail("(extra)", "an extra column contains an invalid character (a lone UTF-16 surrogate)")
    if "\\u0000" in dumped:
        fail("(extra)", "an extra column contains a NUL character")


def _parse_date(value: str, name: str, fail) -> date:
    v = value.strip()
    try:
        if len(v) == 10 and v[4] == "-":
            return date.fromisoformat(v)
        if len(v) == 10 and v[2] == "/" and v[5] == "/":  # UK exports: DD/MM/YYYY
            return date(int(v[6:]), int(v[3:5]), int(v[:2]))
        return datetime.fromisoformat(v).date()
    except (ValueError, IndexError):
        fail(name, f"{value!r} is not a date; expected YYYY-MM-DD (or DD/MM/YYYY)")


def _unknown_bcu(value: str, rules: _Rules) -> str:
    keys = [_bcu_key(b) for b in rules.settings.bcus]
    near = difflib.get_close_matches(_bcu_key(value), keys, n=1, cutoff=0.6)
    hint = f"; did you mean {rules.bcus[near[0]]!r}?" if near else ""
    return f"unknown BCU {value!r}{hint} (the BCUs are listed under bcus: in settings.yaml)"


def encodable(s: str) -> bool:
    try:
        s.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False
