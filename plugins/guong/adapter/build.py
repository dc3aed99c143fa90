"""One build, from MkDocs' side: a `Setup` made from mkdocs.yml in on_config, then a `Run`
made in on_pre_build once the content is loaded. The plugin holds nothing else, so a
`mkdocs serve` rebuild starts from scratch (the on-disk cache is the only thing kept)."""

from __future__ import annotations

import dataclasses
import hashlib
import html
import time
import types
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from ..content.catalog import Settings, load_catalog
from ..content.clock import build_now
from ..content.model import format_date
from ..content.problems import ContentError
from ..content.sanitize import Sanitizer
from ..content.taxonomy import Taxonomies, slugify_heading
from ..outputs import (
    cards,
    cms,
    feeds,
    filters,
    images,
    news_sitemap,
    pagefind,
    reports,
    search,
    social,
    yearbook,
)
from ..outputs.feeds import podcast
from ..outputs.page_cache import code_digest
from ..outputs.sections import PageSpec, Planner, ProfileView, badges_for
from ..outputs.site import LOGO_URI, SiteInfo
from ..outputs.staging import Staging, StagingError
from ..outputs.yearbook import Book
from . import files as site_files
from . import framework, navigation, preview
from .cached_pages import CachedPages
from .config import GuongConfig
from .exhibition import Exhibits
from .markdown_memo import MarkdownMemo, settings_digest
from .placed_pages import Candidate, PlacedPages, sitemap_files
from .yearbooks import Yearbooks

log = get_plugin_logger(__name__)


@dataclass
class Setup:
    """What mkdocs.yml says, checked before anything is read or written."""

    options: GuongConfig
    taxonomies: Taxonomies
    now: datetime
    site: SiteInfo
    cache: images.Cache
    staging: Staging | None
    serving: bool = False  # `mkdocs serve` (from on_startup): no PDFs unless asked, error pages

    @classmethod
    def start(cls, options: GuongConfig, config: MkDocsConfig, dirty: bool, serving: bool = False) -> Setup:
        site_url = config.site_url or ""
        if serving:
            site_url = preview.configured_site_url(config.config_file_path, site_url)
        if not site_url:
            raise PluginError(
                "Cần khai báo 'site_url' trong mkdocs.yml (địa chỉ công khai của trang, ví dụ "
                "https://thiduakhenthuong.example.gov.vn/) để tạo liên kết tuyệt đối cho nguồn tin."
            )
        try:
            taxonomies = options.build_taxonomies()
            now = build_now(options.build_date)
            reports.check_quotas(options.reports.quotas)
            cms.check_backend(options.admin.backend)
        except ValueError as exc:
            raise PluginError(f"Cấu hình plugin guong trong mkdocs.yml: {exc}") from None
        site = site_info(options, config, site_url)
        cache = images.Cache(Path(config.config_file_path or ".").parent / options.images.cache_dir, log=log)
        cache.variant = build_variant(config, serving)
        install_theme_parts(options, config)
        staging = None
        if not dirty:  # write elsewhere; swap in only when the whole build succeeded
            staging = Staging(config.site_dir)
            try:
                config.site_dir = str(staging.begin())
            except (StagingError, OSError) as exc:
                raise PluginError(f"Không tạo được thư mục dựng tạm cạnh site_dir: {exc}") from None
        return cls(options, taxonomies, now, site, cache, staging, serving)


