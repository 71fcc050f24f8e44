"""Pattern engine settings from `config/patterns.yaml`, validated by pydantic."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from intel.config import format_validation_error, read_yaml
from intel.errors import ConfigError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VectoriserSettings(_Strict):
    max_features: int = Field(30000, gt=0)
    min_df: int | float = 2
    max_df: float = Field(0.5, gt=0, le=1)
    ngram_max: int = Field(1, ge=1, le=3)
    sublinear_tf: bool = True
    stop_words: str | None = "english"


class ReducerSettings(_Strict):
    kind: Literal["lsa", "nmf", "none"] = "lsa"
    n_components: int = Field(50, gt=1)


class ClustererSettings(_Strict):
    kind: Literal["kmeans", "minibatch_kmeans"] = "kmeans"
    n_clusters: int | Literal["auto"] = "auto"
    k_min: int = Field(4, ge=2)
    k_max: int = Field(30, ge=2)
    n_init: int = Field(5, ge=1)
    batch_size: int = Field(4096, gt=0)
    auto_k_sample: int = Field(3000, ge=100)
    refine: Literal["naive_bayes", "none"] = "naive_bayes"
    refine_alpha: float = Field(0.1, gt=0)
    refine_iterations: int = Field(10, ge=0)


class LabelSettings(_Strict):
    n_terms: int = Field(8, gt=0)
    n_excerpts: int = Field(3, ge=0)
    excerpt_chars: int = Field(280, gt=20)


class StableIdSettings(_Strict):
    match_threshold: float = Field(0.5, gt=0, le=1)
    split_merge_threshold: float = Field(0.3, gt=0, le=1)
    profile_terms: int = Field(200, gt=0)


class IncrementalSettings(_Strict):
    refit_every_weeks: int = Field(4, ge=0)
    novelty_similarity: float = Field(0.25, ge=0, le=1)
    min_new_cluster: int = Field(4, ge=2)
    max_novel_share: float = Field(0.3, gt=0, le=1)


class ScanSettings(_Strict):
    baseline_weeks: int = Field(8, ge=1)
    min_baseline_weeks: int = Field(4, ge=1)
    min_count: int = Field(4, ge=1)
    fdr: float = Field(0.1, gt=0, lt=1)
    model: Literal["poisson", "negbin"] = "negbin"
    dispersion: float | Literal["auto"] = "auto"
    min_baseline_rate: float = Field(0.3, gt=0)
    min_ratio: float = Field(2.0, ge=1)
    spike_family: Literal["bcu", "all"] = "bcu"
    prior_weeks: float = Field(4.0, ge=0)
    # scale a theme's expected count by how busy its BCU was that week (its other narratives
    # against their baseline mean, steadied by `volume_steady` narratives); 0 turns it off
    volume_steady: float = Field(0.0, ge=0)


class BurstSettings(_Strict):
    enabled: bool = True
    min_count: int = Field(3, ge=2)
    min_ratio: float = Field(5.0, ge=1)
    fdr: float = Field(0.1, gt=0, lt=1)
    group_jaccard: float = Field(0.5, gt=0, le=1)
    min_bcus: int = Field(1, ge=1)
    window_weeks: int = Field(2, ge=1)
    max_report: int = Field(10, ge=1)


class SeriesSettings(_Strict):
    window_weeks: int = Field(12, ge=1)
    entity_labels: list[str] = ["VRM", "PHONE", "EMAIL", "NICKNAME", "VENUE"]
    venue_area_labels: list[str] = ["PLACE", "POSTCODE"]
    weak_labels: list[str] = ["VENUE"]
    weak_min_shared: int = Field(2, ge=1)
    max_records_per_entity: int = Field(30, ge=2)
    max_report: int = Field(50, ge=1)
    # A street name quoted once ("known as 'Sparky'") is looked for as a plain word in the other
    # narratives ("source says sparky recruited him"), unless the word is used untagged in more
    # than this many times as many narratives as it is tagged in (then it is an ordinary word).
    propagate_nicknames: bool = True
    propagate_max_ratio: float = Field(2.0, ge=0)
    # "Yung Nitro" and "Baby Peanut" are other people than "Nitro" and "Peanut"
    nickname_prefixes: list[str] = ["baby", "big", "kid", "lil", "little", "mad", "yung", "young", "younger",
                                    "yg", "tiny", "junior", "jnr", "small", "lickle", "lil'"]


class PatternSettings(_Strict):
    seed: int = 7
    vectoriser: VectoriserSettings = VectoriserSettings()
    reducer: ReducerSettings = ReducerSettings()
    clusterer: ClustererSettings = ClustererSettings()
    labels: LabelSettings = LabelSettings()
    stable_ids: StableIdSettings = StableIdSettings()
    incremental: IncrementalSettings = IncrementalSettings()
    scan: ScanSettings = ScanSettings()
    bursts: BurstSettings = BurstSettings()
    series: SeriesSettings = SeriesSettings()

    @field_validator("clusterer")
    @classmethod
    def _k_range(cls, v: ClustererSettings) -> ClustererSettings:
        if v.k_min > v.k_max:
            raise ValueError(f"k_min ({v.k_min}) is above k_max ({v.k_max})")
        return v

    def model_hash(self) -> str:
        """Changes when a setting that shapes the fitted model changes (then state is refitted)."""
        shaping = {k: getattr(self, k).model_dump() for k in ("vectoriser", "reducer", "clusterer")}
        shaping["seed"] = self.seed
        return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:16]

    def with_changes(self, **parts: dict) -> "PatternSettings":
        """A copy with some sections changed, e.g. with_changes(clusterer={"n_clusters": 4})."""
        data = self.model_dump()
        for section, values in parts.items():
            data[section] = {**data[section], **values}
        return PatternSettings.model_validate(data)


def load_pattern_settings(config_dir: str | Path | None = None) -> PatternSettings:
    """Read `patterns.yaml` from the config folder; a missing file means the defaults."""
    from intel.paths import CONFIG_DIR

    path = Path(config_dir or CONFIG_DIR) / "patterns.yaml"
    if not path.exists():
        return PatternSettings()
    try:
        return PatternSettings.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise ConfigError(format_validation_error(path, exc)) from None
