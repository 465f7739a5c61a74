"""The front-desk and technician boards: open orders, most urgent first, filtered live."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import ServiceOutlet
from sanbao.accounts.selectors import user_brands
from sanbao.service.models import OPEN_STATUSES, Status
from sanbao.service.selectors import OrderFilter, service_orders_filter

S = Status
BOARDS = {
    "desk": (
        _("Front desk"),
        (S.REGISTERED, S.QUOTED, S.DECLINED, S.READY, S.RETURNED),
    ),
    "bench": (
        _("Technicians"),
        (
            S.REGISTERED,
            S.DIAGNOSING,
            S.APPROVED,
            S.REPAIRING,
            S.AWAITING_PARTS,
            S.TRANSFERRED_TO_HQ,
        ),
    ),
    "hq": (_("Headquarters"), tuple(OPEN_STATUSES)),
}


@login_required
@permission_required("service.view_serviceorder", raise_exception=True)
def order_board(request: SignedInRequest) -> HttpResponse:
    board = request.GET.get("board", "")
    if board not in BOARDS:
        board = "bench" if request.user.has_perm("service.change_serviceorder") else "desk"
    title, statuses = BOARDS[board]
    status = request.GET.get("status", "")
    outlets = ServiceOutlet.objects.filter(brands__in=user_brands(user=request.user)).distinct()
    outlet = request.GET.get("outlet", "")
    if outlet not in {o.code for o in outlets}:
        outlet = request.user.outlet.code if request.user.outlet and board != "hq" else ""
    criteria = OrderFilter(
        status=status if status in statuses else "",
        statuses=statuses,
        outlet="" if board == "hq" else outlet,
        at_hq=board == "hq",
        query=request.GET.get("q", "")[:32],
        overdue=request.GET.get("due") == "overdue",
        due_today=request.GET.get("due") == "today",
        open_only=True,
    )
    today = timezone.localdate()
    orders = service_orders_filter(user=request.user, criteria=criteria, today=today)
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    context = {
        "board": board,
        "boards": [(code, label) for code, (label, _s) in BOARDS.items()],
        "title": title,
        "page_obj": page,
        "today": today,
        "criteria": criteria,
        "status_choices": [(s, S(s).label) for s in statuses],
        "outlets": outlets,
        "due": request.GET.get("due", ""),
    }
    template = "service/_board_table.html" if request.htmx else "service/board.html"
    return render(request, template, context)
