"""`stepshift status --watch` against a real `stepshift serve` while a real `stepshift deploy`
canary runs: on a terminal (tmux: a real pty, read back with capture-pane) the screen is redrawn
in place with the weights, the step and its countdown, the alarm and the verdict, and Ctrl-C
leaves it cleanly; piped, it prints one line per change."""
import json
import os
import re
import shlex
import signal
import subprocess
import time
import unittest

from deploy_support import BINARY, REGION, DeployTestCase, _read_line
from test_deploy_verdicts import FIXED, Traffic

TMUX = "/usr/bin/tmux"


class Tmux:
    """A private tmux server (its own socket) with one 120x40 session running an interactive
    bash, so a command typed into it gets a real terminal and Ctrl-C as a user's would."""

    def __init__(self, name, env):
        self.args = [TMUX, "-L", name]
        env = dict(env, PS1="$ ", TERM="xterm-256color")
        subprocess.run(self.args + ["new-session", "-d", "-s", "w", "-x", "120", "-y", "40",
                                    "bash --norc --noprofile -i"], env=env, check=True)

    def send(self, *keys, literal=False):
        subprocess.run(self.args + ["send-keys", "-t", "w"] + (["-l"] if literal else []) +
                       list(keys), check=True)

    def pane(self):
        return subprocess.run(self.args + ["capture-pane", "-p", "-t", "w"], capture_output=True,
                              text=True, check=True).stdout

    def cursor_visible(self):
        return subprocess.run(self.args + ["display-message", "-p", "-t", "w", "#{cursor_flag}"],
                              capture_output=True, text=True, check=True).stdout.strip() == "1"

    def close(self):
        subprocess.run(self.args + ["kill-server"], capture_output=True)


