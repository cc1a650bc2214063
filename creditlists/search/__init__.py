"""Search: the one segmentation rule and the index files lunr.js reads."""
