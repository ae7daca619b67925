"""Places on the map: partner sites and venues (a heritage route's stops are parts of a plan:
`planner.plans.models.RouteStop`)."""

from __future__ import annotations

from sqlalchemy import JSON, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models_base import Timestamped
from planner.multilingual import keep_in_step
from planner.vocabulary import SitePrecision

SITE_KINDS = ("museum", "reserve", "monument", "venue", "university", "other")
COORDINATE_PRECISIONS = SitePrecision.keys()


class Site(Timestamped, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[dict] = mapped_column(JSON, default=dict)
    kind: Mapped[str] = mapped_column(String(16), default="museum")
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    address: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    precision: Mapped[str] = mapped_column(String(24), default="surveyed")
    precision_note: Mapped[str] = mapped_column(Text, default="")
    # The note in every language; `precision_note` keeps the English (or only) one (planner.multilingual).
    precision_notes: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"), index=True)

    institution = relationship("Institution", back_populates="sites")


keep_in_step(Site, "precision_note")
