"""The vocabularies stored as keys in the database (activities, statuses, terms, kinds, units,
languages) and their translated labels: each vocabulary an enum whose members know their label."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from planner.mou.vocabulary import ACTIVITY_KINDS, NOTICE_UNITS

ACTIVITY_LABELS = {
    "exhibition": _l("Exhibition"),
    "webinar": _l("Webinar or online conference"),
    "seminar": _l("Seminar"),
    "conference": _l("Conference or academic forum"),
    "staff_exchange": _l("Exchange of specialists"),
    "heritage_route": _l("Heritage route or study trip"),
    "working_group": _l("Working group"),
    "research": _l("Research"),
    "conservation": _l("Restoration and conservation"),
    "training": _l("Training"),
    "publication_exchange": _l("Exchange of publications"),
    "festival": _l("Festival"),
    "film": _l("Film production"),
    "photography": _l("Photography"),
    "crafts": _l("Crafts"),
    "information_exchange": _l("Exchange of information"),
}

STATUS_LABELS = {
    # agreements
    "draft": _l("Draft"),
    "in_force": _l("In force"),
    "expired": _l("Expired"),
    "terminated": _l("Terminated"),
    "unknown": _l("Signing date unknown"),
    "not_yet_in_force": _l("Not yet in force"),
    # changes of the parties of an agreement
    "pending": _l("Awaiting approval"),
    "applied": _l("Applied"),
    "rejected": _l("Rejected"),
    "withdrawn": _l("Withdrawn"),
    # plans
    "proposed": _l("Proposed"),
    "changes_requested": _l("Changes requested"),
    "approved": _l("Approved"),
    "scheduled": _l("Scheduled"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
    # events
    "confirmed": _l("Confirmed"),
    "tentative": _l("Tentative"),
    # terms
    "free_of_charge": _l("Free of charge"),
    "compensated": _l("Compensated"),
    "unspecified": _l("Not specified"),
    # roles
    "admin": _l("Administrator"),
    "curator": _l("Curator"),
    "staff": _l("Staff"),
    "partner": _l("Partner"),
    "observer": _l("Observer (ministry or governing body)"),
    # site kinds
    "museum": _l("Museum"),
    "reserve": _l("Heritage reserve"),
    "monument": _l("Monument"),
    "venue": _l("Venue"),
    "university": _l("University"),
    "other": _l("Other"),
    # coordinate precision
    "surveyed": _l("Surveyed"),
    "wiki": _l("From a public encyclopedia"),
    "third_party": _l("From a third-party source"),
    "approx_city_centre": _l("Approximate: city centre"),
    # cost categories
    "transport": _l("Transport"),
    "insurance": _l("Insurance"),
    "catalogue": _l("Catalogue"),
    "per_diem": _l("Per diem"),
    "fees": _l("Fees"),
    "publicity": _l("Publicity"),
    "packing": _l("Packing"),
    # notice units
    "day": _l("day"),
    "week": _l("week"),
    "month": _l("month"),
    "year": _l("year"),
    # event kinds
    "opening": _l("Opening"),
    "session": _l("Session"),
    "meeting": _l("Meeting"),
    "visit": _l("Visit"),
    "travel": _l("Travel"),
    "deadline": _l("Deadline"),
    # agreement kinds
    "memorandum": _l("Memorandum"),
    "tripartite_protocol": _l("Tripartite protocol"),
    # how often an event repeats
    "daily": _l("Daily"),
    "weekly": _l("Weekly"),
    "monthly": _l("Monthly"),
}

# Words that differ by what they describe: an event (neuter in Russian) is «Отменено», a plan «Отменён».
EVENT_STATUS_LABELS = {
    "cancelled": lazy_pgettext("event", "Cancelled"),
}

# The audit log's actions and the kinds of record it names.
AUDIT_ACTIONS = {
    "create": lazy_pgettext("audit action", "Created"),
    "update": lazy_pgettext("audit action", "Changed"),
    "delete": lazy_pgettext("audit action", "Deleted"),
    "restore": lazy_pgettext("audit action", "Restored"),
    "approve": lazy_pgettext("audit action", "Approved"),
    "cancel": lazy_pgettext("audit action", "Cancelled"),
    "revoke": lazy_pgettext("audit action", "Revoked"),
    "deactivate": lazy_pgettext("audit action", "Deactivated"),
    "reactivate": lazy_pgettext("audit action", "Reactivated"),
    "reset_password": lazy_pgettext("audit action", "Password reset"),
    "propose": lazy_pgettext("audit action", "Proposed"),
    "apply": lazy_pgettext("audit action", "Applied"),
    "reject": lazy_pgettext("audit action", "Rejected"),
    "upload": lazy_pgettext("audit action", "Uploaded"),
    "download": lazy_pgettext("audit action", "Downloaded"),
    "withdraw": lazy_pgettext("audit action", "Approvals withdrawn"),
    "invite": lazy_pgettext("audit action", "Invitation sent"),
    "done": lazy_pgettext("audit action", "Marked done"),
}

RECORD_KINDS = {
    "agreement": _l("Agreement"),
    "article": _l("Article"),
    "plan": _l("Plan"),
    "comment": _l("Comment"),
    "event": _l("Event"),
    "site": _l("Site"),
    "protocol": _l("Protocol"),
    "party_amendment": _l("Change of the parties"),
    "institution": _l("Institution"),
    "token": _l("API token"),
    "user": _l("User"),
    "signed_copy": _l("Signed copy"),
    "task": _l("Task"),
    "task_template": _l("Task template"),
    "checklist": _l("Checklist"),
}


#: The partners' cities, whose names each language writes its own way (a city is stored as one
#: text, in English; any other city shows as it was typed).
CITY_NAMES = {
    "Baku": lazy_pgettext("city", "Baku"),
    "Ganja": lazy_pgettext("city", "Ganja"),
    "Turkistan": lazy_pgettext("city", "Turkistan"),
    "Turkestan": lazy_pgettext("city", "Turkistan"),
    "Tashkent": lazy_pgettext("city", "Tashkent"),
    "Izmir": lazy_pgettext("city", "Izmir"),
    "Tbilisi": lazy_pgettext("city", "Tbilisi"),
}


def city_label(name: str | None) -> str:
    """A city's name in the reader's language when it is one of the partners' cities."""
    name = (name or "").strip()
    return str(CITY_NAMES.get(name, name))


