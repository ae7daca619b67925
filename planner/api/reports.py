"""/api/v1/agreements/<id>/report: the implementation report's figures as JSON."""

from __future__ import annotations

from planner.api.common import api_blueprint

blp = api_blueprint("Reports", "Implementation reports: what an agreement or an institution produced in a period.")
