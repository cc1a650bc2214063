"""Pelican settings for local work: relative URLs, the bundled sample data."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from creditlists import settings as credit_settings
from creditlists.publish import pelican_plugin

SITENAME = "武昌区信用红黑名单公示"
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
OUTPUT_PATH = str(credit_settings.OUTPUT_DIR)
THEME = "theme"
TIMEZONE = credit_settings.TIMEZONE.key
DEFAULT_LANG = "zh-CN"
PLUGINS = [pelican_plugin]

# The lists come from the dataset that build_lists.py build hands over
# (CREDIT_DATASET); plain `pelican` refuses to run. Every default of the data
# is in creditlists/settings.py.

# Submitted text is untrusted: escape everything; Pelican's own pre-rendered
# page content is marked |safe in the templates.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Only ordinary pages come from content/; the lists come from the plugin.
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = []
TAGS_SAVE_AS = CATEGORIES_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
DELETE_OUTPUT_DIRECTORY = False
