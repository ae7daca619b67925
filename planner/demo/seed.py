"""`flask demo seed`: the institutions, sites, agreements, plans, events and users of the seed
documents. Idempotent: every record is looked up by a natural key and only added when missing,
so a second run adds nothing and never overwrites what a user changed."""

from __future__ import annotations

import csv
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from planner import signals
from planner.accounts.models import User
from planner.agreements.importing import agreement_from_reading
from planner.agreements.models import Agreement, Institution, Party
from planner.demo.loans import seed_silk_road_loan
from planner.demo.news_agreements import ART_MUSEUM_MOC, CARPET_MUSEUM_MOU, IZMIR_PROTOCOL
from planner.demo.part_texts import (
    CONDITIONS_DEPARTURE,
    COST_DESCRIPTIONS,
    LOAN_TITLES,
    PLAN_DESCRIPTIONS,
    PRECISION_NOTES,
    ROLES,
)
from planner.extensions import db
from planner.maps.models import Site
from planner.models_base import naive_utc
from planner.mou import parse_mou
from planner.multilingual import MULTILINGUAL, texts
from planner.plans import approval
from planner.plans.events import Event
from planner.plans.models import Approval, CostItem, LoanObject, Participant, Plan, PlanVenue, RouteStop
from planner.plans.occurrences import series_range
from planner.tasks import operations as task_operations

HERE = Path(__file__).resolve().parent

INSTITUTIONS = {
    "ganja": dict(
        country="AZ",
        city="Ganja",
        timezone="Asia/Baku",
        document_languages=["az"],
        short_name="Ganja Reserve",
        name={
            "en": "Ganja State Historical and Cultural Reserve",
            "az": "Gəncə Dövlət Tarix-Mədəniyyət Qoruğu",
            "kk": "Гянджа мемлекеттік тарихи-мәдени қорығы",
            "ru": "Гянджинский государственный историко-культурный заповедник",
        },
    ),
    "aziret": dict(
        country="KZ",
        city="Turkistan",
        timezone="Asia/Almaty",
        document_languages=["kk", "ru"],
        short_name="Aziret Sultan",
        name={
            "en": "National Historical and Cultural Museum-Reserve “Aziret Sultan”",
            "az": "“Həzrət Sultan” Milli Tarix-Mədəniyyət Muzey-Qoruğu",
            "kk": "«Әзірет Сұлтан» ұлттық тарихи-мәдени музей-қорығы",
            "ru": "Национальный историко-культурный музей-заповедник «Азрет-Султан»",
        },
    ),
    "carpet": dict(
        country="AZ",
        city="Baku",
        timezone="Asia/Baku",
        document_languages=["az"],
        short_name="Carpet Museum",
        name={
            "en": "Azerbaijan National Carpet Museum",
            "az": "Azərbaycan Milli Xalça Muzeyi",
            "kk": "Әзербайжан ұлттық кілем музейі",
            "ru": "Азербайджанский национальный музей ковра",
        },
    ),
    "art": dict(
        country="AZ",
        city="Baku",
        timezone="Asia/Baku",
        document_languages=["az"],
        short_name="National Art Museum",
        name={
            "en": "Azerbaijan National Art Museum",
            "az": "Azərbaycan Milli İncəsənət Muzeyi",
            "kk": "Әзербайжан ұлттық өнер музейі",
            "ru": "Национальный музей искусств Азербайджана",
        },
    ),
    "uzbek": dict(
        country="UZ",
        city="Tashkent",
        timezone="Asia/Tashkent",
        document_languages=["uz", "ru"],
        short_name="Uzbek Art Museum",
        name={
            "en": "State Museum of Arts of Uzbekistan",
            "az": "Özbəkistan Dövlət İncəsənət Muzeyi",
            "kk": "Өзбекстан мемлекеттік өнер музейі",
            "ru": "Государственный музей искусств Узбекистана",
        },
    ),
    "ege": dict(
        country="TR",
        city="Izmir",
        timezone="Europe/Istanbul",
        document_languages=["tr", "en"],
        short_name="Ege University",
        name={
            "en": "Ege University",
            "az": "Egey Universiteti",
            "kk": "Эгей университеті",
            "ru": "Эгейский университет",
        },
    ),
    "izmir_culture": dict(
        country="TR",
        city="Izmir",
        timezone="Europe/Istanbul",
        document_languages=["tr", "en"],
        short_name="Izmir Culture",
        name={
            "en": "Izmir Provincial Directorate of Culture and Tourism",
            "az": "İzmir Mədəniyyət və Turizm İdarəsi",
            "kk": "Измир мәдениет және туризм басқармасы",
            "ru": "Управление культуры и туризма Измира",
        },
    ),
    "georgia": dict(
        country="GE",
        city="Tbilisi",
        timezone="Asia/Tbilisi",
        document_languages=["ka", "en"],
        short_name="Georgian National Museum",
        name={
            "en": "Georgian National Museum",
            "az": "Gürcüstan Milli Muzeyi",
            "kk": "Грузия ұлттық музейі",
            "ru": "Национальный музей Грузии",
        },
    ),
}

