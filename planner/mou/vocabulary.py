"""The keys the reader and the term arithmetic share, used everywhere: the activities (article
activities, plan kinds, API) and the units of a notice period. Their labels: `planner.vocabulary`."""

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

NOTICE_UNITS = ("day", "week", "month", "year")  # with labels: vocabulary.NoticeUnit
