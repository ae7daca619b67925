from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from planner.forms import FlaskForm
from planner.i18n import LANGUAGE_NAMES


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class ApiTokenForm(FlaskForm):
    label = StringField(
        _l("What the token is for (e.g. our collection system)"), validators=[DataRequired(), Length(max=80)]
    )


class ProfileForm(FlaskForm):
    language = SelectField(_l("Language"))
    timezone = StringField(_l("Time zone (IANA, e.g. Asia/Baku)"), validators=[Length(max=64)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = list(LANGUAGE_NAMES.items())

    def validate_timezone(self, field):
        from wtforms.validators import ValidationError

        from planner.schedule.timezones import is_known_zone

        if field.data and not is_known_zone(field.data):
            raise ValidationError(_l("Unknown time zone: use a name such as Asia/Baku or Europe/Istanbul."))
