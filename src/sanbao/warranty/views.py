"""Staff pages: the policy simulator and the policy viewer."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from sanbao.accounts.http import SignedInRequest
from sanbao.config.errors import DomainError
from sanbao.warranty import selectors, services
from sanbao.warranty.forms import SimulatorForm
from sanbao.warranty.presenters import decision_as_dict
from sanbao.warranty.viewer import policy_comparison


@login_required
@permission_required("warranty.simulate_decision", raise_exception=True)
def simulator(request: SignedInRequest) -> HttpResponse:
    """Facts in, decision out; htmx re-decides as each field changes."""
    if request.method != "POST":
        form = SimulatorForm(initial=SimulatorForm.initial_values())
        return render(request, "warranty/simulator.html", {"form": form})
    form = SimulatorForm(request.POST)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        try:
            decision = services.warranty_decide(
                policy_id=form.cleaned_data["policy"], facts=form.facts()
            )
            context["decision"] = decision_as_dict(decision)
        except DomainError as error:
            for field, message in error.fields.items():
                form.add_error(field if field in form.fields else None, message)
    template = "warranty/_decision.html" if request.htmx else "warranty/simulator.html"
    return render(request, template, context)


@login_required
@permission_required("warranty.view_policies", raise_exception=True)
def policies(request: SignedInRequest) -> HttpResponse:
    """Each brand's clauses beside the law's, topic by topic."""
    brands = selectors.brand_policies()
    chosen = request.GET.get("policy") or brands[0].id
    try:
        policy = selectors.policy_get(policy_id=chosen)
    except DomainError:
        policy = brands[0]
    return render(
        request,
        "warranty/policies.html",
        {
            "brands": brands,
            "policy": policy,
            "law": selectors.law_policy(),
            "rows": policy_comparison(policy, selectors.law_policy()),
        },
    )
