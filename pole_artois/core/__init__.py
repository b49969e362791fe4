"""Building blocks shared by every app: publication state, and later rich text, images, documents.

Nothing here imports another app of the project.
"""
