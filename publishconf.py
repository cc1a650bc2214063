"""Pelican settings for deployment: absolute URLs.

Used only through the build: ``build_lists.py build --settings publishconf.py``
(plain ``pelican`` refuses to run). The build renders into a staging folder and
replaces the output folder itself, so Pelican never deletes anything.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://credit.example.gov.cn")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
