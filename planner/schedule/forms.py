from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DateTimeLocalField, FormField, IntegerField, SelectField, StringField
from wtforms.validators import URL, Length, NumberRange, Optional, ValidationError

from planner.forms import PlannerForm, ZoneField, multilingual_form
from planner.plans.events import EVENT_KINDS
from planner.plans.recurrence import FREQUENCIES
from planner.schedule.operations import time_problems
from planner.timezones import wall_clock_note
from planner.vocabulary import EventStatus, status_label

#: The API's names of the rules' fields where the form's differ.
FORM_FIELDS = {"last_date": "end_date", "recurrence": "frequency"}


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

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then the event's time rules (`operations.time_problems`,
        the API's too), each shown at its field. Zone rules wait for a known zone."""
        valid = super().validate(extra_validators)
        if self.timezone.errors:
            return False
        problems = time_problems(self.described_times())
        for name, message in problems.items():
            self.field_of(name).errors.append(message)
        return valid and not problems

    def described_times(self) -> dict:
        return {
            "all_day": bool(self.all_day.data),
            "timezone": self.chosen_zone(),
            "starts_local": self.starts_local.data,
            "ends_local": self.ends_local.data,
            "start_date": self.start_date.data,
            "last_date": self.end_date.data,
        }

    def field_of(self, name: str):
        """The form's field for a rule's field name (the frequency for the recurrence)."""
        return getattr(self, FORM_FIELDS.get(name, name), self.frequency)

    def wall_clock_notes(self) -> list[str]:
        """Notes for times the clocks show twice (the first is taken), to show after saving."""
        if self.all_day.data or self.timezone.errors:
            return []
        times = (self.starts_local.data, self.ends_local.data)
        return [note for note in (wall_clock_note(t, self.chosen_zone()) for t in times if t) if note]

    def validate_excluded(self, field):
        from planner.days import day_in_range

        try:
            [day_in_range(part) for part in (field.data or "").split(",") if part.strip()]
        except ValueError:
            raise ValidationError(_l("Write dates as YYYY-MM-DD between 1900 and 2199, separated by commas.")) from None
