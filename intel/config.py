"""Settings from `config/settings.yaml`, validated by pydantic.

The config folder comes from `--config DIR`, else `INTEL_CONFIG`, else the repo's `config/`.
The store URL from `--db URL`, else `INTEL_DB`, else the settings file.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from intel.errors import ConfigError
from intel.paths import CONFIG_DIR


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OutputSettings(_Strict):
    briefings_dir: str = "out/briefings"
    archive_dir: str = "out/archive"


class IntakeSettings(_Strict):
    max_text_chars: int = Field(20000, gt=0)
    progress_min_rows: int = Field(1000, ge=0)
    column_map: dict[str, str] = Field(default_factory=dict)


class DeliverySettings(_Strict):
    smtp_host: str = "localhost"
    smtp_port: int = 25
    starttls: bool = False
    username: str | None = None
    password_env: str = "INTEL_SMTP_PASSWORD"
    sender: str = "lit-briefings@example.police.uk"
    chairs: dict[str, list[str]] = Field(default_factory=dict)


class Settings(_Strict):
    store_url: str = "sqlite:///intel.db"
    protective_marking: str = "OFFICIAL-SENSITIVE"
    force_name: str = "Metropolitan Police Service"
    bcus: list[str] = Field(min_length=1)
    week_starts_on: str = "monday"
    output: OutputSettings = Field(default_factory=OutputSettings)
    intake: IntakeSettings = Field(default_factory=IntakeSettings)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    config_dir: str = ""  # filled by load_settings: where the other config files are read from

    @field_validator("week_starts_on")
    @classmethod
    def _monday(cls, v: str) -> str:
        if v.lower() != "monday":
            raise ValueError("reporting weeks are ISO weeks; only 'monday' is supported")
        return v.lower()

    @field_validator("bcus")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        seen = {b.casefold() for b in v}
        if len(seen) != len(v):
            raise ValueError("BCU names must be unique")
        return v

    @property
    def config_path(self) -> Path:
        return Path(self.config_dir)


def config_dir_from(arg: str | os.PathLike | None = None) -> Path:
    chosen = arg or os.environ.get("INTEL_CONFIG") or CONFIG_DIR
    return Path(chosen)


def read_yaml(path: Path) -> dict:
    """Read a YAML mapping with safe_load, or fail naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found. Pass --config DIR pointing at a folder with it.") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of keys at the top level, got {type(data).__name__}")
    return data


def format_validation_error(path: Path, exc: ValidationError) -> str:
    lines = [f"{path}: invalid settings"]
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        if err["type"] == "extra_forbidden":
            lines.append(f"  {key}: unknown key (check the spelling against the config reference in README)")
        else:
            lines.append(f"  {key}: {err['msg']} (got {err.get('input')!r})")
    return "\n".join(lines)


def load_settings(config_dir: str | os.PathLike | None = None, db_url: str | None = None) -> Settings:
    folder = config_dir_from(config_dir)
    path = folder / "settings.yaml"
    data = read_yaml(path)
    if "config_dir" in data:
        raise ConfigError(f"{path}: config_dir: unknown key (it is set from --config, not the file)")
    data["config_dir"] = str(folder.resolve())
    url = db_url or os.environ.get("INTEL_DB")
    if url:
        data["store_url"] = url
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(path, exc)) from None
