"""The audit log as a history people read: who did what to which record, named in the reader's
language (institutions, plans, agreements, users, sites by their names, never "#3"), each
changed field by its translated name with its values as words (vocabulary keys through their
labels, dates long, institutions by name), and a plan's content in the same words as the plan's
change summary (planner.plans.summary). Internal fields (fingerprints, UIDs, sequences,
checksums) are left out. The names a page needs are loaded at once: one query per kind."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from babel import Locale
from babel.dates import format_date, get_timezone_location
from babel.units import format_unit
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select

from planner.accounts.models import User
from planner.agreements.models import Agreement, Institution
from planner.audit.presenting import FIELD_LABELS, record_url
from planner.extensions import db
from planner.i18n import LANGUAGE_LABELS, pick_text
from planner.maps.models import Site
from planner.plans.events import Event
from planner.plans.models import Plan
from planner.plans.readable import PART_NAMES, names_for, reader_locale, reader_words
from planner.plans.summary import PART_KEYS, PLAIN_FIELDS, Names, Row, summarize
from planner.vocabulary import audit_action_label, record_kind_label, status_label

#: Fields kept for the machine (checks, calendars, storage), never shown.
INTERNAL = frozenset(
    {"fingerprint", "uid", "sequence", "sha256", "attachment_id", "content_type", "nonce", "moves", "token_hash"}
)
#: Fields that hold an institution id, or a list of them.
INSTITUTION_KEYS = frozenset({"institution", "institution_id", "lead", "parties", "approvals", "added", "removed"})
#: Fields that hold the id of a plan or an agreement (a plan's content names its agreement).
RECORD_KEYS = {"plan_id": "plan", "agreement_id": "agreement", "agreement": "agreement"}
#: Fields whose value is a vocabulary key.
VOCABULARY_KEYS = frozenset({"status", "terms", "role", "precision", "category"})
#: Field names the audit shows besides those of presenting.FIELD_LABELS and the plan summary.
MORE_LABELS = {
    "display_name": lazy_pgettext("person", "Name"),
    "email": _l("E-mail"),
    "short_name": _l("Short name"),
    "city": _l("City"),
    "document_languages": _l("Document languages"),
    "signed_place": _l("Place of signing"),
    "notice_given_on": _l("Notice of termination given on"),
    "institution_id": _l("Institution"),
    "plan_id": _l("Plan"),
    "agreement_id": _l("Agreement"),
    "agreement": _l("Agreement"),
    "approvals": _l("Approvals withdrawn"),
    "added": _l("Joining"),
    "removed": _l("Leaving"),
    "by_administrator": _l("Applied by an administrator"),
    "password": _l("Password"),
    "comment": _l("Comment"),
    "occurrence": _l("Occurrence"),
    "size": _l("Size"),
}
#: Record kinds whose audit snapshot is a whole plan content (summarized as the plan page does).
PLAN_CONTENT = frozenset(PLAIN_FIELDS) | frozenset(PART_KEYS)


@dataclass
class Line:
    """One audit entry as read: `subject` names the record, `changes` are summary rows."""

    entry_id: int
    at: object
    actor: str
    action: str
    kind: str
    subject: str
    url: str | None
    changes: list[Row] = field(default_factory=list)


@dataclass
class Known:
    """What the entries of a page name, by id, in the reader's language."""

    users: dict[int, str] = field(default_factory=dict)
    institutions: dict[int, str] = field(default_factory=dict)
    plans: dict[int, str] = field(default_factory=dict)
    agreements: dict[int, str] = field(default_factory=dict)
    sites: dict[int, str] = field(default_factory=dict)
    events: dict[int, str] = field(default_factory=dict)
    names: Names | None = None  # the institutions and sites the page's plan contents name


def history(entries) -> list[Line]:
    """The entries of a page as lines a person reads."""
    entries = list(entries)
    locale = reader_locale()
    known = _load(entries, locale)
    contents = [
        _plan_content(snapshot)
        for entry in entries
        if entry.entity == "plan"
        for snapshot in (entry.before, entry.after)
    ]
    known.names = names_for(*contents) if any(contents) else None  # two queries for the whole page
    return [_line(entry, known, locale) for entry in entries]


def _plan_content(snapshot: dict | None) -> dict:
    return {key: value for key, value in (snapshot or {}).items() if key in PLAN_CONTENT}


def field_name(key: str) -> str:
    """A stored key's name in the reader's language (the plan summary's words first)."""
    label = MORE_LABELS.get(key) or PART_NAMES.get(key) or FIELD_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ").capitalize()


def _load(entries, locale: str) -> Known:
    ids: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.user_id:
            ids["user"].add(entry.user_id)
        ids[entry.entity].add(entry.entity_id)
        for snapshot in (entry.before or {}, entry.after or {}):
            for key, value in snapshot.items():
                if key in INSTITUTION_KEYS:
                    ids["institution"].update(_ints(value))
                elif key in RECORD_KEYS:
                    ids[RECORD_KEYS[key]].update(_ints(value))
    return Known(
        users={u.id: u.display_name or u.username for u in _rows(User, ids["user"])},
        institutions={i.id: pick_text(i.name, locale).text for i in _rows(Institution, ids["institution"])},
        plans={p.id: pick_text(p.title, locale).text for p in _rows(Plan, ids["plan"])},
        agreements={a.id: pick_text(a.title, locale).text for a in _rows(Agreement, ids["agreement"])},
        sites={s.id: pick_text(s.name, locale).text for s in _rows(Site, ids["site"])},
        events={e.id: pick_text(e.titles, locale).text or e.title for e in _rows(Event, ids["event"])},
    )


