"""`flask --app wsgi notify send|due`: the outbox leaves, reminders are raised (for cron)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from planner.cli import database_command

notify_cli = AppGroup("notify", help="Notifications: send the e-mail outbox, raise reminders.")


def _print_sent(report) -> None:
    click.echo(f"e-mail: {report.sent} sent, {report.failed} failed (retried later), {report.waiting} waiting")


@notify_cli.command("send")
@database_command
def send() -> None:
    """Send the e-mails waiting in the outbox (nothing without MAIL_SERVER)."""
    from flask import current_app

    from planner.notifications.mail import send_outbox

    if not current_app.config.get("MAIL_SERVER"):
        click.echo("e-mail: MAIL_SERVER is not set; nothing is sent")
        return
    _print_sent(send_outbox())


@notify_cli.command("due")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day to run for (default: today).")
@database_command
def due(today) -> None:
    """Raise the reminders due today (each once), then send the outbox (the outbox's sender
    commits each message it claims, and with the first one the reminders raised here)."""
    from flask import current_app

    from planner.notifications.mail import send_outbox
    from planner.notifications.reminders import raise_due

    day = today.date() if today else date.today()
    raised = raise_due(day)
    for kind in ("notice_deadline", "period_end", "event_soon"):
        click.echo(f"{kind}: {raised.get(kind, 0)} raised")
    if current_app.config.get("MAIL_SERVER"):
        _print_sent(send_outbox())