# sites.csv row name -> institution key
SITE_OWNERS = {
    "Azerbaijan National Carpet Museum": "carpet",
    "Azerbaijan National Art Museum": "art",
    "Ganja State Historical and Cultural Reserve": "ganja",
    "Azret Sultan National Historical and Cultural Museum-Reserve (Mausoleum of Khoja Ahmed Yasawi)": "aziret",
    "State Museum of Arts of Uzbekistan": "uzbek",
    "Georgian National Museum": "georgia",
    "Ege University (Bornova campus)": "ege",
}

#: The demo's people: a display name is one text, so each is written as its bearer writes it, in
#: the script of their institution's language (the administrator, of no institution, by log-in).
USERS = (
    ("admin", "admin", None, ""),
    ("curator", "curator", "ganja", "Aynur Həsənova"),
    ("curator-turkestan", "curator", "aziret", "Гүлнар Омарова"),
    ("staff", "staff", "ganja", "Rəşad Quliyev"),
    ("partner", "partner", "aziret", "Ерлан Сейітов"),
)


class Seeder:
    """Adds what is missing; remembers what it added so the command can report it."""

    def __init__(self) -> None:
        self.added = 0
        self.institutions: dict[str, Institution] = {}
        self.sites: dict[str, Site] = {}

    def get_or_add(self, model, where, build):
        found = db.session.scalar(select(model).where(where))
        if found is None:
            found = build()
            db.session.add(found)
            db.session.flush()
            self.added += 1
        return found

    def run(self, password: str | None) -> list[tuple[str, str, str]]:
        for key, fields in INSTITUTIONS.items():
            self.institutions[key] = self.get_or_add(
                Institution, Institution.short_name == fields["short_name"], lambda f=fields: Institution(**f)
            )
            if not self.institutions[key].document_languages:  # a database seeded before they existed
                self.institutions[key].document_languages = fields["document_languages"]
        self.seed_sites()
        agreements = self.seed_agreements()
        self.seed_plans(agreements)
        self.translate_event_titles()
        self.translate_plan_texts(agreements)
        self.translate_part_texts()
        logins = self.seed_users(password)
        self.seed_first_approval()
        self.seed_checklists()
        if seed_silk_road_loan():
            self.added += 1
        db.session.commit()
        return logins

    def translate_event_titles(self) -> None:
        """Demo events loaded before their titles had translations get them (existing values kept)."""
        for event in db.session.scalars(select(Event).where(Event.uid.in_(EVENT_TITLES))):
            wanted = {"en": event.title, **EVENT_TITLES[event.uid], **(event.titles or {})}
            if wanted != event.titles:
                event.titles = wanted

    def translate_plan_texts(self, agreements: dict[str, Agreement]) -> None:
        """Demo plans loaded before their titles and descriptions were in every language get the
        missing ones (values already there are kept: a user may have changed them)."""
        wanted = {spec["title"]["en"]: spec for spec in demo_plans(self.institutions, self.sites)}
        ids = [agreement.id for agreement in agreements.values()]
        for plan in db.session.scalars(select(Plan).where(Plan.agreement_id.in_(ids))):
            spec = wanted.get((plan.title or {}).get("en"))
            if spec is None:
                continue
            for name in ("title", "description"):
                current = getattr(plan, name) or {}
                merged = {**spec.get(name, {}), **current}
                if merged != current:
                    setattr(plan, name, merged)

    def translate_part_texts(self) -> None:
        """The demo's loan objects, people, costs and sites get their texts in every language (also
        in a database seeded before they had them; values already there are kept)."""
        for loan in db.session.scalars(select(LoanObject).where(LoanObject.inventory_number.in_(LOAN_TITLES))):
            _translate(loan, "title", LOAN_TITLES[loan.inventory_number])
            _translate(loan, "condition_departure", CONDITIONS_DEPARTURE.get(loan.inventory_number, {}))
        for person in db.session.scalars(select(Participant).where(Participant.role.in_(ROLES))):
            _translate(person, "role", ROLES[person.role])
        for cost in db.session.scalars(select(CostItem).where(CostItem.description.in_(COST_DESCRIPTIONS))):
            _translate(cost, "description", COST_DESCRIPTIONS[cost.description])
        for site in db.session.scalars(select(Site)):
            _translate(site, "precision_note", PRECISION_NOTES.get((site.name or {}).get("en"), {}))

    def seed_sites(self) -> None:
        with (HERE / "sites.csv").open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                owner = self.institutions[SITE_OWNERS[row["name"]]]
                self.sites[SITE_OWNERS[row["name"]]] = self.get_or_add(
                    Site,
                    Site.institution_id == owner.id,
                    lambda r=row, o=owner: Site(
                        name={**o.name, "en": r["name"]},
                        kind=r["kind"],
                        latitude=float(r["latitude"]),
                        longitude=float(r["longitude"]),
                        city=r["city"],
                        institution=o,
                        precision=r["coordinate_quality"],
                        precision_note=r["source_note"],
                    ),
                )

    def seed_agreements(self) -> dict[str, Agreement]:
        ganja_text = (HERE / "ganja_aziret_sultan_mou.txt").read_text(encoding="utf-8")
        specs = {
            "ganja": (
                ganja_text,
                {
                    "en": "Memorandum of Understanding and Cooperation: Ganja Reserve and Aziret Sultan",
                    "az": "Anlaşma və qarşılıqlı əməkdaşlıq haqqında Memorandum: Gəncə Qoruğu və Həzrət Sultan",
                    "kk": "Өзара түсіністік пен ынтымақтастық туралы меморандум: Гянжа қорығы және Әзірет Сұлтан",
                    "ru": "Меморандум о взаимопонимании и сотрудничестве: Гянджинский заповедник и Азрет-Султан",
                },
                None,
                [
                    ("ganja", "Vusal Alyev", "Vüsal Alıyev", "Вусал Алыев", "В. Алиев", "director"),
                    (
                        "aziret",
                        "Nurlan Dukenbayev",
                        "Аманжол Дуkenbayev",
                        "Нурлан Мусағалиевич Дукенбаев",
                        "М. Мукенбаев",
                        "acting",
                    ),
                ],
            ),
            "carpet": (
                CARPET_MUSEUM_MOU,
                {
                    "en": "Memorandum of Understanding and Cooperation: Carpet Museum and Azret Sultan",
                    "az": "Anlaşma və əməkdaşlıq haqqında Memorandum: Xalça Muzeyi və Həzrət Sultan",
                    "kk": "Өзара түсіністік және ынтымақтастық туралы меморандум: Кілем музейі және Әзірет Сұлтан",
                    "ru": "Меморандум о взаимопонимании и сотрудничестве: Музей ковра и Азрет-Султан",
                },
                date(2024, 9, 25),
                [
                    ("carpet", "Amina Malikova", "Əminə Məlikova", "Әмина Мәлікова", "Амина Меликова", "director"),
                    (
                        "aziret",
                        "Maulen Sadikbekov",
                        "Maulen Sadıqbəyov",
                        "Маулен Садықбеков",
                        "Маулен Садыкбеков",
                        "director",
                    ),
                ],
            ),
            "art": (
                ART_MUSEUM_MOC,
                {
                    "en": "Memorandum of Cooperation: National Art Museum and State Museum of Arts of Uzbekistan",
                    "az": "Əməkdaşlıq haqqında Memorandum: Milli İncəsənət Muzeyi və Özbəkistan Dövlət İncəsənət Muzeyi",
                    "kk": "Ынтымақтастық туралы меморандум: Ұлттық өнер музейі және Өзбекстан мемлекеттік өнер музейі",
                    "ru": "Меморандум о сотрудничестве: Национальный музей искусств и Государственный музей искусств Узбекистана",
                },
                None,
                [
                    (
                        "art",
                        "Chingiz Farzaliyev",
                        "Çingiz Fərzəliyev",
                        "Шыңғыс Фарзалиев",
                        "Чингиз Фарзалиев",
                        "director",
                    ),
                    ("uzbek", "Vasila Fayzieva", "Vasila Fayziyeva", "Васила Файзиева", "Васила Файзиева", "director"),
                ],
            ),
            "izmir": (
                IZMIR_PROTOCOL,
                {
                    "en": "Tripartite protocol: National Art Museum, Ege University and Izmir",
                    "az": "Üçtərəfli protokol: Milli İncəsənət Muzeyi, Egey Universiteti və İzmir",
                    "kk": "Үшжақты хаттама: Ұлттық өнер музейі, Эгей университеті және Измир",
                    "ru": "Трёхсторонний протокол: Национальный музей искусств, Эгейский университет и Измир",
                },
                None,
                [
                    ("art", "Konul Rafiyeva", "Könül Rəfiyeva", "Көнүл Рафиева", "Кёнуль Рафиева", "head_ir"),
                    ("ege", "", "", "", "", ""),
                    (
                        "izmir_culture",
                        "Murat Karachanta",
                        "Murat Qaraçanta",
                        "Мұрат Карачанта",
                        "Мурат Карачанта",
                        "head_culture",
                    ),
                ],
            ),
        }
        return {
            key: self.get_or_add(
                Agreement, Agreement.title["en"].as_string() == spec[1]["en"], lambda s=spec: self.build_agreement(*s)
            )
            for key, spec in specs.items()
        }

    def build_agreement(self, text, title, signed_on, parties) -> Agreement:
        agreement = agreement_from_reading(parse_mou(text), text)
        if agreement.term_years is None:  # the Carpet Museum news item gives no term: five years, as its peers
            agreement.term_years = 5
        agreement.title, agreement.signed_on, agreement.status = title, signed_on, "in_force"
        agreement.kind = "tripartite_protocol" if len(parties) > 2 else "memorandum"
        for position, (key, en, az, kk, ru, office) in enumerate(parties, start=1):
            agreement.parties.append(
                Party(
                    institution=self.institutions[key],
                    position=position,
                    signatory_name={k: v for k, v in {"en": en, "az": az, "kk": kk, "ru": ru}.items() if v},
                    signatory_title=SIGNATORY_TITLES.get(office, {}),
                )
            )
        return agreement

    def seed_plans(self, agreements: dict[str, Agreement]) -> None:
        for spec in demo_plans(self.institutions, self.sites):
            agreement = agreements[spec.pop("agreement")]
            parts = {name: spec.pop(name, []) for name in ("events", "venues", "loans", "people", "stops", "costs")}
            articles = spec.pop("articles")
            plan = db.session.scalar(
                select(Plan).where(
                    Plan.agreement_id == agreement.id, Plan.title["en"].as_string() == spec["title"]["en"]
                )
            )
            if plan is not None:
                continue
            plan = Plan(agreement=agreement, **spec)
            plan.articles = [a for a in agreement.articles if a.number in articles]
            plan.venues, plan.loan_objects = parts["venues"], parts["loans"]
            plan.participants, plan.route_stops, plan.cost_items = parts["people"], parts["stops"], parts["costs"]
            for event in parts["events"]:
                event.plan = plan
                event.range_start, event.range_end = series_range(event)
            db.session.add(plan)
            db.session.flush()
            self.added += 1

    def seed_users(self, password: str | None) -> list[tuple[str, str, str]]:
        logins = []
        for username, role, institution_key, display_name in USERS:
            existing = db.session.scalar(select(User).where(User.username == username))
            if existing is not None:
                existing.email = existing.email or demo_address(username)
                if password:
                    logins.append((username, role, "(unchanged)"))
                continue
            secret = password or secrets.token_urlsafe(9)
            user = User(
                username=username,
                role=role,
                display_name=display_name,
                email=demo_address(username),
                institution=self.institutions.get(institution_key),
            )
            user.set_password(secret)
            db.session.add(user)
            self.added += 1
            logins.append((username, role, secret))
        return logins

    def seed_first_approval(self) -> None:
        """The Silk Road exhibition approved by the Ganja reserve and awaiting the Aziret Sultan
        museum-reserve, announced as an approval would be: Turkestan finds it in the to-do list
        and the inbox on first log-in."""
        plan = db.session.scalar(select(Plan).where(Plan.title["en"].as_string() == FIRST_APPROVED_PLAN))
        curator = db.session.scalar(select(User).where(User.username == "curator"))
        if plan is None or curator is None or plan.approvals:
            return
        db.session.flush()
        db.session.expire_all()  # read back as stored: amounts get their scale, so the fingerprint holds
        content = approval.plan_content(plan)
        plan.approvals.append(
            Approval(
                institution_id=curator.institution_id,
                user_id=curator.id,
                fingerprint=approval.fingerprint(content),
                snapshot=content,
            )
        )
        signals.plan_approval_given.send(plan, actor=curator, institution_id=curator.institution_id)
        self.added += 1


    def seed_checklists(self) -> None:
        """The shipped task templates, and the Silk Road exhibition's checklist (the other demo
        plans get theirs from the button on their checklist page). The exhibition opened on 4
        December 2026 (the demo's "today" is 6 December): what was due before the last week is
        done, bar the press release (its proof still missing), so the Ganja curator finds this
        week's tasks on the dashboard."""
        self.added += task_operations.ensure_shipped_templates()
        curator = db.session.scalar(select(User).where(User.username == "curator"))
        plans = db.session.scalars(select(Plan).where(Plan.title["en"].as_string() == FIRST_APPROVED_PLAN))
        for plan in plans:
            made = task_operations.make_checklist(plan, curator)
            self.added += len(made)
            for task in made:
                if task.due_on and task.due_on < DEMO_TODAY - timedelta(days=7) and task.template.key != "press_release":
                    task.state, task.done_by_id = "done", getattr(curator, "id", None)
                    task.done_at = datetime.combine(task.due_on, datetime.min.time())


