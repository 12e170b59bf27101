"""Outputs compared by what they hold (replicate.core.compare) and kept when a regeneration differs only in
rounding (replicate.core.io.write_unless_same): each check passes a last-bit change and fails a real one."""

import io
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from replicate.core.compare import (  # noqa: E402
    csv_differences,
    file_differences,
    json_differences,
    pdf_differences,
    png_differences,
)
from replicate.core.io import save_figure, write_csv, write_json, write_unless_same  # noqa: E402
from replicate.core.tolerance import PIXEL_ATOL, RESULT_RTOL  # noqa: E402


def _figure(y_shift=0.0, label="x"):
    fig, ax = plt.subplots(figsize=(3, 2))
    x = np.linspace(0.0, 1.0, 50)
    ax.plot(x, np.sin(3 * x) + y_shift)
    ax.set_xlabel(label)
    return fig


def _render(fig, fmt):
    buf = io.BytesIO()
    meta = {"CreationDate": None} if fmt == "pdf" else {"Software": None}
    fig.savefig(buf, format=fmt, dpi=150, bbox_inches="tight", metadata=meta)
    plt.close(fig)
    return buf.getvalue()


def test_json_numbers_to_the_result_tolerance_strings_exactly():
    old = json.dumps({"provenance": {"code": "abc"}, "values": {"a": 1.0, "b": [2.0, None]}}).encode()
    near = json.dumps({"provenance": {"code": "abc"}, "values": {"a": 1.0 + 1e-14, "b": [2.0, None]}}).encode()
    far = json.dumps({"provenance": {"code": "abc"}, "values": {"a": 1.0 + 10 * RESULT_RTOL, "b": [2.0, None]}})
    other_code = json.dumps({"provenance": {"code": "abd"}, "values": {"a": 1.0, "b": [2.0, None]}}).encode()
    assert json_differences(near, old) == []
    assert json_differences(far.encode(), old)
    assert json_differences(other_code, old)


def test_csv_cells_to_the_result_tolerance_header_and_comments_exactly():
    old = b"# provenance: {}\na,b\n1,528.821128029098\nx,2\n"
    assert csv_differences(b"# provenance: {}\na,b\n1,528.821128029099\nx,2\n", old) == []  # the last digit
    assert csv_differences(b"# provenance: {}\na,b\n1,528.821138029098\nx,2\n", old)
    assert csv_differences(b"# provenance: {}\na,c\n1,528.821128029098\nx,2\n", old)
    assert csv_differences(b"# provenance: {1}\na,b\n1,528.821128029098\nx,2\n", old)
    assert csv_differences(b"# provenance: {}\na,b\n1,528.821128029098\ny,2\n", old)


def test_png_within_the_pixel_tolerance():
    old = _render(_figure(), "png")
    img = plt.imread(io.BytesIO(old))
    nudged = img.copy()
    nudged[10:12, 10:20, 0] = np.clip(
        nudged[10:12, 10:20, 0] + PIXEL_ATOL / 255.0 * (-1 if img[10, 10, 0] else 1), 0, 1
    )
    buf = io.BytesIO()
    plt.imsave(buf, nudged, format="png")
    assert png_differences(buf.getvalue(), old) == []
    assert png_differences(_render(_figure(y_shift=0.01), "png"), old)  # a curve moved by 1 % of its range
    assert png_differences(_render(_figure(label="y"), "png"), old)  # one character of a label


def test_pdf_by_its_drawing_commands():
    old = _render(_figure(), "pdf")
    assert pdf_differences(_render(_figure(), "pdf"), old) == []
    assert pdf_differences(_render(_figure(y_shift=1e-13), "pdf"), old) == []  # rounding of a coordinate
    assert pdf_differences(_render(_figure(y_shift=0.01), "pdf"), old)
    assert pdf_differences(_render(_figure(label="y"), "pdf"), old)


def test_unknown_kinds_compare_bytes():
    assert file_differences(".txt", b"a", b"a") == []
    assert file_differences(".txt", b"a", b"b")


def test_a_same_output_is_kept_and_a_changed_one_written(tmp_path):
    path = tmp_path / "r.json"
    write_json(path, {"a": 1.0}, keep_same=True)
    os.utime(path, (1, 1))
    write_json(path, {"a": 1.0 + 1e-15}, keep_same=True)
    assert json.loads(path.read_text()) == {"a": 1.0}  # kept: the committed bytes stay
    assert path.stat().st_mtime > 1  # but make sees it as remade
    write_json(path, {"a": 1.1}, keep_same=True)
    assert json.loads(path.read_text()) == {"a": 1.1}
    assert write_unless_same(tmp_path / "new.csv", b"a\n1\n")


def test_csv_and_figures_are_kept_within_tolerance(tmp_path):
    write_csv(tmp_path / "t.csv", ["a"], [[528.821128029098]], fmt="%.15g")
    write_csv(tmp_path / "t.csv", ["a"], [[528.821128029099]], fmt="%.15g")
    assert (tmp_path / "t.csv").read_text().endswith("528.821128029098\n")
    save_figure(_figure(), tmp_path / "f")
    before = {ext: (tmp_path / f"f.{ext}").read_bytes() for ext in ("png", "pdf")}
    save_figure(_figure(y_shift=1e-13), tmp_path / "f")
    assert {ext: (tmp_path / f"f.{ext}").read_bytes() for ext in ("png", "pdf")} == before
    save_figure(_figure(y_shift=0.05), tmp_path / "f")
    assert (tmp_path / "f.png").read_bytes() != before["png"]


@pytest.mark.parametrize("stem", ["fig6", "spm_dos"])
def test_committed_figures_equal_themselves(stem):
    from replicate.core.paths import FIGURES

    for ext in ("png", "pdf"):
        data = (FIGURES / f"{stem}.{ext}").read_bytes()
        assert file_differences(f".{ext}", data, data) == []
