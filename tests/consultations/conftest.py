import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Topic
from moc_portal.models import SiteSettings
from moc_portal.roles import METHODISTS, REPRESENTATIVES
from tests.factories import make_organization


def make_consultation(organization=None, *, question="Как заполнить форму мониторинга?", **fields):
    defaults = {
        "organization": organization or make_organization(),
        "topic": Topic.MONITORING,
        "question": question,
    }
    defaults.update(fields)
    return Consultation.objects.create(**defaults)


def make_published(question, answer, organization=None, **fields):
    consultation = make_consultation(
        organization,
        question=question,
        answer=answer,
        status=Consultation.Status.ANSWERED,
        answered_at=timezone.now(),
        **fields,
    )
    return services.publish(consultation, question=question, answer_text=answer)


@pytest.fixture
def site_email(db):
    site = SiteSettings.load()
    site.email = "moc@example.ru"
    site.save()
    return site


@pytest.fixture
def staff(django_user_model):
    def make(username, group=None, *, organization=None, email=""):
        user = django_user_model.objects.create_user(
            username, password="x", is_staff=True, email=email
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        if organization is not None:
            organization.representatives.add(user)
        return user

    return make


@pytest.fixture
def organization(db):
    return make_organization(short_name="ДДТ «Радуга»", slug="raduga")


@pytest.fixture
def representative(staff, organization):
    return staff("rep", REPRESENTATIVES, organization=organization, email="rep@raduga.example.ru")


@pytest.fixture
def methodist(staff):
    return staff("methodist", METHODISTS, email="methodist@example.ru")


@pytest.fixture
def smtp(settings):
    """aiosmtpd on a free loopback port; the outbox delivers to it over real SMTP."""
    import socket

    from aiosmtpd.controller import Controller

    from tests.monitoring.test_rmc_integration import Mailbox

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Mailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()
