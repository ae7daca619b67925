"""/api/v1/plans/<id>/agreement: a plan's project agreement as PDF or Word, chosen by the
Accept header (406 for anything else), for whoever may read the plan."""

from __future__ import annotations

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from planner.api.common import api_blueprint, documents, refuse
from planner.documents.agreement import DOCX, PDF, DocumentRequestError, project_agreement
from planner.documents.model import LAYOUTS
from planner.plans.access import load_plan

blp = api_blueprint("Documents", "Documents to sign: a plan's separate project agreement (Art. 6), PDF or Word.")
FILE_FORMATS = {PDF: "pdf", DOCX: "docx"}
BINARY = {"schema": {"type": "string", "format": "binary"}}


class AgreementArgsSchema(Schema):
    languages = fields.String(
        validate=validate.Length(max=40),
        metadata={"description": "One or two of en, az, kk, ru, e.g. `az,kk` (default: the parties' first "
                  "document languages)"},
    )  # fmt: skip
    layout = fields.String(
        validate=validate.OneOf(LAYOUTS),
        metadata={"description": "`columns`: the languages side by side (default); `sequence`: one after the other"},
    )


def asked_format() -> str:
    """The format the Accept header asks for by name (wildcards do not choose one), or 406."""
    named = [(quality, mimetype) for mimetype, quality in request.accept_mimetypes if mimetype in FILE_FORMATS]
    named = [item for item in named if item[0] > 0]
    if not named:
        abort(406, message=_("Ask for the document in the Accept header: %(pdf)s or %(docx)s.", pdf=PDF, docx=DOCX))
    return FILE_FORMATS[max(named, key=lambda item: item[0])[1]]


@blp.route("/plans/<int:plan_id>/agreement", methods=["GET"])
@blp.arguments(AgreementArgsSchema, location="query")
@blp.doc(responses={"200": {"description": "The project agreement", "content": {PDF: BINARY, DOCX: BINARY}}})
@documents(blp, 401, 404, 406, 422)
def project_agreement_file(arguments, plan_id: int):
    """The plan's project agreement to sign, in the parties' two languages (send Accept:
    application/pdf, or the Word type)."""
    plan = load_plan(plan_id, current_user)  # the pages' check: 404 for who may not read it
    file_format = asked_format()
    try:
        made = project_agreement(plan, file_format, arguments.get("languages"), arguments.get("layout"))
    except DocumentRequestError as error:
        refuse("languages", str(error))
    response = Response(made.body, mimetype=made.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    response.vary.add("Accept")
    return response
