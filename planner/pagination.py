"""Page numbers from the query string, kept in a range the database can offset by."""
from flask import request

MAX_PAGE = 10_000


def page_number() -> int:
    """`?page=` as an int in 1..MAX_PAGE; junk, negatives and huge values are clamped."""
    page = request.args.get("page", 1, type=int) or 1
    return min(max(page, 1), MAX_PAGE)
