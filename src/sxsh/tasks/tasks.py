"""The task kinds of the tasks app itself: sending e-mail."""

from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils.translation import gettext_lazy as _

from .models import BackgroundTask
from .registry import Output, Run, long_task


@long_task(title=_("Gửi thư điện tử"), allowed=lambda user: True, private=True)
def send_email(run: Run) -> Output:
    """Send the queued messages in one connection; the addresses are not kept once they are sent."""
    messages = []
    for m in run.params["messages"]:
        message = EmailMultiAlternatives(m["subject"], m["body"], m.get("from_email") or None, m["to"],
                                         bcc=m.get("bcc") or None, reply_to=m.get("reply_to") or None)
        if m.get("html"):
            message.attach_alternative(m["html"], "text/html")
        messages.append(message)
    get_connection().send_messages(messages)
    BackgroundTask.objects.filter(pk=run.record.pk).update(params={"sent": len(messages)})
    return None
