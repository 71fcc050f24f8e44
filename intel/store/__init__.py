"""The SQL store: records and their versions, extractions, runs, artifacts, quarantine, audit."""

from intel.audit import AuditEvent
from intel.store.store import QuarantinedRow, Store

__all__ = ["AuditEvent", "QuarantinedRow", "Store"]