def _translate(row, single: str, translations: dict) -> None:
    """Add the other languages' values of ``row``'s English ``single`` text (existing ones kept)."""
    english = getattr(row, single)
    if not english or not translations:
        return
    current = texts(row, single)
    wanted = {"en": english, **translations, **current}
    if wanted != current:
        setattr(row, MULTILINGUAL[single], wanted)


FIRST_APPROVED_PLAN = "Ganja: a city on the Silk Road"
#: The day the demo is told as (the exhibition opened two days before).
DEMO_TODAY = date(2026, 12, 6)


def demo_address(username: str) -> str:
    return f"{username}@example.org"


SIGNATORY_TITLES = {
    "director": {"en": "Director", "az": "Direktor", "kk": "Директор", "ru": "Директор"},
    "acting": {
        "en": "Acting Director",
        "az": "Direktor vəzifəsini icra edən",
        "kk": "Директордың міндетін атқарушы",
        "ru": "И. о. директора",
    },
    "head_ir": {
        "en": "Head of International Relations",
        "az": "Beynəlxalq əlaqələr şöbəsinin müdiri",
        "kk": "Халықаралық байланыстар бөлімінің басшысы",
        "ru": "Руководитель отдела международных связей",
    },
    "head_culture": {
        "en": "Head of the Department of Culture and Tourism",
        "az": "Mədəniyyət və Turizm İdarəsinin rəisi",
        "kk": "Мәдениет және туризм басқармасының басшысы",
        "ru": "Начальник управления культуры и туризма",
    },
}


