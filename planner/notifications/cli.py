"""`flask --app wsgi notify send|due`: the outbox leaves, reminders are raised (for cron)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from planner.commands import database_command

notify_cli = AppGroup("notify", help="Notifications: send the e-mail outbox, raise reminders, send the daily digests.")


def _sent(report) -> str:
    return (
        f"e-mail: {report.sent} sent, {report.failed} failed (retried later), {report.dropped} dropped "
        f"(recipient deactivated or may no longer read it), {report.waiting} waiting"
    )


@notify_cli.command("send")
@click.option("--seconds", type=click.FloatRange(min=0), default=240.0, show_default=True, help="Stop after this long.")
@database_command
def send(seconds: float) -> None:
    """Send every e-mail due in the outbox, in batches, for at most --seconds (nothing without MAIL_SERVER)."""
    from flask import current_app

    from planner.notifications.mail import send_outbox

    if not current_app.config.get("MAIL_SERVER"):
        click.echo("e-mail: MAIL_SERVER is not set; nothing is sent")
        return
    click.echo(_sent(send_outbox(seconds=seconds)))


@notify_cli.command("due")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day to run for (default: today).")
@database_command
def due(today) -> None:
    """Raise the reminders due today (each once), then send the outbox; one line of counts."""
    from flask import current_app

    from planner.notifications.mail import send_outbox
    from planner.notifications.reminders import raise_due_once
    from planner.tasks.reminders import raise_task_reminders_once

    day = today.date() if today else date.today()
    raised = raise_due_once(day)
    raised["task_due"] = raise_task_reminders_once(day)
    said = [
        f"{kind}: {raised.get(kind, 0)} raised"
        for kind in ("notice_deadline", "period_end", "event_soon", "permit_return", "task_due")
    ]
    if current_app.config.get("MAIL_SERVER"):
        said.append(_sent(send_outbox()))
    click.echo("; ".join(said))


@notify_cli.command("digest")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day to run for (default: today).")
@database_command
def digest(today) -> None:
    """Send the daily digest to every user who chose it: one e-mail a day listing their unread
    notifications, each listed once (nothing without MAIL_SERVER)."""
    from flask import current_app

    from planner.notifications.mail import send_digests

    if not current_app.config.get("MAIL_SERVER"):
        click.echo("e-mail: MAIL_SERVER is not set; nothing is sent")
        return
    report = send_digests(today.date() if today else date.today())
    click.echo(f"digest: {report.sent} sent, {report.failed} failed (retried by the next run)")
