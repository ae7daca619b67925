from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError

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


class UserForm(PlannerForm):
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
    """A new account: its holder gets an invitation at the e-mail address, which is required."""

    email = StringField(
        _l("E-mail"),
        validators=[
            DataRequired(message=_l("Give the e-mail address the invitation goes to.")),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+$", message=_l("Give an e-mail address such as name@museum.az.")),
        ],
    )
    username = StringField(
        _l("User name"),
        validators=[
            DataRequired(),
            Length(max=64),
            Regexp(r"^[\w.@-]+$", message=_l("Use letters, digits and . @ - _ only, without spaces.")),
        ],
    )


class InvitationForm(PlannerForm):
    """The password a new account's holder chooses through the invitation's link."""

    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two new passwords differ."))],
    )
