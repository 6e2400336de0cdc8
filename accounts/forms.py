from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation

from mutuals_portal.lib.admin_safety import ModelMultipleIdsField

from .models import Feedback, User


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "public_body")


class AdminUserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"groups": ModelMultipleIdsField, "user_permissions": ModelMultipleIdsField}


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form, posting `username` (the email) and `password`, with GOV.UK wording."""

    # 254: the longest email address. A longer one never reaches authenticate() (django-axes would
    # try to store it in a 255-character column: a server error on PostgreSQL).
    username = auth_forms.UsernameField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email", "spellcheck": "false"}),
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been deactivated. Contact the service team.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].error_messages["max_length"] = "Enter an email address of 254 characters or fewer"


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )


class TwoFactorCodeForm(forms.Form):
    """The 6-digit code from an authenticator app, checked against one device."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code, for example 123456",
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the code as 6 digits, for example 123456")
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError("Too many wrong codes. Wait a minute, then enter the latest code from your app")
        if not self.device.verify_token(code):
            raise forms.ValidationError("The code is not correct or has expired. Enter the latest code from your app")
        return code


PASSWORDS_DIFFER = "The passwords do not match"


def check_new_password(
    form, *, email: str, full_name: str, field: str = "password1", confirm: str | None = "password2"
):
    """For every form where someone chooses a password: the two copies match, and Django's password
    validators (settings.AUTH_PASSWORD_VALIDATORS) pass, with their messages on the password field."""
    password = form.cleaned_data.get(field)
    again = form.cleaned_data.get(confirm) if confirm else None
    if confirm and password and again and password != again:
        form.add_error(confirm, PASSWORDS_DIFFER)
    elif password:
        try:
            password_validation.validate_password(password, User(email=email or "", full_name=full_name or ""))
        except forms.ValidationError as error:
            form.add_error(field, error)


class FeedbackForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="Overall, how did you feel about the service you received today?",
        choices=Feedback.Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you feel about the service"},
    )
    comments = forms.CharField(
        label="How could we improve this service? (optional)",
        required=False,
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Do not include personal or financial information, like your National Insurance number.",
        error_messages={"max_length": "Your comments must be 1,200 characters or fewer"},
    )
