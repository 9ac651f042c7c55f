"""Each role's working day, in Chromium from its home page: what waits for the person is listed there, they
open it, do the work through the pages, and it leaves their list (and, where the work goes on, appears on the
next person's). The district officer (2019, before the reorganisation), the Department officer and a commune
officer (a commune directly under the province since 1/7/2025), the consultant, the enterprise representative
and the administrator."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sxsh.accounts.models import User
from sxsh.assessments import services as assessments
from sxsh.directory.models import AdministrativeUnit, Organisation, OrganisationKind, UnitKind, UnitLevel
from sxsh.events import services as events
from sxsh.events.models import Audience, Event, EventKind, EventStatus, Session
from sxsh.indicators import services as reports
from sxsh.indicators.models import Report
from sxsh.indicators.periods import Period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem"
HOME = "/bang-dieu-khien/"


def _submitted(officer: User, unit: AdministrativeUnit, year: int) -> Report:
    report, _created = reports.create_report(acting_user=officer, unit=unit, period=Period("year", year))
    return reports.submit_report(acting_user=officer, report=report)


@pytest.fixture
def day(users: dict[str, User], make_user: Any, hang_bac: AdministrativeUnit, hang_dao: AdministrativeUnit,
        facility: Any, district: AdministrativeUnit) -> dict[str, Any]:
    """What waits this morning for each person, made through the services as their colleagues would."""
    province = district.parent
    assert province is not None
    commune = AdministrativeUnit.objects.create(
        parent=province, code="phuong-moi", name="Phường Mới", kind=UnitKind.objects.get(code="phuong"),
        level=UnitLevel.COMMUNE, valid_from=date(2025, 7, 1))
    commune_officer = make_user("ward", username="xa", unit=commune)
    hang_dao_officer = make_user("ward", username="hangdao", unit=hang_dao)
    organiser = Organisation.objects.create(name="Phòng Kinh tế", kind=OrganisationKind.ECONOMIC_DIVISION,
                                            unit=district)
    now = timezone.now()
    event = Event.objects.create(
        kind=EventKind.WORKSHOP, title="Hội thảo sản xuất sạch hơn", organiser=organiser, unit=district,
        venue="126 Hàng Trống", capacity=30, status=EventStatus.PUBLISHED, registration_opens=now - timedelta(days=1),
        registration_closes=now + timedelta(days=5), audiences=[Audience.TECHNICAL])
    Session.objects.create(event=event, title="Buổi sáng", starts_at=now + timedelta(days=6),
                           ends_at=now + timedelta(days=6, hours=3))
    events.refresh_span(event)
    visitor = events.register(acting_user=None, event_id=event.pk, participant=events.Participant(
        full_name="Đỗ Văn Khách", organisation_name="Công ty Dệt may", audience=Audience.PRODUCTION,
        phone="0912345678", email="khach@example.com", tax_code=facility.tax_code))
    assessment = assessments.create_assessment(acting_user=users["consultant"], facility=facility, data={
        "title": "Đánh giá nhanh xưởng nhuộm", "kind": "rapid", "start_date": date(2026, 3, 2), "current_step": 5})
    return {
        "ward_report": _submitted(users["ward"], hang_bac, 2019),
        "admin_report": _submitted(hang_dao_officer, hang_dao, 2019),
        "commune_report": _submitted(commune_officer, commune, 2025),
        "commune_officer": commune_officer, "visitor": visitor, "assessment": assessment, "hang_bac": hang_bac,
        "hang_dao": hang_dao, "commune": commune,
    }


class Desk:
    """One person at their desk: a browser context signed in through the login form."""

    def __init__(self, browser: Any, live_server: Any, username: str) -> None:
        self.url = live_server.url
        self.context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.page.goto(f"{self.url}/tai-khoan/dang-nhap/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url(lambda url: "dang-nhap" not in url)

    def home(self) -> None:
        self.page.goto(self.url + HOME)
        expect(self.page.locator("#todo-h")).to_have_text("Việc đang chờ bạn")

    def waiting(self, title: str) -> Any:
        """The home page's card of one kind of work."""
        return self.page.locator(".todo-item").filter(has=self.page.locator("h3", has_text=title))

    def count(self, title: str) -> int:
        return int(self.waiting(title).get_attribute("data-count"))

    def open(self, title: str, label: str) -> None:
        """From the home page: the kind's card lists the row; follow it."""
        self.home()
        card = self.waiting(title)
        expect(card).to_have_count(1)
        card.get_by_role("link", name=label).click()
        self.page.wait_for_load_state()

    def left(self, title: str, label: str, before: int) -> None:
        """Back home: the row is gone from the kind's card and its count went down by one."""
        self.home()
        card = self.waiting(title)
        expect(card.get_by_role("link", name=label)).to_have_count(0)
        assert self.count(title) == before - 1

    def clear(self, title: str, label: str, work: Callable[[Any], None]) -> None:
        """Open the row from the home page, do the work on its page, and see it leave the list."""
        self.home()
        before = self.count(title)
        self.open(title, label)
        work(self.page)
        self.left(title, label, before)

    def close(self) -> None:
        self.context.close()


