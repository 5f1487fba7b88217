"""The mail feature: confirmation and password-reset e-mails, and the outbound queue."""

from backend.core.features import Feature, RateLimit
from backend.core.messages import N_
from backend.mail.controllers import AccountMailController
from backend.mail.sender import run_mail_sender

FEATURE = Feature(
    name="mail",
    routes=[AccountMailController],
    models=["backend.mail.models"],
    rate_limits=[
        # password-reset e-mails per client address and per e-mail address asked for (an
        # address gets at most a few a day, whoever asks), and confirmation e-mails sent again
        # per account
        RateLimit(
            "password_reset_address",
            10,
            3600,
            N_("Too many password-reset requests from your network."),
        ),
        RateLimit(
            "password_reset_account",
            3,
            3600,
            N_(
                "Several password-reset e-mails were sent to this address in the last "
                "hour; please use the latest one."
            ),
        ),
        RateLimit(
            "confirm_resend",
            3,
            3600,
            N_(
                "Several confirmation e-mails were sent in the last hour; please use the "
                "latest one."
            ),
        ),
    ],
    background_loops=[run_mail_sender],  # e-mail goes where the jobs go
)
