"""Open-data exports of the catalogue (CSV, XLSX, JSON). Filled in below."""

EXPORTERS = {}
