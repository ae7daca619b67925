"""Roles: which roles may open a page (`roles_required`), and which read everything.

Who may read and change an agreement (and so its plans, events and maps) is said in
`planner.agreements.access`, above the agreements it speaks of.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

READ_ALL_ROLES = ("admin", "curator", "staff")


def roles_required(*roles: str):
    """Log-in required; then 403 unless the user's role is one of ``roles``."""

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


#: What an observer (a ministry, a governing body) may open: the reports and agreements of the
#: institutions an administrator granted it (`User.observed_institution_ids`), its own account,
#: and nothing else; every other page and API resource answers 403 (`observer_may_open`).
OBSERVER_ENDPOINTS = frozenset(
    {
        "reports.index",
        "reports.agreement",
        "reports.agreement_file",
        "reports.institution",
        "reports.institution_file",
        "Reports.AgreementReport",
        "Reports.InstitutionReport",
        "agreements.index",
        "agreements.show",
        "agreements.article",
        "agreements.institution",
        "accounts.account",
        "accounts.change_password",
        "accounts.logout",
        "accounts.logout_everywhere",
        "accounts.login",
        "accounts.set_language",
        "dashboard.health",
        "api_reference.reference",
        "api-docs.openapi_json",
        "accounts.create_api_token",
        "accounts.revoke_api_token",
        "static",
    }
)


def observer_may_open(endpoint: str | None) -> bool:
    return endpoint in OBSERVER_ENDPOINTS
