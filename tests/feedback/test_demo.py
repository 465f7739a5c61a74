"""The demo surveys: a customer and a dealer survey per brand, worded in both languages."""

import pytest

from sanbao.feedback.demo import surveys_seed
from sanbao.feedback.models import Survey

pytestmark = pytest.mark.django_db


def test_it_seeds_both_surveys_of_every_brand_once(brand, other_brand):
    assert surveys_seed() == 4
    assert surveys_seed() == 0

    assert set(Survey.objects.values_list("brand__code", "audience")) == {
        ("top", "customer"), ("top", "dealer"), ("romoss", "customer"), ("romoss", "dealer"),
    }  # fmt: skip
    romoss = Survey.objects.get(brand=other_brand, audience="customer")
    assert romoss.nps_en == "How likely are you to recommend ROMOSS to a friend?"
    assert romoss.nps_zh == "您有多大可能向朋友推荐罗马仕？"  # noqa: RUF001
    for survey in Survey.objects.all():
        survey.full_clean()
        assert survey.is_active and "{" not in survey.nps_en + survey.nps_zh


def test_it_leaves_a_reworded_survey_alone(brand):
    surveys_seed()
    Survey.objects.filter(audience="customer").update(csat_en="Happy?")

    surveys_seed()

    assert Survey.objects.get(audience="customer").csat_en == "Happy?"