def timed(local: str, zone: str) -> datetime:
    """A naive-UTC instant from a local wall-clock time in an IANA zone."""
    return naive_utc(datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone)))


def demo_plans(inst: dict[str, Institution], sites: dict[str, Site]) -> list[dict]:
    """The plans of the demo: one per capability the product shows."""
    ganja, aziret, carpet, art, uzbek = (inst[k] for k in ("ganja", "aziret", "carpet", "art", "uzbek"))
    return [
        dict(
            agreement="ganja",
            articles=[2, 5],
            kind="exhibition",
            status="proposed",
            lead_institution=ganja,
            partners=[aziret],
            terms="free_of_charge",
            title={
                "en": "Ganja: a city on the Silk Road",
                "az": "Gəncə: İpək Yolu üzərində şəhər",
                "kk": "Гянжа: Жібек жолындағы қала",
                "ru": "Гянджа: город на Шёлковом пути",
            },
            description=PLAN_DESCRIPTIONS["Ganja: a city on the Silk Road"],
            venues=[
                PlanVenue(site=sites["aziret"], position=1, opens_on=date(2026, 12, 4), closes_on=date(2027, 1, 31)),
                PlanVenue(site=sites["ganja"], position=2, opens_on=date(2027, 2, 20), closes_on=date(2027, 4, 11)),
            ],
            loans=[
                LoanObject(
                    lender=ganja,
                    inventory_number="GQ-1987-014",
                    title="Glazed ceramic bowl, 12th century",
                    loan_from=date(2026, 11, 20),
                    loan_to=date(2027, 4, 30),
                    insurance_value=Decimal("45000.00"),
                    insurance_currency="EUR",
                    condition_departure="Hairline crack on the rim, stable.",
                ),
                LoanObject(
                    lender=ganja,
                    inventory_number="GQ-2004-231",
                    title="Bronze oil lamp",
                    loan_from=date(2026, 11, 20),
                    loan_to=date(2027, 4, 30),
                    insurance_value=Decimal("12000.00"),
                    insurance_currency="EUR",
                ),
                LoanObject(
                    lender=ganja,
                    inventory_number="GQ-2011-077",
                    title="Gold earring with filigree",
                    loan_from=date(2026, 11, 20),
                    loan_to=date(2027, 4, 30),
                    insurance_value=Decimal("30000.00"),
                    insurance_currency="EUR",
                ),
            ],
            events=[
                Event(
                    uid="demo-silk-road-turkestan@mou-planner",
                    title="Ganja: a city on the Silk Road (Turkestan)",
                    kind="other",
                    all_day=True,
                    timezone="Asia/Almaty",
                    site=sites["aziret"],
                    start_date=date(2026, 12, 4),
                    end_date=date(2027, 2, 1),
                ),
                Event(
                    uid="demo-silk-road-opening@mou-planner",
                    title="Opening of the exhibition in Turkestan",
                    kind="opening",
                    timezone="Asia/Almaty",
                    site=sites["aziret"],
                    starts_at=timed("2026-12-04T16:00", "Asia/Almaty"),
                    ends_at=timed("2026-12-04T18:00", "Asia/Almaty"),
                    held=True,  # two days ago: its results are in (issue #30)
                    attendance_on_site=240,
                ),
                Event(
                    uid="demo-silk-road-ganja@mou-planner",
                    title="Ganja: a city on the Silk Road (Ganja)",
                    kind="other",
                    all_day=True,
                    timezone="Asia/Baku",
                    site=sites["ganja"],
                    start_date=date(2027, 2, 20),
                    end_date=date(2027, 4, 12),
                ),
            ],
        ),
        dict(
            agreement="ganja",
            articles=[5],
            kind="webinar",
            status="scheduled",
            lead_institution=aziret,
            partners=[ganja],
            terms="free_of_charge",
            online_url="https://meet.example.org/heritage-tuesdays",
            title={
                "en": "Heritage Tuesdays: a webinar series",
                "az": "İrs çərşənbə axşamları: vebinar silsiləsi",
                "kk": "Мұра сейсенбілері: вебинарлар сериясы",
                "ru": "Наследие по вторникам: серия вебинаров",
            },
            description=PLAN_DESCRIPTIONS["Heritage Tuesdays: a webinar series"],
            events=[
                Event(
                    uid="demo-heritage-tuesdays@mou-planner",
                    title="Heritage Tuesdays",
                    kind="session",
                    timezone="Asia/Baku",
                    online_url="https://meet.example.org/heritage-tuesdays",
                    starts_at=timed("2026-12-01T11:00", "Asia/Baku"),
                    ends_at=timed("2026-12-01T12:30", "Asia/Baku"),
                    recurrence_frequency="weekly",
                    recurrence_count=10,
                    excluded_dates=["2026-12-29T11:00:00"],
                )
            ],
        ),
        dict(
            agreement="ganja",
            articles=[3],
            kind="staff_exchange",
            status="proposed",
            lead_institution=ganja,
            partners=[aziret],
            terms="free_of_charge",
            title={
                "en": "Exchange of conservators, spring 2027",
                "az": "Bərpaçıların mübadiləsi, 2027-ci ilin yazı",
                "kk": "Реставраторлар алмасуы, 2027 жылдың көктемі",
                "ru": "Обмен реставраторами, весна 2027 года",
            },
            description=PLAN_DESCRIPTIONS["Exchange of conservators, spring 2027"],
            people=[
                Participant(
                    name="Leyla Məmmədova",
                    role="Conservator",
                    home_institution=ganja,
                    host_institution=aziret,
                    from_date=date(2027, 3, 1),
                    to_date=date(2027, 3, 14),
                ),
                Participant(
                    name="Әйгерім Төлегенова",
                    role="Archaeologist",
                    home_institution=aziret,
                    host_institution=ganja,
                    from_date=date(2027, 4, 5),
                    to_date=date(2027, 4, 16),
                ),
            ],
            events=[
                Event(
                    uid="demo-exchange-ganja-visit@mou-planner",
                    title="Conservator from Ganja in Turkestan",
                    kind="visit",
                    all_day=True,
                    timezone="Asia/Almaty",
                    site=sites["aziret"],
                    start_date=date(2027, 3, 1),
                    end_date=date(2027, 3, 15),
                    status="tentative",
                )
            ],
        ),
        dict(
            agreement="ganja",
            articles=[2, 3],
            kind="heritage_route",
            status="proposed",
            lead_institution=aziret,
            partners=[ganja],
            terms="free_of_charge",
            title={
                "en": "Study trip: from Ganja to Turkestan",
                "az": "Tədris səfəri: Gəncədən Türküstana",
                "kk": "Оқу сапары: Гянжадан Түркістанға",
                "ru": "Учебная поездка: из Гянджи в Туркестан",
            },
            description=PLAN_DESCRIPTIONS["Study trip: from Ganja to Turkestan"],
            stops=[
                RouteStop(site=sites["ganja"], position=1, arrival=date(2027, 5, 10), departure=date(2027, 5, 12)),
                RouteStop(site=sites["carpet"], position=2, arrival=date(2027, 5, 12), departure=date(2027, 5, 14)),
                RouteStop(site=sites["aziret"], position=3, arrival=date(2027, 5, 15), departure=date(2027, 5, 18)),
            ],
            events=[
                Event(
                    uid="demo-study-trip@mou-planner",
                    title="Study trip: from Ganja to Turkestan",
                    kind="travel",
                    all_day=True,
                    timezone="Asia/Baku",
                    site=sites["ganja"],
                    start_date=date(2027, 5, 10),
                    end_date=date(2027, 5, 19),
                )
            ],
        ),
        dict(
            agreement="carpet",
            articles=[4],
            kind="exhibition",
            status="proposed",
            lead_institution=carpet,
            partners=[aziret],
            terms="compensated",
            project_agreement_ref="CM-AS/2026/03",
            project_agreement_date=date(2026, 10, 15),
            title={
                "en": "Carpets of the Great Steppe",
                "az": "Böyük Çölün xalçaları",
                "kk": "Ұлы Даланың кілемдері",
                "ru": "Ковры Великой степи",
            },
            description=PLAN_DESCRIPTIONS["Carpets of the Great Steppe"],
            venues=[
                PlanVenue(site=sites["aziret"], position=1, opens_on=date(2027, 6, 1), closes_on=date(2027, 8, 31))
            ],
            costs=[
                CostItem(
                    payer=carpet,
                    category="transport",
                    description="Packing and transport to Turkestan",
                    amount=Decimal("8500.00"),
                    currency="AZN",
                ),
                CostItem(
                    payer=carpet,
                    category="insurance",
                    description="Nail-to-nail insurance",
                    amount=Decimal("3200.00"),
                    currency="AZN",
                ),
                CostItem(
                    payer=aziret,
                    category="venue",
                    description="Exhibition hall and installation",
                    amount=Decimal("1500000.00"),
                    currency="KZT",
                ),
                CostItem(
                    payer=aziret,
                    category="per_diem",
                    description="Courier's per diem, 5 days",
                    amount=Decimal("250000.00"),
                    currency="KZT",
                ),
            ],
            events=[
                Event(
                    uid="demo-carpets-steppe@mou-planner",
                    title="Carpets of the Great Steppe",
                    kind="other",
                    all_day=True,
                    timezone="Asia/Almaty",
                    site=sites["aziret"],
                    start_date=date(2027, 6, 1),
                    end_date=date(2027, 9, 1),
                )
            ],
        ),
        dict(
            agreement="art",
            articles=[1, 3],
            kind="conservation",
            status="scheduled",
            lead_institution=uzbek,
            partners=[art],
            terms="free_of_charge",
            title={
                "en": "Conservation workshop on oil paintings",
                "az": "Yağlı boya əsərlərinin bərpası üzrə seminar",
                "kk": "Майлы бояу картиналарын қалпына келтіру семинары",
                "ru": "Реставрационный семинар по масляной живописи",
            },
            description=PLAN_DESCRIPTIONS["Conservation workshop on oil paintings"],
            events=[
                Event(
                    uid="demo-conservation-workshop@mou-planner",
                    title="Conservation workshop on oil paintings",
                    kind="session",
                    timezone="Asia/Tashkent",
                    site=sites["uzbek"],
                    starts_at=timed("2027-02-08T10:00", "Asia/Tashkent"),
                    ends_at=timed("2027-02-08T16:00", "Asia/Tashkent"),
                    recurrence_frequency="daily",
                    recurrence_count=5,
                )
            ],
        ),
        dict(
            agreement="izmir",
            articles=[1],
            kind="exhibition",
            status="proposed",
            lead_institution=art,
            partners=[inst["ege"]],
            terms="free_of_charge",
            title={
                "en": "Turkish works from the National Art Museum, in Izmir",
                "az": "Milli İncəsənət Muzeyindən türk əsərləri İzmirdə",
                "kk": "Ұлттық өнер музейінен түрік туындылары Измирде",
                "ru": "Турецкие произведения из Национального музея искусств в Измире",
            },
            description=PLAN_DESCRIPTIONS["Turkish works from the National Art Museum, in Izmir"],
            venues=[PlanVenue(site=sites["ege"], position=1, opens_on=date(2027, 9, 15), closes_on=date(2027, 11, 15))],
        ),
        # The draft: the Ganja reserve prepares it alone; Turkestan sees nothing until it is proposed.
        dict(
            agreement="ganja",
            articles=[2],
            kind="research",
            status="draft",
            lead_institution=ganja,
            partners=[aziret],
            terms="free_of_charge",
            title={
                "en": "Caravanserai survey along the Ganja road",
                "az": "Gəncə yolu boyunca karvansaraların tədqiqi",
                "kk": "Гянжа жолы бойындағы керуен-сарайларды зерттеу",
                "ru": "Обследование караван-сараев вдоль Гянджинской дороги",
            },
            description=PLAN_DESCRIPTIONS["Caravanserai survey along the Ganja road"],
            events=[
                Event(
                    uid="demo-caravanserai-survey@mou-planner",
                    title="Caravanserai survey: field week",
                    kind="visit",
                    all_day=True,
                    timezone="Asia/Baku",
                    site=sites["ganja"],
                    start_date=date(2027, 4, 12),
                    end_date=date(2027, 4, 17),
                )
            ],
        ),
    ]


