"""Pelican settings for deployment: absolute URLs, a clean output folder."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://credit.example.gov.cn")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