class StatusWatchTest(DeployTestCase):
    def watch_args(self, *extra):
        return [BINARY, "status", "--watch", "--refresh", "1", "--state-machine", self.name,
                "--alias", "live", "--region", REGION, "--endpoint-url", self.server.endpoint,
                *extra]

    def wait_for_pane(self, tmux, pattern, timeout=30):
        """The pane's text once `pattern` matches it, polled until the deadline."""
        deadline = time.monotonic() + timeout
        pane = ""
        while time.monotonic() < deadline:
            pane = tmux.pane()
            match = re.search(pattern, pane)
            if match:
                return pane, match
            time.sleep(0.1)
        self.fail("pane never matched %r; last pane:\n%s" % (pattern, pane))

    def start_canary(self, *extra):
        deploy = self.start_deploy("--strategy", "canary", "--alarm-polling", "1",
                                   "--publish-revision", "--output", "json", *extra)
        self.addCleanup(lambda: deploy.poll() is None and self.kill(deploy, signal.SIGTERM))
        return deploy

    def test_terminal_view_redraws_in_place_and_ctrl_c_exits_cleanly(self):
        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=FIXED)
        alarm = self.metric_alarm("errors-" + self.name)
        traffic = Traffic(self.sfn, self.alias_arn)
        traffic.start()
        self.addCleanup(traffic.join)
        self.addCleanup(traffic.stop.set)
        self.start_canary("--increment", "10", "--interval", "60", "--alarms", alarm,
                          "--min-executions", "5")
        tmux = Tmux("stepshift-watch-%d-%s" % (os.getpid(), self.name), self.env())
        self.addCleanup(tmux.close)
        tmux.send(" ".join(map(shlex.quote, self.watch_args())) + "; echo watch-exit=$?",
                  literal=True)
        tmux.send("Enter")

        pane, first = self.wait_for_pane(
            tmux, r"deployment  canary v1 -> v2: step 1/2, v2 at 10%, next step in (\d+)s")
        self.assertIn("routing     v1        90%  ##################..", pane)
        self.assertIn("            v2        10%  ##..................", pane)
        self.assertIn("alarms      %s  OK" % alarm, pane)
        self.assertRegex(pane, r"\n            v2 +\d+ +\d+ +\d+ +0 +0\.0% ")  # its executions
        self.assertFalse(tmux.cursor_visible())
        # The countdown ticks at each refresh, in place: the screen is drawn once, not appended.
        pane, later = self.wait_for_pane(
            tmux, r"next step in (?!%s)(\d+)s" % first.group(1))
        self.assertLess(int(later.group(1)), int(first.group(1)))
        self.assertEqual(pane.count("deployment  "), 1, pane)
        pane, _ = self.wait_for_pane(tmux, r"verdict     PASS at step 1, \d+s ago: v2 \d+/\d+ "
                                           r"failed vs v1 \d+/\d+ failed, p=")

        tmux.send("C-c")
        pane, _ = self.wait_for_pane(tmux, r"watch-exit=(\d+)")
        self.assertIn("watch-exit=0", pane)
        self.assertTrue(tmux.cursor_visible())
        self.assertIn("next step in", pane)  # the last screen stays in place

    def test_piped_output_has_one_line_per_change(self):
        self.new_revision()
        watch = subprocess.Popen(self.watch_args(), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=self.env())
        self.addCleanup(lambda: watch.poll() is None and watch.kill())
        first = _read_line(watch, time.monotonic() + 20)
        self.assertRegex(first, r"^\S+Z routing v1 100%; no deployment in progress\n$")
        deploy = self.start_canary("--increment", "50", "--interval", "4")
        lines = [first]
        deadline = time.monotonic() + 60
        while "routing v2 100%; no deployment in progress" not in lines[-1]:
            line = _read_line(watch, deadline)
            if line is None:
                self.fail("no final line; got %r; deploy exit %r, stderr %r"
                          % (lines, deploy.poll(), deploy.poll() is not None and
                             deploy.stderr.read()))
            lines.append(line)
        _, err = deploy.communicate(timeout=30)
        self.assertEqual(deploy.returncode, 0, err)
        time.sleep(2.5)  # two more refreshes of an unchanged alias: nothing more to say
        watch.send_signal(signal.SIGINT)
        rest, err = watch.communicate(timeout=20)
        self.assertEqual(watch.returncode, 0, err)
        self.assertEqual(rest, b"", "an unchanged state was printed again")
        states = [line.split(" ", 1)[1] for line in lines]
        for before, after in zip(states, states[1:]):
            self.assertNotEqual(before, after, lines)
        step = [s for s in states if "step 1/2" in s]
        # Four seconds of refreshes on the same step, one line.
        self.assertEqual(step, ["routing v1 50% · v2 50%; step 1/2 of canary v1 -> v2 "
                                "(v2 at 50%)\n"], lines)
        self.assertNotIn("\033", "".join(lines))

    def test_json_lines_and_plain_status_errors(self):
        watch = subprocess.Popen(self.watch_args("--output", "json"), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=self.env())
        self.addCleanup(lambda: watch.poll() is None and watch.kill())
        line = _read_line(watch, time.monotonic() + 20)
        shown = json.loads(line)
        self.assertEqual(shown["routing"], [{"version": self.v1, "weight": 100}])
        self.assertIsNone(shown["deployment"])
        self.assertIn("time", shown)
        time.sleep(2.5)
        watch.send_signal(signal.SIGTERM)
        rest, err = watch.communicate(timeout=20)
        self.assertEqual((watch.returncode, rest), (0, ""), err)
        # A missing alias: the same one line and exit code as plain `status`.
        for extra in ([], ["--watch"]):
            args = [BINARY, "status", *extra, "--state-machine", self.name, "--alias", "nope",
                    "--region", REGION, "--endpoint-url", self.server.endpoint]
            proc = self.run_cli(args, timeout=20)
            self.assertEqual(proc.returncode, 2, proc.stderr)
            self.assertEqual(proc.stderr, "stepshift status: error: alias %s:nope does not exist\n"
                             % self.arn)
        proc = self.run_cli([BINARY, "status", "--refresh", "1", "--state-machine", self.name,
                             "--alias", "live"], timeout=20)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--refresh requires --watch", proc.stderr)


if __name__ == "__main__":
    unittest.main()
