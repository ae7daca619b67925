"""The activity vocabulary: the keys used everywhere (article activities, plan kinds, API)."""

ACTIVITY_KINDS = (
    "exhibition",
    "webinar",
    "seminar",
    "conference",
    "staff_exchange",
    "heritage_route",
    "working_group",
    "research",
    "conservation",
    "training",
    "publication_exchange",
    "festival",
    "film",
    "photography",
    "crafts",
    "information_exchange",
)
