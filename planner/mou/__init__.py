"""The MoU reader: pure functions from the text of a memorandum to its structure."""

from planner.mou.reader import (
    MouError,
    classify_activities,
    decode_document,
    detect_language,
    find_articles,
    find_discrepancies,
    parse_mou,
    read_cost_rules,
    read_term,
    split_versions,
)

__all__ = [
    "MouError",
    "classify_activities",
    "decode_document",
    "detect_language",
    "find_articles",
    "find_discrepancies",
    "parse_mou",
    "read_cost_rules",
    "read_term",
    "split_versions",
]
