"""The MkDocs plugin: a switchboard from MkDocs events to the core.

Every build starts clean in `on_config`; content is validated in `on_pre_build`, before
MkDocs cleans `site_dir`, so a content error leaves the last good site untouched.
"""

from __future__ import annotations

import html
import logging
import os
import time
import unicodedata
from datetime import datetime
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_relative_url

from . import navigation
from .config import GuongConfig
from .content.catalog import Catalog, Settings, load_catalog
from .content.publication import Publication
from .content.model import VN_TZ, format_date, parse_period, parse_when
from .content.problems import ContentError
from .content.sanitize import Sanitizer
from .content.taxonomy import Taxonomies, slugify_heading
from .content.paths import PathProblem, resolve_local
from .outputs import cards, cms, feeds, filters, images, pdf, podcast, reports, search, social, yearbook
from .outputs.staging import Staging, StagingError
from .outputs.sections import PageSpec, Planner

log = get_plugin_logger(__name__)
PACKAGE_DIR = Path(__file__).parent
CSS_URI = "assets/guong/guong.css"
SCRIPTS = ("assets/guong/search.js", "assets/guong/filters.js")
JS_URI = "assets/guong/share.js"
YEARBOOK_CSS_URI = "assets/guong/yearbook.css"


def build_now(config: GuongConfig) -> datetime:
    """'Today' for scheduled profiles: config, then SOURCE_DATE_EPOCH, then the clock."""
    if config.build_date:
        return parse_when(config.build_date)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), VN_TZ)
    return datetime.now(VN_TZ)


