"""The README's gradcheck example prints what the README says it prints."""

import contextlib
import io
import re
from pathlib import Path

README = (Path(__file__).parents[1] / "README.md").read_text()


def test_readme_example_output_is_current(tmp_path):
    blocks = re.findall(r"```(\w*)\n(.*?)```", README, re.S)
    index = next(i for i, (lang, code) in enumerate(blocks) if lang == "python" and "class Scale" in code)
    code, shown = blocks[index][1], blocks[index + 1][1]
    script = tmp_path / "your_layers.py"
    script.write_text(code)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(script), "exec"), {"__name__": "readme_example"})
    printed = out.getvalue().replace(str(script), "/path/to/your_layers.py")
    assert printed.strip() == shown.strip()
