"""Task pages: a plan's checklist and timeline, and the administrators' task templates."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tasks", __name__)
