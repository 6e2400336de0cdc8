from tests.matrix import Case, everyone, signed_in

ROWS = [
    Case("home", everyone(200)),
    Case("start", everyone(200), kwargs=lambda world: {"audience": "staff-groups"}, label="staff groups"),
    Case("start", everyone(200), kwargs=lambda world: {"audience": "community-groups"}, label="community groups"),
    Case("start", everyone(200), kwargs=lambda world: {"audience": "councils"}, label="councils"),
    Case("start", everyone(200), kwargs=lambda world: {"audience": "advisers"}, label="advisers"),
    Case("start", everyone(404), kwargs=lambda world: {"audience": "nobody"}, label="unknown audience"),
    # Each role is sent on to its own home (accounts.navigation.ROLE_HOME).
    Case("role_home", signed_in(302)),
    Case("accessibility", everyone(200)),
    Case("privacy", everyone(200)),
    Case("healthz", everyone(200)),
    # Signed-in users are sent on from the login page to their account.
    Case("login", signed_in(302, anonymous=200)),
    Case("logout", everyone(405), label="get is refused"),
    Case("logout", everyone(302), method="post", label="post signs out"),
    Case("password_reset", everyone(200)),
    Case("password_reset_done", everyone(200)),
    Case(
        "password_reset_confirm",
        everyone(200),
        kwargs=lambda world: {"uidb64": "MQ", "token": "not-a-valid-token"},
        label="invalid link",
    ),
    Case("password_reset_complete", everyone(200)),
    Case("password_change", signed_in(200)),
    Case("password_change_done", signed_in(200)),
    Case("account", signed_in(200)),
    Case("registration_check_email", everyone(200)),
    Case("registration_confirm", everyone(404), kwargs=lambda world: {"key": "not-a-real-key"}, label="unknown link"),
    Case("api_tokens", signed_in(200)),
    Case("api_tokens", signed_in(200), method="post", label="creates a token"),
    Case("api_token_revoke", signed_in(404), kwargs=lambda world: {"pk": 999999}, method="post", label="not one's own"),
    Case("api_token_revoke", signed_in(405), kwargs=lambda world: {"pk": 999999}, label="get is refused"),
    Case("two_factor_setup", signed_in(200)),
    # Without a device (and with two-factor not required in tests) the code page sends people on.
    Case("two_factor_verify", signed_in(302)),
    Case("two_factor_disable", signed_in(302), method="post"),
    Case("two_factor_disable", signed_in(405), label="get is refused"),
    Case("keep_alive", everyone(204, anonymous=401), method="post", label="renews only a live session"),
    Case("keep_alive", everyone(405), label="get is refused"),
    # The Django admin: only staff accounts (the admin) get in; others are sent to its login.
    Case("admin:index", everyone(302, admin=200)),
]
