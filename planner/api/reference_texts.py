"""The API description's prose in the reader's language. The docstrings and the schemas' notes
stay the one source, and the OpenAPI JSON keeps them in English for programs; the reference
page, read by people, shows each in the reader's language. Every text is listed here once
through lazy gettext so that the catalogs hold it (tests/api/test_reference_languages.py fails
when the description has a text that is not translated)."""

from __future__ import annotations

import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

#: The notes every multilingual pair of fields carries (planner.api.schemas), said once each.
SINGLE_VALUE = re.compile(
    r"the English text, else the only one \(read\); written alone, it becomes the English value of `(\w+)`; "
    r"when `\1` is sent too, `\1` decides and this is derived from it"
)
PER_LANGUAGE = re.compile(
    r"One text per language: en, az, kk, ru \(`(\w+)` keeps the English or only one\); "
    r"sent, it replaces every language's value"
)
PATTERNS = (
    (
        SINGLE_VALUE,
        _l(
            "the English text, else the only one (read); written alone, it becomes the English value of "
            "`%(multi)s`; when `%(multi)s` is sent too, `%(multi)s` decides and this is derived from it"
        ),
    ),
    (
        PER_LANGUAGE,
        _l(
            "One text per language: en, az, kk, ru (`%(single)s` keeps the English or only one); sent, it "
            "replaces every language's value"
        ),
    ),
)

