"""The to-do home: each role's landing page counts what waits for that person, lists the first few, links to
the filtered list, and a thing done leaves it; within a query budget."""

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from sxsh.accounts.models import User
from sxsh.core.todo import todo_for

#: Kinds each demo account is shown (the administrator: those whose list pages it opens). The district of Hoàn Kiếm
#: and the ward of Hàng Bạc ended on 30/06/2025: their officers read history and may do nothing, so nothing waits.
EXPECTED = {
    "quan": set(),
    "phuong": set(),
    "so": {"Báo cáo chờ bạn xem xét", "Báo cáo bị trả lại cần sửa", "Bình luận chờ kiểm duyệt", "Hoạt động quá hạn", "Sự kiện cần điểm danh hôm nay",
           "Cơ sở cần xếp địa bàn mới", "Công việc nền bị lỗi"},
    "chuyengia": {"Đánh giá SXSH đang thực hiện", "Công việc nền bị lỗi"},
    "doanhnghiep": {"Đánh giá SXSH đang thực hiện", "Nhân viên đăng ký sự kiện sắp tới",
                    "Người đăng ký nhận là của cơ sở, chờ xác nhận", "Công việc nền bị lỗi"},
    "admin": {"Báo cáo chờ bạn xem xét", "Hoạt động quá hạn", "Sự kiện cần điểm danh hôm nay",
              "Cơ sở cần xếp địa bàn mới", "Công việc nền bị lỗi"},
}


@pytest.fixture
def demo(db: Any) -> None:
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_sees_its_work_within_a_query_budget(demo: None, username: str,
                                                       django_assert_max_num_queries: Any) -> None:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    client.get("/bang-dieu-khien/")  # warm the per-process caches (site settings, menu)
    with django_assert_max_num_queries(40):  # 2 per kind (count, first rows) + the menu, the header and the page
        response = client.get("/bang-dieu-khien/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Việc đang chờ bạn" in body
    shown = {w.title for w in todo_for(user)}
    assert shown == EXPECTED[username]
    assert ('id="todo-closed"' in body) == (not shown)  # "nothing waits: your unit has ended", instead of the kinds
    for waiting in todo_for(user):
        assert waiting.title in body
        if waiting.count:  # the filtered list opens (a kind with nothing waiting has no link)
            assert client.get(waiting.url).status_code == 200, waiting.url
            assert f'href="{waiting.url}"' in body
        for _label, link in waiting.items:
            assert client.get(link.split("#")[0]).status_code == 200, link


def overdue_waiting(user: User) -> Any:
    (waiting,) = [w for w in todo_for(user) if w.title == "Hoạt động quá hạn"]
    return waiting


def test_an_overdue_activity_waits_while_its_plan_is_followed_and_leads_to_the_overdue_list(demo: None) -> None:
    from sxsh.plans.models import Plan, PlanStatus
    from sxsh.plans.selectors import STILL_FOLLOWED, today

    user = User.objects.get(username="so")
    plan = Plan.objects.unscoped("test: the demo's plan").get(number="154/KH-UBND")
    # The 2019 plan ended years ago: its 8 unfinished activities stay on its pages, not on the to-do.
    assert overdue_waiting(user).count == 0
    # A plan whose period ended within STILL_FOLLOWED still waits with its unfinished activities…
    Plan.objects.unscoped("test").filter(pk=plan.pk).update(period_end=today() - STILL_FOLLOWED)
    waiting = overdue_waiting(user)
    assert waiting.count == 8
    assert waiting.url.endswith("/hoat-dong/?status=overdue") and len(waiting.items) == 5
    listing = Client()
    listing.force_login(user)
    first_label = waiting.items[0][0].rsplit(" (", 1)[0]
    assert first_label in listing.get(waiting.url).content.decode()
    # …until a day later, or once the plan is closed.
    Plan.objects.unscoped("test").filter(pk=plan.pk).update(period_end=today() - STILL_FOLLOWED - timedelta(days=1))
    assert overdue_waiting(user).count == 0
    Plan.objects.unscoped("test").filter(pk=plan.pk).update(period_end=today(), status=PlanStatus.CLOSED)
    assert overdue_waiting(user).count == 0
