"""The e-yearbooks (kỷ yếu) of one build, between MkDocs events and outputs/yearbook.py and
outputs/pdf.py: checked before anything is written, planned with the pages, published last."""

from __future__ import annotations

import time
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ..content.catalog import Catalog
from ..content.model import parse_period
from ..outputs import images, pdf, yearbook
from ..outputs.sections import PageSpec
from .config import YearbookConfig
from .files import YEARBOOK_CSS_URI, add_assets, inside_docs
from .preview import ProblemsError

log = get_plugin_logger(__name__)


def pdf_wanted(options: YearbookConfig, serving: bool) -> bool:
    """Whether this build prints the PDFs: never with `pdf: false`; under `mkdocs serve`
    only with `pdf_in_serve: true` (a book of 500 profiles takes about a minute)."""
    if options.pdf is False:
        return False
    return not serving or bool(options.pdf_in_serve)


class Yearbooks:
    """Made in on_pre_build, after the catalog: forewords, periods, cover and PDF fonts are
    checked there, so a problem stops the build before site_dir is touched."""

    def __init__(
        self,
        options: YearbookConfig,
        config: MkDocsConfig,
        catalog: Catalog,
        site_url: str = "",
        serving: bool = False,
    ):
        self.options = options
        self.site_url = site_url or config.site_url or ""  # mkdocs.yml's, never serve's address
        self.catalog = catalog
        self.books: list[yearbook.Book] = []
        self.foreword_html: dict[str, str] = {}
        try:
            self.periods = tuple(parse_period(p) for p in options.periods)
        except ValueError as exc:
            raise PluginError(f"Cấu hình yearbook.periods trong mkdocs.yml: {exc}") from None
        self.forewords, self.problems = yearbook.book_forewords(catalog, config.docs_dir, self.periods)
        if self.problems.errors:
            raise ProblemsError(self.problems.report(), self.problems.errors)
        self.cover = (
            inside_docs(config, "yearbook.cover_image", options.cover_image) if options.cover_image else None
        )
        if self.cover is not None and not self.cover.is_file():
            raise PluginError(
                f"Cấu hình yearbook.cover_image: không có tệp ảnh bìa "
                f"'{options.cover_image}' trong thư mục nội dung"
            )
        wanted = pdf_wanted(options, serving)
        if not wanted and serving and options.pdf is not False and catalog.profiles:
            log.info(
                "Kỷ yếu: mkdocs serve không tạo bản PDF (mỗi lần lưu sẽ phải in lại); "
                "đặt yearbook.pdf_in_serve: true trong mkdocs.yml nếu cần xem PDF khi soạn."
            )
        self.fonts = self._pdf_fonts(config) if catalog.profiles and wanted else None

    def _pdf_fonts(self, config: MkDocsConfig) -> pdf.FontSet | None:
        """`pdf: auto` builds the PDF when WeasyPrint is there, else says so once (INFO, so
        --strict still passes); `pdf: true` insists."""
        problem = pdf.weasyprint_problem()
        if problem is not None:
            if self.options.pdf is True:
                raise PluginError(f"Kỷ yếu PDF (yearbook.pdf: true): {problem}")
            log.info(
                f"Kỷ yếu: chỉ tạo bản HTML, chưa tạo PDF vì {problem}. "
                "Đặt yearbook.pdf: false trong mkdocs.yml để tắt thông báo này."
            )
            return None
        try:
            return pdf.find_fonts(self.options.font, Path(config.config_file_path or ".").parent)
        except pdf.FontError as exc:
            raise PluginError(f"Kỷ yếu PDF: {exc}") from None

    def plan(self, files: Files, config: MkDocsConfig, existing: frozenset[str]) -> list[PageSpec]:
        """The books' pages; forewords become part of their book, not pages of their own."""
        options = self.options
        book_options = yearbook.Options(
            title=options.title,
            issuer=options.issuer or config.site_author or config.site_name,
            place=options.place,
            cover_image=yearbook.COVER_URL if options.cover_image else "",
            group_by=options.group_by,
            full_story=options.content == "story",
            periods=self.periods,
            site_url=self.site_url,
            pdf=self.fonts is not None,
        )
        self.books, specs = yearbook.plan(self.catalog, book_options, self.forewords, existing)
        for file in [f for f in files if yearbook.is_foreword(f.src_uri)]:
            files.remove(file)
        add_assets(files, config, [YEARBOOK_CSS_URI])
        return specs

    def stories_at(self, story_html: dict[str, str], directory: str) -> dict[str, str]:
        return {
            slug: yearbook.rebase_urls(story, f"guong/{slug}/", directory)
            for slug, story in story_html.items()
        }

    def publish(
        self, config: MkDocsConfig, env: Environment, cache: images.Cache, story_html: dict[str, str]
    ) -> None:
        """Resized photos and QR codes for the books, then each book's PDF from the print
        template."""
        if not self.books:
            return
        docs, site = Path(config.docs_dir), Path(config.site_dir)
        yearbook.publish_assets(self.books, docs, site, cache, self.options.photo_size)
        if self.cover is not None:
            images.resized_copy(self.cover, site / yearbook.COVER_URL, 1600)
        if self.fonts is None:
            return
        template = env.get_template("guong/yearbook-print.html")
        full = any(b.full_story for b in self.books)
        stories = self.stories_at(story_html, "") if full else {}
        pdf_cache = cache if self.options.cache else None
        started = time.perf_counter()
        jobs = []
        for book in self.books:
            html = template.render(
                book=book,
                foreword_html=self.foreword_html.get(book.key, ""),
                stories=stories,
                fonts=self.fonts,
                css=YEARBOOK_CSS_URI,
                page=None,
                base_url="",
                config=config,
            )
            resources = [site / YEARBOOK_CSS_URI, site / yearbook.COVER_URL]
            resources += [site / r for e in book.entries for r in (e.photo, e.qr) if r]
            jobs.append(pdf.Job(html, site / book.pdf, tuple(resources), book.key))
        # Several books: printed in parallel processes (WeasyPrint holds the GIL).
        for book, complaints in zip(
            self.books, pdf.render_books(jobs, site, self.fonts, pdf_cache), strict=True
        ):
            for complaint in complaints:
                log.info(f"Kỷ yếu PDF {book.pdf_name}: {complaint}")
        log.info(f"kỷ yếu PDF: {len(jobs)} cuốn trong {time.perf_counter() - started:.1f} s")
