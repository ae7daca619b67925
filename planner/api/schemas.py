"""The API's schemas (marshmallow): they validate what callers send, shape what they receive,
and are the source of the OpenAPI description. Messages a caller may see are translated."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from planner.agreements.models import AGREEMENT_STATUSES, DEFAULT_TERMS, NOTICE_UNITS
from planner.documents.languages import MAX_DOCUMENT_LANGUAGES, UNKNOWN_LANGUAGES, parse_languages
from planner.forms import text_problem
from planner.i18n import LANGUAGES
from planner.maps.models import COORDINATE_PRECISIONS, SITE_KINDS
from planner.mou.vocabulary import ACTIVITY_KINDS
from planner.plans.events import EVENT_KINDS, EVENT_STATUSES
from planner.plans.forms import AMOUNT_ERRORS
from planner.plans.models import COMMENT_LIMIT, COST_CATEGORIES, PLAN_STATUSES, PLAN_TERMS
from planner.plans.recurrence import FREQUENCIES
from planner.plans.terms import CURRENCIES, amount_error
from planner.routing import MAX_ID
from planner.timezones import is_known_zone
from planner.vocabulary import ResponsibleSide, TaskAnchor

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
UNKNOWN_ZONE = _l("Unknown time zone: use a name such as Asia/Baku or Europe/Istanbul.")
ONE_OF = _l("Must be one of: {choices}.")
ORDER = _l("The end date is before the start date.")


def known_zone(name: str) -> None:
    """A canonical IANA zone (planner.timezones), for every zone a caller sends."""
    if not is_known_zone(name):
        raise ValidationError(str(UNKNOWN_ZONE))


def one_of(values) -> validate.OneOf:
    return validate.OneOf(values, error=ONE_OF)


class Text(fields.String):
    """A string both databases can store: at most `max_length` characters, no NUL, no lone
    surrogate (JSON can encode both; PostgreSQL and UTF-8 cannot), no line break unless
    `multiline` (the same rule as the pages' forms: `planner.forms.text_problem`)."""

    def __init__(self, max_length: int, *, multiline: bool = False, **kwargs):
        self.max_length = max_length
        self.multiline = multiline
        kwargs.setdefault("metadata", {})["maxLength"] = max_length
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > self.max_length:
            raise ValidationError(str(_l("At most %(count)s characters.", count=self.max_length)))
        problem = text_problem(text, single_line=not self.multiline)
        if problem:
            raise ValidationError(str(problem))
        return text


class Multilingual(fields.Dict):
    """One text per language ({"en": ..., "ru": ...}); blank values are dropped."""

    def __init__(self, max_length: int, *, english: bool = False, multiline: bool = False, **kwargs):
        self.english = english
        kwargs.setdefault("metadata", {}).setdefault("description", "One text per language: " + ", ".join(LANGUAGES))
        values = Text(max_length, multiline=multiline)
        super().__init__(keys=fields.String(validate=one_of(LANGUAGES)), values=values, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        texts = {
            language: text.strip()
            for language, text in super()._deserialize(value, attr, data, **kwargs).items()
            if text.strip()
        }
        if self.english and "en" not in texts:
            raise ValidationError(str(_l("Give the English text.")))
        return texts


def _single(multi: str) -> dict:
    """The OpenAPI description of a text's single-value field (older clients)."""
    return {
        "description": f"the English text, else the only one (read); written alone, it becomes the English "
        f"value of `{multi}`; when `{multi}` is sent too, `{multi}` decides and this is derived from it"
    }


def _per_language(single: str) -> dict:
    return {
        "description": "One text per language: " + ", ".join(LANGUAGES) + f" (`{single}` keeps the English "
        "or only one); sent, it replaces every language's value"
    }


def Id(*, in_query: bool = False, **kwargs) -> fields.Integer:
    """A row's id: a JSON integer in bodies; query strings carry it as text."""
    return fields.Integer(strict=not in_query, validate=validate.Range(1, MAX_ID), **kwargs)


def Day(**kwargs) -> fields.Date:
    return fields.Date(
        validate=validate.Range(FIRST_DAY, LAST_DAY, error=_l("Give a date between 1900 and 2199.")), **kwargs
    )


def Count(low: int, high: int, **kwargs) -> fields.Integer:
    return fields.Integer(
        strict=True, validate=validate.Range(low, high, error=_l("Give a whole number from {min} to {max}.")), **kwargs
    )


class UtcDateTime(fields.DateTime):
    """A stored (naive UTC) instant, answered with its offset as RFC 3339 wants: 2026-12-03T14:04:23+00:00."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def LocalTime(**kwargs) -> fields.NaiveDateTime:
    """A wall-clock time in the event's zone, without an offset: 2027-03-01T10:00:00."""
    return fields.NaiveDateTime(
        format="iso",
        metadata={
            "format": "local-date-time",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$",
            "description": "wall-clock time in `timezone`, without an offset",
        },
        **kwargs,
    )


class WebAddress(fields.String):
    """An http(s) address, or empty."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if text:
            validate.URL(schemes={"http", "https"}, error=str(_l("Give a full web address starting with https://.")))(
                text
            )
            if len(text) > 500:
                raise ValidationError(str(_l("At most %(count)s characters.", count=500)))
        return text


def Amount(**kwargs) -> fields.Decimal:
    """Money as a decimal string in answers ("1250.50"); a number or a string in requests."""
    return fields.Decimal(as_string=True, allow_nan=False, metadata={"type": ["string", "number"]}, **kwargs)


def _check_amount(errors: dict, name: str, amount, currency) -> None:
    if amount is not None and currency:
        code = amount_error(amount, currency)
        if code:
            errors[name] = [str(AMOUNT_ERRORS[code])]


def _check_order(first, last, field: str, message=ORDER) -> None:
    if first and last and last < first:
        raise ValidationError(str(message), field)


# --- errors and pages -------------------------------------------------------------------------


class ErrorBodySchema(Schema):
    status = fields.Integer(required=True)
    code = fields.String(required=True, metadata={"description": "the HTTP reason in snake_case"})
    message = fields.String(required=True, metadata={"description": "in the caller's language"})
    fields = fields.Dict(metadata={"description": "field -> messages (nested for nested fields)"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(1, 100))


class PeriodArgsSchema(PageArgsSchema):
    """`from` and `to` (inclusive days) bound the dates a list is about."""

    from_day = Day(data_key="from")
    to_day = Day(data_key="to")

    @validates_schema
    def days_in_order(self, data, **kwargs):
        _check_order(data.get("from_day"), data.get("to_day"), "to")


def page_schema(item: type[Schema]) -> type[Schema]:
    name = item.__name__.removesuffix("Schema")
    return type(
        f"{name}PageSchema",
        (Schema,),
        {
            "items": fields.List(fields.Nested(item), required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
            "pages": fields.Integer(required=True),
        },
    )


# --- institutions and sites -------------------------------------------------------------------


class InstitutionSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = Multilingual(300, english=True, required=True)
    short_name = Text(80, load_default="")
    country = fields.String(required=True, metadata={"description": "ISO 3166-1 alpha-2, e.g. AZ, KZ, UZ"})
    city = Text(120, load_default="")
    timezone = fields.String(required=True, metadata={"description": "IANA zone, e.g. Asia/Baku"})
    document_languages = fields.List(
        fields.String(validate=validate.Length(equal=2)),
        validate=validate.Length(max=MAX_DOCUMENT_LANGUAGES),
        load_default=list,
        metadata={"description": 'Languages its documents are signed in, ISO 639-1, in order, e.g. ["kk", "ru"]'},
    )

    @validates_schema
    def known_codes(self, data, **kwargs):
        from babel import Locale

        country = data.get("country")
        if country is not None and (
            country not in Locale("en").territories or not country.isalpha() or len(country) != 2
        ):
            raise ValidationError(str(_l("Unknown country code: use two letters such as AZ, KZ, UZ or TR.")), "country")
        if "timezone" in data and not is_known_zone(data["timezone"]):
            raise ValidationError(str(UNKNOWN_ZONE), "timezone")
        if "document_languages" in data:
            codes, unknown = parse_languages(data["document_languages"])
            if unknown or codes != data["document_languages"]:  # lower case, each once
                raise ValidationError(str(UNKNOWN_LANGUAGES), "document_languages")


class InstitutionFilterSchema(PageArgsSchema):
    country = fields.String(validate=validate.Length(equal=2))


class SiteSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = Multilingual(200, english=True, required=True)
    kind = fields.String(load_default="museum", validate=one_of(SITE_KINDS))
    latitude = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(-90, 90, error=_l("Latitude must be between -90 and 90.")),
    )
    longitude = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(-180, 180, error=_l("Longitude must be between -180 and 180.")),
    )
    precision = fields.String(load_default="surveyed", validate=one_of(COORDINATE_PRECISIONS))
    precision_note = Text(1000, multiline=True, metadata=_single("precision_notes"))
    precision_notes = Multilingual(1000, multiline=True, metadata=_per_language("precision_note"))
    address = Text(300, load_default="")
    city = Text(120, load_default="")
    description = Multilingual(2000, multiline=True, load_default=dict)
    institution_id = Id(allow_none=True, load_default=None)


class SiteFilterSchema(PageArgsSchema):
    institution = Id(in_query=True)
    kind = fields.String(validate=one_of(SITE_KINDS))


# --- agreements -------------------------------------------------------------------------------


class PartySchema(Schema):
    institution_id = Id(required=True)
    position = fields.Integer(dump_only=True)
    signatory_name = Multilingual(200, load_default=dict)
    signatory_title = Multilingual(200, load_default=dict)


class ArticleVersionSchema(Schema):
    language = fields.String()
    heading = fields.String()
    text = fields.String()
    activities = fields.List(fields.String())


class ArticleSchema(Schema):
    number = fields.Integer()
    activities = fields.List(fields.String(), metadata={"description": "the activity vocabulary of DESIGN.md"})
    versions = fields.List(fields.Nested(ArticleVersionSchema))


class ProtocolSchema(Schema):
    number = fields.Integer(dump_only=True)
    signed_on = Day(allow_none=True, load_default=None)
    text = Text(
        20_000, multiline=True, required=True, validate=validate.Length(min=1, error=_l("The protocol needs its text."))
    )


class NoticeSchema(Schema):
    """A party's written notice of termination: the agreement then stops renewing."""

    given_on = Day(required=True)
    given_by_institution_id = Id(required=True)


class LifecycleSchema(Schema):
    """Computed from the term on the day of the request, never stored."""

    status = fields.String()
    period_number = fields.Integer(allow_none=True)
    period_start = fields.Date(allow_none=True)
    period_end = fields.Date(allow_none=True)
    notice_deadline = fields.Date(allow_none=True)
    renewed = fields.Boolean()
    next_renewal = fields.Date(allow_none=True)
    days_to_notice_deadline = fields.Integer(allow_none=True)
    days_to_period_end = fields.Integer(allow_none=True)


class AgreementSchema(Schema):
    """An agreement as PATCH changes it and every answer shows it."""

    id = fields.Integer(dump_only=True)
    version = fields.Integer(attribute="version_id", dump_only=True)
    title = Multilingual(300, english=True)
    kind = fields.String(dump_only=True)
    status = fields.String(validate=one_of(AGREEMENT_STATUSES))
    effective_status = fields.String(attribute="effective_status_today", dump_only=True)
    signed_on = Day(allow_none=True)
    term_years = Count(1, 100, allow_none=True)
    renewal_years = Count(1, 100, allow_none=True)
    notice_amount = Count(1, 1000, allow_none=True)
    notice_unit = fields.String(allow_none=True, validate=one_of(NOTICE_UNITS))
    default_terms = fields.String(validate=one_of(DEFAULT_TERMS))
    project_agreement_required = fields.Boolean()
    languages = fields.List(fields.String(), dump_only=True)
    parties = fields.List(fields.Nested(PartySchema))
    lifecycle = fields.Nested(LifecycleSchema, attribute="lifecycle_today", dump_only=True)
    notice_given_on = fields.Date(allow_none=True, dump_only=True)
    terminated_on = fields.Date(allow_none=True, dump_only=True)

    @validates_schema
    def distinct_parties(self, data, **kwargs):
        ids = [party["institution_id"] for party in data.get("parties") or []]
        if len(ids) != len(set(ids)):
            raise ValidationError(str(_l("Each institution can be a party only once.")), "parties")


class PartyAmendmentApprovalSchema(Schema):
    institution_id = fields.Integer(dump_only=True)
    user_id = fields.Integer(dump_only=True, allow_none=True)
    approved_at = UtcDateTime(dump_only=True, format="iso")


class PartyAmendmentSchema(Schema):
    """A proposed change of the parties of an agreement in force: it takes effect only when
    every institution in `required` has approved it (`approvals`), or an administrator applies it."""

    id = fields.Integer(dump_only=True)
    agreement_id = fields.Integer(dump_only=True)
    status = fields.String(
        dump_only=True, metadata={"description": "pending, applied (now the parties), rejected, or withdrawn"}
    )
    parties = fields.List(fields.Nested(PartySchema), dump_only=True, metadata={"description": "the parties proposed"})
    added = fields.List(fields.Integer(), dump_only=True, metadata={"description": "institutions that join"})
    removed = fields.List(fields.Integer(), dump_only=True, metadata={"description": "institutions that leave"})
    required = fields.List(
        fields.Integer(),
        attribute="required_list",
        dump_only=True,
        metadata={"description": "whose approval it needs: every current and every joining party"},
    )
    awaiting = fields.List(fields.Integer(), attribute="awaiting_list", dump_only=True)
    approvals = fields.List(fields.Nested(PartyAmendmentApprovalSchema), dump_only=True)
    proposed_by_id = fields.Integer(dump_only=True, allow_none=True)
    created_at = UtcDateTime(dump_only=True, format="iso")
    decided_by_id = fields.Integer(dump_only=True, allow_none=True)
    decided_at = UtcDateTime(dump_only=True, allow_none=True, format="iso")


class AgreementDetailSchema(AgreementSchema):
    articles = fields.List(fields.Nested(ArticleSchema), dump_only=True)
    protocols = fields.List(fields.Nested(ProtocolSchema), dump_only=True)
    discrepancies = fields.List(fields.Dict(), dump_only=True)


class AgreementTextSchema(Schema):
    text = Text(
        5_000_000,
        multiline=True,
        required=True,
        metadata={"description": "the memorandum's text, every language version"},
    )


class AgreementFilterSchema(PeriodArgsSchema):
    """`from`/`to` bound the signing date."""

    institution = Id(in_query=True)
    status = fields.String(validate=one_of(AGREEMENT_STATUSES))


class ReadingSchema(Schema):
    """What the MoU reader found (the JSON of `flask mou parse --json`)."""

    languages = fields.List(fields.String(), required=True)
    versions = fields.Dict(required=True)
    term = fields.Dict(allow_none=True)
    default_terms = fields.String(allow_none=True)
    cost_rules = fields.List(fields.Dict())
    project_agreement_required = fields.Boolean()
    signed = fields.Dict()
    parties = fields.Dict()
    instrument = fields.Dict(allow_none=True)
    discrepancies = fields.List(fields.Dict())
    warnings = fields.List(fields.Dict())
    signatories = fields.Dict()
    signatory_titles = fields.Dict(
        metadata={"description": "per language version, each signatory's title as signed (same order as signatories)"}
    )
    titles = fields.Dict(metadata={"description": "a short title per language version: the kind and the parties"})
    ocr = fields.Dict(allow_none=True, metadata={"description": "a recognised scan: pages and mean confidence"})


class ScanErrorSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)


class ScanJobSchema(Schema):
    """A scan's recognition, run outside the request (POST /mou/parse with a scan answers 202)."""

    status = fields.String(
        required=True,
        validate=validate.OneOf(["queued", "running", "done", "failed"]),
        metadata={"description": "queued (waiting for a free place), running, done or failed"},
    )
    page = fields.Integer(metadata={"description": "the page being recognised, 1 to `pages`"})
    pages = fields.Integer(allow_none=True, metadata={"description": "the scan's pages, once counted"})
    result = fields.Nested(ReadingSchema, metadata={"description": "the reader's JSON, once done"})
    error = fields.Nested(
        ScanErrorSchema, metadata={"description": "why it failed: a code and a message in your language"}
    )


class MouParseSchema(Schema):
    """The memorandum as JSON text; or send the file as multipart/form-data, field `file`."""

    text = Text(
        5_000_000,
        multiline=True,
        load_default=None,
        metadata={"description": "the memorandum's text, every language version"},
    )


# --- plans and their parts --------------------------------------------------------------------


def _stop_at_a_site(name: str, first: str, last: str, position: str) -> type[Schema]:
    """A plan's visit to a site (a venue, a route stop): where, in what order, from when to when."""

    def in_order(self, data, **kwargs):
        _check_order(data.get(first), data.get(last), last)

    return type(
        name,
        (Schema,),
        {
            "id": fields.Integer(dump_only=True),
            "site_id": Id(required=True),
            "position": Count(1, 1000, metadata={"description": position}),
            first: Day(allow_none=True, load_default=None),
            last: Day(allow_none=True, load_default=None),
            "in_order": validates_schema(in_order),
        },
    )


VenueSchema = _stop_at_a_site("VenueSchema", "opens_on", "closes_on", "1 = first; the others move along")
RouteStopSchema = _stop_at_a_site("RouteStopSchema", "arrival", "departure", "1 = first stop; the others move along")


class CostItemSchema(Schema):
    id = fields.Integer(dump_only=True)
    payer_institution_id = Id(required=True)
    incurred_by_institution_id = Id(allow_none=True, load_default=None)
    category = fields.String(load_default="other", validate=one_of(COST_CATEGORIES))
    description = Text(300, metadata=_single("descriptions"))
    descriptions = Multilingual(300, metadata=_per_language("description"))
    amount = Amount(required=True)
    currency = fields.String(required=True, validate=one_of(CURRENCIES))

    @validates_schema
    def amount_fits_currency(self, data, **kwargs):
        errors: dict = {}
        _check_amount(errors, "amount", data.get("amount"), data.get("currency"))
        if errors:
            raise ValidationError(errors)


class LoanObjectSchema(Schema):
    id = fields.Integer(dump_only=True)
    lender_institution_id = Id(required=True)
    inventory_number = Text(64, required=True, validate=validate.Length(min=1))
    title = Text(300, validate=validate.Length(min=1), metadata=_single("titles"))
    titles = Multilingual(300, metadata=_per_language("title"))
    loan_from = Day(allow_none=True, load_default=None)
    loan_to = Day(allow_none=True, load_default=None)
    insurance_value = Amount(allow_none=True, load_default=None)
    insurance_currency = fields.String(allow_none=True, load_default=None, validate=one_of(CURRENCIES))
    condition_departure = Text(5000, multiline=True, metadata=_single("conditions_departure"))
    conditions_departure = Multilingual(5000, multiline=True, metadata=_per_language("condition_departure"))
    condition_return = Text(5000, multiline=True, metadata=_single("conditions_return"))
    conditions_return = Multilingual(5000, multiline=True, metadata=_per_language("condition_return"))

    @validates_schema
    def consistent(self, data, partial=False, **kwargs):
        given = "titles" if "titles" in data else "title"
        if not data.get(given) and (given == "titles" or not partial):
            raise ValidationError(str(_l("Give the title.")), given)
        _check_order(data.get("loan_from"), data.get("loan_to"), "loan_to")
        errors: dict = {}
        _check_amount(errors, "insurance_value", data.get("insurance_value"), data.get("insurance_currency") or "")
        if data.get("insurance_value") is not None and not data.get("insurance_currency"):
            errors["insurance_currency"] = [str(_l("Give the currency."))]
        if errors:
            raise ValidationError(errors)


class ParticipantSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = Text(200, required=True, validate=validate.Length(min=1))
    role = Text(120, metadata=_single("roles"))
    roles = Multilingual(120, metadata=_per_language("role"))
    home_institution_id = Id(required=True)
    host_institution_id = Id(allow_none=True, load_default=None)
    from_date = Day(allow_none=True, load_default=None)
    to_date = Day(allow_none=True, load_default=None)

    @validates_schema
    def consistent(self, data, **kwargs):
        _check_order(data.get("from_date"), data.get("to_date"), "to_date")
        if data.get("host_institution_id") and data.get("host_institution_id") == data.get("home_institution_id"):
            raise ValidationError(str(_l("The host must differ from the home institution.")), "host_institution_id")


class ApprovalSchema(Schema):
    id = fields.Integer(dump_only=True)
    institution_id = fields.Integer(dump_only=True)
    user_id = fields.Integer(dump_only=True)
    approved_at = UtcDateTime(dump_only=True, format="iso")
    withdrawn_at = UtcDateTime(dump_only=True, allow_none=True, format="iso")
    fingerprint = fields.String(
        required=True,
        validate=validate.Length(equal=64),
        metadata={"description": "the plan's `fingerprint` as you read it"},
    )


class SignedCopySchema(Schema):
    """A party's scan of its signed copy; `current` is false once the plan's content changed
    after it was signed ("signed an earlier version")."""

    id = fields.Integer(dump_only=True)
    institution_id = fields.Integer(dump_only=True)
    sha256 = fields.String(dump_only=True)
    content_type = fields.String(attribute="attachment.content_type", dump_only=True)
    size = fields.Integer(attribute="attachment.size", dump_only=True)
    name = fields.String(attribute="attachment.original_name", dump_only=True)
    uploaded_by = fields.Integer(attribute="uploaded_by_id", dump_only=True, allow_none=True)
    uploaded_at = UtcDateTime(dump_only=True, format="iso")
    fingerprint = fields.String(dump_only=True, metadata={"description": "the plan version it signs"})
    current = fields.Boolean(dump_only=True, metadata={"description": "it signs the plan's current content"})
    download_url = fields.Function(
        lambda copy: url_for("Plans.download_signed_copy", plan_id=copy.plan_id, copy_id=copy.id),
        dump_only=True,
        metadata={"type": "string"},
    )


class CommentSchema(Schema):
    """A message in a plan's discussion, tied to the version it was written on. Plain text."""

    id = fields.Integer(dump_only=True)
    kind = fields.String(dump_only=True, metadata={"description": "`comment` or `change_request`"})
    text = Text(COMMENT_LIMIT, multiline=True, required=True)
    user_id = fields.Integer(dump_only=True)
    author = fields.Function(lambda c: c.user.display_name or c.user.username, dump_only=True)
    institution_id = fields.Integer(dump_only=True, allow_none=True)
    fingerprint = fields.String(dump_only=True, metadata={"description": "the plan's fingerprint when written"})
    plan_version = fields.Integer(dump_only=True, metadata={"description": "the plan's version when written"})
    created_at = UtcDateTime(dump_only=True, format="iso")


class ChangeRequestSchema(Schema):
    """A partner's curator asks for changes of a proposed plan; the comment says which."""

    comment = Text(COMMENT_LIMIT, multiline=True, required=True, load_only=True)
    id = fields.Integer(dump_only=True)
    text = fields.String(dump_only=True)
    fingerprint = fields.String(dump_only=True)
    plan_version = fields.Integer(dump_only=True)
    created_at = UtcDateTime(dump_only=True, format="iso")


class PlanSchema(Schema):
    """A plan as POST creates it, PATCH changes it and every answer shows it."""

    id = fields.Integer(dump_only=True)
    version = fields.Integer(attribute="version_id", dump_only=True)
    agreement_id = Id(required=True)
    kind = fields.String(required=True, validate=one_of(ACTIVITY_KINDS))
    title = Multilingual(300, english=True, required=True)
    description = Multilingual(5000, multiline=True, load_default=dict)
    status = fields.String(
        validate=one_of(PLAN_STATUSES),
        metadata={
            "description": "a new plan is a `draft` (its lead institution's alone) until `POST /plans/{id}/proposal`; "
            "then set by PATCH along the allowed steps; `approved` only by the parties' approvals, "
            "`changes_requested` only by `POST /plans/{id}/change-requests`"
        },
    )
    lead_institution_id = Id(allow_none=True, load_default=None)
    partner_ids = fields.List(Id(), load_default=list)
    articles = fields.List(
        Count(1, 1000),
        attribute="article_numbers",
        load_default=list,
        metadata={"description": "article numbers it implements"},
    )
    terms = fields.String(load_default="free_of_charge", validate=one_of(PLAN_TERMS))
    project_agreement_ref = Text(120, load_default="")
    project_agreement_date = Day(allow_none=True, load_default=None)
    online_url = WebAddress(load_default="")
    fingerprint = fields.String(
        attribute="current_fingerprint", dump_only=True, metadata={"description": "what an approval approves"}
    )
    venues = fields.List(fields.Nested(VenueSchema), dump_only=True)
    cost_items = fields.List(fields.Nested(CostItemSchema), dump_only=True)
    loan_objects = fields.List(fields.Nested(LoanObjectSchema), dump_only=True)
    participants = fields.List(fields.Nested(ParticipantSchema), dump_only=True)
    route_stops = fields.List(fields.Nested(RouteStopSchema), dump_only=True)
    approvals = fields.List(fields.Nested(ApprovalSchema), dump_only=True)
    signed_on = fields.Date(
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "the latest upload among every party's signed copy of the current content; null until then"
        },
    )
    signed_copies = fields.List(fields.Nested(SignedCopySchema), dump_only=True)

    @validates_schema
    def lead_is_not_a_partner(self, data, **kwargs):
        if data.get("lead_institution_id") and data.get("lead_institution_id") in (data.get("partner_ids") or []):
            raise ValidationError(str(_l("The lead institution cannot also be a partner.")), "partner_ids")


