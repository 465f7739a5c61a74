"""URLs of damage declarations (/claims/…)."""

from django.urls import path

from sanbao.claims import views

app_name = "claims"
urlpatterns = [
    path("", views.claim_list, name="list"),
    path("new/", views.claim_new, name="new"),
    path("<str:number>/", views.claim_detail, name="claim"),
    path("<str:number>/evidence/", views.claim_evidence, name="evidence"),
    path("<str:number>/submit/", views.claim_submit, name="submit"),
    path("<str:number>/decide/", views.claim_decide, name="decide"),
    path("<str:number>/contact/", views.claim_contact, name="contact"),
    path("<str:number>/files/<int:pk>/", views.evidence_file, name="file"),
    path("<str:number>/files/<int:pk>/thumb/", views.evidence_file, {"thumb": True}, name="thumb"),
    path("<str:number>/application-form.pdf", views.application_form, name="form_pdf"),
]
