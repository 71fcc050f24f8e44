"""Intake: read exports, validate rows into `Record`s, store each file as one transaction.

`validate` checks one row; `ingest` stores files and single submissions; `intel.readers` parses
CSV, JSONL and JSON arrays.
"""

from intel.intake.ingest import BATCH, IngestSummary, ingest_path, next_reference, submit_record
from intel.intake.validate import RowError, validate_row
from intel.readers import IntakeError

__all__ = ["BATCH", "IngestSummary", "IntakeError", "RowError", "ingest_path", "next_reference", "submit_record",
           "validate_row"]
