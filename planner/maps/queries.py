"""Which sites a user may see on a map, each read in one statement."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.agreements.access import readable_agreements
from planner.agreements.models import Agreement, Party
from planner.extensions import db
from planner.maps.models import Site


def visible_sites(user, *, agreement_id: int | None = None, institution_id: int | None = None) -> list[Site]:
    """Sites of institutions that are parties to agreements the user may read (all, for staff)."""
    query = select(Site).options(joinedload(Site.institution)).order_by(Site.id)
    party_institutions = (
        select(Party.institution_id)
        .join(Agreement, Party.agreement_id == Agreement.id)
        .where(readable_agreements(user))
    )
    if agreement_id is not None:
        party_institutions = party_institutions.where(Agreement.id == agreement_id)
    if agreement_id is not None or user.role == "partner":
        query = query.where(Site.institution_id.in_(party_institutions))
    if institution_id is not None:
        query = query.where(Site.institution_id == institution_id)
    return list(db.session.scalars(query))
