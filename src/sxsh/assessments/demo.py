"""Demo assessments, options and monitoring data (idempotent).

Modelled on the Vietnamese case studies of the domain notes (section 4) and labelled illustrative:
the facilities are the directory's illustrative facilities, not the firms of the case studies.
"""

import math
import random
from datetime import date
from decimal import Decimal
from typing import Any

from sxsh.accounts.models import User
from sxsh.directory.models import Facility

from . import analysis, services
from .models import (
    Assessment,
    AssessmentKind,
    AssessmentTask,
    CauseAnalysis,
    Flow,
    FlowDirection,
    FlowKind,
    MonitoringSeries,
    MVAnalysis,
    Option,
    OptionCategory,
    ProcessStep,
    Reading,
    Resource,
    Screening,
    WasteStreamCost,
)

D = Decimal


def load() -> None:
    analysis.seed_factors()
    admin = User.objects.filter(username="admin").first() or User.objects.filter(is_superuser=True).first()
    if admin is None:
        return
    consultant = User.objects.filter(username="chuyengia").first()
    demo = Facility.objects.filter(is_illustrative=True).order_by("pk")
    brewery = demo.filter(sector__code="C11", name__contains=" Bia ").first() or demo.filter(sector__code="C11").first()
    textile = demo.filter(sector__code="C13").first()
    footwear = demo.filter(sector__code="C15").first()
    enterprise = User.objects.filter(username="doanhnghiep").first()
    own = enterprise.facilities.order_by("pk").first() if enterprise else None
    if consultant is not None:
        consultant.facilities.add(*[f for f in (brewery, textile, footwear, own) if f is not None])
    if brewery is not None:
        _brewery(admin, consultant, brewery)
    if textile is not None:
        _textile(admin, consultant, textile)
    if footwear is not None:
        _footwear(admin, consultant, footwear)
    if own is not None and own not in (brewery, textile, footwear):
        _own_facility(admin, consultant, own)


def _assessment(admin: Any, consultant: Any, facility: Facility, title: str, **data: Any) -> Assessment | None:
    """A new illustrative assessment, or None when it was already loaded."""
    if Assessment.objects.filter(facility=facility, title=title).exists():
        return None
    data.setdefault("kind", AssessmentKind.DETAILED)
    data["consultant"] = consultant
    assessment = services.create_assessment(acting_user=admin, facility=facility, data={"title": title, **data},
                                            is_illustrative=True)
    done = {n for n in range(1, 19) if n <= data.get("tasks_done", 0)}
    AssessmentTask.objects.filter(assessment=assessment, number__in=done).update(done=True, done_date=data["start_date"])
    return assessment


def _step(admin: Any, assessment: Assessment, order: int, name: str, norm: str = "") -> ProcessStep:
    return services.save_part(acting_user=admin, assessment=assessment, obj=ProcessStep(),
                              data={"order": order, "name": name, "consumption_norm": norm})  # type: ignore[no-any-return]


def _flows(admin: Any, assessment: Assessment, step: ProcessStep, rows: list[tuple[str, str, str, str, str, int]]) -> None:
    for direction, kind, name, quantity, unit, cost in rows:
        services.save_part(acting_user=admin, assessment=assessment, obj=Flow(), data={
            "process_step": step, "direction": direction, "kind": kind, "name": name, "quantity": D(quantity),
            "unit": unit, "cost": D(cost) if cost else None})


def _option(admin: Any, assessment: Assessment, **data: Any) -> Option:
    return services.save_part(acting_user=admin, assessment=assessment, obj=Option(), data=data)  # type: ignore[no-any-return]


IN, OUT = FlowDirection.INPUT, FlowDirection.OUTPUT


