"""Build real fixture sites in tmp_path: write content from Python, run `mkdocs build --strict`.

Tests read the output with real parsers (lxml, feedparser, Pillow); nothing is mocked.

`Site.build()` runs the build inside the test process (`mkdocs_build`: what `mkdocs build`
does, with the CLI's log format and exit codes), which saves the interpreter start and the
imports of a subprocess on every build. `Site.build(subprocess=True)` runs the real
`python -m mkdocs build` for the end-to-end checks; tests/test_sitekit.py checks that both
give the same site, byte for byte.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import os
import shutil
import subprocess
import sys
import textwrap
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = "2025-12-31"

CAMPAIGN = {
    "title": "Chung sức xây dựng nông thôn mới",
    "period": "2021-2025",
    "lead": "Ủy ban MTTQ Việt Nam tỉnh",
    "summary": "Phong trào thi đua xây dựng nông thôn mới.",
}


def profile(**overrides) -> dict:
    """A valid profile's frontmatter; override or delete (value None) any key."""
    meta = {
        "title": "Nguyễn Văn An – nông dân giỏi",
        "date": "2024-05-19",
        "field": "nong-nghiep",
        "level": "tinh",
        "kind": "ca-nhan",
        "campaign": "nong-thon-moi",
        "unit": "Hội Nông dân xã Ea Tiêu",
        "locality": "Đắk Lắk",
        "tags": ["hồ sơ mẫu"],
    }
    meta.update(overrides)
    return {k: v for k, v in meta.items() if v is not None}


def frontmatter_text(
    meta: dict, body: str = "Đoạn mở đầu của câu chuyện.\n\n## Đổi mới ở Đắk Lắk\n\nNội dung.\n"
) -> str:
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n\n{body}"


@dataclass
class Result:
    returncode: int
    output: str
    site: Path

    def ok(self) -> Result:
        assert self.returncode == 0, self.output
        return self

    def page(self, url: str):
        """Parse the page at a site URL like 'guong/x/' with lxml."""
        path = self.site / url / "index.html" if (url.endswith("/") or url == "") else self.site / url
        return lxml_html.fromstring(path.read_bytes())

    def text_of_all_outputs(self) -> str:
        """Every output file decoded leniently, to grep for things that must never appear."""
        chunks = []
        for path in sorted(self.site.rglob("*")):
            if path.is_file():
                chunks.append(path.read_bytes().decode("utf-8", "replace"))
        return "\n".join(chunks)


