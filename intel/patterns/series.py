"""Linked series: narratives joined by a shared normalised entity (connected components)."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict

from intel.patterns.report import Pattern


# How a chair would name each kind of linking entity in a summary.
_IN_WORDS = {"VRM": "vehicle", "PHONE": "phone number", "EMAIL": "email address", "NICKNAME": "nickname",
             "VENUE": "venue"}


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
# a quoted phrase of a few words (lower-cased text): a name of its own, such as the 'rich buzz' line
_QUOTED = re.compile(r"(?<!\w)[\"'‘“]+([a-z0-9][\w\- ]{0,30}?)[\"'’”]+(?!\w)")


def propagated_nicknames(items, s) -> dict[int, set[str]]:
    """Nicknames tagged in some narratives, found as plain words in others: index -> norms.

    An analyst who knows 'Sparky' is a street name reads "sparky" in the next note as him. A word
    found untagged in many more narratives than it is tagged in is an ordinary word ("tiny") and
    is not propagated.
    """
    tagged: dict[str, set[int]] = defaultdict(set)
    for i, it in enumerate(items):
        for label, norm in it.entities:
            if label == "NICKNAME" and norm and len(norm) >= 3:
                tagged[norm].add(i)
    if not tagged:
        return {}
    single = {n for n in tagged if _WORD.fullmatch(n)}
    multi = sorted((n for n in tagged if n not in single), key=len, reverse=True)
    rx_multi = re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, multi)) + r")(?![\w'])") if multi else None
    prefixes = {p.lower() for p in s.nickname_prefixes}
    found: dict[str, set[int]] = defaultdict(set)
    for i, it in enumerate(items):
        low = it.text.lower()
        hits = set(_WORD.findall(low)) & single
        if rx_multi is not None:
            hits.update(m.group() for m in rx_multi.finditer(low))
        if not hits:
            continue
        # "Mad Tigz" is not "Tigz": a word inside a longer street name tagged here is someone else
        own = [f" {norm} " for label, norm in it.entities if label == "NICKNAME" and norm]
        quoted = [q.span(1) for q in _QUOTED.finditer(low) if " " in q.group(1).strip()]
        for n in hits:
            if i in tagged[n] or any(f" {n} " in o for o in own):
                continue
            if all(_prefixed(low, m.start(), prefixes) or any(a <= m.start() < b for a, b in quoted)
                   for m in re.finditer(r"(?<![\w'])" + re.escape(n) + r"(?![\w'])", low)):
                continue  # every occurrence is "yung nitro", "baby peanut" or quoted "rich buzz": someone else
            found[n].add(i)
    out: dict[int, set[str]] = defaultdict(set)
    for n, idx in found.items():
        if len(idx) > s.propagate_max_ratio * len(tagged[n]) or len(idx) + len(tagged[n]) > s.max_records_per_entity:
            continue
        for i in idx:
            out[i].add(n)
    return out


# "goes by rich toots", "given the name mad ziggy": a word right after a name cue and another word
# is the second half of a two-word street name, someone else than plain "toots"
_SECOND_HALF = re.compile(r"(?:go(?:es|ing)? by|the name(?: of)?|known as|aka|a\.k\.a\.?|called|street name,?) (?!(?:of|the|a|an|is|was) )[\w\-]+ $")


def _prefixed(low: str, start: int, prefixes: set[str]) -> bool:
    before = low[max(0, start - 12):start].replace('"', " ").replace("'", " ").split()
    return (bool(before) and before[-1] in prefixes) or bool(_SECOND_HALF.search(low, max(0, start - 40), start))


def linking_keys(item, s, nicknames: set[str] = frozenset()) -> set[tuple[str, str]]:
    """The (label, norm) keys that may link this narrative; a venue only with its area."""
    keys = {("NICKNAME", n) for n in nicknames if "NICKNAME" in s.entity_labels}
    area = next((n for lab, n in item.entities if lab in s.venue_area_labels and n), None)
    for label, norm in item.entities:
        if label not in s.entity_labels or not norm:
            continue
        if label == "VENUE":
            # "McDonald's" alone links half of London; "McDonald's, Peckham" is a place
            where = area or item.bcu.casefold()
            norm = f"{norm} @ {where}"
        keys.add((label, norm))
    return keys


def linked_series(items, s) -> tuple[list[Pattern], list[dict]]:
    """Returns (patterns sorted cross-BCU first, then size), and the over-common entities ignored."""
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    extra = propagated_nicknames(items, s) if s.propagate_nicknames else {}
    for i, it in enumerate(items):
        for k in linking_keys(it, s, extra.get(i, frozenset())):
            by_key[k].append(i)
    common = sorted(({"label": k[0], "norm": k[1], "records": len(v)} for k, v in by_key.items()
                     if len(v) > s.max_records_per_entity), key=lambda d: (-d["records"], d["label"], d["norm"]))
    uf = _UnionFind(len(items))
    shared: dict[tuple[str, str], list[int]] = {}
    weak_pairs: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for k, idx in by_key.items():
        if not 2 <= len(idx) <= s.max_records_per_entity:
            continue
        if k[0] in s.weak_labels:
            # a venue is where many unrelated children go: it links two narratives only with more shared
            for a in range(len(idx)):
                for b in range(a + 1, len(idx)):
                    weak_pairs[(idx[a], idx[b])].append(k)
            continue
        shared[k] = idx
        for j in idx[1:]:
            uf.union(idx[0], j)
    for (a, b), keys in weak_pairs.items():
        if len(keys) >= s.weak_min_shared:
            uf.union(a, b)
            for k in keys:
                shared.setdefault(k, [])
                shared[k] = sorted(set(shared[k]) | {a, b})
    groups: dict[int, list[int]] = defaultdict(list)
    for i in {j for idx in shared.values() for j in idx}:
        groups[uf.find(i)].append(i)
    keys_of_group: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for k, idx in shared.items():
        for root in sorted({uf.find(j) for j in idx}):
            keys_of_group[root].append(k)
    patterns = []
    for root, members in groups.items():
        members = sorted(set(members), key=lambda j: (items[j].date, items[j].id))
        its = [items[j] for j in members]
        keys = sorted(keys_of_group[root])
        bcus = sorted({it.bcu for it in its})
        weeks = sorted({it.week for it in its})
        themes = Counter(t for it in its for t in it.themes)
        theme = min(themes.items(), key=lambda kv: (-kv[1], kv[0]))[0] if themes else None
        top = max(its, key=lambda it: (it.risk, it.id))
        ents = [{"label": lab, "norm": norm} for lab, norm in keys]
        sid = "LS-" + hashlib.sha1("|".join(f"{a}:{b}" for a, b in keys).encode()).hexdigest()[:8]
        what = ", ".join(f"{_IN_WORDS.get(lab, lab)} {norm}" for lab, norm in keys[:4]) + (" …" if len(keys) > 4 else "")
        summary = (f"{len(its)} narratives in {len(bcus)} BCU{'s' if len(bcus) > 1 else ''} ({', '.join(bcus)}), "
                   f"{its[0].date.isoformat()} to {its[-1].date.isoformat()}, share {what}; "
                   f"highest risk {top.risk} ({top.id}).")
        score = round(len(bcus) * 10 + len(its) + top.risk / 100, 2)  # ranks cross-BCU series first
        patterns.append(Pattern(
            kind="linked_series", id=sid, theme=theme, bcus=bcus, weeks=weeks, records=[it.id for it in its],
            entities=ents, terms=[], score=score, summary=summary,
            statistic={"records": len(its), "bcus": len(bcus), "highest_risk": top.risk,
                       "highest_risk_record": top.id, "themes": dict(sorted(themes.items())),
                       "dates": [it.date.isoformat() for it in its]},
        ))
    patterns.sort(key=lambda p: (-p.score, p.id))
    return patterns[: s.max_report], common
