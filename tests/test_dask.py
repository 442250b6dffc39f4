import json
import re
from pathlib import Path

RECIPE = re.search(
    r"<!-- dask-recipe -->\n```python\n(.*?)```",
    Path("docs/batch.md").read_text(encoding="utf-8"),
    re.DOTALL,
).group(1)


class TestDaskRecipe:
    def test_recipe_on_a_local_cluster(self, tmp_path):
        """The documented recipe advises on every line with worker processes."""
        lines = [
            json.dumps({"stage": "applied", "days_since_interview": n % 40})
            for n in range(300)
        ]
        lines[41] = "not json"
        path = tmp_path / "situations.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        namespace: dict[str, object] = {}
        exec(compile(RECIPE, "docs/batch.md", "exec"), namespace)  # noqa: S102  # our own docs

        results = namespace["advise_file"](str(path))

        assert list(range(1, 301)) == [r["number"] for r in results]
        assert [42] == [r["number"] for r in results if "error" in r]
        assert {"awaiting_decision", "decision_overdue", "likely_ghosted"} >= {
            r["advice"]["status"] for r in results if "advice" in r
        }