def _brewery(admin: Any, consultant: Any, facility: Facility) -> None:
    a = _assessment(admin, consultant, facility,
                    "Đánh giá SXSH – quản lý nội vi nhà máy bia (minh họa theo trường hợp Bia Sài Gòn–Đông Xuân)",
                    kind=AssessmentKind.DETAILED, start_date=date(2019, 9, 16), end_date=date(2020, 3, 31),
                    team="Giám đốc kỹ thuật – trưởng nhóm\nQuản đốc phân xưởng nấu\nTổ trưởng chiết chai\n"
                         "Chuyên gia tư vấn SXSH", current_step=5, tasks_done=15)
    if a is None:
        return
    cooking = _step(admin, a, 1, "Nấu (hồ hóa, đường hóa, đun sôi hoa)", "0,12 kWh và 5,1 lít nước/lít bia")
    _step(admin, a, 2, "Lên men và lọc")
    bottling = _step(admin, a, 3, "Rửa chai, chiết chai, thanh trùng", "2,4 lít nước/lít bia")
    _flows(admin, a, cooking, [
        (IN, FlowKind.MATERIAL, "Malt và gạo", "420", "t", 3_150_000_000),
        (IN, FlowKind.WATER, "Nước nấu", "3100", "m3", 21_700_000),
        (IN, FlowKind.ENERGY, "Điện", "52000", "kWh", 93_600_000),
        (OUT, FlowKind.PRODUCT, "Dịch đường", "2950", "m3", 0),
        (OUT, FlowKind.WASTE, "Bã malt", "480", "t", 0),
        (OUT, FlowKind.WASTE, "Nước thải vệ sinh", "80", "m3", 0),
    ])
    _flows(admin, a, bottling, [
        (IN, FlowKind.WATER, "Nước rửa chai", "7200", "m3", 50_400_000),
        (IN, FlowKind.CHEMICAL, "Xút (NaOH)", "18", "t", 162_000_000),
        (OUT, FlowKind.WASTE, "Nước thải rửa chai", "5900", "m3", 0),
    ])  # the bottle washer's outputs leave out evaporation and losses: the balance warns
    services.update_assessment(acting_user=admin, assessment=a, data={"focus_step": bottling})
    waste = services.save_part(acting_user=admin, assessment=a, obj=WasteStreamCost(), data={
        "name": "Bia hao hụt khi chiết và thanh trùng", "process_step": bottling, "quantity": D("95"), "unit": "m3",
        "purchase_cost": D(380_000_000), "handling_cost": D(12_000_000), "treatment_cost": D(28_000_000),
        "disposal_cost": D(6_000_000)})
    services.save_part(acting_user=admin, assessment=a, obj=CauseAnalysis(), data={
        "problem": "Bia hao hụt khi chiết", "process_step": bottling, "waste_stream": waste,
        "cause": "Van chiết mòn, chỉnh mức chiết không đều; chai vỡ trong máy thanh trùng; công nhân chưa có quy trình."})
    gh = _option(admin, a, title="Quản lý nội vi: khắc phục rò rỉ hơi, nước, bia; quy trình vận hành chuẩn",
                 category=OptionCategory.GH, process_step=bottling, screening=Screening.DIRECT,
                 investment=D(78_500_000), saving_vnd=D(533_000_000), lifetime_years=3, discount_rate=D(10),
                 saving_water_m3=D(9_000), saving_kwh=D(30_000),
                 description="Theo trường hợp Bia Sài Gòn–Đông Xuân: đầu tư 78,5 triệu đồng, lợi ích 533 triệu đồng "
                             "(scp.gov.vn). Số liệu phân bổ theo tài nguyên là minh họa.")
    _option(admin, a, title="Tuần hoàn nước tráng cuối của máy rửa chai", category=OptionCategory.RR,
            process_step=bottling, screening=Screening.STUDY, investment=D(450_000_000), saving_vnd=D(160_000_000),
            opex_change=D(15_000_000), lifetime_years=8, discount_rate=D(10), saving_water_m3=D(18_000),
            cod_reduction_kg=D(900))
    _option(admin, a, title="Xả bã malt ra cống", category=OptionCategory.GH, screening=Screening.REJECTED,
            rejection_reason="Không phải SXSH: chuyển ô nhiễm sang nước thải; bán bã làm thức ăn chăn nuôi thay thế.")
    _option(admin, a, title="Bán bã malt làm thức ăn chăn nuôi", category=OptionCategory.BP,
            process_step=cooking, screening=Screening.DIRECT, investment=D(20_000_000), saving_vnd=D(96_000_000),
            lifetime_years=5, discount_rate=D(10), saving_material_t=D(0))
    services.implement_option(acting_user=admin, option=gh, implemented_date=date(2020, 1, 6),
                              actual_investment=D(78_500_000))


