"""«Вопросы и ответы» at /consultations/: only published answers, the catalogue's Russian
search, links to the teachers' events and the methodical materials, a fixed query count."""

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import Consultation

from .conftest import make_consultation, make_published

pytestmark = pytest.mark.django_db

KB = reverse("consultations:list")


def found(client, query):
    return list(client.get(KB, {"q": query}).context["base"].page.object_list)


def test_only_published_answers_are_listed(client):
    published = make_published("Как считать охват?", "Один раз на ребёнка.")
    make_consultation(question="Неопубликованный вопрос", answer="Ответ", status="answered")
    listed = list(client.get(KB).context["base"].page.object_list)
    assert listed == [published]
    assert "Неопубликованный" not in client.get(KB).content.decode()


def test_search_finds_word_forms_typos_and_the_wrong_keyboard_layout(client):
    robots = make_published(
        "Можно ли вести робототехнику по сертификату?", "Да, если программа в реестре."
    )
    make_published("Как оформить выездное мероприятие?", "Приказом по организации.")
    assert found(client, "робототехника") == [robots]  # another form of the word
    assert found(client, "сертификаты") == [robots]
    assert found(client, "роботтехника") == [robots]  # a letter missing
    assert found(client, "сертифиакт") == [robots]  # two letters swapped
    assert found(client, "hj,jnjnt[ybrf") == [robots]  # «робототехника» in the Latin layout
    assert found(client, "для сертификату") == [robots]  # a stop word is left out
    assert found(client, "бассейн") == []


def test_a_taken_down_answer_is_no_longer_found(client):
    entry = make_published("Вопрос о бассейне", "Ответ о бассейне")
    assert found(client, "бассейн") == [entry]
    services.unpublish(entry)
    assert found(client, "бассейн") == []
    assert Consultation.objects.get().public_answer == "Ответ о бассейне"


def test_the_page_links_to_the_teachers_events_and_the_methodical_materials(client):
    page = client.get(KB).content.decode()
    assert f'href="{reverse("events:list")}?audience=teachers"' in page
    assert f'href="{reverse("events:document_list")}#methodical"' in page


def test_the_teachers_audience_and_the_methodical_category_exist():
    from events.models import Document, Event

    assert Event.Audience.TEACHERS.label == "Педагоги"
    assert Document.Category.METHODICAL == "methodical"


def test_the_footer_links_to_the_knowledge_base(client):
    assert f'href="{KB}"' in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    "params",
    [{"q": "x" * 5000}, {"page": "abc"}, {"page": "-1"}, {"q": "%00"}, {"q": "   "}],
)
def test_malformed_parameters_never_break_the_page(client, params):
    make_published("Вопрос", "Ответ")
    assert client.get(KB, params).status_code == 200


def test_pages_of_twenty(client):
    for n in range(21):
        make_published(f"Вопрос номер {n}", "Ответ")
    assert len(client.get(KB).context["base"].page.object_list) == 20
    assert len(client.get(KB, {"page": "2"}).context["base"].page.object_list) == 1


@pytest.mark.parametrize("rows", [3, 60])
def test_the_page_runs_a_fixed_number_of_queries(client, rows, django_assert_max_num_queries):
    for n in range(rows):
        make_published(f"Вопрос о сертификате {n}", f"Ответ о реестре программ {n}")
    client.get(KB, {"q": "сертификат"})  # warm the vocabulary cache, as a running site has it
    # The count and the page (and the site settings, were their cache cold).
    with django_assert_max_num_queries(3):
        response = client.get(KB, {"q": "сертификаты"})
    assert response.context["base"].total == rows


def test_publishing_and_taking_down_outdate_the_kept_page(
    client, page_cache, django_capture_on_commit_callbacks
):
    assert "бассейн" not in client.get(KB).content.decode()  # kept for visitors
    with django_capture_on_commit_callbacks(execute=True):
        entry = make_published("Вопрос о бассейне", "Ответ о бассейне")
    assert "Вопрос о бассейне" in client.get(KB).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(entry)
    assert "Вопрос о бассейне" not in client.get(KB).content.decode()
