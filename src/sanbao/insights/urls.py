from django.urls import path

from sanbao.insights import quality_views, views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard_index, name="index"),
    path("quality/", quality_views.watch_list_page, name="quality"),
    # Before the dashboards' export route: `insights:chart_export 'quality' …` (the shared
    # chart template's link) lands here.
    path(
        "quality/<slug:chart>.<str:file_format>",
        quality_views.chart_export,
        name="quality_export",
    ),
    path("quality/batches/<int:pk>/", quality_views.batch_page, name="quality_batch"),
    path(
        "quality/batches/<int:pk>/recall-draft/",
        quality_views.recall_draft_start,
        name="quality_recall_draft",
    ),
    path("quality/photos/<int:pk>/", quality_views.intake_photo, name="quality_photo"),
    path("<slug:slug>/", views.dashboard_page, name="dashboard"),
    path("<slug:slug>/<slug:chart>.<str:file_format>", views.chart_export, name="chart_export"),
]