def _approve(comment: str = "") -> Callable[[Any], None]:
    def work(page: Any) -> None:
        page.fill("#approve-form textarea", comment)
        page.click("#approve-report")
        expect(page.locator("#report-status")).to_have_attribute("data-status", "approved")

    return work


def _return(comment: str) -> Callable[[Any], None]:
    def work(page: Any) -> None:
        page.fill("#return-form textarea", comment)
        page.click("#return-report")
        expect(page.locator("#report-status")).to_have_attribute("data-status", "returned")

    return work


def _label(report: Report) -> str:
    return f"{report.unit} – {report.period_label}"


REVIEW = "Báo cáo chờ bạn xem xét"
RETURNED = "Báo cáo bị trả lại cần sửa"


def test_each_roles_day_from_its_home_page(browser: Any, live_server: Any, users: dict[str, User],
                                           day: dict[str, Any]) -> None:
    # The district officer (2019): the ward's report waits for review; approving it clears it.
    desk = Desk(browser, live_server, "quan")
    desk.clear(REVIEW, _label(day["ward_report"]), _approve("Đồng ý số liệu."))
    desk.close()

    # The Department officer (today's two tiers): the new commune's report comes to the province; sent back.
    desk = Desk(browser, live_server, "so")
    label = _label(day["commune_report"])
    desk.clear(REVIEW, label, _return("Bổ sung danh sách cơ sở đã áp dụng."))

    # The commune officer: the returned report waits with the comment; corrected and sent again, it leaves.
    def resend(page: Any) -> None:
        expect(page.locator("#review-comment")).to_contain_text("Bổ sung danh sách cơ sở")
        page.fill("#id_narrative", "Đã bổ sung danh sách 3 cơ sở áp dụng sản xuất sạch hơn.")
        page.click("form.card button[type=submit]")
        page.click("#submit-report")
        expect(page.locator("#report-status")).to_have_attribute("data-status", "submitted")

    commune = Desk(browser, live_server, "xa")
    commune.clear(RETURNED, label, resend)
    commune.close()

    # …and it is back on the Department's list; approved, it leaves again, both rounds kept on the report.
    desk.clear(REVIEW, label, _approve())
    desk.page.goto(desk.url + f"/chi-tieu/bao-cao/{day['commune_report'].pk}/")
    expect(desk.page.locator("#review-rounds tbody tr")).to_have_count(4)  # sent, returned, sent again, approved
    expect(desk.page.locator("#review-rounds")).to_contain_text("Bổ sung danh sách cơ sở đã áp dụng.")
    desk.close()

    # The consultant: the assessment in progress waits; moved to its last step, it leaves.
    def finish(page: Any) -> None:
        page.get_by_role("link", name="Sửa", exact=True).click()
        page.select_option("#id_current_step", "6")
        page.click("main form.card button[type=submit]")
        page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1].isdigit())

    desk = Desk(browser, live_server, "chuyengia")
    desk.clear("Đánh giá SXSH đang thực hiện",
               f"Đánh giá nhanh xưởng nhuộm – {day['assessment'].facility} (bước 5/6)", finish)
    desk.close()

    # The enterprise representative: a visitor says they come from the facility; confirmed, it leaves.
    def confirm(page: Any) -> None:
        page.locator("button[name=accept][value='1']").first.click()
        expect(page.locator(".messages")).to_contain_text(f"Đã xác nhận {day['visitor'].code} thuộc cơ sở.")

    desk = Desk(browser, live_server, "doanhnghiep")
    desk.clear("Người đăng ký nhận là của cơ sở, chờ xác nhận", f"Đỗ Văn Khách – {day['visitor'].event.title}",
               confirm)
    desk.close()

    # The administrator: every report sent up waits for someone; the last one, approved, leaves.
    desk = Desk(browser, live_server, "admin")
    desk.clear(REVIEW, _label(day["admin_report"]), _approve())
    assert desk.count(REVIEW) == 0
    desk.close()
