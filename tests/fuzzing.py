"""The fuzz harness's parts: hostile values, the fields of a page's form read from its HTML,
every output of the Ganja partnership (pages, feeds, CSV, GeoJSON, GPX, API JSON) and the
parser each must pass."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree import ElementTree

import icalendar
from hypothesis import strategies as st

# Control characters, bidi override, markup, formula prefixes, 10,000 characters.
NASTY = [
    "\r",
    "\n",
    "a\r\nb",
    "\x00",
    "x\x00y",
    "x\u2028y",
    "\u202eevil.exe",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<b>&amp;</b>",
    "=1+2",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\tx",
    "\rx",
    "x" * 10_000,
    "${alert(1)}",
    "]]>",
    "\\",
    "\x01\x0b\x1f",
    "BEGIN:VEVENT",
    "a;b,c:d",
]
OUT_OF_RANGE = ["2147483648", "9223372036854775808", "-1", "0", "1e309", "-2147483649", "99999-01-01", "0000-00-00"]
TEXT = st.one_of(
    st.sampled_from(NASTY + OUT_OF_RANGE),
    st.text(alphabet=st.sampled_from("aЖə\r\n\x00\u2028\u202e<>&\"'=+-@\t;,:\\"), max_size=30),
)
# JSON can carry what a form cannot: lone surrogates and numbers of any size.
JSON_VALUE = st.one_of(
    TEXT,
    st.sampled_from(["\ud800", "x\udfff", 2**31, 2**63, -1, 0, 10**30, 1.5, -0.0, True, None, [], {}]),
)


class _FormReader(HTMLParser):
    """The named fields of the form with the given action, with the values a browser would send."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.values = action, False, {}
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "form":
            self.inside = (found.get("action") or "") == self.action
        elif self.inside and tag == "input" and found.get("name"):
            kind = found.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in found:
                return
            if kind not in ("submit", "button", "file"):
                self.values[found["name"]] = found.get("value") or ("y" if kind == "checkbox" else "")
        elif self.inside and tag == "select":
            self.select = found.get("name")
        elif self.inside and tag == "option" and self.select:
            if self.select not in self.values or "selected" in found:
                self.values[self.select] = found.get("value", "")
        elif self.inside and tag == "textarea" and found.get("name"):
            self.textarea = found["name"]
            self.values[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data


def form_fields(html: str, action: str = "") -> dict[str, str]:
    """What submitting the form (found by its action attribute; "" = the page itself) would send."""
    reader = _FormReader(action)
    reader.feed(html)
    return reader.values


def submit_form(client, page: str, changes: dict, action: str = "", **kwargs):
    """Post the form of `page` (found by its action) as a browser would, with `changes` typed in
    (None: the field is not sent, as an unticked checkbox)."""
    sent = form_fields(client.get(page).get_data(as_text=True), action)
    sent.update(changes)
    sent = {name: value for name, value in sent.items() if value is not None}
    return client.post(action or page, data=sent, **kwargs)


def parse_ical(body: bytes) -> None:
    """icalendar reads it, and every content line ends at a CRLF (no bare CR or LF inside)."""
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar.name == "VCALENDAR"
    list(calendar.walk())
    for line in body.split(b"\r\n"):
        assert b"\r" not in line and b"\n" not in line, line[:200]


def parse_csv(body: bytes) -> None:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell[:80]


def parse_json(body: bytes) -> None:
    json.loads(body)


def parse_gpx(body: bytes) -> None:
    ElementTree.fromstring(body)


class _Html(HTMLParser):
    pass


def parse_html(body: bytes) -> None:
    text = body.decode("utf-8")
    _Html().feed(text)
    assert "<script>alert(1)</script>" not in text


PARSERS = {
    "html": parse_html,
    "ics": parse_ical,
    "csv": parse_csv,
    "json": parse_json,
    "gpx": parse_gpx,
    "xml": parse_gpx,  # any XML: CollectionSpace's import document
}


@dataclass
class World:
    """The Ganja partnership's ids, the curator's feed secret and API token."""

    agreement: int
    plan: int  # the exhibition (venues, loans, costs)
    route: int  # the heritage route (stops, GPX)
    exchange: int  # the staff exchange (participants)
    event: int
    institution: int
    site: int
    year: int
    feed: str
    token: str
    headers: dict = field(default_factory=dict)
    task: int = 0  # a task of the exhibition's checklist (issue #29)
    loan: int = 0  # the exhibition's loan (planner.loans)
    loan_object: int | None = None

    def outputs(self) -> list[tuple[str, str]]:
        """Every output of the records the harness changes, with its format."""
        feed = f"/feeds/{self.feed}"
        return [
            (f"/plans/{self.plan}", "html"),
            (f"/plans/{self.route}", "html"),
            (f"/plans/{self.exchange}", "html"),
            (f"/agreements/{self.agreement}", "html"),
            (f"/institutions/{self.institution}", "html"),
            (f"/sites/{self.site}", "html"),
            (f"/events/{self.event}", "html"),
            (f"/events/{self.event}.ics", "ics"),
            (f"{feed}/my.ics", "ics"),
            (f"{feed}/plans/{self.plan}.ics", "ics"),
            (f"{feed}/agreements/{self.agreement}.ics", "ics"),
            (f"{feed}/institutions/{self.institution}.ics", "ics"),
            (f"/agreements/{self.agreement}/report.csv?year={self.year}", "csv"),
            (f"/agreements/{self.agreement}/map.geojson", "json"),
            (f"/plans/{self.route}/route.gpx", "gpx"),
            (f"/api/v1/plans/{self.plan}", "json"),
            (f"/api/v1/plans/{self.plan}/comments", "json"),
            (f"/api/v1/plans/{self.route}", "json"),
            (f"/api/v1/agreements/{self.agreement}", "json"),
            (f"/api/v1/institutions/{self.institution}", "json"),
            (f"/api/v1/sites/{self.site}", "json"),
            (f"/api/v1/events/{self.event}", "json"),
            (f"/plans/{self.plan}/tasks", "html"),
            (f"/plans/{self.plan}/tasks.csv", "csv"),
            (f"/api/v1/plans/{self.plan}/tasks", "json"),
            *([(f"/loans/{self.loan}", "html"), (f"/api/v1/loans/{self.loan}", "json")] if self.loan else []),
            *self.loan_outputs(),
        ]

    def loan_outputs(self) -> list[tuple[str, str]]:
        if not self.loan:
            return []
        return [
            (f"/loans/{self.loan}/objects", "html"),
            (f"/loans/{self.loan}/spectrum.csv", "csv"),
            (f"/loans/{self.loan}/collectionspace.xml", "xml"),
            (f"/api/v1/loans/{self.loan}/spectrum.csv", "csv"),
            (f"/institutions/{self.institution}/objects", "html"),
        ]


def check_outputs(client, world: World) -> None:
    """No output answers 500, and every one that answers 200 parses with its format's parser."""
    for path, kind in world.outputs():
        headers = world.headers if path.startswith("/api/") else {}
        response = client.get(path, headers=headers)
        assert response.status_code < 500, (path, response.status_code)
        if response.status_code == 200:
            try:
                PARSERS[kind](response.data)
            except Exception as failure:  # name the output that broke
                raise AssertionError(f"{path} does not parse as {kind}: {failure!r}") from failure


def snapshot(client, world: World) -> list:
    """The API's view of every record the harness changes: equal before and after a refusal."""
    paths = [path for path, kind in world.outputs() if path.startswith("/api/")]
    found = []
    for path in paths:
        body = client.get(path, headers=world.headers).json
        found.append(body)
    return found


# Dates as a URL carries them: any day of years 1 to 9999, the edges of the accepted range
# (1900-01-01 to 2199-12-31) and just beyond, impossible and malformed ones, and hostile text.
DATE_EDGES = [
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "1900-01-01",
    "2199-12-31",
    "2200-01-01",
    "0000-00-00",
    "2026-02-30",
    "2026-13-01",
    "99999-01-01",
    "-2026-01-01",
    "2026-1-1",
    "2026-01-01T00:00",
    "20260101",
    "yesterday",
    "",
]
DATE = st.one_of(st.sampled_from(DATE_EDGES), st.dates().map(lambda day: day.isoformat()), TEXT)