def build_variant(config: MkDocsConfig, serving: bool) -> str:
    """What tells this kind of build from others that share the cache and key their entries
    differently: serve (its site_url names the port) or build, the config file, the log level."""
    facts = ["serve" if serving else "build", config.site_url or "", str(config.config_file_path)]
    facts.append(str(framework.logger().getEffectiveLevel()))
    return hashlib.sha256("\0".join(facts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def install_theme_parts(options: GuongConfig, config: MkDocsConfig) -> None:
    """Our templates right after custom_dir (so overrides/ still wins), CSS, scripts, and
    ASCII heading anchors (the default slugify turns "Đắk Lắk" into "ak-lak")."""
    templates = str(site_files.PACKAGE_DIR / "templates")
    if templates not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, templates)
    if site_files.CSS_URI not in config.extra_css:
        config.extra_css.append(site_files.CSS_URI)
    if options.search.engine == "pagefind":  # Material's box, driven by our Pagefind script
        scripts = [site_files.SHARE_JS_URI, site_files.FOLD_JS_URI, site_files.PAGEFIND_JS_URI]
    else:
        search = [site_files.FOLD_JS_URI, site_files.SCRIPTS[0]] if options.search.fold else []
        scripts = [site_files.SHARE_JS_URI, *search]
    for uri in scripts:
        if uri not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(uri)
    config.mdx_configs.setdefault("toc", {}).setdefault("slugify", slugify_heading)


def site_info(options: GuongConfig, config: MkDocsConfig, site_url: str) -> SiteInfo:
    """The site's facts for every output; a bad podcast cover stops the build before writing."""
    opts = options.feeds
    if opts.enabled and opts.artwork:
        try:
            podcast.check_artwork(site_files.inside_docs(config, "feeds.artwork", opts.artwork))
        except ValueError as exc:
            raise PluginError(f"Cấu hình feeds.artwork trong mkdocs.yml: {exc}") from None
    return SiteInfo(
        site_url=site_url,
        name=config.site_name,
        description=config.site_description or "",
        author=config.site_author or "",
        copyright=config.copyright or "",
        directory_urls=config.use_directory_urls,
        logo=social.logo_uri(config.theme.get("logo")),
        zalo_share=options.social.zalo_share_url,
        limit=opts.limit,
        guid_authority=opts.guid_authority or "",
        artwork=opts.artwork or "",
        podcast_title=opts.podcast_title or "",
        podcast_author=opts.podcast_author or "",
        owner_name=opts.owner_name or "",
        owner_email=opts.owner_email or "",
    )


def spec_source(spec: PageSpec) -> str | None:
    """The Markdown we hand MkDocs for a planned page, or None when MkDocs reads its file."""
    return spec.body if spec.body or spec.generated or spec.replaces_source else None


def page_meta_of(spec: PageSpec) -> dict:
    """page.meta of a planned page (what on_page_markdown sets)."""
    meta = spec.meta()
    if lastmod := social.lastmod(spec.view):
        meta["guong_lastmod"] = lastmod  # our sitemap.xml: the page's own date
    return meta


def render_empty(page: Page, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` for an empty source (a generated list, an embed: half the pages): what
    MkDocs' own render leaves, without making a Markdown instance with every extension."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


class Run:
    """One build once content is loaded: catalog, planned pages, photos, feeds, cards."""

    def __init__(self, setup: Setup, config: MkDocsConfig):
        self.setup, self.options = setup, setup.options
        settings = Settings(setup.taxonomies, setup.now, self.options.max_image_pixels)
        try:
            self.catalog, problems = load_catalog(config.docs_dir, settings)
        except ContentError as exc:
            for warning in exc.problems.warnings:
                log.warning(str(warning))
            raise preview.ProblemsError(exc.problems.report(), exc.problems.errors) from None
        self.yearbooks = (
            Yearbooks(self.options.yearbook, config, self.catalog, setup.site.site_url, setup.serving)
            if self.options.yearbook.enabled
            else None
        )
        if self.yearbooks is not None:
            problems.items += self.yearbooks.problems.items
        self.exhibits = (  # /trien-lam/, /nhung/, posters: adapter/exhibition.py
            Exhibits(self.options.exhibition, config, self.catalog, self.options.yearbook.font)
            if self.options.exhibition.enabled
            else None
        )
        for warning in problems.warnings:
            log.warning(str(warning))
        if problems.warnings and config.strict:
            raise PluginError(
                f"Có {len(problems.warnings)} cảnh báo nội dung ở trên; chế độ "
                "--strict dừng trước khi xuất bản."
            )
        self.fonts: cards.Fonts | None = None
        if self.options.social.cards:
            try:
                self.fonts = cards.find_fonts(self.options.social.font, self.options.social.font_regular)
            except cards.FontProblem as exc:
                raise PluginError(f"Ảnh chia sẻ (social card): {exc}") from None
        self.sanitizer = Sanitizer(self.options.video_hosts)
        self.specs: dict[str, PageSpec] = {}
        self.feeds: feeds.Directory | None = None
        self.photos = images.Photos(
            Path(config.docs_dir),
            images.ImageSettings(
                tuple(self.options.images.widths),
                self.options.images.webp_quality,
                self.options.images.jpeg_quality,
                self.options.max_image_pixels,
            ),
            setup.cache,
            self.catalog.publication.photos,
        )
        self.cards: dict[str, cards.CardSpec] = {}
        self.story_html: dict[str, str] = {}
        self.search_facts: dict[str, str] = {}  # page URL -> searchable frontmatter
        self.env: Environment | None = None
        self.metas: dict[str, social.Meta] = {}
        self.nav: Any = None  # this build's navigation (on_nav), for the page cache's key
        self.cached_pages: CachedPages | None = None
        self.markdown_memo: MarkdownMemo | None = None
        self.placed: PlacedPages | None = None  # unchanged pages MkDocs does not read
        self.site_files: Files | None = None  # this build's files, from on_nav
        if self.options.page_cache:
            code = f"{code_digest()}+{framework.version()}"  # pages render differently under a fork
            self.cached_pages = CachedPages(setup.cache, self.photos, self.site_facts, code)
            self.markdown_memo = MarkdownMemo(setup.cache, settings_digest(config, code))
            if setup.staging is not None:  # not --dirty, where MkDocs writes only what changed
                self.placed = PlacedPages(setup.cache, self.markdown_memo, self.photos)

    # -- on_files -------------------------------------------------------------------------

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        catalog, options = self.catalog, self.options
        existing = frozenset(f.src_uri for f in files.documentation_pages())
        planner = Planner(
            catalog,
            options.page_size,
            options.related_count,
            options.home_latest,
            existing,
            options.upcoming_days,
            options.provinces,
        )
        self.specs = {spec.src_uri: spec for spec in planner.plan()}
        if options.feeds.enabled:
            self.feeds = feeds.directory(catalog, self.setup.site)
            subscribe = feeds.subscription_spec(self.feeds, existing)
            self.specs[subscribe.src_uri] = subscribe
        if self.yearbooks is not None:
            self.specs.update((s.src_uri, s) for s in self.yearbooks.plan(files, config, existing))
        site_files.keep_allowlisted(files, config, catalog)
        try:  # sizes and variant URLs of every profile photo, before any page needs them
            thumbnails = {
                p.image: self.photos.picture(p.image).variants[0].jpeg for p in catalog.profiles if p.image
            }
        except images.ImageProblem as exc:
            raise PluginError(f"Ảnh: {exc}") from None
        campaigns = {slug: c.title for slug, c in catalog.campaigns.items()}
        site_files.add_admin(files, config, options.admin, catalog.taxonomies, campaigns, self.setup.serving)
        if options.reports.page:  # internal coverage page, off by default
            self.specs["bao-cao/index.md"] = PageSpec(
                "bao-cao/index.md",
                "Báo cáo độ phủ (nội bộ)",
                "guong/report.html",
                reports.site_report(
                    catalog, options.reports.units, options.reports.quotas, self.setup.now, options.provinces
                ),
                in_nav=False,
                extra_meta={"search": {"exclude": True}},
            )
        pagefind_js = [site_files.PAGEFIND_JS_URI] if options.search.engine == "pagefind" else []
        site_files.add_assets(
            files,
            config,
            [
                site_files.CSS_URI,
                site_files.SHARE_JS_URI,
                site_files.FOLD_JS_URI,
                *site_files.SCRIPTS,
                *pagefind_js,
            ],
        )
        files.append(
            File.generated(
                config, filters.DATA_URI, content=filters.index_json(catalog, thumbnails, options.provinces)
            )
        )
        self.add_sitemaps(files, config)
        if files.get_file_from_path(self.setup.site.logo) is None:  # the theme's logo is not published
            self.setup.site = dataclasses.replace(self.setup.site, logo=LOGO_URI)
        if self.setup.site.logo == LOGO_URI:  # JSON-LD publisher logo, when the theme has none
            files.append(File.generated(config, LOGO_URI, content=social.logo_png()))
        site_files.add_pages(files, config, self.specs)
        self.cards = social.cards_for(self.specs, catalog, self.setup.site, self.photos)
        if self.exhibits is not None:  # slideshows and embeds: no social card of their own
            shows = {spec.src_uri: spec for spec in self.exhibits.plan(files, config)}
            site_files.add_pages(files, config, shows)
            self.specs.update(shows)
        return files

    def add_sitemaps(self, files: Files, config: MkDocsConfig) -> None:
        """/sitemap-news.xml and /robots.txt (ours: a staff content/robots.txt is replaced)."""
        for uri in (news_sitemap.NEWS_URI, news_sitemap.ROBOTS_URI):
            if (existing := files.get_file_from_path(uri)) is not None:
                files.remove(existing)
        site_url = config.site_url or ""
        news = news_sitemap.news_sitemap(
            self.catalog, site_url, config.site_name, self.setup.now, config.use_directory_urls
        )
        files.append(File.generated(config, news_sitemap.NEWS_URI, content=news))
        robots = news_sitemap.robots_txt(site_url)
        files.append(File.generated(config, news_sitemap.ROBOTS_URI, content=robots))

    # -- pages ----------------------------------------------------------------------------

    def place_unchanged(self, files: Files, config: MkDocsConfig) -> None:
        """on_nav: unchanged pages outside the nav are copied from the cache, not read
        (adapter/placed_pages.py)."""
        self.site_files = files  # the order search entries are spliced in
        if self.placed is None or self.cached_pages is None or self.nav is None:
            return
        pages = self.cached_pages.start(config, self.nav, self.derived())
        self.placed.place(
            files, config, self.nav, pages, self.cached_pages.fingerprint, self.candidate, self.restore
        )

    def candidate(self, page: Page) -> Candidate | None:
        """What a page's output depends on before it is read, for a page that may be placed."""
        spec = self.specs.get(page.file.src_uri)
        if spec is None or isinstance(spec.view, Book):
            return None  # staff pages are read from disk; yearbooks gather forewords and stories
        source = spec_source(spec)
        if source is None:
            return None
        markdown, _ = get_data(source)  # as Page.read_source splits it
        return Candidate(
            unicodedata.normalize("NFC", markdown), page_meta_of(spec), self.view_facts(page, spec)
        )

    def restore(self, page: Page, story: str | None) -> None:
        """What reading a placed page would have collected."""
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and story is not None:
            self.collect(page, spec.view, story)

    def page_source(self, page: Page) -> str | None:
        """Hand MkDocs the story we already parsed, so it does not read and parse it again;
        Markdown already converted is placed from the memo (adapter/markdown_memo.py)."""
        spec = self.specs.get(page.file.src_uri)
        source = spec_source(spec) if spec is not None else None
        if source is not None and not source.strip():
            page.render = types.MethodType(render_empty, page)  # type: ignore[method-assign]
            if self.markdown_memo is not None:
                self.markdown_memo.lookups[page.file.src_uri] = {}  # no conversion, no lookups
        elif self.markdown_memo is not None:  # a story, or a staff page read from disk
            self.markdown_memo.install(page)
        return source

    def page_markdown(self, markdown: str, page: Page) -> str:
        spec = self.specs.get(page.file.src_uri)
        # Staff pages outside the contract keep their meta, but as text.
        page.meta = navigation.safe_meta(page.meta) if spec is None else page_meta_of(spec)
        return unicodedata.normalize("NFC", markdown)

    def page_content(self, html_text: str, page: Page) -> str:
        clean = self.sanitizer.clean(html_text)
        used: set[str] = set()
        try:
            clean = images.rewrite_story(
                clean,
                page.url,
                self.photos,
                lambda uri: get_relative_url(uri, page.url),
                self.options.images.sizes,
                used,
            )
        except images.ImageProblem as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None
        if self.placed is not None:
            self.placed.note_photos(page, used)
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            self.collect(page, spec.view, clean)
        return clean

    def collect(self, page: Page, view: Any, clean: str) -> None:
        """What later outputs take from a page's story: feeds and yearbooks its HTML, the
        search index a profile's facts, a yearbook's foreword."""
        if isinstance(view, ProfileView):
            self.story_html[view.profile.slug] = clean
            profile, catalog = view.profile, self.catalog
            labels = [catalog.campaigns[s].title for s in profile.campaigns if s in catalog.campaigns]
            labels.append(catalog.taxonomies.fields[profile.field].label)
            self.search_facts[page.url] = search.profile_facts(profile, labels)
        elif isinstance(view, Book) and self.yearbooks is not None:
            self.yearbooks.foreword_html[view.key] = clean

    def jinja_env(self, env: Environment, files: Files) -> Environment:
        # Our templates autoescape; Material's keep its own rules (values we hand it are escaped).
        env.autoescape = lambda name: bool(name) and str(name).startswith("guong/")
        env.filters["vi_date"] = format_date
        env.filters["guong_initials"] = filters.initials
        card_badges: dict[str, tuple] = {}  # a profile's card is on many pages: its badges once
        catalog = self.catalog

        def badges_on_card(profile: Any) -> tuple:
            if profile.slug not in card_badges:
                card_badges[profile.slug] = badges_for(catalog, profile, "cards")
            return card_badges[profile.slug]

        env.filters["guong_card_badges"] = badges_on_card
        env.globals["guong_feeds"] = self.feeds  # discovery links in every page's <head>
        photos = self.photos
        env.filters["guong_picture"] = lambda uri: photos.picture(uri) if uri else None
        env.globals["guong_image_sizes"] = self.options.images.sizes
        env.globals["guong_footer_credit"] = self.options.footer_credit
        env.globals["guong_pagefind"] = self.options.search.engine == "pagefind"  # index markers
        env.globals["guong_sitemap_files"] = sitemap_files(files)  # with the placed pages
        env.filters["guong_fold_meta"] = lambda texts: pagefind.fold_meta(
            search.plain_text(str(t or "")) for t in texts
        )
        if self.exhibits is not None:
            self.exhibits.install(env)
        self.env = env
        return env

    def site_facts(self) -> Any:
        """Catalog-wide values our templates read besides the page's view (for the page cache)."""
        catalog = self.catalog
        terms = {
            name: (tax.title, tax.url_prefix, tuple(tax.terms.values()))
            for name, tax in catalog.terms.items()
        }
        links = self.exhibits.links if self.exhibits is not None else None
        return (terms, tuple(catalog.campaigns_in_order()), links)

    def page_context(self, context: Any, page: Page) -> Any:
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            context["guong"] = spec.view
            context["guong_site"] = self.catalog
            if isinstance(spec.view, Book) and spec.view.full_story and self.yearbooks:
                context["guong_stories"] = self.yearbooks.stories_at(self.story_html, spec.view.url)
        context["guong_meta"] = self.page_meta(page, spec)
        if self.cached_pages is not None:
            self.cached_pages.context(context, page)
        return context

    def page_meta(self, page: Page, spec: PageSpec | None) -> social.Meta:
        """The page's social and JSON-LD meta (made once: the page cache keys on it too)."""
        if (known := self.metas.get(page.file.src_uri)) is not None:
            return known
        card = (self.cards.get(page.file.src_uri) or self.cards.get("")) if self.fonts else None
        title = spec.title if spec else html.unescape(page.title or "")
        description = spec.description if spec else html.unescape(page.meta.get("description", ""))
        meta = social.page_meta(
            spec, title, description, page.url, card, self.setup.site, self.catalog, self.photos
        )
        self.metas[page.file.src_uri] = meta
        return meta

    def cache_lookup(self, page: Page, config: MkDocsConfig) -> None:
        """A page the plugin owns is placed from the page cache when nothing it shows changed
        (adapter/cached_pages.py); staff pages outside the contract are always rendered."""
        spec = self.specs.get(page.file.src_uri)
        if spec is None or self.cached_pages is None or self.nav is None:
            return
        if isinstance(spec.view, Book) and spec.view.full_story:
            return  # it shows every story, known only once every page has been read
        self.cached_pages.lookup(page, config, self.nav, self.view_facts(page, spec), self.derived())

    def view_facts(self, page: Page, spec: PageSpec) -> tuple:
        """What our templates are handed for a page, for its keys."""
        feed_links = self.feeds.links_for(spec.view) if self.feeds is not None else None
        return (spec.view, self.page_meta(page, spec), feed_links)

    def derived(self) -> dict[str, Any]:
        """Options templates read that mkdocs.yml's bytes do not show as such."""
        options = self.options
        return {
            "image_sizes": options.images.sizes,
            "footer_credit": options.footer_credit,
            "search_engine": options.search.engine,
            "site_logo": self.setup.site.logo,
        }

    def page_output(self, output: str, page: Page) -> str:
        stored = False  # with the record of a page that can be placed next time
        if self.placed is not None:
            cacheable = self.cached_pages is not None and page.file.src_uri in self.cached_pages.keys
            spec = self.specs.get(page.file.src_uri)
            story = None
            if spec is not None and isinstance(spec.view, ProfileView):
                story = self.story_html.get(spec.view.profile.slug)
            stored = self.placed.written(page, output, cacheable, story)
        if self.cached_pages is not None:
            self.cached_pages.after_render(output, page, store=not stored)
        return output

    def splice_search(self) -> None:
        """Before the search plugin writes its index: the placed pages' entries, in order."""
        if self.placed is not None and self.site_files is not None:
            self.placed.splice_search(self.site_files)

    # -- on_post_build ----------------------------------------------------------------------

    def write_outputs(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        cache = self.setup.cache
        started = time.perf_counter()
        try:
            self.photos.publish(site_dir)
        except images.ImageProblem as exc:
            raise PluginError(f"Ảnh: {exc}") from None
        if self.fonts is not None:
            cards.publish(list(self.cards.values()), self.fonts, cache, site_dir)
        for kind, label in (("anh", "ảnh"), ("the", "ảnh chia sẻ")):
            stats = cache.stats.get(kind)
            if stats and (stats.encoded or stats.reused or stats.pruned):
                log.info(
                    f"{label}: mã hóa {stats.encoded}, dùng lại {stats.reused} từ bộ nhớ đệm, "
                    f"xóa {stats.pruned} mục cũ"
                )
        log.info(f"ảnh và ảnh chia sẻ: {time.perf_counter() - started:.1f} s")
        if self.cached_pages is not None and self.cached_pages.pages is not None:
            placed = self.placed.summary() if self.placed is not None else ""
            log.info(self.cached_pages.summary() + placed)
            self.cached_pages.pages.prune()
            if self.placed is not None:
                self.placed.prune()
        if self.markdown_memo is not None and self.markdown_memo.enabled:
            log.info(self.markdown_memo.summary())
            self.markdown_memo.prune()
        index = site_dir / "search" / "search_index.json"
        if self.options.search.engine == "pagefind":  # the site is complete in site_dir now
            started = time.perf_counter()
            try:
                summary = pagefind.build_index(site_dir)
            except pagefind.PagefindProblem as exc:
                raise PluginError(str(exc)) from None
            index.unlink(missing_ok=True)  # nobody fetches Material's lunr index in this mode
            log.info(f"Pagefind: {summary}, {time.perf_counter() - started:.1f} s")
        elif self.options.search.fold and index.is_file():
            before, after = search.rewrite(index, self.search_facts)
            log.debug(f"Chỉ mục tìm kiếm không dấu: {before} -> {after} byte ({after / before:.2f}×)")
        if self.feeds is not None:
            photos = self.photos  # enclosures are the published JPEG, never the original
            feeds.publish(
                self.feeds,
                self.catalog,
                self.story_html,
                site_dir,
                Path(config.docs_dir),
                lambda uri: photos.picture(uri).largest.jpeg,
                cache if self.cached_pages is not None else None,
                self.cached_pages.code if self.cached_pages is not None else "",
            )
        if self.yearbooks is not None and self.env is not None:
            self.yearbooks.publish(config, self.env, cache, self.story_html)
        if self.exhibits is not None and self.env is not None:
            self.exhibits.publish(config, self.env, cache, self.photos)
        cache.prune(yearbook.QR_KIND)  # once both have placed theirs: they share entries
        cache.prune("qr-trien-lam")  # the slides' own QR entries before they were shared
