"""An entry of the audit trail as readers see it: who did what to which record, when.

The trail is a hash chain (store/audit.py); an entry about a record above the reader's
clearance is shown with its target and details masked (``masked``), so that an
administrator with a low clearance learns neither a confidential record's name nor its
details from the trail.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    at: str  # ISO 8601 UTC, as hashed
    actor: str
    action: str
    target: str  # 'risk:<key>:<version>', 'document:12' …
    detail: str  # canonical JSON
    hash: str

    def masked(self, level: str) -> AuditRecord:
        """The entry with the record's name and details replaced by its level."""
        kind = self.target.split(":", 1)[0]
        return dataclasses.replace(
            self, target=kind + ":…", detail=json.dumps({"rubricering": level})
        )
