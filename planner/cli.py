"""Command-line interface: `flask --app wsgi demo|mou|feeds|users ...` (see DESIGN.md)."""

from __future__ import annotations

import json
import sys
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from planner.commands import database_command
from planner.extensions import db

demo_cli = AppGroup("demo", help="Demo and synthetic data.")
mou_cli = AppGroup("mou", help="Read memoranda of understanding.")
feeds_cli = AppGroup("feeds", help="Calendar feeds.")
users_cli = AppGroup("users", help="User accounts.")
data_cli = AppGroup("data", help="Export and import everything as JSON.")


@demo_cli.command("seed")
@click.option("--password", help="Password for every demo user (default: a random one each, printed).")
@database_command
def demo_seed(password: str | None) -> None:
    """Load the institutions, agreements, plans, events and users of the seed documents."""
    from planner.demo.seed import seed

    added, logins = seed(password)
    click.echo(f"demo data: {added} records added")
    if logins:
        click.echo("demo log-ins (for demonstration only):")
        for username, role, secret in logins:
            click.echo(f"  {username:<18} {role:<8} {secret}")


@demo_cli.command("synth")
@click.option("--agreements", type=click.IntRange(1, 100_000), default=10, show_default=True)
@click.option("--plans", type=click.IntRange(1, 1_000_000), default=100, show_default=True)
@click.option("--events", type=click.IntRange(0, 5_000_000), default=1000, show_default=True)
@click.option("--sites", type=click.IntRange(0, 1_000_000), default=50, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@database_command
def demo_synth(agreements: int, plans: int, events: int, sites: int, seed: int) -> None:
    """Add a deterministic synthetic dataset (bulk inserts) for benchmarks."""
    import time

    from planner.demo.synth import synthesize

    started = time.perf_counter()
    counts = synthesize(agreements, plans, events, sites, seed)
    click.echo(
        ", ".join(f"{value} {name}" for name, value in counts.items())
        + f" written in {time.perf_counter() - started:.1f} s"
    )


def _read_mou_file(path: str) -> tuple[str, dict]:
    """Exit 2 with one line for anything the reader refuses (.txt, .md, .docx, .pdf, scans).
    A file of any size is read (the size limits belong to the web upload); a scan is recognised
    here, page after page (a console has no web worker to hold)."""
    from planner.agreements.importing import mou_error_message, read_upload
    from planner.mou import MouError, parse_mou

    try:
        with open(path, "rb") as handle:
            text = read_upload(path, handle.read(), None, limited=False)
        return text, parse_mou(text)
    except OSError as failure:
        click.echo(f"error: cannot read {path}: {failure.strerror}", err=True)
    except MouError as failure:
        with current_app.test_request_context():  # the message in the default language
            click.echo(f"error: {path}: {mou_error_message(failure)}", err=True)
    sys.exit(2)


@mou_cli.command("parse")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the reading as one JSON object.")
def mou_parse(path: str, as_json: bool) -> None:
    """Read an MoU file (.txt, .md, .docx, .pdf, or a scan: .pdf without text, .png, .jpg, .tif)
    and print what was found; writes nothing. A scan is recognised here and now, page after page
    (up to 20 pages, 60 s a page: the command waits; the page and the API recognise it outside
    the request)."""
    _, reading = _read_mou_file(path)
    if as_json:
        click.echo(json.dumps(reading, ensure_ascii=False, indent=2))
        return
    click.echo(f"languages: {', '.join(reading['languages'])}")
    for language, version in reading["versions"].items():
        click.echo(f"{language}: {len(version['articles'])} articles")
    if reading.get("instrument"):
        click.echo(f"instrument: {reading['instrument']['kind']} {reading['instrument'].get('number') or ''}".rstrip())
    for found in reading["discrepancies"]:
        click.echo(
            f"discrepancy: {found['kind']} ({found.get('language')}, article {found.get('article')}): {found['detail']}"
        )
    for found in reading.get("warnings", []):
        click.echo(f"warning: {found['kind']}: {found['detail']}")


@mou_cli.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@database_command
def mou_import(path: str) -> None:
    """Store an MoU file as a draft agreement with its articles, its short titles, signing
    date and place, term and the known institutions it names as parties (with their
    signatories per language), as the page's preview would; print its id. A scan is
    recognised here and now, page after page (the command waits)."""
    from planner.agreements.importing import suggested_choices
    from planner.agreements.operations import import_agreement

    text, reading = _read_mou_file(path)
    agreement = import_agreement(reading, text, None, suggested_choices(reading))
    click.echo(agreement.id)


@feeds_cli.command("urls")
@click.option("--user", "username", required=True)
@database_command
def feeds_urls(username: str) -> None:
    """Print the path (with token) of every feed the user may subscribe to, one per line."""
    from planner.accounts.models import User
    from planner.schedule.feeds import feed_paths_for

    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        click.echo(f"error: no user named {username}", err=True)
        sys.exit(2)
    for path in feed_paths_for(user):
        click.echo(path)


@feeds_cli.command("prune")
@click.option("--days", default=7, show_default=True, type=click.IntRange(min=0), help="Keep replaced texts this long.")
@database_command
def feeds_prune(days: int) -> None:
    """Remove the stored texts that newer versions replaced more than DAYS ago (each event keeps
    its newest text in every language, which requests serve while a build is under way), and the
    whole feeds written more than DAYS ago (a feed's whole is made again each day it is asked for)."""
    from planner.schedule.feed_store import feed_store, prune_replaced
    from planner.schedule.feed_wholes import whole_store

    age = timedelta(days=days)
    texts, wholes = prune_replaced(age), whole_store(feed_store()).prune(age)
    click.echo(f"{texts} replaced texts removed, {wholes} whole feeds removed")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "curator", "staff", "partner", "observer"]), required=True)
