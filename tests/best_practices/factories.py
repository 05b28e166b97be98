"""Practices, materials, experts and reviews for tests: saved through the bank's services (as
every write path saves them), override what the test is about."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from best_practices.models import Practice, PracticeMaterial, PracticeTransition, Review, Status
from best_practices.services.saving import save_material, save_practice
from moc_portal.roles import EXPERTS
from programs.models import Direction
from tests.factories import make_organization

_counter = itertools.count(1)


def build_practice(status=Status.SUBMITTED, *, direction="tech", **fields):
    """An unsaved practice with every required field filled (for the save paths' own tests)."""
    n = next(_counter)
    defaults = {
        "slug": f"practice-{n}",
        "title": f"Практика {n}",
        "direction": Direction.objects.get(code=direction),
        "category": "technology",
        "authors": "Иванова Анна Петровна, педагог дополнительного образования",
        "organization": fields.pop("organization", None) or make_organization(),
        "annotation": f"Аннотация практики {n}",
        "problem": "Дети из сёл не попадают в технические кружки.",
        "description": "Выездные занятия раз в неделю.",
        "results": "Охват вырос на 40 детей.",
        "year": 2026,
        "contact_name": "Иванова Анна Петровна",
        "contact_position": "педагог",
        "contact_email": f"author{n}@example.ru",
        "contact_phone": "+7 900 000-00-00",
        "status": status,
    }
    if status == Status.PUBLISHED:
        defaults["published_at"] = timezone.now()
    defaults.update(fields)
    return Practice(**defaults)


def make_practice(status=Status.SUBMITTED, **fields):
    practice = save_practice(build_practice(status, **fields))
    PracticeTransition.objects.create(practice=practice, from_status="", to_status=status)
    return practice


def make_material(practice, title="Материал", *, file=None, content=b"%PDF-1.4", **fields):
    """A material: a stored file `file` (a name like "a.pdf") with `content`, or a video link
    (video_url=...)."""
    material = PracticeMaterial(practice=practice, title=title, **fields)
    if file:
        material.file.save(file, ContentFile(content), save=False)
    return save_material(material)


def make_user(username=None, *, groups=(), staff=True, **fields):
    username = username or f"user{next(_counter)}"
    user = get_user_model().objects.create_user(
        username=username,
        password="pass-12345",
        is_staff=staff,
        email=fields.pop("email", f"{username}@example.ru"),
        **fields,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_expert(username=None, **fields):
    return make_user(username, groups=[EXPERTS], **fields)


def make_methodist(username=None, **fields):
    return make_user(username, groups=["Методисты"], **fields)


def make_review(practice, expert=None, *, scores=(4, 4, 4, 4), done=True, comment=""):
    review = Review(practice=practice, expert=expert or make_expert(), comment=comment)
    if done:
        review.relevance, review.novelty, review.effectiveness, review.replicability = scores
        review.submitted_at = timezone.now()
    review.save()
    return review
