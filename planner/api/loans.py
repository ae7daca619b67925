"""/api/v1/loans: loan records, their steps and proofs, through `planner.loans.operations`."""

from __future__ import annotations

from planner.api.common import api_blueprint

blp = api_blueprint("Loans", "Loans: one record per lender and borrower within a plan, its steps and proofs.")