# The demo events' titles in the other three languages (the English one is in the event itself).
EVENT_TITLES = {
    "demo-silk-road-turkestan@mou-planner": {
        "az": "Gəncə: İpək Yolu üzərində şəhər (Türküstan)",
        "kk": "Гянжа: Жібек жолындағы қала (Түркістан)",
        "ru": "Гянджа: город на Шёлковом пути (Туркестан)",
    },
    "demo-silk-road-opening@mou-planner": {
        "az": "Türküstanda sərginin açılışı",
        "kk": "Түркістандағы көрменің ашылуы",
        "ru": "Открытие выставки в Туркестане",
    },
    "demo-silk-road-ganja@mou-planner": {
        "az": "Gəncə: İpək Yolu üzərində şəhər (Gəncə)",
        "kk": "Гянжа: Жібек жолындағы қала (Гянжа)",
        "ru": "Гянджа: город на Шёлковом пути (Гянджа)",
    },
    "demo-heritage-tuesdays@mou-planner": {
        "az": "İrs çərşənbə axşamları",
        "kk": "Мұра сейсенбілері",
        "ru": "Наследие по вторникам",
    },
    "demo-exchange-ganja-visit@mou-planner": {
        "az": "Gəncədən olan bərpaçı Türküstanda",
        "kk": "Гянжадан келген реставратор Түркістанда",
        "ru": "Реставратор из Гянджи в Туркестане",
    },
    "demo-study-trip@mou-planner": {
        "az": "Tədris səfəri: Gəncədən Türküstana",
        "kk": "Оқу сапары: Гянжадан Түркістанға",
        "ru": "Учебная поездка: из Гянджи в Туркестан",
    },
    "demo-carpets-steppe@mou-planner": {
        "az": "Böyük Çölün xalçaları",
        "kk": "Ұлы Даланың кілемдері",
        "ru": "Ковры Великой степи",
    },
    "demo-caravanserai-survey@mou-planner": {
        "az": "Karvansaraların tədqiqi: çöl həftəsi",
        "kk": "Керуен-сарайларды зерттеу: далалық апта",
        "ru": "Обследование караван-сараев: полевая неделя",
    },
    "demo-conservation-workshop@mou-planner": {
        "az": "Yağlı boya əsərlərinin bərpası üzrə seminar",
        "kk": "Майлы бояу картиналарын қалпына келтіру семинары",
        "ru": "Реставрационный семинар по масляной живописи",
    },
}


def seed(password: str | None = None) -> tuple[int, list[tuple[str, str, str]]]:
    seeder = Seeder()
    logins = seeder.run(password)
    return seeder.added, logins
