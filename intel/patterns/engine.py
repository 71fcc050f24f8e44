"""The weekly pattern run: cluster (fit or incremental update), scan counts, link series.

`analyse(items, week, settings, state=...)` is pure: plain Items and a JSON state in, a
PatternReport and the next JSON state out. Where the state lives (store artifact or a file) is
the caller's business.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from contextlib import contextmanager
from itertools import islice

import numpy as np

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from intel.patterns.bursts import name_words, term_bursts, weekly_df
from intel.patterns.clusterer import TopicClusterer
from intel.patterns.embedding import TextEmbedder
from intel.patterns.labels import blend_profiles, class_tfidf, excerpt, term_profiles, top_terms
from intel.patterns.report import Cluster, Pattern, PatternReport
from intel.patterns.scan import pooled_dispersion, scan
from intel.patterns.series import linked_series
from intel.patterns.stable_ids import format_id, match_ids
from intel.weeks import shift_week, weeks_between

STATE_VERSION = 1
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)


@contextmanager
def _step(progress, name: str):
    if progress is None:
        yield
        return
    task = progress.add_task(name, total=1)
    yield
    progress.update(task, completed=1)


class _Fit:
    """What clustering produced for this run, whichever path (refit or incremental) made it."""

    def __init__(self):
        self.embedder: TextEmbedder | None = None
        self.clusterer: TopicClusterer | None = None
        self.meta: list[dict] = []  # per cluster index: id, terms, profile, born
        self.assign: dict[str, tuple[int, float]] = {}  # record id -> (cluster index, similarity)
        self.counts: dict[str, dict[str, int]] = {}  # cluster id -> week -> count
        self.events: list[dict] = []
        self.next_id = 1
        self.fitted_week = ""
        self.incremental_weeks = 0
        self.mode = "fit"


def _usable(state, week, s, n_clusters) -> bool:
    if not state or state.get("version") != STATE_VERSION or state.get("model_hash") != s.model_hash():
        return False
    if state["week"] >= week or state["week"] < shift_week(week, -s.scan.baseline_weeks):
        return False
    if (n_clusters or None) != state.get("n_clusters_requested"):
        return False
    if s.incremental.refit_every_weeks == 0:
        return True
    return state.get("incremental_weeks", 0) + len(weeks_between(shift_week(state["week"], 1), week)) \
        <= s.incremental.refit_every_weeks


def _label_meta(emb, fit_items, labels, k, s, ids, born) -> list[dict]:
    texts = [it.text for it in fit_items]
    counts = emb.counter().transform(texts)
    terms = top_terms(class_tfidf(counts, labels, k), emb.terms_, s.labels.n_terms)
    profiles = term_profiles(emb.tfidf_, labels, k, emb.terms_, s.stable_ids.profile_terms)
    return [{"id": ids[i], "terms": terms[i], "profile": profiles[i], "born": born.get(ids[i], "")}
            for i in range(k)]


def _refit(items, week, s, state, n_clusters, progress) -> _Fit:
    f = _Fit()
    first = shift_week(week, -s.scan.baseline_weeks)
    fit_items = [it for it in items if it.week >= first]
    f.fitted_week = week
    if not fit_items:
        return f
    with _step(progress, f"fitting TF-IDF + {s.reducer.kind} on {len(fit_items):,} narratives"):
        emb = TextEmbedder.from_settings(s)
        Z = emb.fit_transform([it.text for it in fit_items])
    with _step(progress, "clustering"):
        clu = TopicClusterer.from_settings(s, n_clusters=n_clusters).fit(Z, tfidf=emb.tfidf_)
    k = clu.n_clusters_
    new_profiles = term_profiles(emb.tfidf_, clu.labels_, k, emb.terms_, s.stable_ids.profile_terms)
    born = {}
    if state and state.get("clusters"):
        old = state["clusters"]
        m, f.next_id = match_ids([c["id"] for c in old], [c["profile"] for c in old], new_profiles,
                                 state.get("next_id", len(old) + 1), s.stable_ids.match_threshold,
                                 s.stable_ids.split_merge_threshold)
        ids, f.events = m.ids, [{**e, "week": week} for e in m.events]
        born = {c["id"]: c.get("born", "") for c in old}
    else:
        ids = [format_id(i + 1) for i in range(k)]
        f.next_id = k + 1
    for cid in ids:
        born.setdefault(cid, week)
    f.meta = _label_meta(emb, fit_items, clu.labels_, k, s, ids, born)
    # Weekly counts use the rule later weeks are assigned by (nearest centroid), not the fit's own
    # labels, or next week's counts would shift against the baseline for no reason.
    near, sims = clu.predict_with_similarity(Z)
    for it, lab, sim in zip(fit_items, near, sims):
        f.assign[it.id] = (int(lab), float(sim))
        wk = f.counts.setdefault(ids[lab], {})
        wk[it.week] = wk.get(it.week, 0) + 1
    emb.tfidf_ = None  # not state: the fitted batch's matrix is only for labels
    f.embedder, f.clusterer = emb, clu
    return f


def _novel_clusters(pool, Zpool, s, f, week) -> list[list[int]]:
    """Group novel narratives by their own words (new topics often bring new words)."""
    from sklearn.cluster import AgglomerativeClustering

    local = TextEmbedder(min_df=1, max_df=1.0, reducer="none", stop_words=f.embedder.stop_words)
    X = local.fit_tfidf([it.text for it in pool]).toarray()
    if len(pool) > 3000 or X.shape[1] == 0:
        return []
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=0.85).fit_predict(X)
    groups = [list(np.flatnonzero(labels == g)) for g in sorted(set(labels))]
    groups = [g for g in groups if len(g) >= s.incremental.min_new_cluster]
    if not groups:
        return []
    lab_arr = np.full(len(pool), -1)
    for gi, g in enumerate(groups):
        lab_arr[g] = gi
    keep = lab_arr >= 0
    counts = local.counter().transform([pool[i].text for i in np.flatnonzero(keep)])
    terms = top_terms(class_tfidf(counts, lab_arr[keep], len(groups)), local.terms_, s.labels.n_terms)
    local.tfidf_ = X
    profiles = term_profiles(local.vectoriser_.transform([pool[i].text for i in np.flatnonzero(keep)]),
                             lab_arr[keep], len(groups), local.terms_, s.stable_ids.profile_terms)
    centres = np.vstack([Zpool[g].mean(axis=0) for g in groups])
    idx = f.clusterer.add_clusters(centres, np.array([len(g) for g in groups]))
    for gi, ci in enumerate(idx):
        f.meta.append({"id": format_id(f.next_id), "terms": terms[gi], "profile": profiles[gi], "born": week})
        f.next_id += 1
    return groups


def _incremental(items, week, s, state, progress) -> _Fit | None:
    f = _Fit()
    f.mode = "incremental"
    f.embedder = TextEmbedder.from_state(state["embedder"])
    f.clusterer = TopicClusterer.from_state(state["clusterer"])
    f.meta = [dict(c) for c in state["clusters"]]
    f.counts = {cid: dict(wk) for cid, wk in state.get("weekly_counts", {}).items()}
    f.next_id = state["next_id"]
    f.fitted_week = state["fitted_week"]
    new_weeks = weeks_between(shift_week(state["week"], 1), week)
    f.incremental_weeks = state.get("incremental_weeks", 0) + len(new_weeks)
    for wk in new_weeks:
        new = [it for it in items if it.week == wk]
        if not new:
            continue
        with _step(progress, f"assigning {len(new):,} narratives of {wk}"):
            X = f.embedder.tfidf([it.text for it in new])
            Z = f.embedder.reduce(X)
            labels, sims = f.clusterer.predict_with_similarity(Z)
        novel = np.flatnonzero(sims < s.incremental.novelty_similarity)
        if len(novel) > s.incremental.max_novel_share * len(new) and len(new) >= 20:
            return None  # too much the engine has not seen: refit instead
        if len(novel) >= s.incremental.min_new_cluster:
            groups = _novel_clusters([new[i] for i in novel], Z[novel], s, f, wk)
            first_new = f.clusterer.n_clusters_ - len(groups)
            for gi, g in enumerate(groups):
                labels[novel[g]] = first_new + gi
                sims[novel[g]] = np.asarray(Z[novel[g]] @ f.clusterer.cluster_centers_[first_new + gi])
        old_k = f.clusterer.n_clusters_ - (0 if len(novel) < s.incremental.min_new_cluster else len(groups))
        mask_old = labels < old_k
        # fold the week into the existing centroids and their term profiles
        f.clusterer.counts_[old_k:] = 0
        f.clusterer.partial_fit(Z[mask_old], labels[mask_old])
        f.clusterer.counts_[old_k:] = np.bincount(labels[~mask_old] - old_k,
                                                  minlength=f.clusterer.n_clusters_ - old_k)
        wk_profiles = term_profiles(X, labels, f.clusterer.n_clusters_, f.embedder.terms_,
                                    s.stable_ids.profile_terms)
        n_new = np.bincount(labels, minlength=f.clusterer.n_clusters_)
        for ci in range(old_k):
            if n_new[ci]:
                prev = int(f.clusterer.counts_[ci] - n_new[ci])
                f.meta[ci]["profile"] = blend_profiles(f.meta[ci]["profile"], wk_profiles[ci], prev, int(n_new[ci]),
                                                       s.stable_ids.profile_terms)
        for it, lab, sim in zip(new, labels, sims):
            f.assign[it.id] = (int(lab), float(sim))
            c = f.counts.setdefault(f.meta[lab]["id"], {})
            c[wk] = c.get(wk, 0) + 1
    return f


def _cluster_status(cid, counts, week, baseline, flagged, events) -> str:
    for e in events:
        if e["kind"] == "split" and cid in e["into"]:
            return "split"
        if e["kind"] == "merge" and cid in e["into"]:
            return "merged"
    if flagged.get(cid) == "new_cluster":
        return "new"
    if flagged.get(cid) == "emerging_cluster":
        return "emerging"
    base = np.mean([counts.get(w, 0) for w in baseline]) if baseline else 0.0
    if not any(counts.get(w, 0) for w in baseline):
        return "new"
    if base >= 3 and counts.get(week, 0) < 0.5 * base:
        return "declining"
    return "stable"


def _mean_terms(emb, texts, n, drop: frozenset = frozenset()) -> list[str]:
    """The n words with the highest mean TF-IDF over the texts, leaving out `drop` (name words)."""
    if emb is None or not texts:
        return []
    X = emb.tfidf(texts)
    mean = np.asarray(X.mean(axis=0)).ravel()
    words = (str(emb.terms_[i]) for i in np.argsort(-mean, kind="stable") if mean[i] > 0)
    return list(islice((w for w in words if w not in drop), n))


def analyse(items, week: str, settings, *, state: dict | None = None, n_clusters: int | None = None,
            bcu: str | None = None, progress=None) -> tuple[PatternReport, dict | None]:
    """One week's PatternReport from narratives up to `week`, and the cluster state to keep.

    Clustering and its state are always force-wide; `bcu` narrows what the report shows (that
    BCU's narratives in each cluster, patterns touching that BCU). Weekly counts stay force-wide.
    """
    s = settings
    items = sorted((it for it in items if it.week <= week), key=lambda it: (it.date, it.id))
    earliest = shift_week(week, -max(s.scan.baseline_weeks, s.series.window_weeks - 1))
    items = [it for it in items if it.week >= earliest]
    baseline = [w for w in weeks_between(shift_week(week, -s.scan.baseline_weeks), shift_week(week, -1))]
    history_start = min((it.week for it in items), default=week)
    if state and state.get("first_week"):
        history_start = min(history_start, state["first_week"])
    baseline = [w for w in baseline if w >= history_start]
    current = [it for it in items if it.week == week]

    f = None
    if _usable(state, week, s, n_clusters):
        f = _incremental(items, week, s, state, progress)
    if f is None:
        f = _refit(items, week, s, state if state and state.get("version") == STATE_VERSION else None,
                   n_clusters, progress)
    report = PatternReport(week=week)
    flagged: dict[str, str] = {}

    with _step(progress, "scanning counts"):
        if f.clusterer is not None:
            ids_now = {m["id"] for m in f.meta}
            series = {cid: f.counts.get(cid, {}) for cid in sorted(ids_now)}
            by_cluster: dict[str, list] = defaultdict(list)
            for it in current:
                if it.id in f.assign:
                    lab, sim = f.assign[it.id]
                    by_cluster[f.meta[lab]["id"]].append((sim, it))
            meta_by_id = {m["id"]: m for m in f.meta}
            names = name_words(current, labels=("PERSON", "NICKNAME"))
            for hit in scan(series, week, baseline, s.scan):
                cid = hit.key
                base_total = sum(series[cid].get(w, 0) for w in baseline)
                # new: next to nothing in the baseline (a refit's fresh id alone does not make it new)
                kind = "new_cluster" if base_total <= max(1, len(baseline) // 4) else "emerging_cluster"
                flagged[cid] = kind
                members = [it for _, it in sorted(by_cluster[cid], key=lambda t: (-t[0], t[1].id))]
                terms = meta_by_id[cid]["terms"]
                bcus = sorted({it.bcu for it in members})
                themes = Counter(t for it in members for t in it.themes)
                report.patterns.append(Pattern(
                    kind=kind, id=f"{kind}:{cid}:{week}", theme=_top(themes), bcus=bcus, weeks=[week],
                    records=sorted(it.id for it in members), entities=[], terms=terms, score=hit.score,
                    summary=(f"{'New' if kind == 'new_cluster' else 'Growing'} cluster {cid} "
                             f"({', '.join(terms[:3])}): {hit.observed} narratives this week against "
                             f"{hit.expected:.1f} expected, in {', '.join(bcus[:5])}{' …' if len(bcus) > 5 else ''}."),
                    statistic={**hit.statistic(s.scan.model), "cluster": cid},
                ))
            for cid, members in sorted(by_cluster.items()):
                members = [it for _, it in sorted(members, key=lambda t: (-t[0], t[1].id))]
                m = meta_by_id[cid]
                quotable = [it for it in members if it.may_quote][: s.labels.n_excerpts]
                wk = {w: series[cid].get(w, 0) for w in baseline + [week]}
                report.clusters.append(Cluster(
                    id=cid, label=" / ".join(m["terms"][:3]), terms=m["terms"], size=len(members),
                    records=[it.id for it in members], weekly_counts=wk,  # nearest the centre first
                    status=_cluster_status(cid, series[cid], week, baseline, flagged, f.events),
                    excerpts=[excerpt(it, s.labels.excerpt_chars, names) for it in quotable],
                ))
            report.clusters.sort(key=lambda c: (-c.size, c.id))

        # spikes: theme x BCU counts; every pair seen in the window is one test in the family
        tb: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for it in items:
            for t in set(it.themes):
                c = tb[(t, it.bcu)]
                c[it.week] = c.get(it.week, 0) + 1
        if s.scan.spike_family == "bcu":
            families: dict = defaultdict(dict)
            for key, counts in tb.items():
                families[key[1]][key] = counts
        else:
            families = {"all": tb}
        prior = _theme_bcu_prior(items, baseline, tb)
        # one overdispersion estimate from every theme x BCU series: a BCU's dozen are too few
        disp = pooled_dispersion(tb, baseline) if s.scan.dispersion == "auto" else float(s.scan.dispersion)
        scale = _busy_week(items, week, baseline, tb, s.scan.volume_steady) if s.scan.volume_steady > 0 else None
        hits = [h for fam in sorted(families)
                for h in scan(families[fam], week, baseline, s.scan, prior=prior, dispersion=disp, scale=scale)]
        # a child's first name is a distinctive word of a spike's narratives, and no topic
        spike_names = name_words(current, labels=("PERSON", "NICKNAME")) if hits else frozenset()
        for hit in hits:
            theme, unit = hit.key
            members = [it for it in current if it.bcu == unit and theme in it.themes]
            report.patterns.append(Pattern(
                kind="spike", id=f"spike:{theme}:{unit}:{week}", theme=theme, bcus=[unit], weeks=[week],
                records=[it.id for it in members], entities=_shared_entities(members),
                terms=_mean_terms(f.embedder, [it.text for it in members], 5, spike_names), score=hit.score,
                summary=(f"{theme} in {unit}: {hit.observed} narratives this week against {hit.expected:.1f} "
                         f"expected from the previous {hit.baseline_weeks} weeks."),
                statistic=hit.statistic(s.scan.model),
            ))

    term_df = {}
    if s.bursts.enabled:
        with _step(progress, "looking for bursting words"):
            recent = weeks_between(shift_week(week, -(s.bursts.window_weeks - 1)), week)
            b_base = [w for w in weeks_between(shift_week(recent[0], -s.scan.baseline_weeks), shift_week(recent[0], -1))
                      if w >= history_start]
            wanted = set(b_base) | set(recent[:-1])
            cached = {w: tuple(v) for w, v in ((state or {}).get("term_df") or {}).items() if w in wanted}
            need = wanted - set(cached)
            term_df = {**cached, **weekly_df([it for it in items if it.week in need], STOP_WORDS)}
            recent_items = [it for it in items if it.week in set(recent)]
            report.patterns.extend(term_bursts(recent_items, week, b_base, term_df, s, STOP_WORDS, name_words(items)))
            term_df.update(weekly_df(current, STOP_WORDS))

    with _step(progress, "linking series"):
        first_series_week = shift_week(week, -(s.series.window_weeks - 1))
        pats, common = linked_series([it for it in items if it.week >= first_series_week], s.series)
        for p in pats:
            p.statistic["new_this_week"] = week in p.weeks
        report.patterns.extend(pats)

    if bcu:
        report = bcu_view(report, bcu, current, s)
    kind_order = {"new_cluster": 0, "emerging_cluster": 1, "spike": 2, "linked_series": 3}
    report.patterns.sort(key=lambda p: (kind_order[p.kind], -p.score, p.id))
    new_state = _next_state(f, week, s, n_clusters, state, history_start, common)
    if new_state is not None and term_df:
        # next week needs the weeks from (next week - window - baseline) on
        keep_from = shift_week(week, 1 - s.bursts.window_weeks - s.scan.baseline_weeks + 1)
        new_state["term_df"] = {w: list(v) for w, v in sorted(term_df.items()) if w >= keep_from}
    return report, new_state


def _theme_bcu_prior(items, baseline, tb) -> dict:
    """Expected weekly count of each theme in each BCU from the force-wide rate and the BCU's volume."""
    base = set(baseline)
    if not base:
        return {}
    volume = Counter(it.bcu for it in items if it.week in base)
    total = sum(volume.values())
    theme_total = Counter(t for it in items if it.week in base for t in set(it.themes))
    n = len(baseline)
    return {(t, b): theme_total[t] / n * volume[b] / total for t, b in tb if total}


def _busy_week(items, week, baseline, tb, steady: float) -> dict:
    """Per (theme, BCU): the BCU's other narratives this week over their baseline weekly mean.

    A week with half as many narratives again lifts every theme a little; a spike is a theme rising
    beyond that. The theme's own narratives are left out, so a real spike does not excuse itself.
    """
    if not baseline:
        return {}
    volume: dict[str, Counter] = defaultdict(Counter)
    for it in items:
        volume[it.bcu][it.week] += 1
    out = {}
    for (t, b), counts in tb.items():
        now = volume[b].get(week, 0) - counts.get(week, 0)
        before = sum(volume[b].get(w, 0) - counts.get(w, 0) for w in baseline) / len(baseline)
        out[(t, b)] = (now + steady) / (before + steady)
    return out


def _top(counter: Counter):
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else None


def _shared_entities(members) -> list[dict]:
    c = Counter(e for it in members for e in set(it.entities) if e[0] not in ("AGE", "DATE", "PERSON"))
    return [{"label": lab, "norm": n} for (lab, n), k in sorted(c.items()) if k >= 2]


def _next_state(f: _Fit, week, s, n_clusters, state, history_start, common) -> dict | None:
    if f.clusterer is None:
        if state:  # an empty week moves the state on without touching the model
            return {**state, "week": week} if state["week"] < week else state
        return None
    keep_from = shift_week(week, -s.scan.baseline_weeks)
    counts = {cid: {w: n for w, n in sorted(wk.items()) if w >= keep_from} for cid, wk in sorted(f.counts.items())}
    return {
        "version": STATE_VERSION, "week": week, "fitted_week": f.fitted_week, "mode": f.mode,
        "first_week": history_start, "model_hash": s.model_hash(), "n_clusters_requested": n_clusters or None,
        "incremental_weeks": f.incremental_weeks, "next_id": f.next_id,
        "embedder": f.embedder.to_state(), "clusterer": f.clusterer.to_state(),
        "clusters": f.meta, "weekly_counts": counts, "events": f.events,
        "common_entities": common[:20],
    }


def bcu_view(report: PatternReport, bcu: str, items, settings=None) -> PatternReport:
    """A BCU's view of a force-wide report (the state stays force-wide).

    Clusters keep that BCU's narratives (nearest the centre first), with excerpts drawn from them
    only; patterns are those touching the BCU. Weekly counts stay force-wide.
    """
    from intel.patterns.settings import PatternSettings

    s = settings or PatternSettings()
    key = bcu.casefold()
    mine = {it.id: it for it in items if it.week == report.week and it.bcu.casefold() == key}
    names = name_words(list(mine.values()), labels=("PERSON", "NICKNAME"))
    clusters = []
    for c in report.clusters:
        recs = [r for r in c.records if r in mine]
        if recs:
            quotable = [mine[r] for r in recs if mine[r].may_quote][: s.labels.n_excerpts]
            clusters.append(Cluster(id=c.id, label=c.label, terms=c.terms, size=len(recs), records=recs,
                                    weekly_counts=c.weekly_counts, status=c.status,
                                    excerpts=[excerpt(it, s.labels.excerpt_chars, names) for it in quotable]))
    pats = [p for p in report.patterns if any(b.casefold() == key for b in p.bcus)]
    return PatternReport(week=report.week, clusters=clusters, patterns=pats)
