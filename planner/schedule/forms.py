from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DateTimeLocalField, FormField, IntegerField, SelectField, StringField
from wtforms.validators import URL, Length, NumberRange, Optional, ValidationError

from planner.forms import PlannerForm, ZoneField, multilingual_form
from planner.plans.events import EVENT_KINDS
from planner.plans.recurrence import FREQUENCIES
from planner.schedule.editing import RECURRENCE_ERRORS  # noqa: F401  (said once, for forms and operations)
from planner.timezones import wall_clock_note, wall_clock_problem
from planner.vocabulary import EventStatus, status_label


class EventForm(PlannerForm):
    version_id = IntegerField(validators=[Optional()])
    title = FormField(multilingual_form(200), label=_l("Title"))
    description = FormField(multilingual_form(5000, textarea=True, english_required=False), label=_l("Description"))
    kind = SelectField(_l("Kind"), choices=[])
    status = SelectField(_l("Status"), choices=[])
    site_id = SelectField(_l("Venue"), coerce=int)
    online_url = StringField(
        _l("Online link"),
        validators=[Optional(), Length(max=500), URL(message=_l("Give a full web address starting with https://."))],
    )
    all_day = BooleanField(_l("All day"))
    timezone = ZoneField(_l("Time zone"), blank=_l("The lead institution’s zone"))
    starts_local = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    ends_local = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    start_date = DateField(_l("First day"), validators=[Optional()])
    end_date = DateField(_l("Last day"), validators=[Optional()])
    frequency = SelectField(_l("Repeats"), choices=[])
    interval = IntegerField(_l("Every"), default=1, validators=[Optional(), NumberRange(1, 365)])
    until = DateField(_l("Repeats until"), validators=[Optional()])
    count = IntegerField(_l("Number of occurrences"), validators=[Optional(), NumberRange(1, 500)])
    excluded = StringField(
        _l("Excluded dates (YYYY-MM-DD, separated by commas)"), validators=[Optional(), Length(max=2000)]
    )

    def __init__(self, *args, sites=(), default_zone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.default_zone = default_zone
        self.kind.choices = [(k, status_label(k)) for k in EVENT_KINDS]
        self.status.choices = EventStatus.choices()
        self.site_id.choices = [(0, "—")] + list(sites)
        self.frequency.choices = [("", _l("Does not repeat"))] + [(f, status_label(f)) for f in FREQUENCIES]

    def chosen_zone(self) -> str:
        return self.timezone.data or self.default_zone

    def validate_starts_local(self, field):
        """A time the clocks skip in the event's zone is refused (naming the gap)."""
        if not self.all_day.data and field.data and not self.timezone.errors:
            problem = wall_clock_problem(field.data, self.chosen_zone())
            if problem:
                raise ValidationError(problem)

    def validate_ends_local(self, field):
        if self.all_day.data:
            return
        if not self.starts_local.data or not field.data:
            raise ValidationError(_l("Give the start and the end."))
        if field.data <= self.starts_local.data:
            raise ValidationError(_l("The end must be after the start."))
        problem = None if self.timezone.errors else wall_clock_problem(field.data, self.chosen_zone())
        if problem:
            raise ValidationError(problem)

    def wall_clock_notes(self) -> list[str]:
        """Notes for times the clocks show twice (the first is taken), to show after saving."""
        if self.all_day.data or self.timezone.errors:
            return []
        times = (self.starts_local.data, self.ends_local.data)
        return [note for note in (wall_clock_note(t, self.chosen_zone()) for t in times if t) if note]

    def validate_end_date(self, field):
        if not self.all_day.data:
            return
        if not self.start_date.data or not field.data:
            raise ValidationError(_l("Give the first and the last day."))
        if field.data < self.start_date.data:
            raise ValidationError(_l("The last day is before the first day."))

    def validate_excluded(self, field):
        from planner.days import day_in_range

        try:
            [day_in_range(part) for part in (field.data or "").split(",") if part.strip()]
        except ValueError:
            raise ValidationError(_l("Write dates as YYYY-MM-DD between 1900 and 2199, separated by commas.")) from None
