from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError

from planner.schedule.models import EVENT_KINDS
from planner.schedule.recurrence import FREQUENCIES
from planner.schedule.timezones import is_known_zone
from planner.vocabulary import EventStatus, status_label

RECURRENCE_ERRORS = {
    "frequency_unknown": _l("Choose daily, weekly or monthly."),
    "interval_not_positive": _l("The interval must be at least 1."),
    "until_and_count": _l("Give an end date or a number of occurrences, not both."),
    "no_end": _l("A repeating event needs an end date or a number of occurrences."),
    "until_before_start": _l("The repetition ends before the event starts."),
    "count_too_large": _l("Too many occurrences: at most 500."),
    "too_many_occurrences": _l("Too many occurrences: at most 500."),
    "excluded_not_an_occurrence": _l("An excluded date is not one of the occurrences."),
}


class EventForm(FlaskForm):
    version_id = IntegerField(validators=[Optional()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    kind = SelectField(_l("Kind"), choices=[])
    status = SelectField(_l("Status"), choices=[])
    site_id = SelectField(_l("Venue"), coerce=int)
    online_url = StringField(
        _l("Online link"),
        validators=[Optional(), Length(max=500), URL(message=_l("Give a full web address starting with https://."))],
    )
    all_day = BooleanField(_l("All day"))
    timezone = StringField(_l("Time zone (IANA, e.g. Asia/Baku)"), validators=[Optional(), Length(max=64)])
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

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k, status_label(k)) for k in EVENT_KINDS]
        self.status.choices = EventStatus.choices()
        self.site_id.choices = [(0, "—")] + list(sites)
        self.frequency.choices = [("", _l("Does not repeat"))] + [(f, status_label(f)) for f in FREQUENCIES]

    def validate_timezone(self, field):
        if not self.all_day.data and not is_known_zone(field.data or ""):
            raise ValidationError(_l("Unknown time zone: use a name such as Asia/Baku or Europe/Istanbul."))

    def validate_ends_local(self, field):
        if self.all_day.data:
            return
        if not self.starts_local.data or not field.data:
            raise ValidationError(_l("Give the start and the end."))
        if field.data <= self.starts_local.data:
            raise ValidationError(_l("The end must be after the start."))

    def validate_end_date(self, field):
        if not self.all_day.data:
            return
        if not self.start_date.data or not field.data:
            raise ValidationError(_l("Give the first and the last day."))
        if field.data < self.start_date.data:
            raise ValidationError(_l("The last day is before the first day."))

    def validate_excluded(self, field):
        from datetime import date

        try:
            [date.fromisoformat(part.strip()) for part in (field.data or "").split(",") if part.strip()]
        except ValueError:
            raise ValidationError(_l("Write dates as YYYY-MM-DD, separated by commas.")) from None
