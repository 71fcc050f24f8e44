"""`intel` command line: thin faces that parse, call the library and format.

Each module below adds its commands to the shared Typer app.
"""

from __future__ import annotations

import sys

from intel.cli.app import app
from intel.errors import IntelError

# Imported for their side effect of registering commands on `app`.
from intel.cli import intake_cmds, demo_data_cmds, nlp_cmds, pattern_cmds, product_cmds  # noqa: E402,F401


def main() -> None:
    try:
        app()
    except IntelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)


__all__ = ["app", "main"]
