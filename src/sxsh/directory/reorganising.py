"""What a reorganisation would do (its preview) and what makes it impossible (its errors); no writes.

``services.apply_reorganisation`` applies exactly what :func:`preview` shows, or nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from .models import AdministrativeUnit, Facility, Reorganisation, ReorganisationPart

#: The reason of the reads of a reorganisation's preview and application (an administrator's or the
#: system's act over every unit and facility it touches, whatever the scope of the one who looks).
REORGANISING = "reorganisation preview or application: every unit and facility the event touches"


def dmy(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


@dataclass
class SourcePlan:
    """One old unit: where it goes (one target when whole, several when split) and its facilities."""

    source: AdministrativeUnit
    targets: list[AdministrativeUnit]
    whole: bool
    facilities: int = 0


@dataclass
class Preview:
    reorganisation: Reorganisation
    sources: list[SourcePlan] = field(default_factory=list)
    opened: list[AdministrativeUnit] = field(default_factory=list)
    abolished: list[AdministrativeUnit] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def closes_on(self) -> date:
        return self.reorganisation.effective_date - timedelta(days=1)

    @property
    def facilities_moved(self) -> int:
        return sum(s.facilities for s in self.sources if s.whole)

    @property
    def facilities_to_place(self) -> int:
        return sum(s.facilities for s in self.sources if not s.whole)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def preview(reorganisation: Reorganisation) -> Preview:
    """The units closed and opened, the facilities moved and those sent to the work list, and every error."""
    parts = list(ReorganisationPart.objects.unscoped(REORGANISING).filter(reorganisation=reorganisation)
                 .select_related("source__kind", "target__kind", "source__parent").order_by("source__path", "pk"))
    by_source: dict[int, list[ReorganisationPart]] = defaultdict(list)
    for part in parts:
        by_source[part.source_id].append(part)
    counts = dict(_facility_counts(list(by_source)))
    out = Preview(reorganisation, abolished=list(reorganisation.abolished.all()))
    for lines in by_source.values():
        whole = all(p.whole for p in lines)
        out.sources.append(SourcePlan(lines[0].source, [p.target for p in lines], whole, counts.get(lines[0].source_id, 0)))
    out.opened = sorted({p.target_id: p.target for p in parts}.values(), key=lambda u: u.path)
    out.errors = _errors(out, by_source)
    return out


def _facility_counts(source_ids: list[int]) -> list[tuple[int, int]]:
    from django.db.models import Count

    rows = Facility.objects.unscoped(REORGANISING).filter(ward_id__in=source_ids).values("ward_id").annotate(n=Count("pk")).order_by()
    return [(r["ward_id"], r["n"]) for r in rows]


def _errors(out: Preview, by_source: dict[int, list[ReorganisationPart]]) -> list[str]:
    reorganisation = out.reorganisation
    day, closes = reorganisation.effective_date, out.closes_on
    errors: list[str] = []
    if reorganisation.applied_at is not None:
        errors.append(_("Đợt sắp xếp này đã được áp dụng lúc %(at)s; không áp dụng lại.")
                      % {"at": dmy(reorganisation.applied_at.date())})
    if not by_source:
        errors.append(_("Đợt sắp xếp chưa có đơn vị cũ → đơn vị mới nào."))
    targets = {u.pk for u in out.opened}
    for plan in out.sources:
        name = str(plan.source)
        if plan.source.pk in targets:
            errors.append(_("%(unit)s vừa là đơn vị cũ vừa là đơn vị mới của cùng một đợt.") % {"unit": name})
        lines = by_source[plan.source.pk]
        if any(p.whole for p in lines) and len(lines) > 1:
            errors.append(_("%(unit)s được ghi chuyển toàn bộ nhưng có %(n)s đơn vị nhận: chuyển toàn bộ chỉ sang "
                            "một đơn vị, còn chia thì mỗi phần ghi là một phần.") % {"unit": name, "n": len(lines)})
        elif not plan.whole and len(lines) < 2:
            errors.append(_("%(unit)s được chia nhưng mới có một đơn vị nhận: việc chia chưa xong, hãy ghi đủ các "
                            "đơn vị nhận phần còn lại.") % {"unit": name})
        errors += _source_validity(plan.source, day, closes)
    for unit in out.abolished:
        errors += _source_validity(unit, day, closes)
        leftover = unit.children.exclude(pk__in=list(by_source)).filter(
            pk__in=AdministrativeUnit.valid_on(day).values("pk"))
        for child in leftover:
            errors.append(_("%(unit)s bị bãi bỏ nhưng %(child)s trực thuộc chưa được sắp xếp vào đơn vị nào.")
                          % {"unit": unit, "child": child})
    for unit in out.opened:
        errors += _target_validity(unit, day)
    return errors


def _source_validity(unit: AdministrativeUnit, day: date, closes: date) -> list[str]:
    if unit.valid_from is not None and unit.valid_from >= day:
        return [_("%(unit)s bắt đầu hiệu lực từ %(start)s, không trước ngày sắp xếp %(day)s: không thể là đơn vị cũ.")
                % {"unit": unit, "start": dmy(unit.valid_from), "day": dmy(day)}]
    if unit.valid_to is not None and unit.valid_to != closes:
        return [_("%(unit)s đã hết hiệu lực từ %(end)s, trước ngày sắp xếp %(day)s: sẽ có khoảng trống thời gian.")
                % {"unit": unit, "end": dmy(unit.valid_to), "day": dmy(day)}]
    return []


def _target_validity(unit: AdministrativeUnit, day: date) -> list[str]:
    if unit.valid_from is None or unit.valid_from < day:
        return [_("%(unit)s có hiệu lực từ %(start)s, trước ngày sắp xếp %(day)s: thời gian hiệu lực chồng lên các "
                  "đơn vị cũ.") % {"unit": unit, "start": dmy(unit.valid_from), "day": dmy(day)}]
    if unit.valid_from > day:
        return [_("%(unit)s chỉ có hiệu lực từ %(start)s, sau ngày sắp xếp %(day)s: sẽ có khoảng trống thời gian.")
                % {"unit": unit, "start": dmy(unit.valid_from), "day": dmy(day)}]
    if unit.valid_to is not None:
        return [_("%(unit)s đã có ngày hết hiệu lực %(end)s: đơn vị mới của đợt sắp xếp phải còn hiệu lực.")
                % {"unit": unit, "end": dmy(unit.valid_to)}]
    return []
