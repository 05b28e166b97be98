import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from moc_portal.core.richtext import html_to_text, sanitize_html
from moc_portal.core.uploads import shrink_image


def image_file(width, height, image_format="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(buffer, image_format)
    return SimpleUploadedFile(f"photo.{image_format.lower()}", buffer.getvalue())


def test_sanitize_keeps_the_allow_list_and_drops_the_rest():
    html = sanitize_html(
        '<h2 class="x">Заголовок</h2><p>a<br>b</p><ul><li>пункт</li></ul>'
        '<a href="mailto:moc@example.ru" target="_blank">почта</a><form><input></form>'
    )
    assert html.startswith("<h2>Заголовок</h2><p>a<br>b</p><ul><li>пункт</li></ul>")
    assert 'href="mailto:moc@example.ru"' in html
    assert "target" not in html
    assert "<form" not in html and "<input" not in html


def test_sanitize_of_nothing_is_empty():
    assert sanitize_html(None) == ""
    assert sanitize_html("") == ""


def test_html_to_text_keeps_paragraphs_apart():
    assert html_to_text("<p>Один</p><p>Два<br>три</p><script>x()</script>") == "Один\nДва\nтри"


def test_shrink_image_reduces_the_longer_side_and_keeps_the_format():
    smaller = shrink_image(image_file(4000, 3000), max_side=1600)
    with Image.open(smaller) as image:
        assert image.size == (1600, 1200)
        assert image.format == "JPEG"


def test_shrink_image_leaves_a_small_image_alone():
    assert shrink_image(image_file(800, 600, "PNG"), max_side=1600) is None
