"""Timelines (issue #29): a plan's checklist counted back from its anchors (the opening, a loan's
departure...), made from its kind's template, moving with its dates unless pinned."""
