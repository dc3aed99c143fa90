"""Point 8 of issue 10: a cache that cannot poison the site.

Damaged entries are rebuilt (the output equals a cold build's, byte for byte), an unusable
cache path is one warning and a build without cache, two builds sharing one cache at once
both succeed with identical outputs, and no build deletes another live build's files.
"""

import errno
import io
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image

from guong.outputs import images
from guong.outputs.images import MANIFEST, Cache
from sitekit import Site


def photo(size, colour) -> bytes:
    img = Image.new("RGB", size, colour)
    img.paste(Image.new("RGB", (size[0] // 3, size[1]), "white"), (0, 0))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_tree(got: Path, want: Path) -> None:
    a, b = tree(got), tree(want)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different, different[:20]


def fill(site: Site, photos: int = 3, pdf: bool = False) -> None:
    colours = ("red", "green", "blue", "olive", "navy", "maroon", "teal", "purple")
    for n in range(photos):
        site.write(f"guong/2024/anh/p{n}.jpg", photo((1100 + 10 * n, 700), colours[n % 8]))
        site.add_profile(
            f"nguoi-{n}", title=f"Người thứ {n} – gương sáng", image=f"anh/p{n}.jpg", image_alt=f"Ảnh {n}"
        )
    site.plugin_config["yearbook"] = {"pdf": pdf}


class Log:
    def __init__(self):
        self.warnings: list[str] = []
        self.infos: list[str] = []

    def warning(self, msg):
        self.warnings.append(msg)

    def info(self, msg):
        self.infos.append(msg)

    def debug(self, msg):
        pass


# --- damaged entries --------------------------------------------------------------------


def test_damaged_entries_are_rebuilt_and_the_site_equals_a_cold_build(site: Site):
    pytest.importorskip("weasyprint")
    fill(site, photos=2, pdf=True)
    cold = site.build().ok()
    reference = site.root / "cold"
    shutil.copytree(cold.site, reference)
    cache = site.root / ".cache/guong"

    variant = sorted((cache / "anh").glob("*/*.webp"))[0]
    data = bytearray(variant.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte, same size
    data[-3] ^= 0x55
    variant.write_bytes(bytes(data))
    card = sorted((cache / "the").glob("*/card"))[0]
    card.write_bytes(b"\xff\xd8 garbage, not a card at all")
    book = sorted((cache / "pdf").glob("2024@*/book.pdf"))[0]
    book.write_bytes(book.read_bytes()[:-2000])  # truncated
    qr = sorted((cache / "qr").glob("*"))[0]
    (qr / MANIFEST).write_text("{not json", encoding="utf-8")
    yb = sorted((cache / "ky-yeu-anh").glob("*"))[0]
    (yb / "f").unlink()  # an entry missing its file

    warm = site.build().ok()
    assert "Traceback" not in warm.output
    assert warm.output.count("hỏng hoặc không đầy đủ, được tạo lại") == 5, warm.output
    assert_same_tree(warm.site, reference)

    again = site.build().ok()  # the rebuilt entries are good again
    assert "được tạo lại" not in again.output
    assert_same_tree(again.site, reference)


def test_truncated_cached_pdf_is_rendered_again(tmp_path, monkeypatch):
    pytest.importorskip("weasyprint")
    from guong.outputs import pdf

    fonts = pdf.find_fonts()
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    cache = Cache(tmp_path / "cache")
    html = "<html lang='vi'><body><p>Kỷ yếu thử</p></body></html>"
    assert pdf.render_cached(html, site_dir, site_dir / "1.pdf", fonts, cache, [], "2024") == []
    good = (site_dir / "1.pdf").read_bytes()
    (cached,) = (tmp_path / "cache/pdf").glob("2024@*/book.pdf")
    # Truncated so that the hash would still be recomputed the same if we only had the hash
    # of the truncated bytes: the %%EOF test catches it even without a manifest.
    cached.write_bytes(good[:-10])
    calls = []
    real = pdf.render
    monkeypatch.setattr(pdf, "render", lambda *a: calls.append(1) or real(*a))
    pdf.render_cached(html, site_dir, site_dir / "2.pdf", fonts, Cache(tmp_path / "cache"), [], "2024")
    assert calls == [1]
    assert (site_dir / "2.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    assert not pdf.pdf_complete({"book.pdf": good[:-10]}) and pdf.pdf_complete({"book.pdf": good})


def test_an_entry_whose_manifest_matches_but_is_not_a_whole_pdf_is_refused(tmp_path):
    from guong.outputs import pdf

    cache = Cache(tmp_path)
    cache.entry("pdf", "k", lambda tmp: (tmp / "book.pdf").write_bytes(b"%PDF-1.7\ncut"))
    assert Cache(tmp_path).lookup("pdf", "k", check=pdf.pdf_complete) is None
    assert not (tmp_path / "pdf/k").exists()


def test_published_files_are_copies_so_editing_them_cannot_reach_the_cache(site: Site):
    fill(site, photos=1)
    first = site.build().ok()
    published = sorted(first.site.rglob("p0-*.webp"))[0]
    assert published.stat().st_nlink == 1
    before = tree(site.root / ".cache/guong")
    with open(published, "r+b") as handle:  # in place, as a careless tool would
        handle.write(b"XXXX")
    assert tree(site.root / ".cache/guong") == before


# --- crash safety, concurrency inside one process ---------------------------------------


def test_a_failed_make_leaves_no_entry_and_no_temporary_folder(tmp_path):
    cache = Cache(tmp_path)

    def broken(tmp):
        (tmp / "half.jpg").write_bytes(b"half")
        raise images.ImageProblem("hỏng giữa chừng")

    with pytest.raises(images.ImageProblem):
        cache.entry("anh", "k", broken)
    assert list((tmp_path / "anh").iterdir()) == []


def test_a_half_entry_left_by_a_killed_build_is_never_used(tmp_path):
    folder = tmp_path / "anh" / "k"
    folder.mkdir(parents=True)
    (folder / "480.jpg").write_bytes(b"half")  # renamed without manifest: old format or crash
    entry = Cache(tmp_path).entry("anh", "k", lambda tmp: (tmp / "480.jpg").write_bytes(b"whole"))
    assert entry.data("480.jpg") == b"whole"
    assert (folder / "480.jpg").read_bytes() == b"whole" and (folder / MANIFEST).is_file()


def test_two_caches_making_the_same_entry_at_once_both_succeed(tmp_path):
    barrier = threading.Barrier(2)
    results = []

    def make(tmp):
        barrier.wait(timeout=10)  # both are inside make at the same time
        (tmp / "f").write_bytes(b"same bytes")

    def run():
        results.append(Cache(tmp_path).entry("the", "k", make).data("f"))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [b"same bytes", b"same bytes"]
    assert sorted(p.name for p in (tmp_path / "the").iterdir()) == ["k"]


def test_prune_never_deletes_what_another_live_build_is_making(tmp_path):
    mine, other = Cache(tmp_path), Cache(tmp_path)
    mine.entry("anh", "a", lambda tmp: (tmp / "f").write_bytes(b"a"))
    other.entry("anh", "b", lambda tmp: (tmp / "f").write_bytes(b"b"))  # other registers
    in_flight = tmp_path / "anh" / f".tmp-c-{os.getpid()}-xyz"
    in_flight.mkdir()
    assert mine.prune("anh") == 0  # another build is live: nothing deleted
    assert (tmp_path / "anh/b").is_dir() and in_flight.is_dir()
    other.close()  # it ended
    assert mine.prune("anh") == 1
    assert sorted(p.name for p in (tmp_path / "anh").iterdir()) == ["a"]


def test_prune_keeps_what_the_last_build_of_each_recent_variant_used(tmp_path):
    def build(variant, *keys):
        cache = Cache(tmp_path)
        cache.variant = variant
        for key in keys:
            cache.entry("anh", key, lambda tmp, key=key: (tmp / "f").write_bytes(key.encode()))
        cache.prune("anh")
        cache.close()
        return sorted(p.name for p in (tmp_path / "anh").iterdir())

    assert build("build", "b1") == ["b1"]
    assert build("serve", "s1") == ["b1", "s1"]  # serve leaves the build's entries
    assert build("build", "b2") == ["b2", "s1"]  # a variant's own older entries go
    assert build("serve", "s1", "s2") == ["b2", "s1", "s2"]
    for other in ("x", "y"):
        build(other, other)
    # Only the newest variants are kept (VARIANTS_KEPT): the oldest, "build", goes first.
    assert images.VARIANTS_KEPT == 4
    assert build("z", "z") == ["s1", "s2", "x", "y", "z"]
    assert build("build", "b3") == ["b3", "x", "y", "z"]
    assert sorted(p.name for p in (tmp_path / images.USED / "anh").iterdir()) == ["build", "x", "y", "z"]


def test_a_dead_builds_registration_does_not_block_pruning(tmp_path):
    code = (
        "import sys; sys.path.insert(0, 'plugins'); from guong.outputs.images import Cache;"
        f"c = Cache({str(tmp_path)!r}); c.entry('anh', 'old', lambda t: (t / 'f').write_bytes(b'x'));"
        "import os; os._exit(0)"
    )  # dies without closing: its lock file stays
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)
    assert len(list((tmp_path / ".builds").iterdir())) == 1
    cache = Cache(tmp_path)
    cache.entry("anh", "new", lambda tmp: (tmp / "f").write_bytes(b"y"))
    assert cache.prune("anh") == 1
    assert [p.name for p in (tmp_path / "anh").iterdir()] == ["new"]


# --- an unusable cache path -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["file", "under-a-file", "read-only"])
def test_unusable_cache_path_is_one_warning_and_a_build_without_cache(tmp_path, monkeypatch, kind):
    root = tmp_path / "cache"
    if kind == "file":
        root.write_text("not a folder")
    elif kind == "under-a-file":
        (tmp_path / "file").write_text("x")
        root = tmp_path / "file" / "guong"
    else:  # tests run as root, which ignores chmod: fail the write probe as a read-only disk would

        def read_only(*a, **k):
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(images.tempfile, "mkstemp", read_only)
    log = Log()
    cache = Cache(root, log=log)
    first = cache.entry("anh", "k", lambda tmp: (tmp / "f").write_bytes(b"a"))
    second = cache.entry("the", "j", lambda tmp: (tmp / "f").write_bytes(b"b"))
    assert (first.data("f"), second.data("f")) == (b"a", b"b")
    assert len(log.warnings) == 1 and "bộ nhớ đệm" in log.warnings[0], log.warnings
    assert cache.prune("anh") == 0
    private = cache.root
    assert not private.is_relative_to(tmp_path)
    cache.close()
    assert not private.exists()
    if kind == "file":
        assert root.read_text() == "not a folder"


@pytest.mark.parametrize("layout", ["cache-is-a-file", "parent-is-a-file"])
def test_a_site_builds_with_an_unusable_cache_and_says_so_once(site: Site, layout):
    fill(site, photos=2)
    reference = site.build().ok()
    shutil.copytree(reference.site, site.root / "ref")
    shutil.rmtree(site.root / ".cache")
    if layout == "cache-is-a-file":
        (site.root / ".cache").mkdir()
        (site.root / ".cache/guong").write_text("không phải thư mục")
    else:
        (site.root / ".cache").write_text("không phải thư mục")
    result = site.build(strict=False).ok()
    assert "Traceback" not in result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "bộ nhớ đệm" in warnings[0], result.output
    assert_same_tree(result.site, site.root / "ref")


# --- two builds at once -----------------------------------------------------------------


def _start(site: Site, out: str) -> subprocess.Popen:
    args = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(site.root / "mkdocs.yml"),
        "-d",
        str(site.root / out),
    ]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    return subprocess.Popen(
        args, cwd=site.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _together(site: Site, *outs: str) -> None:
    procs = [_start(site, out) for out in outs]
    for proc in procs:
        output = proc.communicate(timeout=600)[0]
        assert proc.returncode == 0, output
        assert "Traceback" not in output


def test_two_builds_at_once_sharing_one_cache_give_identical_sites(site: Site):
    pdf = bool(shutil.which("fc-list")) and _has_weasyprint()
    fill(site, photos=6, pdf=pdf)
    site.build().ok()  # writes mkdocs.yml; then forget its cache: both builds start cold
    shutil.rmtree(site.root / ".cache")
    _together(site, "site-a", "site-b")
    assert_same_tree(site.root / "site-a", site.root / "site-b")
    assert_same_tree(site.root / "site-a", site.root / "site")
    _together(site, "site-c", "site-d")  # warm, at once
    assert_same_tree(site.root / "site-c", site.root / "site-a")
    assert_same_tree(site.root / "site-d", site.root / "site-a")
    cache = site.root / ".cache/guong"
    assert not list(cache.rglob(".tmp-*")) and not list(cache.rglob(".old-*"))
    assert not list((cache / ".builds").iterdir())  # both ended and unregistered


def _has_weasyprint() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True
