"""URLs of dealer returns (/returns/…): the same pages for dealers and the factory floor."""

from django.urls import path

from sanbao.returns import document_views, views

app_name = "returns"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("new/", views.batch_new, name="new"),
    path("<str:number>/", views.batch_detail, name="batch"),
    path("<str:number>/act/<str:action>/", views.batch_act, name="act"),
    path("<str:number>/u/<int:line>/", views.unit_page, name="unit"),
    path("<str:number>/packing-list.pdf", document_views.packing_list, name="packing_list"),
    path("<str:number>/labels.pdf", document_views.fault_labels, name="labels"),
    path(
        "<str:number>/deliveries/<str:shipment>.pdf",
        document_views.delivery_list,
        name="delivery_list",
    ),
]