#: The summaries, descriptions and notes of the description, as its docstrings say them.
TEXTS = (
    _l("Institutions (museums, reserves, universities) and their sites."),
    _l("Agreements, their articles in every language version, protocols, and the MoU reader."),
    _l("Plans under an agreement, their kind-specific parts and two-party approval."),
    _l("Events of plans: timed or all-day, maybe recurring."),
    _l("Documents to sign: a plan's separate project agreement (Art. 6), PDF or Word."),
    _l("The institutions you may see, by id."),
    _l("Add an institution (administrators)."),
    _l(
        "Change an institution (administrators; curators their own). Send If-Match to be sure you change "
        "the version you read."
    ),
    _l("Remove an institution that nothing refers to (administrators)."),
    _l("The sites you may see, by id."),
    _l("Add a site (administrators and curators; a curator's site belongs to their institution)."),
    _l("Remove a site that no venue, route stop or event uses."),
    _l("The agreements you may see, by id; `from`/`to` bound the signing date."),
    _l(
        "Read a memorandum's text and store it as a draft agreement (administrators, curators); then set "
        "its parties and signing date with PATCH."
    ),
    _l(
        "Everything about one agreement: articles in each language version with the activities found in "
        "them, protocols, and the lifecycle dates as of today."
    ),
    _l(
        "Change the title, signing date, status, term, notice or parties (curators of a party, "
        "administrators). Send If-Match to be sure you change the version you read."
    ),
    _l(
        "On an agreement no longer a draft, a change of who the parties are does not take effect: it "
        "answers 202 with the pending amendment, which every current and every joining party approves "
        "(`POST .../amendments/<id>/approvals`); the other fields sent change at once."
    ),
    _l("Remove an agreement that has no plans (administrators); one with plans answers 409."),
    _l("Record a party's written notice of termination; the lifecycle then shows no renewal."),
    _l("Amend the agreement by a numbered protocol (amendments only in writing)."),
    _l(
        "The changes of parties proposed for this agreement, oldest first, with their status and who has "
        "approved them (whoever may read the agreement)."
    ),
    _l("One proposed change of parties."),
    _l(
        "A curator of a current or of a joining party approves the change for their institution; the last "
        "approval applies it (409 when already approved or no longer pending; 403 for an institution "
        "neither party nor joining)."
    ),
    _l(
        "An administrator applies a pending change of parties at once, without the missing approvals "
        "(audited; every party, current and joining, is told)."
    ),
    _l(
        "A curator of a current or joining party (the proposer's too: a withdrawal) or an administrator "
        "rejects a pending change of parties; it never takes effect (409 when no longer pending)."
    ),
    _l(
        "What the MoU reader finds in a text or an uploaded file (.txt, .md, .docx, .pdf): languages, "
        "articles and their clauses and activities, term, costs, signing, parties, a wrapping instrument, "
        "discrepancies and warnings; nothing is stored."
    ),
    _l("The plans you may see, by id; `from`/`to`: plans with an event in those days."),
    _l("Plan a concrete project under an agreement (curators of a party, administrators)."),
    _l(
        "Change a plan; a change to what was approved withdraws the approvals. Send If-Match to be sure you "
        "change the version you read."
    ),
    _l("Delete a plan (an administrator can restore it on its page)."),
    _l("Bring back a deleted plan (administrators). Others do not see deleted plans at all."),
    _l(
        "A curator of a party approves the exact content they read, named by its `fingerprint`; when every "
        "party has approved it, the plan is approved."
    ),
    _l(
        "Once every party has approved the plan's current content (409 before), a party's scan of its "
        "signed copy (multipart, the file in `file`): PDF, JPEG or PNG, its type checked from its content; "
        "the same file twice for one party and version is refused (409)."
    ),
    _l("The stored file, for whoever may read the plan, as a download (audited)."),
    _l(
        '"Propose to partners": a draft (or a plan changed as its partner requested) goes before the '
        "parties, who are notified once."
    ),
    _l("The plan's discussion, oldest first; each comment names the plan version it was written on."),
    _l(
        "Write in the plan's discussion (plain text); the other parties are notified. A comment is not "
        "content: the plan's version and fingerprint do not change."
    ),
    _l(
        "A partner's curator sends a proposed plan back with a required comment; it shows \"changes "
        'requested" until its content changes and it is proposed again.'
    ),
    _l("Add a venue to the plan. If-Match takes the plan's ETag."),
    _l("Change a venue of the plan. If-Match takes the plan's ETag."),
    _l("Remove a venue from the plan. If-Match takes the plan's ETag."),
    _l("Add a cost item to the plan. If-Match takes the plan's ETag."),
    _l("Change a cost item of the plan. If-Match takes the plan's ETag."),
    _l("Remove a cost item from the plan. If-Match takes the plan's ETag."),
    _l("Add a loan object to the plan. If-Match takes the plan's ETag."),
    _l("Change a loan object of the plan. If-Match takes the plan's ETag."),
    _l("Remove a loan object from the plan. If-Match takes the plan's ETag."),
    _l("Add a participant to the plan. If-Match takes the plan's ETag."),
    _l("Change a participant of the plan. If-Match takes the plan's ETag."),
    _l("Remove a participant from the plan. If-Match takes the plan's ETag."),
    _l("Add a route stop to the plan. If-Match takes the plan's ETag."),
    _l("Change a route stop of the plan. If-Match takes the plan's ETag."),
    _l("Remove a route stop from the plan. If-Match takes the plan's ETag."),
    _l("The events you may see, by start; `from`/`to`: events with an occurrence in those days."),
    _l(
        "Add an event to a plan (curators of a party, administrators). Without a time zone it takes the "
        "lead institution's."
    ),
    _l(
        "Change an event; its SEQUENCE grows so subscribed calendars replace their copy. Send If-Match to "
        "be sure you change the version you read."
    ),
    _l("Cancel an event: it stays in feeds as cancelled for 30 days, so calendars remove it."),
    _l(
        "The plan's project agreement to sign, in the parties' two languages (send Accept: application/pdf, "
        "or the Word type)."
    ),
    _l("the HTTP reason in snake_case"),
    _l("in the caller's language"),
    _l("field -> messages (nested for nested fields)"),
    _l("Total number of items."),
    _l("Total number of pages."),
    _l("First available page number."),
    _l("Last available page number."),
    _l("Current page number."),
    _l("Previous page number."),
    _l("Next page number."),
    _l("One text per language: en, az, kk, ru"),
    _l("ISO 3166-1 alpha-2, e.g. AZ, KZ, UZ"),
    _l("IANA zone, e.g. Asia/Baku"),
    _l('Languages its documents are signed in, ISO 639-1, in order, e.g. ["kk", "ru"]'),
    _l("the memorandum's text, every language version"),
    _l("the activity vocabulary of DESIGN.md"),
    _l("pending, applied (now the parties), rejected, or withdrawn"),
    _l("the parties proposed"),
    _l("institutions that join"),
    _l("institutions that leave"),
    _l("whose approval it needs: every current and every joining party"),
    _l("a short title per language version: the kind and the parties"),
    _l("a recognised scan: pages and mean confidence"),
    _l("1 = first; the others move along"),
    _l("1 = first stop; the others move along"),
    _l("the plan's `fingerprint` as you read it"),
    _l("the plan version it signs"),
    _l("it signs the plan's current content"),
    _l(
        "a new plan is a `draft` (its lead institution's alone) until `POST /plans/{id}/proposal`; then set "
        "by PATCH along the allowed steps; `approved` only by the parties' approvals, `changes_requested` "
        "only by `POST /plans/{id}/change-requests`"
    ),
    _l("article numbers it implements"),
    _l("what an approval approves"),
    _l("the latest upload among every party's signed copy of the current content; null until then"),
    _l("`comment` or `change_request`"),
    _l("the plan's fingerprint when written"),
    _l("the plan's version when written"),
    _l("wall-clock time in `timezone`, without an offset"),
    _l("After a change: what the rules warn of without refusing (a venue booked twice)"),
    _l("A curator of the other institution confirms the check (`agree`), or disagrees with a note."),
    _l("A leg of the journey; `departs_at`/`arrives_at` are wall-clock times in their zones."),
    _l("A new task template (administrators)."),
    _l(
        "An export permit of a country of departure (authority and document name from the country's "
        "template unless given); a granted one needs its number and issue date."
    ),
    _l("An institution's report across all its agreements the caller may read."),
    _l(
        "An object's condition at a checkpoint (JSON, or multipart with photos). The checker's "
        "institution is one of the loan's two; the other countersigns."
    ),
    _l("By event id: held (true, false or null), attendance_on_site, attendance_online"),
    _l(
        "Change a task (curators of the plan's parties): its texts, anchor, offset, side, proof, date "
        "(which pins it) or pin; `state` done (a file proof is given on the checklist page), "
        "not_applicable or open."
    ),
    _l("Change a task template (administrators): the checklists made afterwards follow it."),
    _l("Implementation reports: what an agreement or an institution produced in a period."),
    _l("Loans: one record per lender and borrower within a plan, its steps and proofs."),
    _l(
        "Move the loan one step (or cancel it). 409 when a proof is missing: `error.fields.missing` lists"
        " them (objects, signed_agreement, export_permit, departure_checks, insurance, insurance_period, "
        "insurance_sum, return_checks)."
    ),
    _l("Occurrences: held, attendance on site and online"),
    _l("One loan: status and history, both sides' institutions and references, objects."),
    _l("Per article: plans, by status, no_activity"),
    _l("Planned and actual per payer and currency"),
    _l("Record results (only the items sent change); not content, so approvals stand."),
    _l("Tasks: a plan's checklist counted back from its anchors, and the templates."),
    _l("The actual amount per cost id, in the cost's currency"),
    _l("The agreement's implementation report for a period (a calendar year by default)."),
    _l(
        "The condition report of one checkpoint (departure, arrival, installation, deinstallation, "
        "return), in the lender's and the borrower's languages, with the photos' thumbnails."
    ),
    _l(
        "The loan as CSV whose column headers are Spectrum 5.1 units of information (\"Loan out …\" for the"
        " lender's readers, \"Loan in …\" for the borrower's); importable again as an object list."
    ),
    _l(
        "The loan as CollectionSpace records for its import service (`<imports><import service=…>`): loan"
        " out or loan in by the reader's side, the objects, condition checks, insurance, movements."
    ),
    _l(
        "The loan's one insurance or indemnity record, replaced whole. `covers` says whether its period "
        "spans every object's loan period and its sums cover the values per currency."
    ),
    _l("The outcome per language (en, az, kk, ru)"),
    _l("The plan's checklist, by due date (undated last)."),
    _l("The plan's loans you may read (the lender's and the borrower's people)."),
    _l("The plans that count, with their outcome"),
    _l("The task templates, by plan kind and place; `plan_kind` narrows to one kind."),
    _l("Venue runs with dates and visitors"),
    _l("Visitors per venue run, by venue id"),
    _l("What happened: visitors, events held and attendance, actual costs, the outcome."),
    _l(
        "What the MoU reader finds in a text or an uploaded file (.txt, .md, .docx, .pdf, and scans .png,"
        " .jpg, .tif when Tesseract is installed): languages, articles and their clauses and activities, "
        "term, costs, signing, parties, signatories and their titles, a wrapping instrument, "
        "discrepancies and warnings; nothing is stored. A text, .docx or PDF with a text layer is answered "
        "here (200); a scan is recognised outside the request (up to 20 pages, 60 s a page): 202 with "
        "`Location: /api/v1/mou/scans/{job}`, where its progress and then the reading are."
    ),
    _l(
        "Where the recognition of a scan sent to /mou/parse is: queued or running (page k of `pages`), done "
        "with the reader's JSON in `result`, or failed with the reason in `error`; only for the user who "
        "sent it (404 for anyone else and any other job)."
    ),
    _l("queued (waiting for a free place), running, done or failed"),
    _l("the page being recognised, 1 to `pages`"),
    _l("the scan's pages, once counted"),
    _l("the reader's JSON, once done"),
    _l("why it failed: a code and a message in your language"),
    _l("a document kind, or a loan status"),
    _l("object ids"),
    _l("per language version, each signatory's title as signed (same order as signatories)"),
    _l("period and sums cover every object"),
    _l("the lender's country's export-permit lead time decides"),
    _l("whether a proof file is stored"),
    _l("{kind: agreement or institution, id}"),
    _l(
        "A condition check's photo or its thumbnail (`attachment_id` or `thumbnail_id` in "
        "`condition_checks[].photos`), as the loan page serves it."
    ),
    _l(
        "A participant of the plan accompanies the objects (optionally on a leg of this loan), with the "
        "days they travel out and back."
    ),
    _l("A picture of one of the loan's objects (its `id` in `objects[].images`)."),
    _l(
        "A picture of the object (multipart, the file in `file`): JPEG or PNG, stored without its camera "
        "data, with a thumbnail; at most 12 per object."
    ),
    _l(
        "An object's description: dimensions with their unit, materials, date or period, credit line (one"
        " text per language; sent, it replaces every language's). Only the fields sent change; the plan's"
        " approval is untouched."
    ),
    _l(
        "Change a permit, typically `{\"status\": \"granted\", \"number\": …, \"issued_on\": …, \"return_by\": …}` "
        "as the page's \"granted\" form: a granted permit needs its number and issue date (422 otherwise). "
        "Only the fields sent change."
    ),
    _l(
        "Each side's own reference (a curator sets their institution's side only: 403 for the other; an "
        "administrator either), and the borrower (the lender's side, while the loan is requested: another"
        " party of the plan). Only the fields sent change; the borrower first."
    ),
    _l(
        "One loan: status and history, both sides' institutions and references, objects with their "
        "description and pictures, condition checks, insurance (sums per currency), transport legs, "
        "couriers and permits."
    ),
    _l("Remove a picture of one of the loan's objects."),
    _l("The picture's thumbnail (JPEG), or the picture when it has none."),
    _l(
        "The signed loan agreement (multipart, the file in `file`; its type checked from its content): "
        "proof for \"agreed\" without the plan's signed project agreement. A new one replaces the last."
    ),
    _l("The signed loan agreement, for whoever may read the loan (404 when none is attached)."),
    _l("a leg of this loan"),
    _l("a participant of the loan's plan"),
    _l("another party of the plan"),
    _l("attachment id"),
)


def prose(text: str | None) -> str:
    """One text of the description in the reader's language (its line breaks, from docstrings,
    are spaces), or as it is when no catalog has it."""
    if not text:
        return ""
    text = " ".join(text.split())
    for pattern, message in PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            name = found.group(1)
            return str(message) % ({"multi": name} if pattern is SINGLE_VALUE else {"single": name})
    return gettext(text)