class ProcessedImage(File):
    """A photo MkDocs knows (links to it resolve) but never copies: images.Photos publishes
    cleaned variants instead, and pages are rewritten to point at them."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


def strict_warnings() -> int:
    """Warnings MkDocs' strict mode has counted so far (it aborts on them after the last
    event, so the site must not be swapped in when there are any)."""
    return sum(count for handler in logging.getLogger("mkdocs").handlers
               if isinstance(handler, CountHandler) for _, count in handler.get_counts())


def inside_docs(config: MkDocsConfig, key: str, value: str) -> Path:
    """A path from mkdocs.yml that must lie inside the content folder."""
    try:
        return Path(config.docs_dir) / resolve_local(Path(config.docs_dir), "", value)
    except PathProblem as exc:
        raise PluginError(f"Cấu hình {key} trong mkdocs.yml: {exc}") from None


def publish_allowlisted(files: Files, config: MkDocsConfig, publication: Publication) -> None:
    """Keep only what the allowlist names from the docs folder: pages are rendered, photos
    become ProcessedImage (known to link checks, never copied), audio and attachments are
    copied; everything else (backups, scans, unreferenced files, HTML, SVG) is dropped."""
    docs = os.path.realpath(config.docs_dir)
    for file in list(files):
        if file.src_dir is None or os.path.realpath(file.src_dir) != docs:
            continue  # theme assets and generated files
        src = unicodedata.normalize("NFC", file.src_uri)
        path = os.path.join(docs, file.src_uri)
        real = os.path.realpath(path)
        if not real.startswith(docs + os.sep):
            files.remove(file)  # a symlink leading outside: never read, never copied
        elif os.path.realpath(os.path.dirname(path)) != os.path.dirname(path):
            files.remove(file)  # inside a symlinked folder, which the core does not read
        elif file.is_documentation_page():
            continue
        elif src in publication.photos:
            files.remove(file)
            files.append(ProcessedImage(file.src_uri, file.src_dir, file.dest_dir,
                                        file.use_directory_urls, inclusion=file.inclusion))
        elif src not in publication.copied:
            files.remove(file)


class GuongPlugin(BasePlugin[GuongConfig]):
    dirty = False  # `mkdocs build --dirty` / `serve --dirty`: MkDocs writes in place

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty

    def on_shutdown(self) -> None:
        if getattr(self, "staging", None) is not None:
            self.staging.abort()  # a build that did not commit (killed by Ctrl-C, aborted)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Per-build state, reset on every (re)build.
        self.catalog: Catalog | None = None
        self.specs: dict[str, PageSpec] = {}
        self.sanitizer = Sanitizer(self.config.video_hosts)
        self.story_html: dict[str, str] = {}
        self.feeds: feeds.Directory | None = None
        self.photos: images.Photos | None = None
        self.fonts: cards.Fonts | None = None
        self.cards: dict[str, cards.CardSpec] = {}
        self.site = social.Site(config.site_url or "", config.site_name,
                                config.site_description or "", config.site_author or "",
                                self.config.social.zalo_share_url)
        opts = self.config.images
        self.image_settings = images.ImageSettings(
            tuple(opts.widths), opts.webp_quality, opts.jpeg_quality, self.config.max_image_pixels)
        # The only state kept between builds is on disk, behind this explicit object.
        self.cache = images.Cache(Path(config.config_file_path or ".").parent / opts.cache_dir,
                                  log=log)
        self.search_facts: dict[str, str] = {}  # page URL -> searchable frontmatter
        self.books: list[yearbook.Book] = []
        self.forewords: dict[str, yearbook.Foreword] = {}
        self.foreword_html: dict[str, str] = {}
        self.pdf_fonts: pdf.FontSet | None = None
        self.env: Environment | None = None
        self.staging: Staging | None = None

        if not config.site_url:
            raise PluginError(
                "Cần khai báo 'site_url' trong mkdocs.yml (địa chỉ công khai của trang, ví dụ "
                "https://thiduakhenthuong.example.gov.vn/) để tạo liên kết tuyệt đối cho nguồn tin."
            )
        try:
            self.taxonomies = Taxonomies.build(
                self.config.fields, self.config.levels, self.config.kinds,
                self.config.occasions, self.config.replace_default_taxonomies,
                self.config.taxonomies,
            )
            self.now = build_now(self.config)
            reports.check_quotas(self.config.reports.quotas)
        except ValueError as exc:
            raise PluginError(f"Cấu hình plugin guong trong mkdocs.yml: {exc}") from None

        # Our templates sit right after custom_dir, so overrides/ still wins.
        templates = str(PACKAGE_DIR / "templates")
        if templates not in config.theme.dirs:
            position = 1 if config.theme.get("custom_dir") else 0
            config.theme.dirs.insert(position, templates)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if JS_URI not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(JS_URI)
        search_js = SCRIPTS[0]
        if self.config.search.fold and search_js not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(search_js)
        # ASCII heading anchors: the default slugify turns "Đắk Lắk" into "ak-lak".
        config.mdx_configs.setdefault("toc", {}).setdefault("slugify", slugify_heading)
        if not self.dirty:  # write elsewhere; swap in only when the whole build succeeded
            self.staging = Staging(config.site_dir)
            try:
                config.site_dir = str(self.staging.begin())
            except (StagingError, OSError) as exc:
                raise PluginError(f"Không tạo được thư mục dựng tạm cạnh site_dir: {exc}") from None
        return config

    def on_build_error(self, error: Exception) -> None:
        if self.staging is not None:
            self.staging.abort()

    def on_pre_build(self, config: MkDocsConfig) -> None:
        settings = Settings(self.taxonomies, self.now, self.config.max_image_pixels)
        try:
            self.catalog, problems = load_catalog(config.docs_dir, settings)
        except ContentError as exc:
            for warning in exc.problems.warnings:
                log.warning(str(warning))
            raise PluginError(exc.problems.report()) from None
        if self.config.yearbook.enabled:
            problems.items += self.prepare_yearbooks(config).items
        for warning in problems.warnings:
            log.warning(str(warning))
        if problems.warnings and config.strict:
            raise PluginError(
                f"Có {len(problems.warnings)} cảnh báo nội dung ở trên; chế độ --strict dừng "
                "trước khi xuất bản."
            )
        if self.config.social.cards:
            try:
                self.fonts = cards.find_fonts(self.config.social.font, self.config.social.font_regular)
            except cards.FontProblem as exc:
                raise PluginError(f"Ảnh chia sẻ (social card): {exc}") from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        catalog = self.catalog
        assert catalog is not None
        existing = frozenset(f.src_uri for f in files.documentation_pages())
        planner = Planner(catalog, self.config.page_size, self.config.related_count,
                          self.config.home_latest, existing, self.config.upcoming_days)
        self.specs = {spec.src_uri: spec for spec in planner.plan()}
        if self.config.feeds.enabled:
            self.feeds = feeds.directory(catalog, self._feed_site(config))
            subscribe = feeds.subscription_spec(self.feeds, existing)
            self.specs[subscribe.src_uri] = subscribe
        if self.config.yearbook.enabled:
            self.books, specs = yearbook.plan(catalog, self.yearbook_options(config), self.forewords, existing)
            self.specs.update((spec.src_uri, spec) for spec in specs)
            for file in [f for f in files if yearbook.is_foreword(f.src_uri)]:
                files.remove(file)  # forewords are part of their book, not pages of their own
            files.append(File.generated(config, YEARBOOK_CSS_URI,
                                        abs_src_path=str(PACKAGE_DIR / "assets" / "yearbook.css")))

        for profile in catalog.unpublished:  # drafts and scheduled: not even a page
            if file := files.get_file_from_path(profile.source):
                files.remove(file)
        publish_allowlisted(files, config, catalog.publication)
        log.info(catalog.publication.summary())
        self.photos = images.Photos(Path(config.docs_dir), self.image_settings, self.cache,
                                    catalog.publication.photos)
        try:  # sizes and variant URLs of every profile photo, before any page needs them
            thumbnails = {p.image: self.photos.picture(p.image).variants[0].jpeg
                          for p in catalog.profiles if p.image}
        except images.ImageProblem as exc:
            raise PluginError(f"Ảnh: {exc}") from None
        self._add_admin(files, config)
        if self.config.reports.page:  # internal coverage page, off by default
            self.specs["bao-cao/index.md"] = PageSpec(
                "bao-cao/index.md", "Báo cáo độ phủ (nội bộ)", "guong/report.html",
                reports.site_report(catalog, self.config.reports.units, self.config.reports.quotas,
                                    self.now),
                in_nav=False, extra_meta={"search": {"exclude": True}})
        files.append(File.generated(config, CSS_URI, abs_src_path=str(PACKAGE_DIR / "assets" / "guong.css")))
        files.append(File.generated(config, JS_URI, abs_src_path=str(PACKAGE_DIR / "assets" / "share.js")))
        for uri in SCRIPTS:
            files.append(File.generated(config, uri, abs_src_path=str(PACKAGE_DIR / "assets" / Path(uri).name)))
        files.append(File.generated(config, filters.DATA_URI, content=filters.index_json(catalog, thumbnails)))

        for spec in self.specs.values():
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            if spec.generated:
                files.append(File.generated(config, spec.src_uri, content="", inclusion=inclusion))
                continue
            original = files.get_file_from_path(spec.src_uri)
            if original is None:
                continue
            original.inclusion = inclusion
            if spec.dest_url is not None:  # profiles: /guong/<slug>/ whatever the sub-folder
                files.remove(original)
                dest = (f"{spec.dest_url}index.html" if config.use_directory_urls
                        else f"{spec.dest_url.rstrip('/')}.html")
                files.append(File(original.src_uri, original.src_dir, original.dest_dir,
                                  original.use_directory_urls, dest_uri=dest, inclusion=inclusion))
        self.cards = social.cards_for(self.specs, catalog, self.site, self.photos)
        return files

    def _add_admin(self, files: Files, config: MkDocsConfig) -> None:
        """/admin/: Decap CMS served from the site, its config from our taxonomies."""
        admin = self.config.admin
        if not admin.enabled:
            return
        if not cms.vendored_files():
            log.info("Chưa có Decap CMS (chạy scripts/vendor-decap.sh hoặc make): bỏ qua /admin/.")
            return
        root = Path(config.config_file_path or ".").resolve().parent
        docs = Path(config.docs_dir).resolve()
        docs_rel = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else "content"
        campaigns = {slug: c.title for slug, c in self.catalog.campaigns.items()}
        outputs = cms.admin_outputs(self.taxonomies, campaigns, config.site_name, config.site_url,
                                    docs_rel, admin.backend, admin.local_backend,
                                    PACKAGE_DIR / "templates")
        for uri, content in outputs.items():
            if isinstance(content, Path):
                files.append(File.generated(config, uri, abs_src_path=str(content)))
            else:
                files.append(File.generated(config, uri, content=content))

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        return navigation.build(nav, files, self.specs, self.taxonomies.registry)

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """Hand MkDocs the story we already parsed, so it does not read and parse it again."""
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and (spec.body or spec.generated):
            return spec.body
        return None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            # Staff pages outside the contract: keep their meta, but as text.
            page.meta = navigation.safe_meta(page.meta)
        else:
            page.meta = spec.meta()
        return unicodedata.normalize("NFC", markdown)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        clean = self.sanitizer.clean(html)
        assert self.photos is not None
        try:
            clean = images.rewrite_story(clean, page.url, self.photos,
                                         lambda uri: get_relative_url(uri, page.url),
                                         self.config.images.sizes)
        except images.ImageProblem as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and spec.template == "guong/profile.html":
            self.story_html[spec.view.profile.slug] = clean
            self.search_facts[page.url] = search.profile_facts(spec.view.profile)
        elif spec is not None and spec.template == "guong/yearbook.html":
            self.foreword_html[spec.view.key] = clean
        return clean

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        # Our templates autoescape; Material's keep its own rules (values we hand it are escaped).
        env.autoescape = lambda name: bool(name) and name.startswith("guong/")
        env.filters["vi_date"] = format_date
        env.globals["guong_feeds"] = self.feeds  # discovery links in every page's <head>
        photos = self.photos
        env.filters["guong_picture"] = lambda uri: photos.picture(uri) if photos and uri else None
        env.globals["guong_image_sizes"] = self.config.images.sizes
        self.env = env
        return env

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav: Navigation):
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            context["guong"] = spec.view
            context["guong_site"] = self.catalog
            if spec.template == "guong/yearbook.html" and spec.view.full_story:
                context["guong_stories"] = self.stories_at(spec.view.url)
        card = (self.cards.get(page.file.src_uri) or self.cards.get("")) if self.fonts else None
        title = spec.title if spec else html.unescape(page.title or "")
        description = spec.description if spec else html.unescape(page.meta.get("description", ""))
        context["guong_meta"] = social.page_meta(spec, title, description, page.url, card,
                                                 self.site, self.catalog, self.photos)
        return context

    @event_priority(-50)  # after Material's search plugin has written its index
    def _write_outputs(self, config: MkDocsConfig) -> None:
        assert self.catalog is not None
        assert self.photos is not None
        site_dir = Path(config.site_dir)
        started = time.perf_counter()
        try:
            self.photos.publish(site_dir)
        except images.ImageProblem as exc:
            raise PluginError(f"Ảnh: {exc}") from None
        if self.fonts is not None:
            cards.publish(list(self.cards.values()), self.fonts, self.cache, site_dir)
        for kind, label in (("anh", "ảnh"), ("the", "ảnh chia sẻ")):
            stats = self.cache.stats.get(kind)
            if stats and (stats.encoded or stats.reused or stats.pruned):
                log.info(f"{label}: mã hóa {stats.encoded}, dùng lại {stats.reused} từ bộ nhớ đệm, "
                         f"xóa {stats.pruned} mục cũ")
        log.info(f"ảnh và ảnh chia sẻ: {time.perf_counter() - started:.1f} s")
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.config.search.fold and index.is_file():
            before, after = search.rewrite(index, self.search_facts)
            log.debug(f"Chỉ mục tìm kiếm không dấu: {before} -> {after} byte ({after / before:.2f}×)")
        if self.feeds is not None:
            photos = self.photos  # enclosures are the published JPEG, never the original
            feeds.publish(self.feeds, self.catalog, self.story_html, config.site_dir,
                          config.docs_dir, lambda uri: photos.picture(uri).largest.jpeg)
        if self.books:
            self.publish_yearbooks(config)

    @event_priority(-1000)  # the very last step: every other plugin has written its files
    def _commit(self, config: MkDocsConfig) -> None:
        """Swap the staged site in, unless MkDocs' strict mode is about to abort the build."""
        if self.staging is None:
            return
        staging, self.staging = self.staging, None
        if config.strict and strict_warnings():
            staging.abort()
            log.info("Chưa xuất bản vì có cảnh báo ở chế độ --strict; trang đã xuất bản lần "
                     "trước vẫn giữ nguyên.")
            return
        try:
            staging.commit()
        except StagingError as exc:
            raise PluginError(str(exc)) from None
        config.site_dir = str(staging.target)  # for commands that read it after the build
        log.info(f"Đã xuất bản trọn vẹn vào {staging.target} (thay trang cũ trong một bước).")

    on_post_build = CombinedEvent(_write_outputs, _commit)

    def _feed_site(self, config: MkDocsConfig) -> feeds.SiteInfo:
        """Feed settings from mkdocs.yml; a bad podcast cover stops the build before writing."""
        opts = self.config.feeds
        if opts.artwork:
            try:
                podcast.check_artwork(inside_docs(config, "feeds.artwork", opts.artwork))
            except ValueError as exc:
                raise PluginError(f"Cấu hình feeds.artwork trong mkdocs.yml: {exc}") from None
        return feeds.SiteInfo(
            site_url=config.site_url or "", name=config.site_name,
            description=config.site_description or "", author=config.site_author or "",
            copyright=config.copyright or "", directory_urls=config.use_directory_urls,
            limit=opts.limit, guid_authority=opts.guid_authority or "", artwork=opts.artwork or "",
            podcast_title=opts.podcast_title or "", podcast_author=opts.podcast_author or "",
            owner_name=opts.owner_name or "", owner_email=opts.owner_email or "",
        )

    # -- yearbooks (kỷ yếu): adapters between events and outputs/yearbook.py, outputs/pdf.py --

    def prepare_yearbooks(self, config: MkDocsConfig):
        """Check forewords, periods, cover and PDF tools before site_dir is touched."""
        assert self.catalog is not None
        options = self.config.yearbook
        try:
            periods = [parse_period(p) for p in options.periods]
        except ValueError as exc:
            raise PluginError(f"Cấu hình yearbook.periods trong mkdocs.yml: {exc}") from None
        self.forewords, problems = yearbook.book_forewords(self.catalog, config.docs_dir, periods)
        if problems.errors:
            raise PluginError(problems.report())
        if options.cover_image and not inside_docs(config, "yearbook.cover_image",
                                                   options.cover_image).is_file():
            raise PluginError(f"Cấu hình yearbook.cover_image: không có tệp ảnh bìa "
                              f"'{options.cover_image}' trong thư mục nội dung")
        if self.catalog.profiles and options.pdf is not False:
            self.pdf_fonts = self.pdf_setup(config)
        return problems

    def pdf_setup(self, config: MkDocsConfig) -> pdf.FontSet | None:
        """`pdf: auto` builds the PDF when WeasyPrint is there, else says so once (INFO, so
        --strict still passes); `pdf: true` insists."""
        problem = pdf.weasyprint_problem()
        if problem is not None:
            if self.config.yearbook.pdf is True:
                raise PluginError(f"Kỷ yếu PDF (yearbook.pdf: true): {problem}")
            log.info(f"Kỷ yếu: chỉ tạo bản HTML, chưa tạo PDF vì {problem}. "
                     "Đặt yearbook.pdf: false trong mkdocs.yml để tắt thông báo này.")
            return None
        try:
            return pdf.find_fonts(self.config.yearbook.font, Path(config.config_file_path or ".").parent)
        except pdf.FontError as exc:
            raise PluginError(f"Kỷ yếu PDF: {exc}") from None

    def yearbook_options(self, config: MkDocsConfig) -> yearbook.Options:
        options = self.config.yearbook
        return yearbook.Options(
            title=options.title,
            issuer=options.issuer or config.site_author or config.site_name,
            place=options.place,
            cover_image=yearbook.COVER_URL if options.cover_image else "",
            group_by=options.group_by,
            full_story=options.content == "story",
            periods=tuple(parse_period(p) for p in options.periods),
            site_url=config.site_url or "",
            pdf=self.pdf_fonts is not None,
        )

    def stories_at(self, directory: str) -> dict[str, str]:
        return {slug: yearbook.rebase_urls(story, f"guong/{slug}/", directory)
                for slug, story in self.story_html.items()}

    def publish_yearbooks(self, config: MkDocsConfig) -> None:
        """Resized photos and QR codes for the books, then each book's PDF from the print template."""
        docs, site = Path(config.docs_dir), Path(config.site_dir)
        yearbook.publish_assets(self.books, docs, site, self.cache, self.config.yearbook.photo_size)
        if self.config.yearbook.cover_image:
            images.resized_copy(docs / self.config.yearbook.cover_image, site / yearbook.COVER_URL, 1600)
        if self.pdf_fonts is None or self.env is None:
            return
        template = self.env.get_template("guong/yearbook-print.html")
        full = any(b.full_story for b in self.books)
        stories = self.stories_at("") if full else {}
        cache = self.cache if self.config.yearbook.cache else None
        for book in self.books:
            html = template.render(book=book, foreword_html=self.foreword_html.get(book.key, ""),
                                   stories=stories, fonts=self.pdf_fonts, css=YEARBOOK_CSS_URI,
                                   page=None, base_url="", config=config)
            resources = [site / YEARBOOK_CSS_URI, site / yearbook.COVER_URL]
            resources += [site / r for e in book.entries for r in (e.photo, e.qr) if r]
            for complaint in pdf.render_cached(html, site, site / book.pdf, self.pdf_fonts, cache,
                                               resources, book.key):
                log.info(f"Kỷ yếu PDF {book.pdf_name}: {complaint}")
