"""Maps without another host unless the МОЦ chose tiles: Leaflet comes from our own static files
(the django-leaflet package ships it), the markers from a JSON script element, and the tiles
from `settings.MAP_TILES_URL`. With the setting empty nothing is requested from another host
and a map reads as a list. Leaflet itself loads on «Показать на карте» only, so the catalogue's
first load stays within its budget of CSS and script.

`map_csp(response)` lets the tile host into the page's img-src, on pages with a map only.
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.templatetags.static import static

LEAFLET_CSS = "leaflet/leaflet.css"
LEAFLET_JS = "leaflet/leaflet.js"
DEFAULT_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = "© участники OpenStreetMap"


def tiles_url():
    return getattr(settings, "MAP_TILES_URL", "") or ""


def tiles_origin():
    """«https://tile.openstreetmap.org» for the CSP, or "" without tiles."""
    parts = urlsplit(tiles_url().replace("{s}.", ""))
    if not (parts.scheme and parts.netloc):
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def map_config():
    """What the page's map script needs besides its markers (json_script-ed). Leaflet (42 KB
    compressed, twice the rest of a page's script) is fetched only when a parent opens the map."""
    config = {
        "tiles": tiles_url(),
        "attribution": getattr(settings, "MAP_ATTRIBUTION", DEFAULT_ATTRIBUTION),
    }
    if config["tiles"]:  # without tiles there is no map to open, only the list
        config["leaflet_js"] = static(LEAFLET_JS)
        config["draw_js"] = static("js/results_map_draw.js")
        config["stylesheets"] = [static(LEAFLET_CSS), static("css/maps.css")]
    return config


def map_csp(response):
    """Extend this response's img-src by the tile host (and nothing else)."""
    origin = tiles_origin()
    if origin:
        update = dict(getattr(response, "_csp_update", None) or {})
        update["img-src"] = [*update.get("img-src", []), origin]
        response._csp_update = update
    return response


class PointPickerWidget(forms.NumberInput):
    """The latitude input with a map under it: a click on the map fills latitude and longitude
    (the longitude input is named in `longitude_id`). Without JavaScript or tiles the two
    inputs are typed by hand."""

    template_name = "widgets/point_picker.html"

    def __init__(self, attrs=None, longitude_id="id_longitude"):
        self.longitude_id = longitude_id
        super().__init__({"step": "0.000001", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["longitude_id"] = self.longitude_id
        context["widget"]["tiles"] = tiles_url()
        context["widget"]["attribution"] = map_config()["attribution"]
        return context

    @property
    def media(self):
        return forms.Media(
            css={"all": (LEAFLET_CSS, "css/maps.css")},
            js=(LEAFLET_JS, "js/point_picker.js"),
        )


class PointPickerAdmin:
    """A ModelAdmin mixin: the `latitude` field gets the map picker, and the change form's
    img-src lets in the tile host."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "latitude":
            kwargs["widget"] = PointPickerWidget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def changeform_view(self, request, *args, **kwargs):
        return map_csp(super().changeform_view(request, *args, **kwargs))
