import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_program

pytestmark = pytest.mark.django_db


def test_a_program_photo_needs_a_description_for_blind_visitors():
    program = make_program(photo="programs/robots.jpg")
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert error.value.message_dict["photo_alt"] == ["Опишите, что на фото: это прочтут незрячие."]
    program.photo_alt = "Дети собирают робота"
    program.full_clean()


def test_the_description_is_the_photo_alt_text(client):
    program = make_program(photo="programs/robots.jpg", photo_alt="Дети собирают робота")
    html = client.get(program.get_absolute_url()).content.decode()
    assert 'alt="Дети собирают робота"' in html
