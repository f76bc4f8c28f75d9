"""The README's usage lines show every flag of every command (issue 14 item 6: they did not), and
`stepshift deploy --help` lists the exit codes."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "compat"))
from harness import BINARY, ROOT  # noqa: E402

COMMANDS = ("deploy", "rollback", "status", "serve", "run", "demo")


def help_flags(command):
    """The long flags `stepshift COMMAND --help` lists (option lines only)."""
    out = subprocess.run([BINARY, command, "--help"], capture_output=True, text=True,
                         timeout=10).stdout
    flags = set()
    for line in out.splitlines():
        if line.startswith("  -"):
            # "  --data-dir TEXT Excludes: --memory": only the option's own names, not the
            # flags its constraints mention.
            names = line.split()[0]
            flags.update(re.findall(r"--[a-z][a-z0-9-]*", names))
    flags.discard("--help")
    return flags


def readme_usage_flags(command):
    """The flags in the README's usage block(s) of `stepshift COMMAND`."""
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    flags = set()
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("stepshift %s " % command) or line == "stepshift " + command:
                usage = [line]
                for cont in lines[i + 1:]:
                    if not cont.startswith(" "):
                        break
                    usage.append(cont)
                flags.update(re.findall(r"--[a-z][a-z0-9-]*", " ".join(usage)))
    return flags


class ReadmeUsageTest(unittest.TestCase):
    def test_every_flag_is_in_the_usage_lines(self):
        for command in COMMANDS:
            with self.subTest(command):
                listed = help_flags(command)
                self.assertTrue(listed, command)
                shown = readme_usage_flags(command)
                self.assertEqual(listed - shown, set(), "flags missing from the README")
                self.assertEqual(shown - listed, set(), "README flags the command lacks")

    def test_deploy_help_lists_the_exit_codes(self):
        out = subprocess.run([BINARY, "deploy", "--help"], capture_output=True, text=True,
                             timeout=10).stdout
        for code in ("0 ", "1 ", "2 ", "3 ", "130 "):
            self.assertRegex(out, r"\n  %s\s+\w" % code)
        self.assertIn("Exit status:", out)


if __name__ == "__main__":
    unittest.main()