def activity_label(key: str) -> str:
    return str(ACTIVITY_LABELS.get(key, key))


def status_label(key: str | None) -> str:
    return str(STATUS_LABELS.get(key or "", key or ""))


def event_status_label(key: str | None) -> str:
    """An event's status: its own word where the plan's differs (see EVENT_STATUS_LABELS)."""
    return str(EVENT_STATUS_LABELS.get(key or "", "")) or status_label(key)


def audit_action_label(key: str | None) -> str:
    return str(AUDIT_ACTIONS.get(key or "", key or ""))


def record_kind_label(key: str | None) -> str:
    return str(RECORD_KINDS.get(key or "", key or ""))


class Vocabulary(StrEnum):
    """A vocabulary stored as its keys: each member is its key, and knows its translated label."""

    @property
    def label(self) -> str:
        return status_label(self.value)

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(key, label) pairs in the viewer's language, for a form's select."""
        return [(member.value, member.label) for member in cls]


class PlanStatus(Vocabulary):
    DRAFT = "draft"
    PROPOSED = "proposed"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class AmendmentStatus(Vocabulary):
    """A proposed change of the parties of an agreement in force."""

    PENDING = "pending"
    APPLIED = "applied"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class EventStatus(Vocabulary):
    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return event_status_label(self.value)


#: Keys defined with the activities (`mou.vocabulary`), for the pure term arithmetic (`agreements.lifecycle`).
NoticeUnit = Vocabulary("NoticeUnit", {unit.upper(): unit for unit in NOTICE_UNITS})


class SitePrecision(Vocabulary):
    SURVEYED = "surveyed"
    WIKI = "wiki"
    THIRD_PARTY = "third_party"
    APPROX_CITY_CENTRE = "approx_city_centre"


class Activity(Vocabulary):
    """Labels of the activity vocabulary of DESIGN.md."""

    @property
    def label(self) -> str:
        return activity_label(self.value)


#: The activity keys are the MoU reader's (`mou.vocabulary`, pure): plan kinds are activities.
PlanKind = Activity("PlanKind", {kind.upper(): kind for kind in ACTIVITY_KINDS})


class Language(Vocabulary):
    """The languages of the interface and of the memoranda's equal-force versions."""

    EN = "en"
    AZ = "az"
    KK = "kk"
    RU = "ru"

    @property
    def label(self) -> str:
        return str(LANGUAGE_LABELS[self.value])


