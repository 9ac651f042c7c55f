"""Demo data: Kế hoạch 154/KH-UBND (8/8/2019) of UBND quận Hoàn Kiếm, from the news item in the seed.

The four workstreams and their activities follow the published summary of the plan. Dates within
2019, budgets and progress figures are illustrative (the plan's text is not public): every activity
description says so.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from sxsh.directory.models import Organisation

from .models import Activity, ActivityStatus, FundingSource, Plan, PlanStatus, ProgressUpdate, Target, Workstream
from .services import record_owner, refresh_activity

PLAN_NUMBER = "154/KH-UBND"
ILLUSTRATIVE = "Kinh phí và tiến độ là số liệu minh họa (chưa có văn bản gốc)."

ECON = "Phòng Kinh tế quận Hoàn Kiếm"
DOIT = "Sở Công Thương Hà Nội"
CENTRE = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội"
DISTRICT_BUDGET, CITY_BUDGET, INDUSTRY_PROMOTION = "Ngân sách quận", "Ngân sách thành phố", "Kinh phí khuyến công"
WARDS = ("Ủy ban nhân dân phường Hàng Bạc", "Ủy ban nhân dân phường Hàng Đào", "Ủy ban nhân dân phường Hàng Gai")

# (order, title, description, activities)
# activity: (title, description, responsible, coordinating, audience, start, due, budget, funding, programmes,
#            weight, updates)
# update: (date, percent, status, narrative, spent, reporter username)
WORKSTREAMS: list[tuple[int, str, str, list[tuple[Any, ...]]]] = [
    (1, "Truyền thông, nâng cao nhận thức về sản xuất sạch hơn",
     "Tuyên truyền, phổ biến chính sách; thông tin về hiệu quả áp dụng SXSH; cẩm nang và điển hình trên hệ "
     "thống thông tin quận, phường.", [
        ("Tuyên truyền, phổ biến chính sách ưu tiên áp dụng sản xuất sạch hơn của Trung ương và Thành phố",
         "Phổ biến Quyết định 1419/QĐ-TTg và các chính sách của Thành phố tới cơ sở sản xuất công nghiệp qua "
         "hội nghị giao ban và văn bản gửi các phường.", ECON, WARDS, "Cơ sở sản xuất công nghiệp trên địa bàn quận",
         date(2019, 8, 15), date(2019, 10, 31), 30_000_000, DISTRICT_BUDGET, [], 1, [
            (date(2019, 9, 10), 50, ActivityStatus.IN_PROGRESS,
             "Đã gửi văn bản phổ biến chính sách tới 18 phường.", 12_000_000, "quan"),
            (date(2019, 10, 28), 100, ActivityStatus.DONE,
             "Hoàn thành phổ biến chính sách tại hội nghị giao ban doanh nghiệp quý III.", 28_500_000, "quan"),
         ]),
        ("Thông tin về hiệu quả áp dụng sản xuất sạch hơn và các cơ sở áp dụng thành công",
         "Tổng hợp, đăng tải thông tin về hiệu quả áp dụng SXSH và các cơ sở sản xuất công nghiệp thực hiện thành "
         "công.", ECON, (DOIT,), "Doanh nghiệp, người dân", date(2019, 9, 1), date(2019, 12, 15), 20_000_000,
         DISTRICT_BUDGET, [], 1, [
            (date(2019, 10, 15), 40, ActivityStatus.IN_PROGRESS,
             "Đã đăng 3 tin về mô hình áp dụng thành công trên cổng thông tin quận.", 6_000_000, "quan"),
         ]),
        ("Phát hành cẩm nang tuyên truyền nâng cao nhận thức về sản xuất sạch hơn",
         "Biên soạn, in và phát hành cẩm nang về lợi ích của việc áp dụng SXSH.", ECON, (DOIT, *WARDS),
         "Cơ sở sản xuất công nghiệp", date(2019, 8, 20), date(2019, 11, 15), 60_000_000,
         DISTRICT_BUDGET, [], 1, [
            (date(2019, 9, 30), 60, ActivityStatus.IN_PROGRESS, "Đã hoàn thành bản thảo cẩm nang.", 15_000_000,
             "quan"),
            (date(2019, 11, 12), 100, ActivityStatus.DONE, "Đã in và phát hành 1.000 cuốn cẩm nang tới các phường.",
             57_000_000, "quan"),
         ]),
        ("Giới thiệu điển hình áp dụng sản xuất sạch hơn trên hệ thống thông tin quận, phường",
         "Đăng tải điển hình trên trang thông tin điện tử, bảng tin và hệ thống loa truyền thanh của quận và "
         "các phường.", ECON, WARDS, "Người dân, doanh nghiệp", date(2019, 9, 1), date(2019, 12, 20), 15_000_000,
         DISTRICT_BUDGET, [], 1, [
            (date(2019, 11, 20), 50, ActivityStatus.IN_PROGRESS,
             "Phường Hàng Bạc đã phát 4 bản tin về SXSH trên hệ thống truyền thanh phường.", 5_000_000, "phuong"),
         ]),
    ]),
    (2, "Hội thảo chuyên đề và lồng ghép với các chương trình",
     "Phối hợp với Sở Công Thương tổ chức hội thảo chuyên đề; lồng ghép tuyên truyền SXSH với các chương trình "
     "của ngành Công Thương.", [
        ("Phối hợp Sở Công Thương tổ chức hội thảo chuyên đề về sản xuất sạch hơn trong công nghiệp",
         "Chia sẻ kinh nghiệm, phổ biến các mô hình áp dụng thành công về SXSH.", ECON, (DOIT, CENTRE),
         "Cán bộ làm công tác quản lý, kỹ thuật, sản xuất, môi trường", date(2019, 9, 1), date(2019, 10, 31),
         80_000_000, INDUSTRY_PROMOTION, [], 1.5, [
            (date(2019, 10, 24), 100, ActivityStatus.DONE,
             "Đã tổ chức hội thảo với 120 đại biểu doanh nghiệp và cán bộ phường.", 76_000_000, "so"),
         ]),
        ("Lồng ghép tuyên truyền sản xuất sạch hơn với Chương trình sử dụng năng lượng tiết kiệm và hiệu quả",
         "Lồng ghép nội dung SXSH vào các hoạt động tuyên truyền tiết kiệm năng lượng.", ECON, (DOIT,),
         "Doanh nghiệp sử dụng năng lượng", date(2019, 8, 15), date(2019, 12, 31), 10_000_000,
         CITY_BUDGET, ["energy_efficiency"], 1, [
            (date(2019, 12, 10), 70, ActivityStatus.IN_PROGRESS,
             "Đã lồng ghép nội dung SXSH tại 2 lớp tuyên truyền tiết kiệm năng lượng.", 7_000_000, "quan"),
         ]),
        ("Lồng ghép với Chương trình sản xuất và tiêu dùng bền vững, hành động ứng phó với biến đổi khí hậu",
         "Lồng ghép tuyên truyền SXSH với nhiệm vụ thuộc các chương trình của ngành Công Thương.", ECON, (DOIT,),
         "Doanh nghiệp, người dân", date(2019, 10, 1), date(2019, 12, 31), 10_000_000, CITY_BUDGET,
         ["scp", "climate"], 1, []),
    ]),
    (3, "Đào tạo, nâng cao nguồn nhân lực về sản xuất sạch hơn",
     "Tập huấn chuyên sâu cho cán bộ quản lý nhà nước và cán bộ kỹ thuật doanh nghiệp; phổ biến bộ công cụ hỗ trợ "
     "đào tạo của Sở Công Thương.", [
        ("Tập huấn chuyên sâu cho cán bộ quản lý nhà nước về sản xuất sạch hơn",
         "Bảo đảm cán bộ đủ năng lực hướng dẫn, triển khai áp dụng SXSH tại doanh nghiệp.", ECON, (DOIT, CENTRE),
         "Cán bộ quản lý nhà nước cấp quận, phường", date(2019, 9, 15), date(2019, 11, 15), 45_000_000,
         INDUSTRY_PROMOTION, [], 1, [
            (date(2019, 11, 8), 100, ActivityStatus.DONE, "Đã tổ chức 1 lớp tập huấn cho 40 cán bộ quận, phường.",
             43_000_000, "quan"),
         ]),
        ("Tập huấn cho cán bộ kỹ thuật của doanh nghiệp trên địa bàn quận",
         "Lớp tập huấn chuyên sâu; phổ biến, chia sẻ kinh nghiệm các mô hình áp dụng thành công.", CENTRE,
         (ECON, DOIT), "Cán bộ kỹ thuật doanh nghiệp", date(2019, 10, 1), date(2019, 12, 15), 50_000_000,
         INDUSTRY_PROMOTION, [], 1, [
            (date(2019, 12, 5), 60, ActivityStatus.IN_PROGRESS,
             "Đã mở lớp thứ nhất (35 học viên); lớp thứ hai chuyển sang năm 2020.", 25_000_000, "chuyengia"),
         ]),
        ("Phổ biến bộ công cụ hỗ trợ đào tạo về áp dụng sản xuất sạch hơn của Sở Công Thương đến doanh nghiệp",
         "Gửi bộ công cụ và hướng dẫn sử dụng tới doanh nghiệp trên địa bàn quận.", DOIT, (ECON,),
         "Doanh nghiệp trên địa bàn quận", date(2019, 9, 1), date(2019, 11, 30), 0, CITY_BUDGET, [],
         0.5, [
            (date(2019, 11, 25), 100, ActivityStatus.DONE, "Đã gửi bộ công cụ tới 60 cơ sở sản xuất.", 0, "so"),
         ]),
    ]),
    (4, "Thúc đẩy áp dụng sản xuất sạch hơn trong công nghiệp",
     "Phát sổ tay hướng dẫn kỹ thuật; hỗ trợ, hướng dẫn các cơ sở thuộc nhóm ngành trọng điểm và cơ sở sản xuất "
     "sản phẩm công nghiệp hỗ trợ áp dụng giải pháp SXSH.", [
        ("Phát sổ tay hướng dẫn kỹ thuật về sản xuất sạch hơn",
         "Phát sổ tay hướng dẫn kỹ thuật tới cơ sở sản xuất công nghiệp qua UBND các phường.", ECON, WARDS,
         "Cơ sở sản xuất công nghiệp", date(2019, 10, 1), date(2019, 11, 30), 25_000_000,
         DISTRICT_BUDGET, [], 1, [
            (date(2019, 11, 28), 80, ActivityStatus.IN_PROGRESS, "Đã phát sổ tay tại 12/18 phường.", 20_000_000,
             "phuong"),
         ]),
        ("Hỗ trợ, hướng dẫn các cơ sở thuộc nhóm ngành trọng điểm áp dụng giải pháp sản xuất sạch hơn",
         "Nhóm ngành: cơ khí, điện tử, vật liệu xây dựng, dệt may da giày, đồ uống, thực phẩm; đánh giá nhanh và "
         "tư vấn giải pháp.", ECON, (CENTRE, DOIT), "Cơ sở thuộc nhóm ngành trọng điểm", date(2019, 9, 1),
         date(2019, 12, 31), 150_000_000, INDUSTRY_PROMOTION, ["energy_efficiency", "scp"], 2, [
            (date(2019, 10, 30), 20, ActivityStatus.IN_PROGRESS, "Đã khảo sát 15 cơ sở; chọn 5 cơ sở đánh giá nhanh.",
             20_000_000, "chuyengia"),
            (date(2019, 12, 20), 60, ActivityStatus.IN_PROGRESS,
             "Đã đánh giá nhanh 5 cơ sở, đề xuất 23 giải pháp (18 giải pháp chi phí thấp).", 85_000_000,
             "chuyengia"),
         ]),
        ("Hỗ trợ cơ sở sản xuất sản phẩm công nghiệp hỗ trợ áp dụng sản xuất sạch hơn",
         "Hướng dẫn cơ sở sản xuất sản phẩm công nghiệp hỗ trợ (Nghị định 111/2015/NĐ-CP) áp dụng giải pháp SXSH.",
         ECON, (CENTRE,), "Cơ sở sản xuất sản phẩm công nghiệp hỗ trợ", date(2019, 10, 15), date(2019, 12, 31),
         40_000_000, INDUSTRY_PROMOTION, [], 1, []),
    ]),
]

# (indicator code, name, unit, baseline, target, year, note)
TARGETS = [
    ("cp_aware_share", "Tỷ lệ cơ sở sản xuất công nghiệp nhận thức được lợi ích của sản xuất sạch hơn", "%", None,
     90, 2020, "Mục tiêu Chiến lược (Quyết định 1419/QĐ-TTg) đến năm 2020"),
    ("cp_applying_share", "Tỷ lệ cơ sở sản xuất công nghiệp áp dụng sản xuất sạch hơn", "%", None, 50, 2020,
     "Mục tiêu Chiến lược (Quyết định 1419/QĐ-TTg) đến năm 2020"),
    ("cp_workshops", "Số hội thảo chuyên đề về sản xuất sạch hơn", "hội thảo", 0, 1, 2019, "Số liệu minh họa"),
    ("cp_trainees", "Số lượt cán bộ, doanh nghiệp được tập huấn về sản xuất sạch hơn", "lượt người", 0, 100, 2019,
     "Số liệu minh họa"),
]


@transaction.atomic
def load() -> None:
    issuer = Organisation.objects.filter(name="Ủy ban nhân dân quận Hoàn Kiếm").first()
    if issuer is None or Plan.objects.filter(number=PLAN_NUMBER, issuer=issuer).exists():
        return
    from sxsh.accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in=["quan", "phuong", "so", "chuyengia"])}
    orgs = {o.name: o for o in Organisation.objects.all()}
    sources = {name: FundingSource.objects.get_or_create(name=name)[0]
               for name in (DISTRICT_BUDGET, CITY_BUDGET, INDUSTRY_PROMOTION)}
    plan = Plan.objects.create(
        number=PLAN_NUMBER, issuer=issuer, issued_on=date(2019, 8, 8), period_start=date(2019, 8, 8),
        period_end=date(2019, 12, 31), status=PlanStatus.IN_FORCE,
        title="Hành động sản xuất sạch hơn trong công nghiệp trên địa bàn quận Hoàn Kiếm năm 2019",
        summary="Kế hoạch gồm bốn nhóm nhiệm vụ: truyền thông, nâng cao nhận thức; hội thảo chuyên đề và lồng ghép "
                "với các chương trình; đào tạo, nâng cao nguồn nhân lực; thúc đẩy áp dụng sản xuất sạch hơn. "
                "Nguồn: tin của Cổng thông tin Hà Nội ngày 12/8/2019. " + ILLUSTRATIVE,
    )
    for order, title, description, activities in WORKSTREAMS:
        ws = Workstream.objects.create(plan=plan, order=order, title=title, description=description)
        for index, row in enumerate(activities, start=1):
            (a_title, a_desc, responsible, coordinating, audience, start, due, budget, funding, programmes,
             weight, updates) = row
            activity = Activity.objects.create(
                workstream=ws, order=index, title=a_title, description=f"{a_desc} ({ILLUSTRATIVE})",
                responsible=orgs[responsible], target_audience=audience, start_date=start, due_date=due,
                budget=Decimal(budget), funding_source=sources[funding], programmes=programmes, weight=Decimal(str(weight)),
            )
            activity.coordinating.set([orgs[name] for name in coordinating if name in orgs])
            for day, percent, status, narrative, spent, username in updates:
                user = users.get(username)
                ProgressUpdate.objects.create(
                    activity=activity, reported_on=day, percent_complete=percent, status=status,
                    narrative=narrative, spent_to_date=Decimal(spent), reported_by=user,
                    reporter_organisation=user.organisation if user else None,
                )
            refresh_activity(activity)
    for code, name, unit, baseline, target, year, note in TARGETS:
        Target.objects.create(
            plan=plan, indicator_code=code, name=name, unit_of_measure=unit,
            baseline=None if baseline is None else Decimal(baseline), target_value=Decimal(target), year=year,
            note=note,
        )
    department, officer = orgs.get("Sở Công Thương Hà Nội"), users.get("so")
    if department is not None and officer is not None:  # the district that issued the plan ended on 30/6/2025
        record_owner(acting_user=officer, plan=plan, data={
            "organisation": department, "since": date(2025, 7, 1), "basis": "",
            "note": "Minh họa: cơ quan tiếp nhận các kế hoạch của quận chưa được xác nhận trong nguồn."})
