"""The product's own date formats, per language (settings.FORMAT_MODULE_PATH).

Every date a page shows goes through DATE_FORMAT (or DATETIME_FORMAT, YEAR_MONTH_FORMAT), never a
literal pattern: Chinese pages show 2026年11月30日 as official documents write it, English pages
30 Nov 2026. What is not set here falls back to Django's formats of the language.
Date inputs (<input type="date">) always carry ISO values, hence "%Y-%m-%d" first.
"""