LANGUAGE_LABELS = {"en": _l("English"), "az": _l("Azerbaijani"), "kk": _l("Kazakh"), "ru": _l("Russian")}


# --- loans (issue #28): the registrars' vocabularies ---------------------------------------------

LOAN_STATUS_LABELS = {
    "requested": _l("Requested"),
    "agreed": lazy_pgettext("loan status", "Agreed"),
    "permit_granted": _l("Export permit granted"),
    "packed": _l("Packed"),
    "in_transit": _l("In transit"),
    "received": _l("Received"),
    "on_display": _l("On display"),
    "deinstalled": _l("De-installed"),
    "returned": _l("Returned"),
    "closed": lazy_pgettext("loan status", "Closed"),
    "cancelled": lazy_pgettext("loan status", "Cancelled"),
}


class LoanStatus(Vocabulary):
    """The steps of a loan, in order; `cancelled` ends it from any step before `returned`."""

    REQUESTED = "requested"
    AGREED = "agreed"
    PERMIT_GRANTED = "permit_granted"
    PACKED = "packed"
    IN_TRANSIT = "in_transit"
    RECEIVED = "received"
    ON_DISPLAY = "on_display"
    DEINSTALLED = "deinstalled"
    RETURNED = "returned"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(LOAN_STATUS_LABELS[self.value])


CHECKPOINT_LABELS = {
    "departure": _l("Departure"),
    "arrival": _l("Arrival"),
    "installation": _l("Installation"),
    "deinstallation": _l("De-installation"),
    "return": lazy_pgettext("condition checkpoint", "Return"),
}


class Checkpoint(Vocabulary):
    """Where along the loan an object's condition is checked, in the order they come."""

    DEPARTURE = "departure"
    ARRIVAL = "arrival"
    INSTALLATION = "installation"
    DEINSTALLATION = "deinstallation"
    RETURN = "return"

    @property
    def label(self) -> str:
        return str(CHECKPOINT_LABELS[self.value])


CONDITION_LABELS = {
    "excellent": _l("Excellent"),
    "good": lazy_pgettext("object condition", "Good"),
    "fair": lazy_pgettext("object condition", "Fair"),
    "poor": lazy_pgettext("object condition", "Poor"),
    "unstable": _l("Unstable"),
}


class Condition(Vocabulary):
    """A fixed scale, best first: `Condition.worse(a, b)` compares two checks."""

    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"
    UNSTABLE = "unstable"

    @property
    def label(self) -> str:
        return str(CONDITION_LABELS[self.value])

    @property
    def rank(self) -> int:
        return list(Condition).index(self)

    @classmethod
    def worse(cls, later: str, earlier: str) -> bool:
        """Whether the later condition is worse than the earlier one on the scale."""
        return cls(later).rank > cls(earlier).rank


INSURANCE_KIND_LABELS = {
    "commercial": _l("Commercial insurance"),
    "state_indemnity": _l("State indemnity"),
    "self_insured": _l("Self-insured"),
}


class InsuranceKind(Vocabulary):
    COMMERCIAL = "commercial"
    STATE_INDEMNITY = "state_indemnity"
    SELF_INSURED = "self_insured"

    @property
    def label(self) -> str:
        return str(INSURANCE_KIND_LABELS[self.value])


TRANSPORT_METHOD_LABELS = {
    "road": _l("Road (fine-art truck)"),
    "air": _l("Air freight"),
    "rail": _l("Rail"),
    "sea": _l("Sea freight"),
    "hand_carry": _l("Hand-carried by a courier"),
}


class TransportMethod(Vocabulary):
    ROAD = "road"
    AIR = "air"
    RAIL = "rail"
    SEA = "sea"
    HAND_CARRY = "hand_carry"

    @property
    def label(self) -> str:
        return str(TRANSPORT_METHOD_LABELS[self.value])


