"""Reading profiles in forked workers gives the catalog and the problems of reading them in
one process: same profiles in the same order, same messages, same allowlist."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from sitekit import new_site

# Runs in a fresh interpreter: pytest's workers run threads, and profiles are read in forked
# workers only by a single-threaded process (guong/forking.py).
SCRIPT = textwrap.dedent(
    """
    import json, sys
    from datetime import datetime
    from guong.content import catalog as cat
    from guong.content.model import VN_TZ
    from guong.content.problems import ContentError
    from guong.content.taxonomy import Taxonomies

    forks = []
    real = cat.multiprocessing.get_context
    cat.multiprocessing.get_context = lambda method: forks.append(method) or real(method)
    settings = cat.Settings(Taxonomies.build(), datetime(2025, 12, 31, tzinfo=VN_TZ))

    def read(parallel_min, chunk):
        cat.PARALLEL_MIN, cat._CHUNK = parallel_min, chunk
        try:
            catalog, problems = cat.load_catalog(sys.argv[1], settings)
        except ContentError as exc:
            return {"problems": [str(p) for p in exc.problems.errors + exc.problems.warnings]}
        pub = catalog.publication
        return {
            "profiles": [repr(p) for p in catalog.profiles],
            "unpublished": [p.slug for p in catalog.unpublished],
            "problems": [str(p) for p in problems.warnings],
            "allowlist": [sorted(pub.photos), sorted(pub.audio), sorted(pub.attachments)],
            "left_out": sorted(map(repr, pub.left_out)),
        }

    one = read(10**9, 500)
    before = len(forks)
    many = read(4, 3)
    print(json.dumps({"one": one, "many": many, "forked": len(forks) - before, "cores": cat.cores()}))
    """
)


def read_both_ways(docs) -> dict:
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(docs)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_workers_read_the_same_catalog_as_one_process(tmp_path):
    site = new_site(tmp_path, campaigns=("nong-thon-moi", "dan-van-kheo"))
    for i in range(23):
        site.add_profile(
            f"guong-{i:02d}",
            folder=str(2020 + i % 5),
            date=f"202{i % 5}-0{1 + i % 9}-1{i % 10}",
            campaign=["nong-thon-moi", "dan-van-kheo"][: 1 + i % 2],
            locality=["Krông Pắc", "Krong Pac", "Ea Kar"][i % 3],
            unit=f"Xã {i % 4}",
            draft=i % 7 == 0,
            tags=["hồ sơ mẫu"],
            private={"ghi_chu": f"ảnh gốc {i}", "anh": f"goc-{i}.jpg"} if i % 6 == 0 else None,
        )
    for i in (0, 6, 12):
        site.write(f"guong/{2020 + i % 5}/goc-{i}.jpg", b"not published")
    good = read_both_ways(site.docs)
    if good["cores"] >= 2:  # CI and the dev machine have two; a 1-core box reads in one process
        assert good["forked"] >= 1
    assert good["many"] == good["one"]
    assert len(good["one"]["profiles"]) == 23 - 4  # drafts 0, 7, 14, 21
    assert any("goc-6.jpg" in row for row in good["one"]["left_out"])

    # Problems in several chunks: every one reported, in the same order, once.
    site.add_profile("sai-linh-vuc", folder="2021", field="khong-co")
    site.write("guong/2022/yaml-hong.md", "---\ntitle: [chưa đóng\n---\nBài.\n")
    site.add_profile("guong-03", folder="2024")  # the slug of guong/2023/guong-03.md again
    bad = read_both_ways(site.docs)
    assert bad["many"] == bad["one"]
    problems = bad["one"]["problems"]
    assert any("sai-linh-vuc" in p and "khong-co" in p for p in problems)
    assert any("yaml-hong" in p for p in problems)
    assert any("trùng tên tệp" in p for p in problems)
