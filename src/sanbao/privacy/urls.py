"""Privacy URLs: staff pages and the customers' own requests."""

from django.urls import path

from sanbao.privacy import portal_views, views

app_name = "privacy"
urlpatterns = [
    path("retention/", views.retention, name="retention"),
    path("retention/purge/", views.purge_start, name="purge_start"),
    path(
        "customers/<int:pk>/export.<str:kind>",
        views.customer_export_download,
        name="customer_export",
    ),
    path("customers/<int:pk>/erase/", views.customer_erase, name="customer_erase"),
    path("mine/", portal_views.phone_ask, name="mine"),
    path("mine/code/", portal_views.code_check, name="mine_code"),
    path("mine/data/", portal_views.my_data, name="my_data"),
    path("mine/data/export.<str:kind>", portal_views.my_export, name="my_export"),
    path("mine/data/erase/", portal_views.my_erase, name="my_erase"),
]
