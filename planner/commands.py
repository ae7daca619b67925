"""What every command of `flask --app wsgi ...` shares, for planner/cli.py and each domain's
cli.py alike (so that a domain's commands need not import the application's CLI module)."""

from __future__ import annotations

import functools
import sys

import click
from sqlalchemy.exc import OperationalError

from planner.unit_of_work import unit_of_work


def database_command(command):
    """The command runs as one unit of work (planner/unit_of_work.py: committed when it ends,
    rolled back when it fails or exits with an error); an unreachable or unmigrated database
    gives one line on stderr and exit status 1."""

    @functools.wraps(command)
    def guarded(*args, **kwargs):
        try:
            with unit_of_work():
                return command(*args, **kwargs)
        except OperationalError as failure:
            reason = str(failure.orig).strip().splitlines()[0] if failure.orig else failure.__class__.__name__
            click.echo(
                f"error: the database is unavailable or not migrated ({reason}); "
                "check DATABASE_URL and run `flask --app wsgi db upgrade`",
                err=True,
            )
            sys.exit(1)

    return guarded
