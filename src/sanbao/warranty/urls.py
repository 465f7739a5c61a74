"""Warranty pages."""

from django.urls import path

from sanbao.warranty import views

app_name = "warranty"
urlpatterns = [
    path("simulator/", views.simulator, name="simulator"),
    path("policies/", views.policies, name="policies"),
]
