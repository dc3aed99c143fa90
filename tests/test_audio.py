"""`audio:` is verified when content is loaded: it must parse (mutagen) as MP3 or M4A with a
duration above 0, else `guong check` and the build fail naming the file and the key."""

from __future__ import annotations

import json

import mutagen
import pytest

from audiokit import BAD_AUDIO, SAMPLE_AUDIO, SAMPLE_MP3, m4a_bytes
from guong.content.media import check_audio
from sitekit import Site
from test_bad_input import assert_fails_cleanly
from test_cli import guong


def test_the_sample_pieces_pass_with_their_real_duration():
    assert len(SAMPLE_AUDIO) == 3
    for path in SAMPLE_AUDIO:
        seconds = check_audio(path)
        assert seconds > 5 and seconds == pytest.approx(mutagen.File(path).info.length, abs=0.001)


def test_a_truncated_mp3_and_a_small_m4a_pass(tmp_path):
    short = tmp_path / "ngan.mp3"
    short.write_bytes(SAMPLE_MP3.read_bytes()[:40_000])
    assert 5 < check_audio(short) < check_audio(SAMPLE_MP3)
    m4a = tmp_path / "bai.m4a"
    m4a.write_bytes(m4a_bytes(seconds=3))
    assert check_audio(m4a) == 3.0


@pytest.mark.parametrize("case", sorted(BAD_AUDIO))
def test_garbage_audio_is_refused_naming_the_file(tmp_path, case):
    name, data, expected = BAD_AUDIO[case]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValueError) as error:
        check_audio(path)
    assert f"'{name}'" in str(error.value) and expected in str(error.value)


def test_a_file_replaced_after_a_check_is_checked_again(tmp_path):
    path = tmp_path / "bai.mp3"
    path.write_bytes(SAMPLE_MP3.read_bytes())
    assert check_audio(path) > 0
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="rỗng"):
        check_audio(path)


@pytest.mark.parametrize("case", ["random_bytes", "text_renamed", "zero_length", "xing_zero"])
def test_check_and_build_refuse_garbage_audio_alike(site: Site, case):
    name, data, expected = BAD_AUDIO[case]
    site.write(f"guong/2024/am-thanh/{name}", data)
    site.add_profile("co-am-thanh", audio=f"am-thanh/{name}")
    site.add_profile("khong-am-thanh")
    message = "guong/2024/co-am-thanh.md: khóa 'audio'"
    check = guong(site, "check", "--format", "json")
    assert check.returncode != 0 and "Traceback" not in check.stdout + check.stderr
    [error] = json.loads(check.stdout)["errors"]
    assert error["file"] == "content/guong/2024/co-am-thanh.md" and error["key"] == "audio"
    assert name in error["message"] and expected in error["message"]
    assert_fails_cleanly(site.build(), message, name, expected)
