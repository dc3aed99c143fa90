"""The MkDocs plugin: a switchboard from MkDocs events to one build's objects.

`on_config` makes a `Setup` from mkdocs.yml, `on_pre_build` a `Run` once the content is
loaded and checked (before MkDocs touches anything), and the last step of `on_post_build`
swaps the staged site in. Nothing else is kept between `mkdocs serve` rebuilds.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler
from mkdocs.utils.templates import TemplateContext

from ..outputs.staging import Staging, StagingError
from . import files as site_files
from . import framework, navigation, preview
from .build import Run, Setup
from .config import GuongConfig
from .template_memo import TemplateMemo

log = get_plugin_logger(__name__)


def strict_warnings() -> int:
    """Warnings MkDocs' strict mode has counted so far (it aborts on them after the last
    event, so the site must not be swapped in when there are any)."""
    return sum(
        count
        for handler in framework.logger().handlers
        if isinstance(handler, CountHandler)
        for _, count in handler.get_counts()
    )


class GuongPlugin(BasePlugin[GuongConfig]):
    dirty = False  # `mkdocs build --dirty` / `serve --dirty`: MkDocs writes in place
    serving = False  # `mkdocs serve`: content errors become an error page (adapter/preview.py)
    broken: preview.Broken | None = None  # this serve build's problems, shown instead of the site
    staging: Staging | None = None  # this build's staging folder until committed or dropped
    setup: Setup
    run: Run
    templates: TemplateMemo | None = None  # compiled templates, kept across serve rebuilds

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.serving = command == "serve"
        if self.templates is None:  # once per plugin object: MkDocs keeps it across rebuilds
            self.templates = TemplateMemo()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.broken = None
        self.setup = Setup.start(self.config, config, self.dirty, self.serving)
        self.staging = self.setup.staging
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        try:
            self.run = Run(self.setup, config)
        except PluginError as exc:
            self._show_error(exc, config)

    def _show_error(self, exc: PluginError, config: MkDocsConfig) -> None:
        """Under serve, remember the problems for the error page; anywhere else, fail."""
        if not self.serving:
            raise exc  # `mkdocs build` fails: an error page is never published
        self.broken = preview.Broken.from_error(exc)
        # --strict would turn a warning into an abort, and an abort into a stuck browser.
        (log.info if config.strict else log.warning)(str(exc))
        log.info("Xem trước: trình duyệt hiện trang lỗi, tự tải lại khi nội dung đã sửa xong.")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.broken is None:
            try:
                return self.run.files(files, config)
            except PluginError as exc:  # a photo that cannot be read, a bad podcast cover
                self._show_error(exc, config)
        assert self.broken is not None
        files = self.broken.files()
        if site_files.edit_api(self.config.admin, self.serving):  # `guong edit`: fix it in /admin/
            site_files.add_admin_to_fix(files, config, self.config, self.setup.taxonomies, self.setup.now)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.broken is not None:
            return nav
        self.run.nav = navigation.build(nav, files, self.run.specs, self.setup.taxonomies.registry)
        self.run.place_unchanged(files, config)  # unchanged pages outside the nav: not read again
        return self.run.nav

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        return self.run.page_source(page)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.run.page_markdown(markdown, page)

    def _page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.run.page_content(html, page)

    @event_priority(-100)  # the content is final: the page cache keys on it
    def _page_cache(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.broken is None:
            page.content = html
            self.run.cache_lookup(page, config)
        return html

    on_page_content = CombinedEvent(_page_content, _page_cache)

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        if self.templates is not None and env.bytecode_cache is None:
            env.bytecode_cache = self.templates
        if self.broken is not None:
            return env
        return self.run.jinja_env(env, files)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        return self.run.page_context(context, page)

    @event_priority(100)  # before other plugins change it: the theme's output is what is stored
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return output if self.broken is not None else self.run.page_output(output, page)

    @event_priority(50)  # before Material's search plugin writes its index
    def _splice_search(self, config: MkDocsConfig) -> None:
        if self.broken is None:
            self.run.splice_search()

    @event_priority(-50)  # after Material's search plugin has written its index
    def _write_outputs(self, config: MkDocsConfig) -> None:
        if self.broken is not None:
            self.broken.write(config.site_dir, config.site_name)  # the staging folder of serve's temp dir
            return
        self.run.write_outputs(config)

    @event_priority(-1000)  # the very last step: every other plugin has written its files
    def _commit(self, config: MkDocsConfig) -> None:
        """Swap the staged site in, unless MkDocs' strict mode is about to abort the build."""
        self.setup.cache.close()  # releases this build's registration in the shared cache
        staging, self.staging = self.staging, None
        if staging is None:
            return
        if config.strict and strict_warnings() and self.broken is None:
            staging.abort()
            log.info(
                "Chưa xuất bản vì có cảnh báo ở chế độ --strict; trang đã xuất bản lần trước vẫn giữ nguyên."
            )
            return
        try:
            staging.commit(background=self.serving)  # serve: the old copy is deleted meanwhile
        except StagingError as exc:
            raise PluginError(str(exc)) from None
        config.site_dir = str(staging.target)  # for commands that read it after the build
        log.info(f"Đã xuất bản trọn vẹn vào {staging.target} (thay trang cũ trong một bước).")

    on_post_build = CombinedEvent(_splice_search, _write_outputs, _commit)

    def on_build_error(self, error: Exception) -> None:
        self._abandon()

    def on_shutdown(self) -> None:
        self._abandon()  # a build that did not commit (Ctrl-C, an abort outside MkDocs' try)

    def _abandon(self) -> None:
        if getattr(self, "setup", None) is not None:
            self.setup.cache.close()
        if self.staging is not None:
            self.staging.abort()
        self.staging = None
