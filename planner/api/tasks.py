"""/api/v1/tasks and /api/v1/task-templates, through `planner.tasks.operations`."""

from __future__ import annotations

from planner.api.common import api_blueprint

blp = api_blueprint("Tasks", "Tasks: a plan's checklist counted back from its anchors, and the templates.")