@click.option("--institution", "institution_id", type=int)
@click.option(
    "--observes",
    "observed",
    type=int,
    multiple=True,
    help="An observer: an institution whose reports it reads (repeat).",
)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@database_command
def users_create(
    username: str, role: str, institution_id: int | None, observed: tuple[int, ...], password: str
) -> None:
    """Add a user account (an observer, a ministry or governing body, reads the agreements and
    reports of the institutions given with --observes, and nothing else)."""
    from planner.accounts.administration import register_account
    from planner.accounts.models import User
    from planner.accounts.passwords import password_problems
    from planner.agreements.models import Institution

    problems = password_problems(password, username)
    if problems:
        click.echo("error: " + " ".join(problems), err=True)
        sys.exit(2)
    if db.session.scalar(select(User).where(User.username == username)):
        click.echo(f"error: {username} exists already", err=True)
        sys.exit(2)
    if institution_id is not None and db.session.get(Institution, institution_id) is None:
        click.echo(f"error: no institution with id {institution_id}", err=True)
        sys.exit(2)
    if role in ("curator", "partner") and institution_id is None:
        click.echo(f"error: a {role} belongs to an institution: give --institution ID", err=True)
        sys.exit(2)
    if observed and role != "observer":
        click.echo("error: --observes is for observers (--role observer)", err=True)
        sys.exit(2)
    missing = [i for i in observed if db.session.get(Institution, i) is None]
    if missing:
        click.echo(f"error: no institution with id {missing[0]}", err=True)
        sys.exit(2)
    user = register_account(
        username=username, role=role, institution_id=institution_id, password=password, observed=observed
    )
    click.echo(f"user {username} ({role}) created with id {user.id}")


@data_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False))
@database_command
def data_export(path: str) -> None:
    """Write every table to FILE as JSON, readable by its owner only: it holds credential
    material (password hashes, token hashes, feed nonces)."""
    from planner.transfer.database import write_export

    click.echo(f"{write_export(path)} rows written to {path}")
    click.echo(
        f"{path} holds credential material (password hashes, token hashes, feed nonces): "
        "it is readable by you only (mode 0600); keep it safe and delete it when done"
    )


@data_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@database_command
def data_import(path: str) -> None:
    """Restore an export into an empty database."""
    from planner.transfer.database import database_is_empty, import_everything

    if not database_is_empty():
        click.echo("error: the database is not empty; import restores into an empty database only", err=True)
        sys.exit(2)
    try:
        with open(path, encoding="utf-8") as handle:
            count = import_everything(json.load(handle))
    except (ValueError, KeyError) as failure:
        click.echo(f"error: {path}: {failure}", err=True)
        sys.exit(2)
    click.echo(f"{count} rows imported")


search_cli = AppGroup("search", help="The search index.")


@search_cli.command("reindex")
def search_reindex() -> None:
    """Rebuild the search index (after loading data around the ORM, e.g. `demo synth`)."""
    from planner.search.indexing import reindex_everything

    click.echo(f"{reindex_everything(db.session)} records indexed")


def register(app: Flask) -> None:
    from planner.notifications.cli import notify_cli

    for group in (demo_cli, mou_cli, feeds_cli, users_cli, data_cli, search_cli, notify_cli):
        app.cli.add_command(group)
