"""The root `intel` command: global options and the shared settings. Commands live beside it."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer

from intel.config import Settings, load_settings

app = typer.Typer(
    name="intel",
    help=(
        "Child-protection intelligence product generator.\n\n"
        "Takes LIT submissions and case narratives in, finds themes, risk indicators and linking "
        "entities, spots emerging patterns and linked series, and writes the weekly Pacesetter "
        "briefing.\n\n"
        "Example: intel demo --out demo"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@dataclass
class State:
    config_dir: Optional[Path] = None
    db_url: Optional[str] = None
    user: str = ""
    _settings: Optional[Settings] = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config_dir, self.db_url)
        return self._settings


state = State()


def current_user() -> str:
    """Who is acting, for the audit log: INTEL_USER, else the login name."""
    return os.environ.get("INTEL_USER") or getpass.getuser()


@app.callback()
def root(
    config: Optional[Path] = typer.Option(
        None, "--config", envvar="INTEL_CONFIG", help="Folder with settings.yaml, taxonomy.yaml, nlp.yaml (and the theme model nlp.yaml names)."
    ),
    db: Optional[str] = typer.Option(
        None, "--db", envvar="INTEL_DB", help="Store URL, e.g. sqlite:///intel.db or postgresql+psycopg://..."
    ),
) -> None:
    state.config_dir = config
    state.db_url = db
    state.user = current_user()
    state._settings = None
