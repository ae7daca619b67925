"""The JSON shapes of loans (issue #28): the loan record, its history, condition checks, insurance,
transport legs and permits. Kept beside `schemas.py` (whose field types they use) so the loan
resources stay in one place."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from planner.api.schemas import (
    Amount,
    Count,
    Day,
    Id,
    LoanObjectSchema,
    LocalTime,
    Multilingual,
    Text,
    UtcDateTime,
    known_zone,
    one_of,
)
from planner.plans.terms import CURRENCIES
from planner.vocabulary import Checkpoint, Condition, InsuranceKind, LoanStatus, PermitStatus, TransportMethod


class LoanStatusChangeSchema(Schema):
    from_status = fields.String(dump_only=True, allow_none=True)
    to_status = fields.String(dump_only=True)
    note = fields.String(dump_only=True)
    by_id = fields.Integer(dump_only=True, allow_none=True)
    at = UtcDateTime(dump_only=True)


class LoanSchema(Schema):
    id = fields.Integer(dump_only=True)
    plan_id = fields.Integer(dump_only=True)
    status = fields.String(dump_only=True, metadata={"enum": list(LoanStatus.keys())})
    lender_institution_id = fields.Integer(dump_only=True)
    borrower_institution_id = fields.Integer(dump_only=True)
    lender_reference = fields.String(dump_only=True)
    borrower_reference = fields.String(dump_only=True)
    status_history = fields.List(fields.Nested(LoanStatusChangeSchema), dump_only=True, attribute="history")
    objects = fields.List(fields.Nested(LoanObjectSchema), dump_only=True)
    next_steps = fields.List(fields.String(), dump_only=True)
    damaged_on_arrival = fields.List(fields.Integer(), dump_only=True, metadata={"description": "object ids"})


class TransitionSchema(Schema):
    status = fields.String(required=True, validate=one_of(LoanStatus.keys()))
    note = Text(2000, multiline=True, load_default="")


class ConditionPhotoSchema(Schema):
    id = fields.Integer(dump_only=True)
    attachment_id = fields.Integer(dump_only=True)
    thumbnail_id = fields.Integer(dump_only=True)


class ConditionCheckSchema(Schema):
    id = fields.Integer(dump_only=True)
    object_id = Id(required=True, attribute="loan_object_id", data_key="object_id")
    checkpoint = fields.String(required=True, validate=one_of(Checkpoint.keys()))
    condition = fields.String(required=True, validate=one_of(Condition.keys()))
    checked_on = Day(load_default=None)
    method = Text(200, load_default="")
    notes = Multilingual(5000, multiline=True, load_default=dict)
    checker_institution_id = Id(load_default=None)
    checker_id = fields.Integer(dump_only=True)
    countersigned_by_id = fields.Integer(dump_only=True, allow_none=True)
    disputed = fields.Boolean(dump_only=True)
    dispute_note = fields.String(dump_only=True)
    photos = fields.List(fields.Nested(ConditionPhotoSchema), dump_only=True)


class ConditionCheckFormSchema(Schema):
    """The multipart form's fields (the photos come as files in `photos`)."""

    object_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))
    checkpoint = fields.String(required=True, validate=one_of(Checkpoint.keys()))
    condition = fields.String(required=True, validate=one_of(Condition.keys()))
    checked_on = Day(load_default=None)
    method = Text(200, load_default="")
    notes = Text(5000, multiline=True, load_default="")
    checker_institution_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1))


class CountersignSchema(Schema):
    agree = fields.Boolean(required=True)
    note = Text(2000, multiline=True, load_default="")


class InsuredSumSchema(Schema):
    amount = Amount(required=True)
    currency = fields.String(required=True, validate=one_of(CURRENCIES))


class InsuranceSchema(Schema):
    kind = fields.String(required=True, validate=one_of(InsuranceKind.keys()))
    insurer = Text(300, load_default="")
    policy_number = Text(120, load_default="")
    cover_from = Day(required=True)
    cover_to = Day(required=True)
    nail_to_nail = fields.Boolean(load_default=True)
    sums = fields.List(fields.Nested(InsuredSumSchema), load_default=list, validate=validate.Length(max=20))
    excess_amount = Amount(allow_none=True, load_default=None)
    excess_currency = fields.String(allow_none=True, load_default=None, validate=one_of(CURRENCIES))
    certificate_id = fields.Integer(dump_only=True, allow_none=True)
    covers = fields.Boolean(dump_only=True, metadata={"description": "period and sums cover every object"})


class CrateSchema(Schema):
    length = Amount(required=True)
    width = Amount(required=True)
    height = Amount(required=True)
    unit = fields.String(load_default="cm", validate=one_of(("cm", "m", "in")))


class TransportLegSchema(Schema):
    id = fields.Integer(dump_only=True)
    uid = fields.String(dump_only=True)
    method = fields.String(required=True, validate=one_of(TransportMethod.keys()))
    shipper = Text(300, load_default="")
    crate_count = Count(0, 10_000, load_default=None)
    crates = fields.List(fields.Nested(CrateSchema), load_default=list, validate=validate.Length(max=200))
    tracking_numbers = fields.List(Text(120), load_default=list, validate=validate.Length(max=50))
    departure_place = Text(300, load_default="")
    departs_at = LocalTime(load_default=None, load_only=True)
    departure_timezone = fields.String(load_default="UTC", validate=known_zone)
    arrival_place = Text(300, load_default="")
    arrives_at = LocalTime(load_default=None, load_only=True)
    arrival_timezone = fields.String(load_default="UTC", validate=known_zone)
    departs_at_utc = UtcDateTime(dump_only=True, attribute="departs_at")
    arrives_at_utc = UtcDateTime(dump_only=True, attribute="arrives_at")
    crosses_border = fields.Boolean(load_default=False)
    is_return = fields.Boolean(load_default=False)


class PermitSchema(Schema):
    id = fields.Integer(dump_only=True)
    uid = fields.String(dump_only=True)
    country = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{2}$"))
    status = fields.String(load_default="applied", validate=one_of(PermitStatus.keys()))
    authority = Text(300, load_default="")
    document_name = Text(300, load_default="")
    number = Text(120, load_default="")
    applied_on = Day(allow_none=True, load_default=None)
    issued_on = Day(allow_none=True, load_default=None)
    return_by = Day(allow_none=True, load_default=None)
