"""Who may download a plan's project agreement: exactly who may read the plan, through the
plan pages' own check (404 for a plan the user may not know exists).

Seam: the plans domain is consolidating its access checks into `planner/plans/access.py`;
when that lands, this import is the one line to change."""

from planner.plans.views import readable_plan_or_404

__all__ = ["readable_plan_or_404"]