def _rows(model, ids: set[int]) -> list:
    """The rows of these ids (one query; none without ids)."""
    return list(db.session.scalars(select(model).where(model.id.in_(ids)))) if ids else []


def _ints(value) -> list[int]:
    values = value if isinstance(value, list | tuple) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _line(entry, known: Known, locale: str) -> Line:
    return Line(
        entry_id=entry.id,
        at=entry.at,
        actor=known.users.get(entry.user_id, "") if entry.user_id else _("The planner"),
        action=audit_action_label(entry.action),
        kind=record_kind_label(entry.entity),
        subject=_subject(entry, known, locale),
        url=_url(entry, known),
        changes=_changes(entry, known, locale),
    )


def _subject(entry, known: Known, locale: str) -> str:
    """The record's name; one since deleted by the name its last snapshot kept."""
    before, after = entry.before or {}, entry.after or {}
    snapshot = {**after, **before} if entry.action == "delete" else {**before, **after}
    by_kind = {
        "plan": known.plans,
        "agreement": known.agreements,
        "institution": known.institutions,
        "site": known.sites,
        "user": known.users,
        "event": known.events,
    }
    name = by_kind.get(entry.entity, {}).get(entry.entity_id)
    if name:
        return name
    kept = snapshot.get("name") or snapshot.get("title")
    if entry.entity in ("institution", "site", "agreement", "plan") and isinstance(kept, dict):
        return pick_text(kept, locale).text
    if entry.entity == "protocol" and snapshot.get("number"):
        return _("No. %(number)s", number=snapshot["number"])
    if entry.entity in ("comment", "signed_copy") and snapshot.get("plan_id") in known.plans:
        return known.plans[snapshot["plan_id"]]
    if entry.entity == "party_amendment" and snapshot.get("agreement_id") in known.agreements:
        return known.agreements[snapshot["agreement_id"]]
    if entry.entity == "token":
        return snapshot.get("label") or ""
    if entry.entity == "event" and snapshot.get("title"):
        return str(snapshot["title"])
    return ""


def _url(entry, known: Known) -> str | None:
    """The record's page while it exists (a deleted institution or site has none)."""
    existing = {"institution": known.institutions, "site": known.sites, "event": known.events}
    if entry.entity in existing and entry.entity_id not in existing[entry.entity]:
        return None
    if entry.entity in ("comment", "signed_copy"):
        plan_id = (entry.after or {}).get("plan_id")
        return record_url("plan", plan_id) if plan_id in known.plans else None
    return record_url(entry.entity, entry.entity_id)


def _changes(entry, known: Known, locale: str) -> list[Row]:
    """The fields that differ, in the plan summary's words for a plan's content."""
    before, after = entry.before or {}, entry.after or {}
    rows: list[Row] = []
    if entry.entity == "plan" and PLAN_CONTENT & (set(before) | set(after)):
        old, new = _plan_content(before), _plan_content(after)
        rows = summarize(old, new, known.names or names_for(old, new), locale, reader_words)
    for key in dict.fromkeys([*before, *after]):
        if key in INTERNAL or (entry.entity == "plan" and key in PLAN_CONTENT) or before.get(key) == after.get(key):
            continue
        old, new = _value(key, before.get(key), entry, known, locale), _value(key, after.get(key), entry, known, locale)
        if old == new:
            continue
        change = "added" if not old else "removed" if not new else "changed"
        rows.append(Row(change, field_name(key), old, new))
    return rows


def _value(key: str, value, entry, known: Known, locale: str) -> str:
    """A stored value as words in the reader's language ("" for none)."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if key in INSTITUTION_KEYS:
        names = [known.institutions.get(i, "") for i in _ints(value)]
        return ", ".join(filter(None, names)) or _("an institution since deleted")
    if key in RECORD_KEYS:
        return (known.plans if RECORD_KEYS[key] == "plan" else known.agreements).get(value, "")
    if key in VOCABULARY_KEYS:
        return status_label(value)
    if key == "kind":  # a plan's kind is in its content (summarized); a token's says "API token"
        return record_kind_label("token") if entry.entity == "token" else status_label(value)
    if key in ("signed_on", "notice_given_on", "given_on", "occurrence"):
        return _long_date(value, locale)
    if key in ("term_years", "renewal_years", "notice"):
        return _duration(key, value, locale)
    if key == "document_languages":
        return ", ".join(str(LANGUAGE_LABELS.get(code, code)) for code in value)
    if key == "country":
        return Locale.parse(locale).territories.get(value, value)
    if key == "password":
        return _("changed")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return _in_languages(value, locale)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value if item not in (None, ""))
    return str(value)


def _duration(key: str, value, locale: str) -> str:
    """ "5 years", "1 month": a term in years, a notice as [amount, unit]."""
    amount, unit = (value, "year") if key != "notice" else (list(value) + [None, None])[:2]
    if isinstance(amount, int) and unit in ("day", "week", "month", "year"):
        return format_unit(amount, f"duration-{unit}", length="long", locale=locale)
    return str(value)


def _in_languages(values: dict, locale: str) -> str:
    shown = pick_text(values, locale).text
    others = "; ".join(f"{language}: {text}" for language, text in sorted(values.items()) if text and text != shown)
    return f"{shown} ({others})" if shown and others else shown or others


def _long_date(value, locale: str) -> str:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return format_date(day, "long", locale=locale)


def zone_label(tz, locale: str) -> str:
    """The reader's zone as the log names it, by its city: "Baku (Asia/Baku)"."""
    if tz.key == "UTC":
        return "UTC"
    return f"{get_timezone_location(tz, locale=locale, return_city=True)} ({tz.key})"
