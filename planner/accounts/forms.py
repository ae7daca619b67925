from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from planner.forms import PlannerForm, ZoneField
from planner.i18n import LANGUAGE_NAMES


class LoginForm(PlannerForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class PasswordChangeForm(PlannerForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=256)])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two new passwords differ."))],
    )

    def validate_new_password(self, field):
        """The shared password policy (planner.accounts.passwords)."""
        from flask_login import current_user

        from planner.accounts.passwords import password_problems

        problems = password_problems(field.data, current_user.username)
        if problems:
            raise ValidationError(" ".join(problems))


class ApiTokenForm(PlannerForm):
    label = StringField(
        _l("What the token is for (e.g. our collection system)"), validators=[DataRequired(), Length(max=80)]
    )


class ProfileForm(PlannerForm):
    language = SelectField(_l("Language"))
    timezone = ZoneField(_l("Time zone"), blank=_l("My institution’s zone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = list(LANGUAGE_NAMES.items())
