"""Finding the content: site search, sitemap, feeds, metadata and open-data exports."""