class PlanFilterSchema(PeriodArgsSchema):
    """`from`/`to`: plans with an event in those days."""

    agreement = Id(in_query=True)
    institution = Id(in_query=True, metadata={"description": "lead or partner"})
    kind = fields.String(validate=one_of(ACTIVITY_KINDS))
    status = fields.String(validate=one_of(PLAN_STATUSES))


# --- events -----------------------------------------------------------------------------------


class RecurrenceSchema(Schema):
    frequency = fields.String(required=True, validate=one_of(FREQUENCIES))
    interval = Count(1, 365, load_default=1)
    until = Day(allow_none=True, load_default=None)
    count = Count(1, 500, allow_none=True, load_default=None)
    excluded_dates = fields.List(Day(), load_default=list, validate=validate.Length(max=500))


class EventSchema(Schema):
    """Timed events give local wall-clock times in their zone; all-day events an inclusive
    range of days. Answers add the UTC instants, the UID and the SEQUENCE of the feeds."""

    id = fields.Integer(dump_only=True)
    version = fields.Integer(dump_only=True)
    plan_id = Id(required=True)
    uid = fields.String(dump_only=True)
    sequence = fields.Integer(dump_only=True)
    title = Text(200, validate=validate.Length(min=1), metadata=_single("titles"))
    titles = Multilingual(200, metadata=_per_language("title"))
    description = Text(5000, multiline=True, metadata=_single("descriptions"))
    descriptions = Multilingual(5000, multiline=True, metadata=_per_language("description"))
    kind = fields.String(validate=one_of(EVENT_KINDS))
    status = fields.String(validate=one_of(EVENT_STATUSES))
    site_id = Id(allow_none=True)
    online_url = WebAddress()
    all_day = fields.Boolean()
    timezone = fields.String(validate=known_zone)
    starts_local = LocalTime(allow_none=True)
    ends_local = LocalTime(allow_none=True)
    start_date = Day(allow_none=True)
    last_date = Day(allow_none=True)
    starts_at = fields.AwareDateTime(dump_only=True, allow_none=True, format="iso")
    ends_at = fields.AwareDateTime(dump_only=True, allow_none=True, format="iso")
    recurrence = fields.Nested(RecurrenceSchema, allow_none=True)
    moves_occurrence_of = fields.Integer(dump_only=True, allow_none=True)
    recurrence_id = fields.String(dump_only=True, allow_none=True)
    warnings = fields.List(
        fields.String(),
        dump_only=True,
        metadata={"description": "After a change: what the rules warn of without refusing (a venue booked twice)"},
    )

    @validates_schema
    def titled(self, data, partial=False, **kwargs):
        """A title in some language: `titles`, or `title` (English) from an older client."""
        given = "titles" if "titles" in data else "title"
        if not data.get(given) and (given == "titles" or not partial):
            raise ValidationError(str(_l("Give the title.")), given)


