"""Open data by the Russian conventions (Методические рекомендации по публикации открытых
данных, версия 3.0): a list of sets, and per set a passport, a structure file and dated
versions, each as CSV (UTF-8) and JSON.

It lives in the wiring because it reads the catalogue and the events alike:
- datasets.py: what each set holds (its structure and rows) — the interface people build on;
- services.py: the daily snapshot (a new version only when the rows changed) and the files;
- views.py, urls.py: `/opendata/` and the files under it (GET only, nothing written).
"""
