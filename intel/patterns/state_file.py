"""Cluster state in a JSON file, for `intel patterns --in FILE.jsonl` with no store.

Same get/put/keys shape as the store's artifacts, so one code path keeps stable ids.
"""

from __future__ import annotations

import json
from pathlib import Path

from intel.errors import IntelError

KEEP = 3  # weeks of state kept: enough to rerun the last weeks


class FileArtifacts:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.data: dict = {"kind": "intel-pattern-state", "artifacts": {}}
        if self.path.exists():
            try:
                self.data = json.loads(self.path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise IntelError(f"{self.path}: not a pattern state file ({exc}). Delete it to start afresh.") from None
            if self.data.get("kind") != "intel-pattern-state":
                raise IntelError(f"{self.path}: not a pattern state file (no 'kind: intel-pattern-state').")

    def get_artifact(self, kind: str, key: str) -> dict | None:
        return self.data["artifacts"].get(kind, {}).get(key)

    def artifact_keys(self, kind: str) -> list[str]:
        return sorted(self.data["artifacts"].get(kind, {}))

    def put_artifact(self, kind: str, key: str, data: dict) -> None:
        arts = self.data["artifacts"].setdefault(kind, {})
        arts[key] = data
        for old in sorted(arts)[:-KEEP]:
            del arts[old]
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.data, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)


def previous_state(artifacts, week: str) -> dict | None:
    """The newest cluster state from before `week` (rerunning a week never reads its own output)."""
    keys = [k for k in artifacts.artifact_keys("cluster_state") if k < week]
    return artifacts.get_artifact("cluster_state", keys[-1]) if keys else None
