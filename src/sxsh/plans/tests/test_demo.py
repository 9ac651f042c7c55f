from datetime import date
from typing import Any

import pytest

from sxsh.plans import selectors
from sxsh.plans.models import Plan, ProgressUpdate


@pytest.mark.django_db
def test_demo_plan_154(settings: Any) -> None:
    from sxsh.accounts import demo as accounts_demo
    from sxsh.directory import demo as directory_demo
    from sxsh.plans import demo

    directory_demo.load()
    accounts_demo.load()
    demo.load()
    demo.load()  # idempotent
    plan = Plan.objects.get(number="154/KH-UBND")
    assert plan.issued_on == date(2019, 8, 8) and plan.issuer.name == "Ủy ban nhân dân quận Hoàn Kiếm"
    assert plan.workstreams.count() == 4
    from sxsh.accounts.models import User

    overview = selectors.plan_overview(User.objects.get(username="quan"), plan, as_of=date(2019, 12, 31))
    counts = {status: n for status, _label, n in overview.counts}
    assert counts["done"] >= 3 and counts["overdue"] >= 1 and counts["in_progress"] >= 2
    assert all(u.reported_on.year == 2019 for u in ProgressUpdate.objects.all())
    assert plan.targets.count() == 4
    assert all("minh họa" in r.activity.description for w in overview.workstreams for r in w.rows)
    # the ward officer (UBND phường Hàng Bạc) may report on an activity the ward coordinates
    phuong = User.objects.get(username="phuong")
    assert any(selectors.can_report(phuong, a) for a in selectors.my_activities(phuong))
