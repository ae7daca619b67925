"""The MoU reader: pure functions from a memorandum (text, Word or PDF) to its structure."""

from planner.mou.activities import classify_activities
from planner.mou.discrepancies import find_discrepancies
from planner.mou.errors import MouError
from planner.mou.files import decode_document, read_document
from planner.mou.languages import detect_language
from planner.mou.reader import find_articles, parse_mou
from planner.mou.structure import split_versions
from planner.mou.terms import read_costs, read_term

__all__ = [
    "MouError",
    "classify_activities",
    "decode_document",
    "detect_language",
    "find_articles",
    "find_discrepancies",
    "parse_mou",
    "read_costs",
    "read_document",
    "read_term",
    "split_versions",
]
