"""Maintenance-register URLs."""

from django.urls import path

from sanbao.service import board_views, intake_views, views

app_name = "service"
urlpatterns = [
    path("board/", board_views.order_board, name="board"),
    path("intake/", intake_views.intake_new, name="intake"),
    path("intake/live/", intake_views.intake_live, name="intake_live"),
    path("orders/<str:number>/act/<str:action>/", views.order_act, name="order_act"),
    path("orders/<str:number>/card.pdf", views.order_card, name="order_card"),
    path("orders/<str:number>/signature.png", views.order_signature, name="order_signature"),
]
