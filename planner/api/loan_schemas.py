"""The JSON shapes of loans (issue #28): the loan record, its history, condition checks, insurance,
transport legs and permits. Kept beside `schemas.py` (whose field types they use) so the loan
resources stay in one place."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

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
from planner.loans.importing import DIMENSION_UNITS
from planner.plans.terms import CURRENCIES
from planner.vocabulary import Checkpoint, Condition, InsuranceKind, LoanStatus, PermitStatus, TransportMethod


class LoanStatusChangeSchema(Schema):
    from_status = fields.String(dump_only=True, allow_none=True)
    to_status = fields.String(dump_only=True)
    note = fields.String(dump_only=True)
    by_id = fields.Integer(dump_only=True, allow_none=True)
    at = UtcDateTime(dump_only=True)


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


class PermitChangeSchema(Schema):
    """A permit changed (typically granted: its number and issue date, as the page's "granted"
    form); only the fields sent change."""

    status = fields.String(validate=one_of(PermitStatus.keys()))
    authority = Text(300)
    document_name = Text(300)
    number = Text(120)
    applied_on = Day(allow_none=True)
    issued_on = Day(allow_none=True)
    return_by = Day(allow_none=True)


class CourierSchema(Schema):
    id = fields.Integer(dump_only=True)
    uid = fields.String(dump_only=True)
    participant_id = Id(required=True, metadata={"description": "a participant of the loan's plan"})
    participant_name = fields.String(dump_only=True, attribute="participant.name")
    transport_leg_id = Id(allow_none=True, load_default=None, metadata={"description": "a leg of this loan"})
    travels_out_on = Day(allow_none=True, load_default=None)
    travels_back_on = Day(allow_none=True, load_default=None)
    notes = Text(2000, multiline=True, load_default="")


class InsuredSumShownSchema(Schema):
    amount = fields.Decimal(as_string=True, dump_only=True)
    currency = fields.String(dump_only=True)


class InsuranceShownSchema(InsuranceSchema):
    """The insurance as the loan shows it: sums per currency (never added up across currencies)."""

    id = fields.Integer(dump_only=True)
    sums = fields.List(fields.Nested(InsuredSumShownSchema), dump_only=True)


class ObjectImageSchema(Schema):
    id = fields.Integer(dump_only=True)
    position = fields.Integer(dump_only=True)
    attachment_id = fields.Integer(dump_only=True)
    thumbnail_id = fields.Integer(dump_only=True, allow_none=True)


def _size_in_range(value) -> None:
    if not 0 <= value <= 99999:
        raise ValidationError(str(_l("Give a number from %(low)s to %(high)s.", low=0, high=99999)))


def Size(**kwargs) -> fields.Decimal:
    """A dimension, as the page's form takes it (0 to 99 999, two decimals kept). A function, not
    validate.Range: OpenAPI would show a decimal string's bounds as strings."""
    return Amount(validate=_size_in_range, **kwargs)


class ObjectDetailsSchema(Schema):
    """The registrar's description of an object (not approvable content): only the fields sent
    change; a text per language replaces that text's every language."""

    height = Size(allow_none=True)
    width = Size(allow_none=True)
    depth = Size(allow_none=True)
    dimension_unit = fields.String(allow_none=True, validate=one_of(DIMENSION_UNITS))
    materials = Multilingual(300)
    dating = Multilingual(120)
    credit_line = Multilingual(500)

    @validates_schema
    def some_field(self, data, **kwargs):
        if not data:
            raise ValidationError(str(_l("Send at least one field to change.")), "_schema")


class LoanObjectDetailSchema(LoanObjectSchema):
    """A loan's object with its description and pictures."""

    height = fields.Decimal(places=2, as_string=True, dump_only=True, allow_none=True)
    width = fields.Decimal(places=2, as_string=True, dump_only=True, allow_none=True)
    depth = fields.Decimal(places=2, as_string=True, dump_only=True, allow_none=True)
    dimension_unit = fields.String(dump_only=True, allow_none=True)
    materials = fields.Dict(dump_only=True)
    dating = fields.Dict(dump_only=True)
    credit_line = fields.Dict(dump_only=True)
    images = fields.List(fields.Nested(ObjectImageSchema), dump_only=True)


class LoanSchema(Schema):
    id = fields.Integer(dump_only=True)
    plan_id = fields.Integer(dump_only=True)
    status = fields.String(dump_only=True, metadata={"enum": list(LoanStatus.keys())})
    lender_institution_id = fields.Integer(dump_only=True)
    borrower_institution_id = fields.Integer(dump_only=True)
    lender_reference = fields.String(dump_only=True)
    borrower_reference = fields.String(dump_only=True)
    loan_agreement_id = fields.Integer(dump_only=True, allow_none=True, metadata={"description": "attachment id"})
    status_history = fields.List(fields.Nested(LoanStatusChangeSchema), dump_only=True, attribute="history")
    objects = fields.List(fields.Nested(LoanObjectDetailSchema), dump_only=True)
    condition_checks = fields.List(fields.Nested(ConditionCheckSchema), dump_only=True)
    insurance = fields.Nested(InsuranceShownSchema, dump_only=True, allow_none=True)
    insurance_covers = fields.Boolean(dump_only=True, metadata={"description": "period and sums cover every object"})
    transport_legs = fields.List(fields.Nested(TransportLegSchema), dump_only=True)
    couriers = fields.List(fields.Nested(CourierSchema), dump_only=True)
    permits = fields.List(fields.Nested(PermitSchema), dump_only=True)
    next_steps = fields.List(fields.String(), dump_only=True)
    damaged_on_arrival = fields.List(fields.Integer(), dump_only=True, metadata={"description": "object ids"})


class LoanChangeSchema(Schema):
    """The loan's own fields: each side's reference (a curator sets their own side's; an
    administrator either), and the borrower (the lender's side, while requested)."""

    lender_reference = Text(64)
    borrower_reference = Text(64)
    borrower_institution_id = Id(metadata={"description": "another party of the plan"})

    @validates_schema
    def some_field(self, data, **kwargs):
        if not data:
            raise ValidationError(str(_l("Send at least one field to change.")), "_schema")
