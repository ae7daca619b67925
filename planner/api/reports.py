"""/api/v1/agreements/<id>/report and /api/v1/institutions/<id>/report: the implementation
report's figures as JSON (the page's, the documents' and the spreadsheet's figures come from the
same `planner.reports.reading`); /api/v1/plans/<id>/results: what happened, after the fact."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields, validate

from planner.agreements.access import load_agreement, load_institution
from planner.api.common import api_blueprint, documents, require_current
from planner.plans import operations
from planner.plans.access import load_plan
from planner.plans.results import results_of
from planner.reports import reading

blp = api_blueprint("Reports", "Implementation reports: what an agreement or an institution produced in a period.")


class PeriodArgsSchema(Schema):
    """Documented here; read by `reading.asked_period`, which says what is wrong in the user's language."""

    first = fields.String(data_key="from", metadata={"description": "First day, YYYY-MM-DD (default: 1 January)"})
    last = fields.String(data_key="to", metadata={"description": "Last day, YYYY-MM-DD (default: 31 December)"})
    year = fields.String(
        validate=validate.Length(max=4), metadata={"description": "A calendar year instead of from/to"}
    )


class ReportSchema(Schema):
    """The figures, the same as the page's and the files': amounts as decimal strings, per payer and
    currency, never summed across currencies."""

    scope = fields.Dict(metadata={"description": "{kind: agreement or institution, id}"})
    first = fields.String(data_key="from", attribute="from")
    last = fields.String(data_key="to", attribute="to")
    plans = fields.List(fields.Dict(), metadata={"description": "The plans that count, with their outcome"})
    plans_by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    articles = fields.List(fields.Dict(), metadata={"description": "Per article: plans, by status, no_activity"})
    articles_with_no_activity = fields.List(fields.Integer())
    exhibitions = fields.List(fields.Dict(), metadata={"description": "Venue runs with dates and visitors"})
    visitors = fields.Integer()
    events = fields.List(fields.Dict(), metadata={"description": "Occurrences: held, attendance on site and online"})
    events_held = fields.Integer()
    attendance = fields.Dict(keys=fields.String(), values=fields.Integer())
    objects_by_lender = fields.Dict(keys=fields.String(), values=fields.List(fields.Dict()))
    people_by_direction = fields.List(fields.Dict())
    person_days = fields.Integer()
    route_distance_km = fields.Float()
    costs = fields.List(fields.Dict(), metadata={"description": "Planned and actual per payer and currency"})
    activities_per_month = fields.List(fields.Dict())


class ResultsSchema(Schema):
    venues = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True),
                         metadata={"description": "Visitors per venue run, by venue id"})  # fmt: skip
    events = fields.Dict(keys=fields.String(), values=fields.Dict(),
                         metadata={"description": "By event id: held (true, false or null), attendance_on_site, "
                                   "attendance_online"})  # fmt: skip
    costs = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True),
                        metadata={"description": "The actual amount per cost id, in the cost's currency"})  # fmt: skip
    outcome = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True),
                          metadata={"description": "The outcome per language (en, az, kk, ru)"})  # fmt: skip


@blp.route("/agreements/<int:agreement_id>/report")
class AgreementReport(MethodView):
    @blp.arguments(PeriodArgsSchema, location="query")
    @blp.response(200, ReportSchema)
    @documents(blp, 401, 404, 422)
    def get(self, _arguments, agreement_id: int):
        """The agreement's implementation report for a period (a calendar year by default)."""
        agreement = load_agreement(agreement_id, current_user)
        return reading.report_json(reading.agreement_report(agreement, reading.asked_period(request.args)))


@blp.route("/institutions/<int:institution_id>/report")
class InstitutionReport(MethodView):
    @blp.arguments(PeriodArgsSchema, location="query")
    @blp.response(200, ReportSchema)
    @documents(blp, 401, 404, 422)
    def get(self, _arguments, institution_id: int):
        """An institution's report across all its agreements the caller may read."""
        institution = load_institution(institution_id, current_user)
        made = reading.institution_report(institution, current_user, reading.asked_period(request.args))
        return reading.report_json(made)


@blp.route("/plans/<int:plan_id>/results")
class PlanResults(MethodView):
    @blp.response(200, ResultsSchema)
    @documents(blp, 401, 404)
    def get(self, plan_id: int):
        """What happened: visitors, events held and attendance, actual costs, the outcome."""
        plan = load_plan(plan_id, current_user)
        return results_of(plan)

    @blp.arguments(ResultsSchema)
    @blp.response(200, ResultsSchema)
    @documents(blp, 401, 403, 404, 409, 412, 422)
    def put(self, sent: dict, plan_id: int):
        """Record results (only the items sent change); not content, so approvals stand."""
        plan = load_plan(plan_id, current_user, edit=True)
        require_current(plan)
        operations.record_results(plan, current_user, sent)
        return results_of(plan)
