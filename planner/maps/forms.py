import math

from flask_babel import lazy_gettext as _l
from wtforms import FloatField, FormField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from planner.formatting import coordinate
from planner.forms import PlannerForm, multilingual_form
from planner.i18n import current_locale
from planner.maps.models import SITE_KINDS
from planner.vocabulary import SitePrecision, status_label


def _require_finite(field) -> None:
    """NaN slips through NumberRange (every comparison with NaN is false)."""
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError(_l("Give a number."))


class CoordinateField(FloatField):
    """Degrees as the reader writes them: "40,6828" (ru, kk, az) or "40.6828" (any language), shown
    back with the reader's decimal sign; coordinates have no grouping, so one comma is the decimal one."""

    def process_formdata(self, valuelist):
        if valuelist:
            text = valuelist[0].strip()
            valuelist = [text.replace(",", ".") if text.count(",") == 1 and "." not in text else text]
        super().process_formdata(valuelist)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return coordinate(self.data, current_locale()) if self.data is not None else ""


class SiteForm(PlannerForm):
    name = FormField(multilingual_form(200), label=_l("Name"))
    kind = SelectField(_l("Kind"), choices=[])
    latitude = CoordinateField(
        _l("Latitude"),
        validators=[
            InputRequired(_l("Give the latitude.")),
            NumberRange(-90, 90, _l("Latitude must be between -90 and 90.")),
        ],
    )
    longitude = CoordinateField(
        _l("Longitude"),
        validators=[
            InputRequired(_l("Give the longitude.")),
            NumberRange(-180, 180, _l("Longitude must be between -180 and 180.")),
        ],
    )
    precision = SelectField(_l("How precise are the coordinates?"), choices=[])
    precision_note = FormField(
        multilingual_form(1000, textarea=True, english_required=False), label=_l("Where the coordinates come from")
    )
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    description = FormField(multilingual_form(2000, textarea=True, english_required=False), label=_l("Description"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k, status_label(k)) for k in SITE_KINDS]
        self.precision.choices = SitePrecision.choices()

    def validate_latitude(self, field):
        _require_finite(field)

    def validate_longitude(self, field):
        _require_finite(field)

    @property
    def null_island(self) -> bool:
        return self.latitude.data == 0 and self.longitude.data == 0

    def values(self) -> dict:
        """The form's values as `maps.operations.save_site` takes them."""
        values = {
            "name": self.name.form.to_dict(),
            "description": self.description.form.to_dict(),
            "precision_notes": self.precision_note.form.to_dict(),
        }
        for field in ("kind", "latitude", "longitude", "precision"):
            values[field] = getattr(self, field).data
        for field in ("address", "city"):
            values[field] = (getattr(self, field).data or "").strip()
        return values
