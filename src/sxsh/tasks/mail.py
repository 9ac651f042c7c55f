"""E-mail for the whole application goes through a background task: a slow or unreachable mail server
never holds a request, and a failed send is recorded (and retried if the worker died)."""

from collections.abc import Sequence

from django.core.mail import EmailMessage

from .models import BackgroundTask


def send_messages(messages: Sequence[EmailMessage]) -> BackgroundTask | None:
    """Queue ``messages`` (plain text, with an HTML alternative if they have one; no attachments) to be sent by a
    worker; None when there are none."""
    from . import services
    from .tasks import send_email

    if not messages:
        return None
    params = {"messages": [
        {"subject": str(m.subject), "body": str(m.body), "from_email": m.from_email, "to": list(m.to),
         "bcc": list(m.bcc), "reply_to": list(m.reply_to),
         "html": next((str(c) for c, kind in getattr(m, "alternatives", []) if kind == "text/html"), "")}
        for m in messages
    ]}
    return services.start(send_email, acting_user=None, params=params)


def send_mail(subject: str, message: str, recipient_list: Sequence[str]) -> BackgroundTask | None:
    """Like Django's ``send_mail`` with the default sender, queued."""
    return send_messages([EmailMessage(subject, message, None, list(recipient_list))])
