"""The users feature: accounts, sign-in sessions, roles, and who is asking (``user``,
``viewer``)."""

from backend.core.features import DatabaseClient, Feature, RateLimit
from backend.core.messages import N_
from backend.users.controllers import AdminUsersController, AuthController
from backend.users.dependencies import user_dependencies
from backend.users.session_lookup import SESSION_LOOKUP, SessionLookup

FEATURE = Feature(
    name="users",
    routes=[AuthController, AdminUsersController],
    models=["backend.users.models"],
    dependencies=user_dependencies,
    rate_limits=[
        # sign-in attempts, right or wrong, counted before the password is checked: per client
        # address (password spraying; 60, not the 20 failures of before, leaves room for a
        # workshop of residents signing in over one Wi-Fi) and per account (guessing)
        RateLimit("login_address", 60, 300, N_("Too many sign-in attempts from your network.")),
        RateLimit("login_account", 5, 900, N_("Too many sign-in attempts for this account.")),
        RateLimit(
            "register",
            10,
            3600,  # new accounts per address
            N_("Too many new accounts from your network."),
        ),
        # 「自分のデータをダウンロード」 reads every row a person has; a few a day is all anyone
        # needs
        RateLimit(
            "my_data", 10, 3600, N_("You have downloaded your data several times in the last hour.")
        ),
    ],
    database_clients=[DatabaseClient(SESSION_LOOKUP, SessionLookup, SessionLookup.close)],
)
