"""Portal URLs."""

from django.urls import path

from sanbao.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.customer_home, name="customer_home"),
    path("dealer/", views.dealer_home, name="dealer_home"),
    path("warranty/", views.warranty_check, name="warranty_check"),
]
