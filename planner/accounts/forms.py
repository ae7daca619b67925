from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

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


class UserForm(FlaskForm):
    """An account's names, role and institution, as an administrator sets them."""

    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=120)])
    email = StringField(
        _l("E-mail"),
        validators=[
            Optional(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+$", message=_l("Give an e-mail address such as name@museum.az.")),
        ],
    )
    role = SelectField(_l("Role"))
    institution_id = SelectField(_l("Institution"), coerce=int)

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        from planner.accounts.models import ROLES
        from planner.vocabulary import status_label

        self.role.choices = [(role, status_label(role)) for role in ROLES]
        self.institution_id.choices = [(0, _l("None"))] + list(institutions)

    def validate_institution_id(self, field):
        if field.data == 0 and self.role.data in ("curator", "partner"):
            raise ValidationError(_l("A curator or partner belongs to an institution: choose one."))


class NewUserForm(UserForm):
    username = StringField(
        _l("User name"),
        validators=[
            DataRequired(),
            Length(max=64),
            Regexp(r"^[\w.@-]+$", message=_l("Use letters, digits and . @ - _ only, without spaces.")),
        ],
    )
