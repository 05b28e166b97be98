"""The open read-only JSON API at /api/v1/ (issue 22): organizations, programs, events, news,
documents and published practices for the РМЦ, the Навигатор and the city's own sites.

It reads several apps, so it lives in the wiring: apps never import it.
"""
