"""Catalog pages beyond the generic list, detail and edit pages."""

from django.urls import path

from sanbao.catalog import views

app_name = "catalog"
urlpatterns = [
    path("serial-imports/new/", views.serial_import_new, name="serial_import_new"),
    path(
        "serial-imports/<int:pk>/progress/",
        views.serial_import_progress,
        name="serial_import_progress",
    ),
    path(
        "serial-imports/<int:pk>/errors.csv",
        views.serial_import_errors,
        name="serial_import_errors",
    ),
    path("recalls/<int:pk>/status/", views.recall_status, name="recall_status"),
    path("recalls/<int:pk>/outreach/", views.recall_outreach, name="recall_outreach"),
    path("recalls/<int:pk>/recover/", views.recall_recover, name="recall_recover"),
    path("recalls/<int:pk>/units.csv", views.recall_units_csv, name="recall_units_csv"),
    path("unit-claims/<int:pk>/review/", views.claim_review, name="claim_review"),
]
