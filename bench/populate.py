"""Adds generated blog articles, with tags and images, to a benchmark site.

Run by bench/run.py inside the site's checkout and environment. Articles are published through
revisions, as an editor publishes them. A checkout without the blog gets no articles.
"""

import argparse
import io
import os
import random
import sys
from datetime import date, timedelta

sys.path.insert(0, os.getcwd())

TAGS = [
    "Anxiety", "Chronic pain", "Depression", "Ketamine", "Migraine", "Nerve pain", "PTSD",
    "Sleep", "Medication", "Research", "Lifestyle", "Back pain", "Fibromyalgia", "Safety",
    "Insurance", "First visit", "Infusions", "Mental health", "Neuropathy", "Wellbeing",
]  # fmt: skip
WORDS = [
    "patient", "treatment", "dose", "infusion", "relief", "symptom", "therapy", "study",
    "evidence", "response", "session", "clinic", "physician", "nerve", "receptor", "pain", "mood",
    "sleep", "week", "month", "result", "trial", "safety", "benefit", "risk", "question",
    "appointment", "plan", "follow-up", "recovery", "support", "family", "daily", "function",
]  # fmt: skip
IMAGE_COUNT = 24


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return "<p>" + " ".join(sentence(rng, rng.randint(10, 22)) for _ in range(5)) + "</p>"


def make_images(rng: random.Random) -> list:
    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model

    image_model = get_image_model()
    images = []
    for number in range(IMAGE_COUNT):
        picture = PillowImage.new("RGB", (1600, 900), tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(picture)
        for _ in range(12):
            x, y = rng.randrange(1600), rng.randrange(900)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse((x, y, x + rng.randint(80, 400), y + rng.randint(80, 400)), fill=colour)
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=85)
        image = image_model(title=f"Illustration {number + 1}")
        image.file = ImageFile(buffer, name=f"illustration-{number + 1}.jpg")
        image.save()
        images.append(image)
    return images


def make_article(rng: random.Random, number: int, images: list, physician):
    from blog.models import ArticlePage

    image = rng.choice(images)
    body = []
    for section in range(rng.randint(3, 5)):
        body.append({"type": "heading", "value": {"text": f"Part {section + 1}", "level": "h2"}})
        body += [{"type": "paragraph", "value": paragraph(rng)} for _ in range(rng.randint(2, 4))]
        if section == 1:
            body.append(
                {
                    "type": "image",
                    "value": {
                        "image": rng.choice(images).pk,
                        "alt_text": "Coloured shapes",
                        "caption": "",
                    },
                }
            )
    published = date.today() - timedelta(days=number)
    article = ArticlePage(
        title=f"{sentence(rng, rng.randint(3, 7))[:-1]} ({number})",
        slug=f"generated-article-{number}",
        intro=sentence(rng, 30),
        author=physician,
        reviewer=physician,
        published_date=published,
        last_reviewed=published,
        listing_image=image,
        body=body,
    )
    return article


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()

    import django

    django.setup()
    from django.apps import apps

    if not apps.is_installed("blog"):
        print("This checkout has no blog: no articles generated.")
        return

    from blog.models import BlogIndexPage
    from practice.models import Physician

    rng = random.Random(7)  # the same site on every run
    blog_index = BlogIndexPage.objects.get()
    physician = Physician.objects.first()
    images = make_images(rng)
    for number in range(1, args.articles + 1):
        article = make_article(rng, number, images, physician)
        blog_index.add_child(instance=article)
        article.tags.add(*rng.sample(TAGS, rng.randint(2, 4)))
        article.save_revision().publish()
    print(f"Generated {args.articles} articles with {IMAGE_COUNT} images and {len(TAGS)} tags.")


if __name__ == "__main__":
    main()
