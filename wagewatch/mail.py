"""Plain-text e-mail through the configured SMTP server (MAIL_SERVER); nothing without one."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formataddr

from flask import current_app


def configured() -> bool:
    """Whether an SMTP server is configured (MAIL_SERVER)."""
    return bool(current_app.config.get("MAIL_SERVER"))


def send(to: str, subject: str, body: str) -> None:
    """Send one UTF-8 plain-text message; raises smtplib.SMTPException or OSError on failure."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = formataddr((config.get("MAIL_SENDER_NAME", "欠薪监察系统"),
                                  config.get("MAIL_FROM", "wagewatch@localhost")))
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT", 25)),
                      timeout=float(config.get("MAIL_TIMEOUT", 10))) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)
