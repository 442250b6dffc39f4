"""
Screenshot the notebook card (HTML) as JupyterLab shows it, hostile text and all.

Run it from a checkout, with the package installed and Debian's ``chromium``
on the PATH:

    python docs/screenshots/card.py

It writes ``card-jupyterlab.html`` (the page) to a temporary folder and
``card-jupyterlab.png`` next to this script. The page wraps the card in the
elements JupyterLab gives an HTML output (``jp-OutputArea-output
jp-RenderedHTMLCommon``) and carries JupyterLab's own rules for them, copied
below from JupyterLab 4.6.6 (Copyright (c) Jupyter Development Team, Modified
BSD License): ``packages/rendermime/style/base.css`` (tables, paragraphs,
code), ``packages/outputarea/style/base.css`` (tables in an output) and the
variables of ``packages/theme-light-extension/style/variables.css`` they use.
Among them is the rule the card must beat: every ``td`` and ``th`` of HTML
output is right-aligned.
"""

from __future__ import annotations

import html
import pathlib
import shutil
import subprocess
import sys
import tempfile

from interview_advisor import advise

HERE = pathlib.Path(__file__).parent
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SITUATION = {
    "stage": "first_interview",
    "interview_date": "2026-11-24",
    "today": "2026-11-25",
    "employer_response": "next_round_scheduled",
    "next_interview_in_days": 6,
    "candidate_name": f"Ana {HOSTILE}",
    "company": "Acme & Sons | <b>bold</b>",
    "job_title": "Data Analyst",
    "interviewer_names": ["Sam [click me](https://evil.example/x)"],
    "concerns_from_last_interview": [
        f"![img](https://evil.example/i.png) SQL depth {HOSTILE}",
    ],
}

#: JupyterLab 4.6.6's light theme variables that the rules below use.
VARIABLES = """
:root {
  --jp-layout-color0: white;
  --jp-layout-color2: #eee;
  --jp-ui-font-color1: rgba(0, 0, 0, 0.87);
  --jp-ui-font-size1: 13px;
  --jp-border-width: 1px;
  --jp-border-color1: #bdbdbd;
  --jp-rendermime-table-row-background: #f5f5f5;
  --jp-rendermime-table-row-hover-background: #e1f5fe;
  --jp-content-font-color1: rgba(0, 0, 0, 0.87);
  --jp-content-font-size1: 14px;
  --jp-content-line-height: 1.6;
  --jp-content-font-family: system-ui, -apple-system, blinkmacsystemfont,
    "Segoe UI", helvetica, arial, sans-serif;
  --jp-code-font-family: menlo, consolas, "DejaVu Sans Mono", monospace;
  --jp-code-font-size: 13px;
  --jp-code-line-height: 1.3077;
  --jp-content-link-color: #0d47a1;
}
"""

#: The rules of packages/rendermime/style/base.css and
#: packages/outputarea/style/base.css that apply to an HTML output's card.
JUPYTERLAB_CSS = """
.jp-RenderedHTMLCommon {
  color: var(--jp-content-font-color1);
  font-family: var(--jp-content-font-family);
  font-size: var(--jp-content-font-size1);
  line-height: var(--jp-content-line-height);
  padding-right: 20px;
}
.jp-RenderedHTMLCommon table {
  border-collapse: collapse;
  border-spacing: 0;
  border: none;
  color: var(--jp-ui-font-color1);
  font-size: var(--jp-ui-font-size1);
  table-layout: fixed;
  margin-left: auto;
  margin-bottom: 1em;
  margin-right: auto;
}
.jp-RenderedHTMLCommon thead {
  border-bottom: var(--jp-border-width) solid var(--jp-border-color1);
  vertical-align: bottom;
}
.jp-RenderedHTMLCommon td,
.jp-RenderedHTMLCommon th,
.jp-RenderedHTMLCommon tr {
  vertical-align: middle;
  padding: 0.5em;
  line-height: normal;
  white-space: normal;
  max-width: none;
  border: none;
}
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td,
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th,
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon tr {
  text-align: right;
}
.jp-RenderedHTMLCommon th { font-weight: bold; }
.jp-RenderedHTMLCommon tbody tr:nth-child(odd) { background: var(--jp-layout-color0); }
.jp-RenderedHTMLCommon tbody tr:nth-child(even) {
  background: var(--jp-rendermime-table-row-background);
}
.jp-RenderedHTMLCommon p { text-align: left; margin: 0; margin-bottom: 1em; }
.jp-ThemedContainer .jp-RenderedHTMLCommon pre,
.jp-ThemedContainer .jp-RenderedHTMLCommon code {
  border: 0;
  background-color: var(--jp-layout-color0);
  color: var(--jp-content-font-color1);
  font-family: var(--jp-code-font-family);
  font-size: inherit;
  line-height: var(--jp-code-line-height);
  padding: 0;
  white-space: pre-wrap;
}
.jp-ThemedContainer .jp-RenderedHTMLCommon :not(pre) > code {
  background-color: var(--jp-layout-color2);
  padding: 1px 5px;
}
.jp-OutputArea-output.jp-RenderedHTMLCommon table { margin-left: 0; margin-right: 0; }
"""


def page(card: str) -> str:
    """
    Return a page showing *card* as JupyterLab shows an HTML output.
    """
    # The details of the first draft are opened, so the shot shows a draft.
    card = card.replace("<details>", "<details open>", 1)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape("card")}</title>
<style>{VARIABLES}{JUPYTERLAB_CSS}
body {{ margin: 16px; background: white; }}</style></head>
<body class="jp-ThemedContainer">
<div class="jp-OutputArea-output jp-RenderedHTMLCommon jp-RenderedHTML"
     data-mime-type="text/html">
{card}
</div></body></html>
"""


def main() -> int:
    """
    Write the page, then the screenshot; return the exit status.
    """
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("needs Debian's chromium on the PATH", file=sys.stderr)
        return 2
    shot = HERE / "card-jupyterlab.png"
    with tempfile.TemporaryDirectory() as folder:
        source = pathlib.Path(folder) / "card-jupyterlab.html"
        source.write_text(page(advise(SITUATION)._repr_html_()), encoding="utf-8")
        subprocess.run(  # noqa: S603  # the browser found above, our own page
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=900,1200",
                f"--screenshot={shot}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(shot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
