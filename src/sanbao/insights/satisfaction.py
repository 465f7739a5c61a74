"""What customers and dealers say: satisfaction (CSAT 1-5), Net Promoter Score, fixed the
first time, the response rate, and their comments."""

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanbao.feedback.models import SurveyInvitation, SurveyResponse
from sanbao.insights.charts import Board, Cell, Chart, Figure, Table, bars, lines, percent
from sanbao.insights.periods import as_month, label, month_of, months
from sanbao.insights.scope import Scope

COMMENTS_SHOWN = 50


def _filtered(rows: QuerySet, scope: Scope) -> QuerySet:  # type: ignore[type-arg]
    rows = rows.filter(brand_id__in=scope.brand_ids)
    if scope.outlet_id:
        rows = rows.filter(outlet_id=scope.outlet_id)
    if scope.dealer_id:
        rows = rows.filter(dealer_id=scope.dealer_id)
    if scope.model_id:
        rows = rows.filter(model_id=scope.model_id)
    return rows


def responses(scope: Scope) -> QuerySet[SurveyResponse]:
    return _filtered(SurveyResponse.objects.filter(scope.during("answered_at")), scope)


def _nps(promoters: int, detractors: int, total: int) -> float | None:
    return round(100 * (promoters - detractors) / total, 1) if total else None


def trend_chart(scope: Scope) -> tuple[Chart, list[Figure]]:
    monthly = (
        responses(scope).annotate(month=month_of("answered_at")).values("month")
        .annotate(n=Count("*"), csat=Avg("csat"),
                  promoters=Count("pk", filter=Q(nps__gte=9)),
                  detractors=Count("pk", filter=Q(nps__lte=6)),
                  first=Count("pk", filter=Q(fixed_first_visit=True)),
                  asked=Count("pk", filter=Q(fixed_first_visit__isnull=False)))
    )  # fmt: skip
    by_month = {as_month(r["month"]): r for r in monthly}
    sent = (
        _filtered(SurveyInvitation.objects.filter(scope.during("sent_at")), scope)
        .annotate(month=month_of("sent_at")).values("month")
        .annotate(n=Count("*"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    )  # fmt: skip
    sent_by_month = {as_month(r["month"]): r for r in sent}
    rows: list[list[Cell]] = []
    for month in months(scope):
        r = by_month.get(month, {})
        s = sent_by_month.get(month, {})
        n = r.get("n", 0)
        csat = round(float(r["csat"]), 2) if r.get("csat") is not None else None
        rows.append([
            label(month), s.get("n", 0), s.get("answered", 0),
            percent(s.get("answered", 0), s.get("n", 0)), n, csat,
            _nps(r.get("promoters", 0), r.get("detractors", 0), n),
            percent(r.get("first", 0), r.get("asked", 0)),
        ])  # fmt: skip
    table = Table(
        [_("Month"), _("Surveys sent"), _("Of which answered"), _("Response rate %"),
         _("Responses"), _("CSAT (1-5)"), _("NPS"), _("Fixed the first time %")],
        rows,
    )  # fmt: skip
    option = lines([r[0] for r in rows], {_("NPS"): [r[6] for r in rows],
                                          _("Response rate %"): [r[3] for r in rows],
                                          _("Fixed the first time %"): [r[7] for r in rows]},
                   y_min=-100, y_max=100)  # fmt: skip
    chart = Chart("nps-trend", _("NPS, response rate and first-time fixes by month"), table,
                  option, note=_("NPS = % promoters (9-10) minus % detractors (0-6). The response "
                                 "rate counts surveys by the month they were sent."))  # fmt: skip
    total = responses(scope).aggregate(
        n=Count("*"), csat=Avg("csat"), promoters=Count("pk", filter=Q(nps__gte=9)),
        detractors=Count("pk", filter=Q(nps__lte=6)),
    )  # fmt: skip
    invited = sum(int(r[1] or 0) for r in rows)
    answered = sum(int(r[2] or 0) for r in rows)
    rate = percent(answered, invited)
    nps = _nps(total["promoters"], total["detractors"], total["n"])
    figures = [
        Figure(_("CSAT"), "—" if total["csat"] is None else f"{total['csat']:.2f} / 5",
               ngettext("%(n)s response", "%(n)s responses", total["n"]) % {"n": total["n"]},
               "" if total["csat"] is None else "good" if total["csat"] >= 4 else "bad"),
        Figure(_("NPS"), "—" if nps is None else f"{nps:+.0f}", "",
               "" if nps is None else "good" if nps >= 30 else "bad"),
        Figure(_("Response rate"), "—" if rate is None else f"{rate} %",
               _("%(answered)s of %(sent)s surveys") % {"answered": answered, "sent": invited}),
    ]  # fmt: skip
    return chart, figures


def csat_chart(scope: Scope) -> Chart:
    counts = {r["csat"]: r["n"] for r in responses(scope).values("csat").annotate(n=Count("*"))}
    rows: list[list[Cell]] = [[str(score), counts.get(score, 0)] for score in range(1, 6)]
    table = Table([_("Satisfaction score"), _("Responses")], rows)
    option = bars([r[0] for r in rows], {_("Responses"): [r[1] for r in rows]})
    return Chart("csat", _("Satisfaction scores"), table, option)


def comments_chart(scope: Scope) -> Chart:
    latest = (
        responses(scope).exclude(comment="")
        .select_related("outlet", "dealer", "model").order_by("-answered_at")[:COMMENTS_SHOWN]
    )  # fmt: skip
    rows: list[list[Cell]] = [
        [f"{timezone.localtime(r.answered_at):%Y-%m-%d}", (r.outlet or r.dealer or "—").__str__(),
         r.model.sku if r.model else "—", r.csat, r.nps, r.comment]
        for r in latest
    ]  # fmt: skip
    table = Table([_("Answered"), _("Outlet or dealer"), _("Model"), _("CSAT"), _("NPS"),
                   _("Comment")], rows)  # fmt: skip
    # Comments are words, not figures: the picture is the scores of the commented answers.
    option = bars([r[0] for r in rows][::-1], {_("CSAT"): [r[3] for r in rows][::-1]})
    return Chart("comments", _("Latest comments"), table, option, height=220, table_first=True)


def satisfaction(scope: Scope) -> Board:
    trend, figures = trend_chart(scope)
    return Board(figures=figures, charts=[trend, csat_chart(scope), comments_chart(scope)])
