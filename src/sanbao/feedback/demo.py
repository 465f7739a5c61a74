"""Demo surveys: one for customers and one for dealers of every brand, in both languages."""

# ruff: noqa: RUF001 - Chinese questions end in full-width punctuation on purpose

from sanbao.accounts.models import Brand
from sanbao.feedback.models import Audience, Survey

# {brand} becomes the brand's name in the question's language.
WORDING: dict[str, dict[str, str]] = {
    Audience.CUSTOMER: {
        "intro_en": "Thank you for trusting us with your product. Four quick questions help us "
        "serve you better; it takes about a minute.",
        "intro_zh": "感谢您选择我们的售后服务。请花一分钟回答四个小问题，帮助我们把服务做得更好。",
        "csat_en": "How satisfied are you with the repair of your product?",
        "csat_zh": "您对本次产品维修服务满意吗？",
        "nps_en": "How likely are you to recommend {brand} to a friend?",
        "nps_zh": "您有多大可能向朋友推荐{brand}？",
        "first_visit_en": "Was the problem fixed the first time you brought it to us?",
        "first_visit_zh": "问题是否在第一次送修时就解决了？",
        "comment_en": "Is there anything we could have done better?",
        "comment_zh": "还有什么我们可以做得更好的吗？",
    },
    Audience.DEALER: {
        "intro_en": "Your return batch is closed. Tell us how the return went, so that the next "
        "one goes more smoothly.",
        "intro_zh": "您的退货批次已完结。请告诉我们这次退货的体验，帮助我们让下一次更顺畅。",
        "csat_en": "How satisfied are you with how we handled this return batch?",
        "csat_zh": "您对本次退货批次的处理满意吗？",
        "nps_en": "How likely are you to recommend working with {brand} to another dealer?",
        "nps_zh": "您有多大可能向其他经销商推荐与{brand}合作？",
        "first_visit_en": "Did every unit come back repaired or replaced, with nothing missing?",
        "first_visit_zh": "返还的货品是否都已修好或更换，且没有缺漏？",
        "comment_en": "What could we do better for dealers?",
        "comment_zh": "在服务经销商方面，我们还有哪些可以改进的地方？",
    },
}


def surveys_seed() -> int:
    """Creates the missing surveys; one a manager has reworded is left alone. Returns how
    many were created."""
    created = 0
    for brand in Brand.objects.all():
        for audience, wording in WORDING.items():
            names = {"en": brand.name_en, "zh": brand.name_zh}
            texts = {
                field: text.format(brand=names[field.rsplit("_", 1)[1]])
                for field, text in wording.items()
            }
            _survey, new = Survey.objects.get_or_create(
                brand=brand, audience=audience, defaults=texts
            )
            created += new
    return created