def _textile(admin: Any, consultant: Any, facility: Facility) -> None:
    a = _assessment(admin, consultant, facility,
                    "Đánh giá SXSH – tiết kiệm năng lượng xưởng dệt nhuộm (minh họa theo trường hợp Dệt Toàn Thắng)",
                    start_date=date(2019, 10, 1), current_step=6, tasks_done=16,
                    team="Phó giám đốc sản xuất – trưởng nhóm\nCán bộ cơ điện\nTrưởng ca nhuộm")
    if a is None:
        return
    dyeing = _step(admin, a, 1, "Nhuộm và giặt", "95 m³ nước/tấn vải")
    boiler = _step(admin, a, 2, "Lò hơi đốt than", "0,42 tấn than/tấn vải")
    _flows(admin, a, dyeing, [
        (IN, FlowKind.MATERIAL, "Vải mộc", "600", "t", 0),
        (IN, FlowKind.CHEMICAL, "Thuốc nhuộm, trợ chất", "36", "t", 2_100_000_000),
        (IN, FlowKind.WATER, "Nước", "57000", "m3", 399_000_000),
        (OUT, FlowKind.PRODUCT, "Vải thành phẩm", "585", "t", 0),
        (OUT, FlowKind.WASTE, "Nước thải nhuộm", "55500", "m3", 0),
    ])
    _flows(admin, a, boiler, [
        (IN, FlowKind.MATERIAL, "Than antraxit", "252", "t", 756_000_000),
        (OUT, FlowKind.WASTE, "Xỉ than", "60", "t", 9_000_000),
    ])  # carbon leaves as flue gas, which is not recorded: the balance warns
    services.update_assessment(acting_user=admin, assessment=a, data={"focus_step": boiler})
    measures = [
        ("Thu hồi nước ngưng về lò hơi", OptionCategory.RR, 180, 230, 0, "60"),
        ("Bảo ôn đường ống hơi và van", OptionCategory.EM, 120, 160, 0, "45"),
        ("Biến tần cho quạt lò và bơm cấp nước", OptionCategory.EM, 260, 220, 240_000, "0"),
        ("Thay đèn LED và tụ bù", OptionCategory.EM, 190, 150, 180_000, "0"),
        ("Khắc phục rò rỉ khí nén", OptionCategory.GH, 20, 120, 150_000, "0"),
        ("Tận dụng nhiệt nước thải nhuộm nóng", OptionCategory.RR, 330, 280, 0, "70"),
        ("Kiểm soát tỉ lệ không khí – than", OptionCategory.PC, 80, 150, 0, "40"),
        ("Lịch vận hành máy nhuộm theo mẻ đầy", OptionCategory.GH, 120, 90, 70_000, "0"),
    ]
    for i, (title, category, invest_m, save_m, kwh, coal) in enumerate(measures):
        option = _option(admin, a, title=title, category=category, process_step=boiler if coal != "0" else dyeing,
                         screening=Screening.DIRECT, investment=D(invest_m * 1_000_000),
                         saving_vnd=D(save_m * 1_000_000), lifetime_years=7, discount_rate=D(12),
                         saving_kwh=D(kwh), fuel="anthracite" if coal != "0" else "", saving_fuel_t=D(coal),
                         description="Một trong 8 giải pháp năng lượng (tổng ~1,3 tỷ đồng đầu tư, ~1,4 tỷ đồng/năm; "
                                     "scp.gov.vn). Phân bổ giữa các giải pháp là minh họa.")
        if i < 5:
            services.implement_option(acting_user=admin, option=option, implemented_date=date(2020, 1, 15),
                                      actual_investment=None)
    _monitoring(facility, start=date(2019, 1, 1), months=36, saving_from=date(2020, 2, 1), seed=13, series=[
        ("Điện năng", Resource.ELECTRICITY, "kWh", D(1750), (30_000, 900.0, 0.11)),
        ("Nước cấp", Resource.WATER, "m3", D(7000), (1_200, 95.0, 0.08)),
    ], production=("Sản lượng vải", "t", 35.0, 60.0), analyses=[
        ("Điện năng theo sản lượng (IPMVP C)", "Điện năng", (2019, 2020, 2021)),
        ("Nước cấp theo sản lượng", "Nước cấp", (2019, 2020, 2021)),
    ])