PERMIT_STATUS_LABELS = {
    "applied": _l("Applied for"),
    "granted": _l("Granted"),
    "refused": lazy_pgettext("export permit", "Refused"),
}


class PermitStatus(Vocabulary):
    APPLIED = "applied"
    GRANTED = "granted"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return str(PERMIT_STATUS_LABELS[self.value])


# --- tasks (issue #29): what a plan's checklist is counted from, by whom, with what proof ------------

TASK_ANCHOR_LABELS = {
    "plan_start": _l("Start of the plan"),
    "plan_end": _l("End of the plan"),
    "opening": _l("Opening"),
    "closing": _l("Closing"),
    "first_event": _l("First event"),
    "last_event": _l("Last event"),
    "loan_departure": _l("Departure of the loan"),
    "loan_return": _l("Return of the loan"),
    "participant_arrival": _l("Arrival of the participants"),
    "participant_departure": _l("Departure of the participants"),
}


class TaskAnchor(Vocabulary):
    """The dates of a plan a task is counted from (`planner.tasks.anchoring` finds each)."""

    PLAN_START = "plan_start"
    PLAN_END = "plan_end"
    OPENING = "opening"
    CLOSING = "closing"
    FIRST_EVENT = "first_event"
    LAST_EVENT = "last_event"
    LOAN_DEPARTURE = "loan_departure"
    LOAN_RETURN = "loan_return"
    PARTICIPANT_ARRIVAL = "participant_arrival"
    PARTICIPANT_DEPARTURE = "participant_departure"

    @property
    def label(self) -> str:
        return str(TASK_ANCHOR_LABELS[self.value])


OFFSET_UNIT_LABELS = {"days": _l("days"), "weeks": _l("weeks"), "months": _l("months")}


class OffsetUnit(Vocabulary):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"

    @property
    def label(self) -> str:
        return str(OFFSET_UNIT_LABELS[self.value])


RESPONSIBLE_SIDE_LABELS = {
    "lead": _l("Lead institution"),
    "partner": _l("Partner institution"),
    "lender": _l("Lender"),
    "borrower": _l("Borrower"),
    "host": _l("Host institution"),
    "home": _l("Home institution"),
    "every_party": _l("Every party"),
}


class ResponsibleSide(Vocabulary):
    """Who does a task, as a role in the plan (`planner.tasks.sides` names the institutions)."""

    LEAD = "lead"
    PARTNER = "partner"
    LENDER = "lender"
    BORROWER = "borrower"
    HOST = "host"
    HOME = "home"
    EVERY_PARTY = "every_party"

    @property
    def label(self) -> str:
        return str(RESPONSIBLE_SIDE_LABELS[self.value])


PROOF_DOCUMENT_LABELS = {
    "facility_report": _l("Facility report"),
    "loan_agreement": _l("Signed loan agreement"),
    "insurance_quote": _l("Insurance quote"),
    "insurance_certificate": _l("Insurance certificate"),
    "export_permit": _l("Export permit"),
    "condition_report": _l("Condition report"),
    "press_release": _l("Press release"),
    "final_report": _l("Final report"),
    "other_document": _l("Other document"),
}


class ProofDocument(Vocabulary):
    """The kind of file a task's proof is (an attachment uploaded when it is marked done)."""

    FACILITY_REPORT = "facility_report"
    LOAN_AGREEMENT = "loan_agreement"
    INSURANCE_QUOTE = "insurance_quote"
    INSURANCE_CERTIFICATE = "insurance_certificate"
    EXPORT_PERMIT = "export_permit"
    CONDITION_REPORT = "condition_report"
    PRESS_RELEASE = "press_release"
    FINAL_REPORT = "final_report"
    OTHER_DOCUMENT = "other_document"

    @property
    def label(self) -> str:
        return str(PROOF_DOCUMENT_LABELS[self.value])


TASK_STATE_LABELS = {"open": _l("Open"), "done": _l("Done"), "not_applicable": _l("Not applicable")}


class TaskState(Vocabulary):
    OPEN = "open"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return str(TASK_STATE_LABELS[self.value])
