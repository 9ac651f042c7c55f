"""The report workflow tells the reviewers and the ward, in the application and by e-mail (real SMTP)."""

from typing import Any

from sxsh.indicators import services
from sxsh.indicators.periods import Period
from sxsh.notifications.models import Kind, Notification


def test_submit_return_and_approve_are_told(users: Any, hang_bac: Any, smtp_inbox: Any) -> None:
    for key, address in (("ward", "phuong@example.com"), ("district", "quan@example.com"),
                         ("doit", "so@example.com")):
        users[key].email = address
        users[key].save()
    report, _created = services.create_report(acting_user=users["ward"], unit=hang_bac, period=Period("year", 2019))

    services.submit_report(acting_user=users["ward"], report=report)
    (to_reviewer,) = smtp_inbox.to("quan@example.com")
    assert smtp_inbox.subject(to_reviewer).startswith("Báo cáo chờ xem xét: ")
    assert f"/chi-tieu/bao-cao/{report.pk}/" in smtp_inbox.parts(to_reviewer)[0]
    assert not smtp_inbox.to("so@example.com")  # the province does not review a ward's report (until 7/2025)
    assert Notification.objects.get(recipient=users["district"]).kind == Kind.REPORT_SUBMITTED

    services.return_report(acting_user=users["district"], report=report, comment="Bổ sung số liệu quý 4")
    (returned,) = smtp_inbox.to("phuong@example.com")
    text, html = smtp_inbox.parts(returned)
    assert smtp_inbox.subject(returned).startswith("Báo cáo bị trả lại: ")
    assert "Ý kiến: Bổ sung số liệu quý 4" in text and "Bổ sung số liệu quý 4" in html

    services.submit_report(acting_user=users["ward"], report=report)
    services.approve_report(acting_user=users["district"], report=report, comment="Đồng ý")
    assert [smtp_inbox.subject(m).split(":")[0] for m in smtp_inbox.to("phuong@example.com")] == [
        "Báo cáo bị trả lại", "Báo cáo đã được phê duyệt"]
    kinds = list(Notification.objects.filter(recipient=users["ward"]).order_by("pk").values_list("kind", flat=True))
    assert kinds == [Kind.REPORT_RETURNED, Kind.REPORT_APPROVED]