def _footwear(admin: Any, consultant: Any, facility: Facility) -> None:
    a = _assessment(admin, consultant, facility,
                    "Đánh giá SXSH nhanh – xưởng giày (minh họa theo trường hợp Giày Vĩnh Phú)",
                    kind=AssessmentKind.RAPID, start_date=date(2020, 6, 8), end_date=date(2020, 6, 10),
                    current_step=4, tasks_done=9, team="Giám đốc xưởng\nTổ trưởng cắt")
    if a is None:
        return
    cutting = _step(admin, a, 1, "Cắt da và vải", "1,12 m² da/đôi")
    _flows(admin, a, cutting, [
        (IN, FlowKind.MATERIAL, "Da, vải tấm", "140", "t", 0),
        (OUT, FlowKind.PRODUCT, "Chi tiết mũ giày", "118", "t", 0),
        (OUT, FlowKind.WASTE, "Da vụn, vải vụn", "21", "t", 0),
    ])
    _option(admin, a, title="Tận dụng da vụn làm chi tiết nhỏ (lót, nhãn)", category=OptionCategory.RR,
            process_step=cutting, screening=Screening.DIRECT, investment=D(40_000_000), saving_vnd=D(150_000_000),
            saving_material_t=D(9), lifetime_years=5, discount_rate=D(10),
            description="Theo trường hợp Giày Vĩnh Phú: tiết kiệm nguyên liệu 150 triệu đồng/năm.")
    _option(admin, a, title="Thay đèn tiết kiệm năng lượng và lắp tụ bù", category=OptionCategory.EM,
            screening=Screening.DIRECT, investment=D(350_000_000), saving_vnd=D(72_000_000), saving_kwh=D(40_000),
            lifetime_years=10, discount_rate=D(10),
            description="Theo trường hợp Giày Vĩnh Phú: đầu tư 350 triệu đồng, giảm 40.000 kWh/năm "
                        "(lợi ích bằng tiền ước tính theo giá điện minh họa 1.800 đồng/kWh).")


def _own_facility(admin: Any, consultant: Any, facility: Facility) -> None:
    a = _assessment(admin, consultant, facility, "Đánh giá SXSH nhanh – minh họa", kind=AssessmentKind.RAPID,
                    start_date=date(2018, 11, 5), end_date=date(2018, 11, 7), current_step=5, tasks_done=14,
                    team="Giám đốc\nTrưởng xưởng")
    if a is not None:
        step = _step(admin, a, 1, "Dây chuyền chính")
        option = _option(admin, a, title="Sửa rò rỉ khí nén, tắt máy không tải, bảo dưỡng động cơ",
                         category=OptionCategory.GH, process_step=step, screening=Screening.DIRECT,
                         investment=D(45_000_000), saving_vnd=D(150_000_000), saving_kwh=D(80_000), lifetime_years=5,
                         discount_rate=D(10),
                         description="Khoảng 10% điện năng mất do quản lý nội vi và bảo dưỡng (vncpc.org, ngành cơ khí); "
                                     "số liệu minh họa.")
        services.implement_option(acting_user=admin, option=option, implemented_date=date(2019, 2, 1),
                                  actual_investment=D(42_000_000))
    _monitoring(facility, start=date(2018, 1, 1), months=36, saving_from=date(2019, 2, 1), seed=7, series=[
        ("Điện năng", Resource.ELECTRICITY, "kWh", D(1800), (20_000, 55.0, 0.10)),
    ], production=("Sản lượng", "t", 800.0, 1200.0), analyses=[
        ("Điện năng theo sản lượng (IPMVP C)", "Điện năng", (2018, 2019, 2020)),
    ])


def _monitoring(facility: Facility, *, start: date, months: int, saving_from: date, seed: int,
                series: list[tuple[str, str, str, Decimal, tuple[float, float, float]]],
                production: tuple[str, str, float, float], analyses: list[tuple[str, str, tuple[int, int, int]]]) -> None:
    """Monthly readings: use = a + b × production (+ noise), cut by a share once the options are in place."""
    if MonitoringSeries.objects.filter(facility=facility).exists():
        return
    rng = random.Random(seed)
    periods = [date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(months)]
    name, unit, low, high = production
    driver = MonitoringSeries.objects.create(facility=facility, name=name, resource=Resource.PRODUCTION, unit=unit)
    output = [low + (high - low) * (0.5 + 0.35 * math.sin(i / 1.9) + 0.15 * rng.random()) for i in range(months)]
    readings = [Reading(series=driver, period=p, value=D(f"{v:.1f}")) for p, v in zip(periods, output, strict=True)]
    by_name = {}
    for s_name, resource, s_unit, price, (intercept, slope, cut) in series:
        item = MonitoringSeries.objects.create(facility=facility, name=s_name, resource=resource, unit=s_unit,
                                               unit_price=price)
        by_name[s_name] = item
        for p, v in zip(periods, output, strict=True):
            use = (intercept + slope * v) * (1 + rng.gauss(0, 0.015))
            if p >= saving_from:
                use *= 1 - cut
            readings.append(Reading(series=item, period=p, value=D(f"{use:.0f}")))
    Reading.objects.bulk_create(readings)
    for title, target, (base_year, rep_first, rep_last) in analyses:
        mv = MVAnalysis.objects.create(
            facility=facility, name=title, target=by_name[target],
            baseline_start=date(base_year, 1, 1), baseline_end=date(base_year, 12, 1),
            reporting_start=date(rep_first, 1, 1), reporting_end=date(rep_last, 12, 1))
        mv.drivers.set([driver])
