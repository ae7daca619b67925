"""Every domain's models, imported once so the metadata (and Alembic) sees them all."""

from planner.accounts.models import Invitation, ObserverGrant, Token, User  # noqa: F401
from planner.accounts.throttling import LoginCounter  # noqa: F401
from planner.agreements.models import (
    Institution,  # noqa: F401
)
from planner.attachments.models import Attachment  # noqa: F401
from planner.audit.models import AuditEntry  # noqa: F401
from planner.data_version import DataVersion  # noqa: F401
from planner.loans.models import (  # noqa: F401
    ConditionCheck,
    ConditionPhoto,
    Courier,
    ExportPermit,
    InsuredSum,
    Loan,
    LoanInsurance,
    LoanObjectImage,
    LoanStatusChange,
    PermitTemplate,
    TransportLeg,
)
from planner.notifications.models import Notification, NotificationPreference, OutboxMessage  # noqa: F401
from planner.plans.events import Event  # noqa: F401
from planner.plans.models import (
    Plan,  # noqa: F401
    PlanComment,  # noqa: F401
    RouteStop,  # noqa: F401
)
from planner.schedule import occurrence_index  # noqa: F401  (its flush listener keeps the index)
from planner.schedule.feed_store import FeedEntry  # noqa: F401
from planner.search.models import SearchEntry  # noqa: F401
from planner.tasks.models import Task, TaskResponsible, TaskTemplate  # noqa: F401
