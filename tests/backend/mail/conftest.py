"""Mail tests send to a real SMTP server (aiosmtpd), started for each test."""

from support_mail import account_language, app, inbox, mail_settings, smtp  # noqa: F401 (fixtures)
