"""The public shell: home page, error pages, and the demo content loader."""
