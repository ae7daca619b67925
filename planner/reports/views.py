"""Report pages: an agreement's or an institution's implementation report and its downloads."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__)
