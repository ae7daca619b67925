"""Places on the map: partner sites and venues, and the ordered stops of a heritage route."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models_base import Timestamped

SITE_KINDS = ("museum", "reserve", "monument", "venue", "university", "other")
COORDINATE_PRECISIONS = ("surveyed", "wiki", "third_party", "approx_city_centre")


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
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"), index=True)

    institution = relationship("Institution", back_populates="sites")


class RouteStop(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    arrival: Mapped[date | None] = mapped_column(Date)
    departure: Mapped[date | None] = mapped_column(Date)

    plan = relationship("Plan", back_populates="route_stops")
    site = relationship("Site")
