import concurrent.futures
import json
import re
from pathlib import Path

RECIPE = re.search(
    r"<!-- dask-recipe -->\n```python\n(.*?)```",
    Path("docs/batch.md").read_text(encoding="utf-8"),
    re.DOTALL,
).group(1)
#: The longest the recipe may take on a local cluster, in seconds.
TIMEOUT = 300


def recipe():
    namespace: dict[str, object] = {}
    exec(compile(RECIPE, "docs/batch.md", "exec"), namespace)  # noqa: S102  # our own docs
    return namespace


class TestDaskRecipe:
    def test_recipe_on_a_local_cluster(self, tmp_path):
        """The documented recipe's workers write a result for every line, in order."""
        lines = [
            json.dumps({"stage": "applied", "days_since_interview": n % 40})
            for n in range(300)
        ]
        lines[41] = "not json"
        lines[77] = json.dumps(
            {"stage": "applied", "company": "Café", "days_since_interview": 2},
            ensure_ascii=False,
        )
        path = tmp_path / "situations.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            run = pool.submit(recipe()["advise_file"], str(path), str(tmp_path / "out"))
            written = run.result(timeout=TIMEOUT)

        files = sorted((tmp_path / "out").glob("part-*.jsonl"))
        results = [
            json.loads(line)
            for file in files
            for line in file.read_text(encoding="utf-8").splitlines()
        ]
        assert (300, 8) == (written, len(files))
        assert list(range(1, 301)) == [r["number"] for r in results]
        assert [42] == [r["number"] for r in results if "error" in r]
        assert {"awaiting_decision", "decision_overdue", "likely_ghosted"} >= {
            r["advice"]["status"] for r in results if "advice" in r
        }

    def test_parts_cover_every_line_once(self, tmp_path):
        """The parts start at their lines' bytes and together hold every line."""
        path = tmp_path / "lines.jsonl"
        path.write_bytes(b"".join(b"x" * (n % 7) + b"\n" for n in range(23)))
        lines = path.read_bytes().splitlines(keepends=True)

        parts = recipe()["parts_of"](str(path), 5)

        assert [(1, 5), (6, 5), (11, 5), (16, 5), (21, 3)] == [
            (first, count) for _, first, count in parts
        ]
        assert [len(b"".join(lines[: first - 1])) for _, first, _ in parts] == [
            start for start, _, _ in parts
        ]
