"""Which files of the page bundles a build publishes: those of the published posts.

Every file of ``static/`` is published; a bundle's files are published with its post, so a
draft's pictures (or a post's dated in the future) stay unpublished until it is. Of an
unpublished post's bundle, a published post may still show files (a translation showing
its original's): those are published, with their resized variants, and no other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from mot_blog.load.assets import AssetManifest
from mot_blog.load.bundles import bundle_name, is_content_path
from mot_blog.load.images import ImageInfo
from mot_blog.load.sources import Bundle
from mot_blog.markup.posts import ParsedPost
from mot_blog.model.site import Site


def published_files(
    assets: AssetManifest,
    image_info: Mapping[str, ImageInfo],
    site: Site,
    parsed: Iterable[ParsedPost],
    bundles: Sequence[Bundle],
) -> AssetManifest:
    """``assets`` with the files that the build publishes (see the module docstring); the
    URLs stay, so a parse may still look up a file of an unpublished post."""
    if not bundles:
        return assets
    published = {post.source for post in site.posts}
    names = {
        bundle_name(bundle.folder, file)
        for bundle in bundles
        if bundle.post in published
        for file in bundle.files
    }
    names.update(name for post in parsed if post.source.path in published for name in post.files)
    urls: set[str] = set()
    for name in names:
        url = assets.urls.get(name)
        info = image_info.get(url) if url is not None else None
        if info is not None:
            urls.update(variant.url for variant in info.variants)
    files = tuple(
        file
        for file in assets.files
        if not is_content_path(file.name) or file.name in names or assets.urls[file.name] in urls
    )
    if len(files) == len(assets.files):
        return assets
    return AssetManifest(files, MappingProxyType(dict(assets.urls)))
