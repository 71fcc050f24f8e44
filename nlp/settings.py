"""Loading and checking `config/taxonomy.yaml` and `config/nlp.yaml`.

Lexicons, triggers and weights are data; this module turns them into plain Python objects and
fails with the file, the key and what was expected when they are wrong.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CODE_VERSION = "nlp-1.3"
REPO_CONFIG = Path(__file__).resolve().parent.parent / "config"
TIERS = ("significant", "moderate", "vulnerability")
FLAGS = ("negated", "hypothetical", "historical", "uncertain", "other_subject")


class NlpConfigError(ValueError):
    """A taxonomy or nlp config file is missing or malformed (message names file and key)."""


@dataclass
class IndicatorDef:
    id: str
    tier: str
    phrases: list[str]
    internal: bool = False  # found and used for derivation, never reported
    # co-occurrence rules: a phrase from `a` and one from `b` within `window` tokens, same sentence
    combine: list[dict] = field(default_factory=list)
    regex: list[str] = field(default_factory=list)  # few, for shapes phrases cannot list (times, sums)


@dataclass
class ThemeDef:
    id: str
    phrases: dict[str, float]  # phrase -> weight
    indicators: dict[str, float]  # indicator id -> weight
    threshold: float


@dataclass
class NlpConfig:
    indicators: dict[str, IndicatorDef]
    themes: dict[str, ThemeDef]
    nlp: dict
    version: str
    source: dict = field(default_factory=dict)
    theme_model: object = None  # a fitted nlp.theme_model.ThemeModel, or None: rule weights decide


_ALT = re.compile(r"\{([^{}]*)\}")


def expand(phrase: str) -> list[str]:
    """Expand '{went,gone} missing' into every variant; an empty option makes a word optional;
    groups nest ('{hit by {her,his} dad,kicked}'); '{18..25}' is a range of numbers."""
    out = []
    for v in _expand_seq(phrase, 0, len(phrase)):
        v = " ".join(v.split())
        if v:
            out.append(v)
    return out


def _expand_seq(s: str, i: int, end: int) -> list[str]:
    results = [""]
    while i < end:
        j = s.find("{", i, end)
        if j < 0:
            return [r + s[i:end] for r in results]
        close = _matching(s, j)
        opts = [o for part in _split_top(s, j + 1, close) for o in _group_option(s, *part)]
        results = [r + s[i:j] + o for r in results for o in opts]
        i = close + 1
    return results


def _group_option(s: str, a: int, b: int) -> list[str]:
    m = re.fullmatch(r"\s*(\d+)\.\.(\d+)\s*", s[a:b])
    if m:
        return [str(k) for k in range(int(m[1]), int(m[2]) + 1)]
    return _expand_seq(s, a, b)


def _matching(s: str, j: int) -> int:
    depth = 0
    for k in range(j, len(s)):
        if s[k] == "{":
            depth += 1
        elif s[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    raise NlpConfigError(f"unbalanced braces in phrase '{s}'")


def _split_top(s: str, a: int, b: int) -> list[tuple[int, int]]:
    parts, depth, start = [], 0, a
    for k in range(a, b):
        if s[k] == "{":
            depth += 1
        elif s[k] == "}":
            depth -= 1
        elif s[k] == "," and depth == 0:
            parts.append((start, k))
            start = k + 1
    parts.append((start, b))
    return parts


def _read(path: Path) -> dict:
    if not path.exists():
        raise NlpConfigError(f"{path}: file not found; copy it from the repo's config/ folder")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise NlpConfigError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise NlpConfigError(f"{path}: expected a mapping at the top level")
    return data


def _need(cond: bool, path: Path, key: str, what: str) -> None:
    if not cond:
        raise NlpConfigError(f"{path}: key '{key}': {what}")


def _str_list(v, path: Path, key: str) -> list[str]:
    _need(isinstance(v, list) and all(isinstance(x, str) for x in v), path, key, "expected a list of strings")
    return list(v)


def load_config(config_dir: Path | None = None, theme_model: str | None = None) -> NlpConfig:
    """Read and check both files (and the theme model they name); parsed once per content.

    `theme_model` overrides nlp.yaml's `theme_model`: a path, or "none" for the rule weights alone.
    """
    cdir = Path(config_dir) if config_dir else REPO_CONFIG
    tpath, npath = cdir / "taxonomy.yaml", cdir / "nlp.yaml"
    for p in (tpath, npath):
        if not p.exists():
            raise NlpConfigError(f"{p}: file not found; copy it from the repo's config/ folder")
    h = hashlib.sha256(tpath.read_bytes() + b"\0" + npath.read_bytes())
    mpath = _model_path(cdir, npath, theme_model)
    if mpath is not None:
        if not mpath.exists():
            raise NlpConfigError(f"{mpath}: theme model not found; train one with `intel themes train` "
                                 f"or set theme_model: null in {npath}")
        h.update(mpath.read_bytes())
    key = (str(cdir.resolve()), str(mpath), h.hexdigest())
    cfg = _CACHE.get(key)
    if cfg is None:
        cfg = _CACHE[key] = _load(cdir, tpath, npath, mpath)
    return cfg


def _model_path(cdir: Path, npath: Path, override: str | None) -> Path | None:
    if override is not None:
        return None if str(override).lower() == "none" else Path(override)
    # a cheap look at one key; the full file is checked in _load
    for line in npath.read_text(encoding="utf-8").splitlines():
        if line.startswith("theme_model:"):
            v = line.split(":", 1)[1].split("#", 1)[0].strip().strip("\"'")
            return None if v in ("", "null", "~", "none") else cdir / v
    return None


_CACHE: dict[tuple[str, str], NlpConfig] = {}


def _load(cdir: Path, tpath: Path, npath: Path, mpath: Path | None = None) -> NlpConfig:
    tax, nlp = _read(tpath), _read(npath)
    _need(isinstance(tax.get("indicators"), dict), tpath, "indicators", "expected a mapping of indicator ids")
    _need(isinstance(tax.get("themes"), dict), tpath, "themes", "expected a mapping of theme ids")
    indicators: dict[str, IndicatorDef] = {}
    for iid, d in tax["indicators"].items():
        key = f"indicators.{iid}"
        _need(isinstance(d, dict), tpath, key, "expected a mapping with tier and phrases")
        tier = d.get("tier", "moderate")
        _need(tier in TIERS, tpath, key + ".tier", f"expected one of {', '.join(TIERS)}")
        phrases = _str_list(d.get("phrases", []), tpath, key + ".phrases")
        combine = d.get("combine", []) or []
        _need(isinstance(combine, list), tpath, key + ".combine", "expected a list of {window, a, b}")
        for j, c in enumerate(combine):
            ck = f"{key}.combine[{j}]"
            _need(isinstance(c, dict), tpath, ck, "expected a mapping with window, a and b")
            _str_list(c.get("a"), tpath, ck + ".a")
            _str_list(c.get("b"), tpath, ck + ".b")
            _need(isinstance(c.get("window", 10), int), tpath, ck + ".window", "expected a whole number of tokens")
        regex = _str_list(d.get("regex", []) or [], tpath, key + ".regex")
        for j, rx in enumerate(regex):
            try:
                re.compile(rx)
            except re.error as exc:
                raise NlpConfigError(f"{tpath}: key '{key}.regex[{j}]': not a valid regular expression ({exc})") from exc
        indicators[iid] = IndicatorDef(iid, tier, phrases, bool(d.get("internal", False)), combine, regex)
    themes: dict[str, ThemeDef] = {}
    for tid, d in tax["themes"].items():
        key = f"themes.{tid}"
        _need(isinstance(d, dict), tpath, key, "expected a mapping with phrases, indicators, threshold")
        phr: dict[str, float] = {}
        for i, group in enumerate(d.get("phrases", []) or []):
            gk = f"{key}.phrases[{i}]"
            _need(isinstance(group, dict) and "weight" in group and "terms" in group, tpath, gk,
                  "expected {weight: number, terms: [phrases]}")
            for t in _str_list(group["terms"], tpath, gk + ".terms"):
                phr[t] = float(group["weight"])
        inds = d.get("indicators", {}) or {}
        _need(isinstance(inds, dict), tpath, key + ".indicators", "expected a mapping indicator id -> weight")
        for iid, w in inds.items():
            _need(iid in indicators, tpath, f"{key}.indicators.{iid}", "not an indicator defined in this file")
            _need(isinstance(w, (int, float)), tpath, f"{key}.indicators.{iid}", "expected a number")
        thr = d.get("threshold", 0.5)
        _need(isinstance(thr, (int, float)) and 0 < thr < 1, tpath, key + ".threshold", "expected a number in (0, 1)")
        themes[tid] = ThemeDef(tid, phr, {k: float(v) for k, v in inds.items()}, float(thr))
    ctx = nlp.get("context")
    _need(isinstance(ctx, dict), npath, "context", "expected a mapping with triggers, terminators, window")
    for flag, trig in (ctx.get("triggers") or {}).items():
        _need(flag in FLAGS, npath, f"context.triggers.{flag}", f"expected one of {', '.join(FLAGS)}")
        _need(isinstance(trig, dict), npath, f"context.triggers.{flag}", "expected forward/backward/previous_sentence/section lists")
        for direction, lst in trig.items():
            _need(direction in ("forward", "backward", "both", "previous_sentence", "section"), npath,
                  f"context.triggers.{flag}.{direction}", "expected forward, backward, both, previous_sentence or section")
            _str_list(lst, npath, f"context.triggers.{flag}.{direction}")
    innocent = ctx.get("innocent_context") or {}
    _need(isinstance(innocent, dict), npath, "context.innocent_context", "expected a mapping indicator id -> phrases, plus window")
    for iid, lst in innocent.items():
        if iid == "window":
            _need(isinstance(lst, int), npath, "context.innocent_context.window", "expected a whole number of tokens")
            continue
        key = f"context.innocent_context.{iid}"
        _need(iid in indicators or iid in themes, npath, key, "not an indicator or theme id")
        _need(isinstance(lst, dict) and "context" in lst, npath, key, "expected {words: [mention words, optional], context: [phrases]}")
        _str_list(lst["context"], npath, key + ".context")
        _str_list(lst.get("words", []) or [], npath, key + ".words")
    for key in ("terminators", "section_ends", "offence_history_cues", "pseudo",
                "other_subject_counts_for_themes", "historical_counts_for_themes"):
        if ctx.get(key) is not None:
            _str_list(ctx[key], npath, f"context.{key}")
    for key in ("comma_ends_scope",):
        flags = _str_list(ctx.get(key) or [], npath, f"context.{key}")
        bad = sorted(set(flags) - set(FLAGS))
        _need(not bad, npath, f"context.{key}", f"{', '.join(bad)}: expected flags from {', '.join(FLAGS)}")
    for key in ("flag_terminators", "backward_terminators", "terminator_exempt", "pseudo_for", "exempt"):
        m = ctx.get(key) or {}
        _need(isinstance(m, dict), npath, f"context.{key}", "expected a mapping flag -> list of phrases")
        for flag, lst in m.items():
            _need(flag in FLAGS, npath, f"context.{key}.{flag}", f"expected one of {', '.join(FLAGS)}")
            _str_list(lst or [], npath, f"context.{key}.{flag}")
    age = ctx.get("adult_age_is_other_subject")
    _need(age is None or (isinstance(age, int) and not isinstance(age, bool) and 0 <= age <= 120), npath,
          "context.adult_age_is_other_subject", "expected a whole number of years (0 turns it off)")
    for iid, lst in innocent.items():
        if iid != "window" and "window" in lst:
            _need(isinstance(lst["window"], int) and lst["window"] > 0, npath, f"context.innocent_context.{iid}.window",
                  "expected a whole number of tokens")
    risk = nlp.get("risk")
    _need(isinstance(risk, dict) and isinstance(risk.get("tiers"), dict), npath, "risk.tiers",
          "expected tier weights (significant, moderate, vulnerability)")
    for t in TIERS:
        _need(isinstance(risk["tiers"].get(t), (int, float)), npath, f"risk.tiers.{t}", "expected a number")
    model = None
    if mpath is not None:
        from nlp.theme_model import ThemeModel

        try:
            model = ThemeModel.load(mpath)
        except ValueError as exc:
            raise NlpConfigError(str(exc)) from exc
        unknown = sorted(set(model.themes_) - set(themes))
        _need(not unknown, mpath, "coef", f"themes not in {tpath.name}: {', '.join(unknown)}; retrain the model")
    h = hashlib.sha256(CODE_VERSION.encode())
    h.update(tpath.read_bytes())
    h.update(npath.read_bytes())
    if mpath is not None:
        h.update(mpath.read_bytes())
    version = f"{CODE_VERSION}+{h.hexdigest()[:12]}"
    source = {"taxonomy": str(tpath), "nlp": str(npath), "theme_model": str(mpath) if mpath else None}
    return NlpConfig(indicators, themes, nlp, version, source, model)
