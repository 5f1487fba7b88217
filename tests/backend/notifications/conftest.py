"""Notices are mailed: a real SMTP server (aiosmtpd) for each test, as in the mail tests."""

from support_mail import account_language, app, inbox, mail_settings, smtp  # noqa: F401 (fixtures)
