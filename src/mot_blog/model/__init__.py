"""Model: the site as plain frozen data (posts, authors, terms, URLs, related articles, listings), assembled from the parsed posts."""
