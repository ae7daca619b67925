"""Every change of a loan record: access, the proofs each step needs, the change, the audit entry
and the other party told, in one unit of work (`planner.unit_of_work`)."""

from __future__ import annotations
