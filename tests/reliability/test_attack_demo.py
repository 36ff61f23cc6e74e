"""Issue #18.6: building a demo (or any new workspace) is all or nothing, and two builders never collide.

Two `demo W` at once: the loser deleted the winner's finished workspace (4 of 10 runs); 19 of 24 kills left
a partial demo that blocked the next `demo`. The workspace is now built beside the target and renamed into
place only when complete, never over a file that appeared meanwhile.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from attack_kit import MAIN, ROOT, SCALE, Figures, count_rows, integrity, run_cli

RUNS = 6 * SCALE
KILLS = 12 * SCALE


def _demo_products() -> int:
    from app.services.workspace.demo import PRODUCTS

    return len(PRODUCTS)


def _complete(path: Path) -> bool:
    """The whole demo: every product, and the pricing plans written last."""
    products = _demo_products()
    return integrity(path) == "ok" and count_rows(path) == products and count_rows(path, "pricing_plan") == products


def _start_demo(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(MAIN), "demo", str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=str(ROOT))


def test_two_demos_at_once_never_delete_each_others_workspace(tmp_path: Path) -> None:
    figures = Figures("two `demo W` at once")
    for run in range(RUNS):
        target = tmp_path / f"run{run}" / "demo.fdw"
        target.parent.mkdir()
        first, second = _start_demo(target), _start_demo(target)
        results = [process.communicate(timeout=180) for process in (first, second)]
        codes = sorted(process.returncode for process in (first, second))
        figures.inputs_tried += 1
        assert codes == [0, 2], (codes, [errors[-300:] for _out, errors in results])
        loser_errors = results[[first.returncode, second.returncode].index(2)][1]
        assert "already exists" in loser_errors and "Traceback" not in loser_errors
        assert target.exists(), f"run {run}: the winner's workspace was deleted"
        assert _complete(target), f"run {run}"
        assert sorted(p.name for p in target.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) \
            == ["demo.fdw"], "no half-built file left beside it"
    figures.report()


def test_a_killed_demo_leaves_nothing_that_blocks_the_next(tmp_path: Path) -> None:
    figures = Figures("`demo W` killed with SIGKILL")
    rng = random.Random()
    target = tmp_path / "demo.fdw"
    for kill in range(KILLS):
        process = _start_demo(target)
        time.sleep(rng.uniform(0.2, 3.5))  # drawing, writing, moving into place, or already done
        process.kill()
        process.communicate(timeout=30)
        figures.kills += 1
        if target.exists():
            assert _complete(target), f"kill {kill}: a half-made workspace under the final name"
            target.unlink()
            for companion in (Path(f"{target}-wal"), Path(f"{target}-shm")):
                companion.unlink(missing_ok=True)
        figures.kills_survived += 1
    leftovers = [p.name for p in tmp_path.iterdir() if ".building" in p.name]
    result = run_cli("demo", target)  # never blocked; and it clears what the killed builds left
    assert result.returncode == 0, result.stderr
    assert _complete(target)
    assert not [p.name for p in tmp_path.iterdir() if ".building" in p.name], "killed builds' leftovers stay"
    figures.notes.append(f"{len(leftovers)} killed builds' temporary files cleared by the next demo")
    figures.report()
