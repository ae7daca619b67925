"""Loan pages: the loan record seen as "loan out" by the lender and "loan in" by the borrower,
its steps, condition checks, insurance, transport, permits; where an institution's objects are."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("loans", __name__)