class EventFilterSchema(PeriodArgsSchema):
    """`from`/`to`: events with an occurrence in those days."""

    plan = Id(in_query=True)
    agreement = Id(in_query=True)
    institution = Id(in_query=True, metadata={"description": "a party of the event's agreement"})
    kind = fields.String(validate=one_of(EVENT_KINDS))
    status = fields.String(validate=one_of(EVENT_STATUSES))


# --- tasks (issue #29) -------------------------------------------------------------------------


class OffsetSchema(Schema):
    """How far from its anchor a task is due: "3 months before"."""

    amount = Count(0, 3660, required=True)
    unit = fields.String(validate=one_of(("days", "weeks", "months")), required=True)
    direction = fields.String(validate=one_of(("before", "after")), required=True)


class ProofSchema(Schema):
    """What marking the task done needs: a file of a kind (`attachment`), or a loan step reached."""

    kind = fields.String(validate=one_of(("attachment", "loan_step")), required=True)
    value = fields.String(required=True, metadata={"description": "a document kind, or a loan status"})


class TaskSchema(Schema):
    """A task of a plan's checklist. `due_on` follows `anchor` and `offset` unless `pinned`;
    sending `due_on` pins it. `state`: open, done (by whom and when: `done_at`, `done_by`), or
    not_applicable; a task whose proof is a file is marked done on its page, with the file."""

    id = fields.Integer(dump_only=True)
    plan_id = fields.Integer(dump_only=True)
    title = Multilingual(300)
    description = Multilingual(2000, multiline=True)
    anchor = fields.String(validate=one_of(TaskAnchor.keys()), allow_none=True)
    offset = fields.Nested(OffsetSchema)
    due_on = Day(allow_none=True)
    pinned = fields.Boolean()
    responsible = fields.String(validate=one_of(ResponsibleSide.keys()))
    proof = fields.Nested(ProofSchema, allow_none=True)
    state = fields.String(validate=one_of(("open", "done", "not_applicable")))
    done_at = UtcDateTime(dump_only=True, allow_none=True)
    done_by = fields.Integer(dump_only=True, allow_none=True)
    proof_file = fields.Boolean(dump_only=True, metadata={"description": "whether a proof file is stored"})


class TaskTemplateSchema(Schema):
    """A task of a plan kind's template (administrators write them)."""

    id = fields.Integer(dump_only=True)
    plan_kind = fields.String(validate=one_of(ACTIVITY_KINDS), required=True)
    position = Count(1, 9999)
    title = Multilingual(300, required=True)
    description = Multilingual(2000, multiline=True, load_default=dict)
    anchor = fields.String(validate=one_of(TaskAnchor.keys()), required=True)
    offset = fields.Nested(OffsetSchema, required=True)
    responsible = fields.String(validate=one_of(ResponsibleSide.keys()), load_default="every_party")
    proof = fields.Nested(ProofSchema, allow_none=True, load_default=None)
    permit_lead_time = fields.Boolean(
        load_default=False, metadata={"description": "the lender's country's export-permit lead time decides"}
    )
    active = fields.Boolean(load_default=True)


class TaskTemplateFilterSchema(PageArgsSchema):
    plan_kind = fields.String(validate=one_of(ACTIVITY_KINDS))