@dataclass
class Site:
    """A fixture site in a temporary folder."""

    root: Path
    # PDF yearbooks are rendered only where a test asks (tests/test_yearbook.py sets its own
    # `yearbook` block): WeasyPrint is slow and other tests don't read the PDF.
    plugin_config: dict = field(
        default_factory=lambda: {"build_date": BUILD_DATE, "yearbook": {"pdf": False}}
    )
    extra_config: dict = field(default_factory=dict)

    @property
    def docs(self) -> Path:
        return self.root / "content"

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def add_profile(self, slug: str, body: str | None = None, folder: str = "2024", **meta) -> Path:
        text = (
            frontmatter_text(profile(**meta), body) if body is not None else frontmatter_text(profile(**meta))
        )
        return self.write(f"guong/{folder}/{slug}.md" if folder else f"guong/{slug}.md", text)

    def add_campaign(self, slug: str, body: str = "## Tiêu chí\n\n- Tiêu chí một.\n", **meta) -> Path:
        data = dict(CAMPAIGN)
        data.update(meta)
        return self.write(f"phong-trao/{slug}.md", frontmatter_text(data, body))

    def config(self) -> dict:
        cfg = {
            "site_name": "Gương điển hình thử nghiệm",
            "site_url": "https://guong.example.gov.vn/",
            "docs_dir": "content",
            "site_dir": "site",
            "theme": {
                "name": "material",
                "language": "vi",
                "font": False,
                "palette": {"primary": "custom", "accent": "custom"},
            },
            "plugins": ["search", {"guong": self.plugin_config}],
            "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list"],
        }
        cfg.update(self.extra_config)
        return cfg

    def write_config(self) -> Path:
        path = self.root / "mkdocs.yml"
        path.write_text(yaml.safe_dump(self.config(), allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    def build(self, strict: bool = True, subprocess: bool = False) -> Result:
        """Write mkdocs.yml and build the site: in this process, or with `subprocess=True`
        as a real `mkdocs build` (for the end-to-end checks)."""
        if subprocess:
            return self.build_subprocess(strict)
        code, output = mkdocs_build(self.write_config(), strict=strict)
        return Result(code, output, self.root / "site")

    def build_subprocess(self, strict: bool = True) -> Result:
        args = [sys.executable, "-m", "mkdocs", "build", "-f", str(self.write_config())]
        if strict:
            args.append("--strict")
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
        proc = subprocess.run(args, capture_output=True, text=True, cwd=self.root, env=env)
        return Result(proc.returncode, proc.stdout + proc.stderr, self.root / "site")


class _CliFormatter(logging.Formatter):
    """The line format of `mkdocs build` when its output is not a terminal (no wrapping)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8}-  {super().format(record)}"


class _BuildMemo:
    """What the in-process builds of one test process keep between builds: only results of
    pure functions of inputs that do not change during the run, each keyed by those inputs.

    - Compiled Jinja templates. Each `mkdocs build` makes a new Jinja environment and
      compiles the ~60 Material and guong templates again. Jinja's bytecode cache keys a
      template by name and file and checks its source checksum before use, so an edited or
      overriding template is compiled afresh.
    - The theme's static files. MkDocs walks Material's ~15,000 files (icons) on every build
      to list what to copy; the listing of theme folders that are installed packages or this
      repository's templates is kept (a site's own `custom_dir`, in tmp_path, is walked).
    - Social cards. A card's bytes are a pure function of the product's own cache key for it
      (title, lines, photo bytes, fonts, layout version); the plugin's cache and its writes
      still run, only the drawing of a card already drawn by an earlier test is skipped.

    The pages are byte-identical to a subprocess build, which has none of this
    (tests/test_sitekit.py)."""

    def __init__(self) -> None:
        import jinja2

        class Memory(jinja2.BytecodeCache):
            def __init__(self) -> None:
                self.store: dict[str, bytes] = {}

            def load_bytecode(self, bucket) -> None:
                if bucket.key in self.store:
                    bucket.bytecode_from_string(self.store[bucket.key])

            def dump_bytecode(self, bucket) -> None:
                self.store[bucket.key] = bucket.bytecode_to_string()

        self.bytecode = Memory()
        self.theme_files: dict[tuple, list[tuple[str, str]]] = {}
        self.cards: dict[str, bytes] = {}
        self.fixed = (Path(sys.prefix).resolve(), ROOT / "plugins")

    def _fixed(self, folder: str) -> bool:
        return any(Path(folder).resolve().is_relative_to(base) for base in self.fixed)

    @contextlib.contextmanager
    def installed(self):
        from mkdocs.structure.files import File, Files
        from mkdocs.theme import Theme

        from guong.outputs import cards

        get_env, add_theme_files, draw_all = Theme.get_env, Files.add_files_from_theme, cards.draw_all
        memo = self

        def memo_get_env(theme):
            env = get_env(theme)
            env.bytecode_cache = memo.bytecode
            return env

        def memo_add_theme_files(files, env, config):
            dirs = tuple(config.theme.dirs)
            if not all(memo._fixed(d) for d in dirs):
                return add_theme_files(files, env, config)
            key = (dirs, tuple(config.theme.static_templates))
            if key not in memo.theme_files:
                listing = Files([])
                add_theme_files(listing, env, config)
                memo.theme_files[key] = [(f.src_uri, f.src_dir) for f in listing]
            for path, folder in memo.theme_files[key]:
                if files.get_file_from_path(path) is None:
                    files.append(File(path, folder, config.site_dir, config.use_directory_urls))

        def memo_draw_all(specs, fonts, workers=None, mode="auto"):
            keys = [spec.key(fonts) for spec in specs]
            todo = {key: spec for key, spec in zip(keys, specs, strict=True) if key not in memo.cards}
            drawn = draw_all(list(todo.values()), fonts, workers, mode)
            memo.cards.update(zip(todo, drawn, strict=True))
            return [memo.cards[key] for key in keys]

        Theme.get_env, Files.add_files_from_theme, cards.draw_all = (
            memo_get_env,
            memo_add_theme_files,
            memo_draw_all,
        )
        try:
            yield
        finally:
            Theme.get_env, Files.add_files_from_theme, cards.draw_all = get_env, add_theme_files, draw_all


_MEMO: _BuildMemo | None = None


def _forget_plugins() -> None:
    """What the end of a `mkdocs build` process does: the build's plugin instances go, and
    their weakref.finalize callbacks run (the image cache unregisters the build).

    MkDocs keeps plugins that define on_startup/on_shutdown in a cache on the (class-level)
    `plugins` option, to reuse them across `mkdocs serve` rebuilds; without clearing it the
    next in-process build would reuse this build's plugin objects, which `mkdocs build`
    never does.
    """
    from mkdocs.config import config_options
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import PluginCollection

    for _, option in MkDocsConfig._schema:
        if isinstance(option, config_options.Plugins):
            option.plugin_cache.clear()
            option.plugins = PluginCollection()
            option._config = None
    gc.collect()


def mkdocs_build(config_file: Path, strict: bool = True, **options) -> tuple[int, str]:
    """`mkdocs build [--strict] -f config_file` inside this process: (exit code, output).

    Does what mkdocs/__main__.py `build_command` does: load the config, call the plugins'
    on_startup, build, on_shutdown. The 'mkdocs' logger (plugins log under mkdocs.plugins.*)
    is printed as the CLI prints it ("INFO    -  ...", "WARNING -  ..."); MkDocs' own errors
    (Abort, PluginError, BuildError, ConfigurationError) exit 1 with their message as click
    shows it; any other exception exits 1 with its traceback, as an uncaught one does in the
    CLI. Runs in the config's folder, with the warning filters of the subprocess builds
    (PYTHONWARNINGS=ignore), and leaves logging as it found it. `options` are load_config's
    (e.g. site_dir=...), like the CLI's `-d`.
    """
    from click import ClickException
    from mkdocs import config as mkdocs_config
    from mkdocs.commands import build as mkdocs_build_command
    from mkdocs.exceptions import Abort

    config_file = Path(config_file).resolve()
    out, err = io.StringIO(), io.StringIO()  # the CLI's stdout and stderr
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(err)
    handler.setFormatter(_CliFormatter())
    # Loggers outside 'mkdocs' (weasyprint, PIL, ...) reach stderr in the CLI through Python's
    # last-resort handler: WARNING and above, the bare message.
    last_resort = logging.StreamHandler(err)
    last_resort.setLevel(logging.WARNING)
    root = logging.getLogger()
    saved = (
        logger.level,
        logger.propagate,
        list(logger.handlers),
        os.getcwd(),
        os.environ.get("NO_MKDOCS_2_WARNING"),
    )
    logger.handlers.clear()
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    root.addHandler(last_resort)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    code = 0
    global _MEMO
    if _MEMO is None:
        _MEMO = _BuildMemo()
    try:
        os.chdir(config_file.parent)
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            _MEMO.installed(),
        ):
            warnings.simplefilter("ignore")
            try:
                cfg = mkdocs_config.load_config(str(config_file), strict=strict, **options)
                cfg.plugins.on_startup(command="build", dirty=False)
                try:
                    mkdocs_build_command.build(cfg, dirty=False)
                finally:
                    cfg.plugins.on_shutdown()
                    cfg.data.clear()  # MkDocs' class-level option objects keep the last config
                    del cfg
            except Abort as exc:  # click: Abort.show() echoes to stdout
                code = 1
                print("\n" + exc.format_message(), file=out)
            except ClickException as exc:  # PluginError, BuildError, ConfigurationError, ...
                code = exc.exit_code
                print(f"Error: {exc.format_message()}", file=err)
            except Exception:
                code = 1
                err.write(traceback.format_exc())
    finally:
        _forget_plugins()
        level, propagate, handlers, cwd, no_warning = saved
        os.chdir(cwd)
        root.removeHandler(last_resort)
        logger.removeHandler(handler)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate
        if no_warning is None:
            os.environ.pop("NO_MKDOCS_2_WARNING", None)
        else:
            os.environ["NO_MKDOCS_2_WARNING"] = no_warning
        handler.close()
        last_resort.close()
    return code, out.getvalue() + err.getvalue()


def serve_build(config_file: Path, out: Path) -> str:
    """What `mkdocs serve` does for one build (mkdocs/commands/serve.py), in process; returns
    what the 'mkdocs' logger printed."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    config = load_config(config_file=str(config_file), site_dir=str(out))
    config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = "http://127.0.0.1:8000/"
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_shutdown()
        logger.removeHandler(handler)
        logger.setLevel(level)
    return stream.getvalue()


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder by POSIX relative name, to compare two builds byte for byte."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def cold_copy(site: Site, root: Path) -> Site:
    """The same project without its site and caches (to build it as a first build)."""
    shutil.copytree(site.root, root, ignore=shutil.ignore_patterns("site", ".cache", ".site.guong-*"))
    return Site(root, plugin_config=dict(site.plugin_config), extra_config=dict(site.extra_config))


def cold_tree(site: Site, root: Path) -> dict[str, bytes]:
    """The files of a first build of the same project (what a warm build must equal)."""
    return tree(cold_copy(site, root).build().ok().site)


def new_site(tmp_path: Path, campaigns: tuple[str, ...] = ("nong-thon-moi",)) -> Site:
    site = Site(tmp_path)
    for slug in campaigns:
        site.add_campaign(slug)
    return site


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip()
