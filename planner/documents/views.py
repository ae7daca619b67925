"""Pages: a plan's project agreement to download as PDF or Word (`?languages=az,kk`, or the
`languages` field twice as the plan page's form sends it; `?layout=columns|sequence`)."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, request, send_file
from flask_login import current_user, login_required

from planner.documents.agreement import DocumentRequestError, project_agreement
from planner.plans.access import load_plan

bp = Blueprint("documents", __name__)


def asked_languages_param() -> str:
    """`languages=az,kk` and `languages=az&languages=kk` mean the same."""
    return ",".join(value for value in request.args.getlist("languages") if value.strip())


@bp.route("/plans/<int:plan_id>/agreement.<any(pdf, docx):file_format>")
@login_required
def agreement(plan_id: int, file_format: str):
    plan = load_plan(plan_id, current_user)  # who may read the plan; 404 for anyone else
    try:
        made = project_agreement(plan, file_format, asked_languages_param(), request.args.get("layout"))
    except DocumentRequestError as error:
        abort(400, str(error))
    response = send_file(BytesIO(made.body), mimetype=made.mimetype, as_attachment=True, download_name=made.filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
